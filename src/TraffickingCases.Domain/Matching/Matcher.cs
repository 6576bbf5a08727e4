using System.Globalization;
using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Matching;

/// <summary>
/// Scores the candidates for being the same child as a record, Fellegi–Sunter style, with term frequencies and the
/// candidates weighed against each other. Each field is compared at levels (<see cref="MatchModel"/>); a level adds
/// log₂(m/u). Agreeing on a name or an exact date of birth uses, for u, the share of the register holding that name
/// or date, so a name or an estimated 1 January date many children share is weak evidence. A looked-up child is the
/// child of at most one record: the probability of each candidate is its odds against all the others and against
/// "none of them" (the prior: the share of looked-up children already registered, spread over the register), so two
/// near-equal candidates can never both be likely. Names are compared in <see cref="NameSets"/>, dates of birth in
/// <c>Matcher.DatesOfBirth.cs</c>, explanations in <c>Matcher.Reasons.cs</c>.
/// </summary>
public sealed partial class Matcher(MatchSettings settings)
{
    /// <summary>Pseudo-records of the built-in rates mixed into the register's term frequencies: a small register's counts say little.</summary>
    public const double SmoothingRecords = 1000;

    /// <summary>The share of the register one name is taken to hold when the register is too small to tell.</summary>
    public const double TypicalNameShare = 1e-4;

    /// <summary>The share of the register one date of birth is taken to hold when the register is too small to tell.</summary>
    public const double TypicalDateShare = 2e-4;

    /// <summary>The least share of a register taken to hold an estimated 1 January date of birth.</summary>
    public const double EstimatedJanuaryShare = 0.002;

    /// <summary>A candidate whose odds are within this factor of another's is "about as alike".</summary>
    public const double NearEqualFactor = 4;

    private static readonly HashSet<(string, string)> NationalityConfusions =
    [
        ("VNM", "CHN"), ("ERI", "ETH"), ("SDN", "SSD"), ("ALB", "XKX"),
    ];

    public MatchSettings Settings => settings;

    /// <summary>
    /// Records of the same name born this many days apart or less are counted as the same age in explanations: an estimated
    /// 1 January date of birth is up to a year from the real one.
    /// </summary>
    public const int SameAgeDays = 400;

    /// <summary>Whether a stored date of birth could be the query's.</summary>
    public static bool CouldBeSameAge(DateOnly? query, DateOnly? stored) =>
        query is not { } q || stored is not { } s || Math.Abs(q.DayNumber - s.DayNumber) <= SameAgeDays;

    /// <summary>
    /// Scores every candidate against the query, in the candidates' order.
    /// </summary>
    /// <param name="query">The record looked up.</param>
    /// <param name="candidates">Every stored record found for it (the candidate search's whole catch, not only the best).</param>
    /// <param name="model">The fitted parameters.</param>
    /// <param name="register">How many records the register holds and how many hold a date of birth.</param>
    /// <param name="nameHolders">
    /// How many stored records hold the query's name, when the caller knows better than the candidates can tell (an import's
    /// pair finder, which sees only some candidates); otherwise counted among the candidates.
    /// </param>
    public IReadOnlyList<MatchResult> Rank(PersonRecord query, IReadOnlyList<PersonRecord> candidates, MatchModel model, RegisterCounts register, int? nameHolders = null) =>
        Rank(query, candidates, model, register, nameHolders, explain: true);

    /// <summary>
    /// As <see cref="Rank(PersonRecord, IReadOnlyList{PersonRecord}, MatchModel, RegisterCounts, int?)"/>, the same scores,
    /// probabilities and bands, without the fields' details or the reasons: for a pair finder that scores hundreds of thousands of
    /// pairs and keeps a few, then ranks those queries again, with the same arguments, for their explanations.
    /// </summary>
    public IReadOnlyList<MatchResult> RankWithoutExplanations(
        PersonRecord query, IReadOnlyList<PersonRecord> candidates, MatchModel model, RegisterCounts register, int? nameHolders = null) =>
        Rank(query, candidates, model, register, nameHolders, explain: false);

