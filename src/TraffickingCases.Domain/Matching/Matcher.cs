using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Matching;

/// <summary>
/// Compares two records field by field at levels, Fellegi–Sunter style: each level has a weight, the
/// log₂ of how much likelier that agreement is between records of the same child than of different
/// children. The weights add up with a prior (how rare a true match is among candidate pairs) to a score,
/// turned into a probability. Names are compared in <c>Matcher.Names.cs</c>, dates of birth in
/// <c>Matcher.DatesOfBirth.cs</c>; this file adds the fields up into a score and compares gender and nationality.
/// </summary>
public sealed partial class Matcher(MatchWeights weights)
{
    private static readonly HashSet<(string, string)> NationalityConfusions =
    [
        ("VNM", "CHN"), ("ERI", "ETH"), ("SDN", "SSD"), ("ALB", "XKX"),
    ];

    public MatchWeights Weights => weights;

    /// <summary>
    /// Records of the same name born this many days apart or less are counted as the same age for the name
    /// frequency: an estimated 1 January date of birth is up to a year from the real one.
    /// </summary>
    public const int SameAgeDays = 400;

    /// <summary>Whether a stored date of birth could be the query's for counting a name's frequency.</summary>
    public static bool CouldBeSameAge(DateOnly? query, DateOnly? stored) =>
        query is not { } q || stored is not { } s || Math.Abs(q.DayNumber - s.DayNumber) <= SameAgeDays;

    /// <summary>Compares two records; the result does not depend on which is the query.</summary>
    /// <param name="query">One record.</param>
    /// <param name="candidate">The other.</param>
    /// <param name="sharedNameCount">
    /// How many stored records have the query's name (first given name and family name, in canonical spelling)
    /// and could be the same age (<see cref="SameAgeDays"/>), or 0 when not known. When both names agree,
    /// agreeing on a name many children of that age have is weaker evidence than agreeing on a rare one
    /// (term-frequency adjustment): a "name frequency" line adds the weight fitted for that many records
    /// (<see cref="MatchWeights.NameShared(int)"/>).
    /// </param>
    public MatchResult Compare(PersonRecord query, PersonRecord candidate, int sharedNameCount = 0)
    {
        var forward = CompareOneWay(query, candidate);
        var backward = CompareOneWay(candidate, query);
        var best = backward.Score > forward.Score ? backward : forward;
        var namesAgree = best.Fields.Take(2).All(f => f.Setting is "FamilyExact" or "FamilyNormalised" or "GivenExact" or "GivenNormalised");
        if (sharedNameCount <= 0 || !namesAgree)
        {
            return best;
        }

        var (setting, weight) = weights.NameShared(sharedNameCount);
        var level = sharedNameCount == 1 ? "no other record of this name and age" : $"{sharedNameCount} records of this name and age";
        return Finish([.. best.Fields, new FieldComparison("name frequency", level, weight, null) { Setting = setting }]);
    }

    private MatchResult CompareOneWay(PersonRecord query, PersonRecord candidate)
    {
        var fields = new List<FieldComparison>
        {
            FamilyName(query, candidate),
            GivenName(query, candidate),
            DateOfBirth(query, candidate),
        };
        var gender = Gender(query.Gender, candidate.Gender);
        if (gender is not null)
        {
            fields.Add(gender);
        }

        var nationality = Nationality(query.Nationalities, candidate.Nationalities);
        if (nationality is not null)
        {
            fields.Add(nationality);
        }

        return Finish(fields);
    }

    private MatchResult Finish(List<FieldComparison> fields)
    {
        var score = weights.Prior + fields.Sum(f => f.Weight);
        var probability = 1 / (1 + Math.Pow(2, -score));
        var band = probability >= weights.LikelyThreshold ? MatchBand.Likely
            : probability >= weights.PossibleThreshold ? MatchBand.Possible
            : MatchBand.None;
        return new MatchResult(Math.Round(score, 2), probability, band, fields);
    }

    private FieldComparison? Gender(Gender a, Gender b)
    {
        if (a == Children.Gender.Unknown || b == Children.Gender.Unknown)
        {
            return null;
        }

        return a == b
            ? new FieldComparison("gender", "same", weights.GenderSame, null) { Setting = nameof(MatchWeights.GenderSame) }
            : new FieldComparison("gender", "different", weights.GenderDifferent, null) { Setting = nameof(MatchWeights.GenderDifferent) };
    }

    private FieldComparison? Nationality(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return null;
        }

        a = [.. a.Select(Children.Nationalities.Normalise)];
        b = [.. b.Select(Children.Nationalities.Normalise)];
        if (a.Intersect(b).Any())
        {
            return new FieldComparison("nationality", "same", weights.NationalitySame, null) { Setting = nameof(MatchWeights.NationalitySame) };
        }

        var confusion = a.SelectMany(x => b.Select(y => (x, y))).FirstOrDefault(p => NationalityConfusions.Contains(p) || NationalityConfusions.Contains((p.y, p.x)));
        return confusion != default
            ? new FieldComparison("nationality", "known confusion", weights.NationalityConfusion, $"{confusion.x} ~ {confusion.y}") { Setting = nameof(MatchWeights.NationalityConfusion) }
            : new FieldComparison("nationality", "different", weights.NationalityDifferent, null) { Setting = nameof(MatchWeights.NationalityDifferent) };
    }
}
