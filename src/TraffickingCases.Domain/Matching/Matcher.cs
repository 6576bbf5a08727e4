using System.Globalization;
using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Matching;

/// <summary>What the matcher compares about a child.</summary>
public sealed record PersonRecord(
    string GivenNames, string FamilyName, IReadOnlyList<string> OtherNames, DateOnly? DateOfBirth, DobPrecision DobPrecision,
    Gender Gender, IReadOnlyList<string> Nationalities)
{
    public static PersonRecord Of(Child child) => new(child.GivenNames, child.FamilyName, child.OtherNames, child.DateOfBirth,
        child.DobPrecision, child.Gender, child.Nationalities);

    public static PersonRecord Of(ChildDetails details) => new(details.GivenNames, details.FamilyName, details.OtherNames, details.DateOfBirth,
        details.DobPrecision, details.Gender, details.Nationalities);
}

public enum MatchBand
{
    None,
    Possible,
    Likely,
}

public enum NameLevel
{
    Exact,
    Normalised,
    Phonetic,
    Close,
    Different,
}

public enum DateOfBirthLevel
{
    Exact,
    DayMonthSwapped,
    SameYearAndMonth,
    JanuaryPlaceholder,
    WithinYearUncertain,
    Reassessed,
    Different,
    Missing,
}

public enum AgreementLevel
{
    Same,
    KnownConfusion,
    Different,
    Unknown,
}

/// <summary>One field's comparison: the level it reached and the weight it adds.</summary>
public sealed record FieldComparison(string Field, string Level, double Weight, string? Detail)
{
    /// <summary>The <see cref="MatchWeights"/> setting the weight came from (FamilyExact, NameShared4To15 …), for fitting.</summary>
    public string? Setting { get; init; }

    public override string ToString() =>
        $"{Field}: {Level}{(Detail is null ? string.Empty : $" ({Detail})")} {Weight.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)}";
}

/// <summary>How alike two records are: a Fellegi–Sunter score, its match probability, band and explanation.</summary>
public sealed record MatchResult(double Score, double Probability, MatchBand Band, IReadOnlyList<FieldComparison> Fields)
{
    /// <summary>One line per field, e.g. "family name: phonetic (Nguyen ~ Nguyễn) +4.1; date of birth: day/month swapped +3.0".</summary>
    public string Explanation => string.Join("; ", Fields);

    /// <summary>The explanation without the names compared, for someone who may not see the other record.</summary>
    public string ExplanationWithoutNames =>
        string.Join("; ", Fields.Select(f => f.Field.EndsWith("name", StringComparison.Ordinal) ? f with { Detail = null } : f));
}