    private List<MatchResult> Rank(
        PersonRecord query, IReadOnlyList<PersonRecord> candidates, MatchModel model, RegisterCounts register, int? nameHolders, bool explain)
    {
        if (candidates.Count == 0)
        {
            return [];
        }

        var queryWords = NameSets.WordsOf(query);
        var names = candidates.Select(c => NameSets.Compare(queryWords, NameSets.WordsOf(c))).ToList();
        var holders = Math.Max(nameHolders ?? 0, names.Count(n => n.SameName));
        var sameAgeHolders = candidates.Where((c, i) => names[i].SameName && CouldBeSameAge(query.DateOfBirth, c.DateOfBirth)).Count();
        var records = Math.Max(register.Records, candidates.Count);
        var scored = candidates.Select((c, i) => Score(query, c, names[i], model, register, records, holders, sameAgeHolders, explain)).ToList();

        // Each candidate against "none of them" and every other candidate: prior odds π/N per record against 1 − π for "not
        // registered", calibrated, then each candidate's odds over the sum of all.
        var prior = Math.Log2(model.RegisteredShare / (records * (1 - model.RegisteredShare)));
        double Calibrated(double logOdds) => (model.CalibrationSlope * logOdds) + model.CalibrationIntercept;
        var total = 1 + scored.Sum(s => Math.Pow(2, Calibrated(prior + s.Bits)));
        return scored.Select((s, i) =>
        {
            var odds = Math.Pow(2, Calibrated(prior + s.Bits));
            var probability = odds / total;
            var band = probability >= settings.LikelyThreshold ? MatchBand.Likely
                : probability >= settings.PossibleThreshold ? MatchBand.Possible
                : MatchBand.None;
            if (!explain)
            {
                return new MatchResult(Math.Round(Calibrated(prior + s.Bits), 2), probability, band, [])
                {
                    UncalibratedLogOdds = prior + s.Bits,
                    ModelVersion = model.Version,
                    OthersConsidered = candidates.Count - 1,
                };
            }

            var rivals = scored.Where((o, j) => j != i && Math.Abs(o.Bits - s.Bits) <= Math.Log2(NearEqualFactor) && o.Bits > -prior - 10).Count();
            var fields = s.Fields
                .Append(new FieldComparison("prior", $"{Count(records)} records, {model.RegisteredShare:0%} of children looked up already registered", prior, null) { Setting = "prior" })
                .Append(new FieldComparison("calibration", $"log-odds × {model.CalibrationSlope:0.00} {model.CalibrationIntercept:+0.00;-0.00}",
                    Calibrated(prior + s.Bits) - (prior + s.Bits), rivals > 0 ? $"weighed against {candidates.Count - 1} other candidates, {rivals} about as alike" : null) { Setting = "calibration" })
                .ToList();
            return new MatchResult(Math.Round(Calibrated(prior + s.Bits), 2), probability, band, fields)
            {
                UncalibratedLogOdds = prior + s.Bits,
                Reasons = Reasons(query, candidates[i], names[i], s, holders, sameAgeHolders, rivals),
                ModelVersion = model.Version,
                OthersConsidered = candidates.Count - 1,
            };
        }).ToList();
    }

    /// <summary>Two records alone, as when a pair is shown or re-scored without its other candidates.</summary>
    public MatchResult Compare(PersonRecord query, PersonRecord candidate, MatchModel model, RegisterCounts register, int? nameHolders = null) =>
        Rank(query, [candidate], model, register, nameHolders, explain: true)[0];

    private sealed record Scored(double Bits, List<FieldComparison> Fields, DateOfBirthLevel DateLevel, int DateHolders, AgreementLevel Gender, AgreementLevel Nationality, string? Confusion);

    /// <summary>A candidate's weights by field; with <paramref name="explain"/> false, the same weights without their details.</summary>
    private static Scored Score(
        PersonRecord query, PersonRecord candidate, NameComparison names, MatchModel model, RegisterCounts register, long records, int holders, int sameAgeHolders,
        bool explain)
    {
        var fields = new List<FieldComparison>();
        if (names.Agreement != NameAgreement.Missing)
        {
            var rates = model.Rates(MatchModel.NamesField, names.Agreement.ToString());
            var detail = explain ? $"m {rates.M:0.###}, u {Share(rates.U)}" : null;
            if (names.SameName)
            {
                var u = Smoothed(holders, records, TypicalNameShare);
                rates = rates with { U = u };
                detail = explain
                    ? $"m {rates.M:0.###}; {Count(holders)} of {Count(records)} records have this name{(sameAgeHolders > 0 ? $", {Count(sameAgeHolders)} of about this age" : string.Empty)}, u {Share(u)}"
                    : null;
            }

            fields.Add(new FieldComparison("names", Describe(names.Agreement), rates.Weight, detail) { Setting = explain ? $"{MatchModel.NamesField}.{names.Agreement}" : null });
        }

        var dateLevel = CompareDates(query.DateOfBirth, query.DobPrecision, candidate.DateOfBirth, candidate.DobPrecision);
        var dateHolders = 0;
        if (dateLevel != DateOfBirthLevel.Missing)
        {
            var rates = model.Rates(MatchModel.DateOfBirthField, dateLevel.ToString());
            var detail = explain ? $"m {rates.M:0.###}, u {Share(rates.U)}" : null;
            if (dateLevel == DateOfBirthLevel.Exact)
            {
                dateHolders = Math.Max(1, register.DateHolders(query.DateOfBirth!.Value));
                var u = Smoothed(dateHolders, records, TypicalDateShare);

                // Two estimates of 1 January agree because that is what estimates are: however few records the register holds on
                // the date, thousands of unaccompanied children are given it.
                if (query.DateOfBirth is { Month: 1, Day: 1 } && query.DobPrecision != DobPrecision.Exact && candidate.DobPrecision != DobPrecision.Exact)
                {
                    u = Math.Max(u, EstimatedJanuaryShare);
                }

                rates = rates with { U = u };
                detail = explain ? $"m {rates.M:0.###}; {Count(dateHolders)} of {Count(records)} records have this date, u {Share(u)}" : null;
            }

            fields.Add(new FieldComparison("date of birth", Describe(dateLevel), rates.Weight, detail) { Setting = explain ? $"{MatchModel.DateOfBirthField}.{dateLevel}" : null });
        }

        // A name says much of a child's gender and nationality: when two or more names agree, only a difference is evidence.
        var namesShared = names.SameName || names.Agreement == NameAgreement.TwoOfSeveral;
        var gender = GenderLevel(query.Gender, candidate.Gender);
        if (gender == AgreementLevel.Different || (gender == AgreementLevel.Same && !namesShared))
        {
            var rates = model.Rates(MatchModel.GenderField, gender.ToString());
            fields.Add(new FieldComparison("gender", gender == AgreementLevel.Same ? "same" : "different", rates.Weight, explain ? $"m {rates.M:0.###}, u {Share(rates.U)}" : null)
            {
                Setting = explain ? $"{MatchModel.GenderField}.{gender}" : null,
            });
        }

        var (nationality, confusion) = NationalityLevel(query.Nationalities, candidate.Nationalities);
        if (nationality == AgreementLevel.Different || (nationality is AgreementLevel.Same or AgreementLevel.KnownConfusion && !namesShared))
        {
            var rates = model.Rates(MatchModel.NationalityField, nationality.ToString());
            var text = nationality switch { AgreementLevel.Same => "same", AgreementLevel.KnownConfusion => "known confusion", _ => "different" };
            fields.Add(new FieldComparison("nationality", text, rates.Weight, explain ? $"{(confusion is null ? string.Empty : confusion + "; ")}m {rates.M:0.###}, u {Share(rates.U)}" : null)
            {
                Setting = explain ? $"{MatchModel.NationalityField}.{nationality}" : null,
            });
        }

        return new Scored(fields.Sum(f => f.Weight), fields, dateLevel, dateHolders, gender, nationality, confusion);
    }

    /// <summary>The register's share holding a value, mixed with a typical share by <see cref="SmoothingRecords"/> pseudo-records.</summary>
    public static double Smoothed(long holders, long records, double typicalShare) =>
        (holders + (SmoothingRecords * typicalShare)) / (records + SmoothingRecords);

    public static AgreementLevel GenderLevel(Gender a, Gender b) =>
        a == Gender.Unknown || b == Gender.Unknown ? AgreementLevel.Unknown : a == b ? AgreementLevel.Same : AgreementLevel.Different;

    public static (AgreementLevel Level, string? Confusion) NationalityLevel(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return (AgreementLevel.Unknown, null);
        }

        a = [.. a.Select(Nationalities.Normalise)];
        b = [.. b.Select(Nationalities.Normalise)];
        if (a.Intersect(b).Any())
        {
            return (AgreementLevel.Same, null);
        }

        var confusion = a.SelectMany(x => b.Select(y => (x, y))).FirstOrDefault(p => NationalityConfusions.Contains(p) || NationalityConfusions.Contains((p.y, p.x)));
        return confusion != default ? (AgreementLevel.KnownConfusion, $"{confusion.x} ~ {confusion.y}") : (AgreementLevel.Different, null);
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Share(double u) => u >= 0.01 ? u.ToString("0.00", CultureInfo.InvariantCulture) : $"1 in {Count((long)Math.Round(1 / u))}";
}

/// <summary>What the register says about how common a date of birth is, and how many records it holds.</summary>
public sealed record RegisterCounts(long Records, Func<DateOnly, int> DateHolders)
{
    /// <summary>Counts for a register held in memory (tests, training, benchmarks).</summary>
    public static RegisterCounts Of(IEnumerable<PersonRecord> register)
    {
        var list = register as IReadOnlyCollection<PersonRecord> ?? register.ToList();
        var dates = list.Where(r => r.DateOfBirth is not null).GroupBy(r => r.DateOfBirth!.Value).ToDictionary(g => g.Key, g => g.Count());
        return new RegisterCounts(list.Count, d => dates.GetValueOrDefault(d));
    }
}