/// <summary>
/// Compares two records field by field at levels, Fellegi–Sunter style: each level has a weight, the
/// log₂ of how much likelier that agreement is between records of the same child than of different
/// children. The weights add up with a prior (how rare a true match is among candidate pairs) to a score,
/// turned into a probability.
/// </summary>
public sealed class Matcher(MatchWeights weights)
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

    /// <summary>The level at which two names agree, comparing whole names.</summary>
    public static NameLevel CompareNames(string a, string b)
    {
        if (a.Trim().Length == 0 || b.Trim().Length == 0)
        {
            return NameLevel.Different;
        }

        if (string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return NameLevel.Exact;
        }

        var na = NameNormaliser.Normalise(a);
        var nb = NameNormaliser.Normalise(b);
        if (na == nb)
        {
            return NameLevel.Normalised;
        }

        // Two names the variants data knows, in different spelling families, are different names
        // (Hassan and Hussein, Mohammed and Mahmoud), however alike they sound.
        var ta = NameNormaliser.Tokens(a);
        var tb = NameNormaliser.Tokens(b);
        if (ta.Count == 1 && tb.Count == 1 && NameNormaliser.IsKnownName(ta[0]) && NameNormaliser.IsKnownName(tb[0]))
        {
            return NameLevel.Different;
        }

        var similarity = JaroWinkler(na, nb);
        if (NameNormaliser.Phonetic(a) == NameNormaliser.Phonetic(b) && similarity >= 0.8)
        {
            return NameLevel.Phonetic;
        }

        return similarity >= 0.88 ? NameLevel.Close : NameLevel.Different;
    }

    public static double JaroWinkler(string a, string b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        if (a == b)
        {
            return 1;
        }

        var window = Math.Max(0, (Math.Max(a.Length, b.Length) / 2) - 1);
        var aMatched = new bool[a.Length];
        var bMatched = new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            for (var j = Math.Max(0, i - window); j < Math.Min(b.Length, i + window + 1); j++)
            {
                if (!bMatched[j] && a[i] == b[j])
                {
                    aMatched[i] = bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        if (matches == 0)
        {
            return 0;
        }

        var transpositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i])
            {
                continue;
            }

            while (!bMatched[k])
            {
                k++;
            }

            if (a[i] != b[k])
            {
                transpositions++;
            }

            k++;
        }

        var m = (double)matches;
        var jaro = ((m / a.Length) + (m / b.Length) + ((m - (transpositions / 2.0)) / m)) / 3;
        var prefix = 0;
        while (prefix < Math.Min(4, Math.Min(a.Length, b.Length)) && a[prefix] == b[prefix])
        {
            prefix++;
        }

        return jaro + (prefix * 0.1 * (1 - jaro));
    }

    private FieldComparison FamilyName(PersonRecord query, PersonRecord candidate)
    {
        if (query.FamilyName.Trim().Length == 0 || candidate.FamilyName.Trim().Length == 0)
        {
            return new FieldComparison("family name", "not recorded on both", 0, null);
        }

        // The family name may have been recorded as a given name (swapped) or an alias (a father's name).
        var options = new List<(string Name, string? Note)> { (candidate.FamilyName, null) };
        options.AddRange(NameNormaliser.Words(candidate.GivenNames).Select(t => (t, (string?)"swapped with given name")));
        options.AddRange(candidate.OtherNames.Select(n => (n, (string?)"alias")));
        var (level, matched, note) = Best(query.FamilyName, options);
        var queried = query.FamilyName;

        // A family field holding a father's and grandfather's name: one of its words may be the other's family name.
        if (level != NameLevel.Exact)
        {
            var words = NameNormaliser.Words(candidate.FamilyName).Select(w => (w, (string?)"one of the family names"))
                .Concat(candidate.OtherNames.SelectMany(NameNormaliser.Words).Select(w => (w, (string?)"alias")));
            foreach (var word in NameNormaliser.Words(query.FamilyName))
            {
                var (wordLevel, wordMatched, wordNote) = Best(word, words);
                if (wordLevel < level)
                {
                    (level, matched, note, queried) = (wordLevel, wordMatched, wordNote ?? "one of the family names", word);
                }
            }
        }

        return new FieldComparison("family name", Describe(level), weights.Family(level), Detail(level, queried, matched, note)) { Setting = $"Family{level}" };
    }

    private FieldComparison GivenName(PersonRecord query, PersonRecord candidate)
    {
        if (query.GivenNames.Trim().Length == 0 || candidate.GivenNames.Trim().Length == 0)
        {
            return new FieldComparison("given name", "not recorded on both", 0, null);
        }

        // An alias that repeats a record's own family name ("Hoxha Ardit") is not a given name: counting it would let
        // one shared family name agree twice, and make siblings and twins look like the same child.
        var candidateFamily = FamilyWords(candidate);
        var queryFamily = FamilyWords(query);
        var options = new List<(string Name, string? Note)>();
        options.AddRange(NameNormaliser.Words(candidate.GivenNames).Select(t => (t, (string?)null)));
        options.AddRange(NameNormaliser.Words(candidate.FamilyName).Select(t => (t, (string?)"swapped with family name")));
        options.AddRange(candidate.OtherNames.SelectMany(NameNormaliser.Words).Where(t => !candidateFamily.Contains(NameNormaliser.Normalise(t))).Select(t => (t, (string?)"alias")));
        var best = (Level: NameLevel.Different, Query: query.GivenNames, Matched: (string?)null, Note: (string?)null);
        foreach (var token in NameNormaliser.Words(query.GivenNames).Concat(query.OtherNames.SelectMany(NameNormaliser.Words).Where(t => !queryFamily.Contains(NameNormaliser.Normalise(t)))))
        {
            var (level, matched, note) = Best(token, options);
            if (level < best.Level)
            {
                best = (level, token, matched, note);
            }
        }

        // Brothers share a father's name among their given names (Yonas Tesfay, Filmon Tesfay) and Vietnamese boys the
        // middle name Văn: one word in common while each record has a given name the other lacks is different names.
        if (best.Level != NameLevel.Different && best.Note is null && HasUnmatchedGivenName(query, candidate) && HasUnmatchedGivenName(candidate, query))
        {
            return new FieldComparison("given name", Describe(NameLevel.Different), weights.Given(NameLevel.Different), $"only {best.Matched!.Trim()} in common")
            {
                Setting = $"Given{NameLevel.Different}",
            };
        }

        return new FieldComparison("given name", Describe(best.Level), weights.Given(best.Level), Detail(best.Level, best.Query, best.Matched, best.Note)) { Setting = $"Given{best.Level}" };
    }

    /// <summary>Whether one of the record's given names matches none of the other record's names at any level.</summary>
    private static bool HasUnmatchedGivenName(PersonRecord record, PersonRecord other)
    {
        var otherNames = NameNormaliser.Words(other.GivenNames).Concat(NameNormaliser.Words(other.FamilyName)).Concat(other.OtherNames.SelectMany(NameNormaliser.Words)).ToList();
        return NameNormaliser.Words(record.GivenNames).Any(word => otherNames.All(o => CompareNames(word, o) == NameLevel.Different));
    }

    private static HashSet<string> FamilyWords(PersonRecord person) =>
        NameNormaliser.Words(person.FamilyName).Select(NameNormaliser.Normalise).ToHashSet(StringComparer.Ordinal);

    private static (NameLevel Level, string? Matched, string? Note) Best(string name, IEnumerable<(string Name, string? Note)> options)
    {
        var best = (Level: NameLevel.Different, Matched: (string?)null, Note: (string?)null);
        foreach (var (option, note) in options)
        {
            var level = CompareNames(name, option);
            if (level < best.Level)
            {
                best = (level, option, note);
            }
        }

        return best;
    }

    private FieldComparison DateOfBirth(PersonRecord query, PersonRecord candidate)
    {
        var level = CompareDates(query.DateOfBirth, query.DobPrecision, candidate.DateOfBirth, candidate.DobPrecision);
        var text = level switch
        {
            DateOfBirthLevel.Exact => "same",
            DateOfBirthLevel.DayMonthSwapped => "day/month swapped",
            DateOfBirthLevel.SameYearAndMonth => "same year and month",
            DateOfBirthLevel.JanuaryPlaceholder => "1 January placeholder",
            DateOfBirthLevel.WithinYearUncertain => "within a year, estimated or disputed",
            DateOfBirthLevel.Reassessed => "differs, disputed (age reassessed)",
            DateOfBirthLevel.Different => "different",
            DateOfBirthLevel.Missing => "not known",
        };
        return new FieldComparison("date of birth", text, weights.DateOfBirth(level), null) { Setting = level == DateOfBirthLevel.Missing ? null : $"DateOfBirth{level}" };
    }

    public static DateOfBirthLevel CompareDates(DateOnly? a, DobPrecision aPrecision, DateOnly? b, DobPrecision bPrecision)
    {
        if (a is not { } x || b is not { } y)
        {
            return DateOfBirthLevel.Missing;
        }

        if (x == y)
        {
            return DateOfBirthLevel.Exact;
        }

        if (x.Year == y.Year && x.Day == y.Month && x.Month == y.Day && x.Day <= 12)
        {
            return DateOfBirthLevel.DayMonthSwapped;
        }

        var uncertain = aPrecision != DobPrecision.Exact || bPrecision != DobPrecision.Exact;
        var days = Math.Abs(x.DayNumber - y.DayNumber);
        var placeholder = (x is { Month: 1, Day: 1 } && aPrecision != DobPrecision.Exact) || (y is { Month: 1, Day: 1 } && bPrecision != DobPrecision.Exact);
        if (placeholder && days <= 366)
        {
            return DateOfBirthLevel.JanuaryPlaceholder;
        }

        if (x.Year == y.Year && x.Month == y.Month)
        {
            return DateOfBirthLevel.SameYearAndMonth;
        }

        if (uncertain && days <= 366)
        {
            return DateOfBirthLevel.WithinYearUncertain;
        }

        return (aPrecision == DobPrecision.Disputed || bPrecision == DobPrecision.Disputed) && days <= 3 * 366
            ? DateOfBirthLevel.Reassessed
            : DateOfBirthLevel.Different;
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

    private static string Describe(NameLevel level) => level switch
    {
        NameLevel.Exact => "exact",
        NameLevel.Normalised => "same after normalising",
        NameLevel.Phonetic => "phonetic",
        NameLevel.Close => "close spelling",
        NameLevel.Different => "different",
    };

    private static string? Detail(NameLevel level, string query, string? matched, string? note)
    {
        if (matched is null || level == NameLevel.Different)
        {
            return null;
        }

        var pair = level == NameLevel.Exact ? null : $"{query.Trim()} ~ {matched.Trim()}";
        return (pair, note) switch
        {
            (null, null) => null,
            (null, { } n) => n,
            ({ } p, null) => p,
            ({ } p, { } n) => $"{p}, {n}",
        };
    }
}
