namespace TraffickingCases.Domain.Matching;

/// <summary>
/// Fits a <see cref="MatchModel"/> from a register, as Splink does: u from random pairs of records (almost all of them
/// different children), m by expectation–maximisation over candidate pairs. EM runs twice, each time on pairs found by one
/// blocking rule, and never estimates the field the pairs were found by (a rule on names makes agreeing names look certain):
/// pairs sharing a name estimate the date of birth, gender and nationality; pairs sharing a rare date of birth estimate the
/// names. m starts from, and is held towards, the starting model's rates by <c>priorStrength</c> pseudo-pairs, so a
/// register with few or no duplicates (most of them) keeps the rates the labelled re-recordings show instead of fitting noise.
/// </summary>
public static class MatchModelFit
{
    /// <summary>The share of candidate pairs taken to be one child before the data says otherwise.</summary>
    public const double ExpectedMatchShare = 0.001;

    /// <summary>The comparison levels of a pair, as "field.Level" keys; a field not known on both records has none.</summary>
    public static IReadOnlyList<string> Levels(PersonRecord a, PersonRecord b)
    {
        var levels = new List<string>(4);
        var names = NameSets.Compare(a, b).Agreement;
        if (names != NameAgreement.Missing)
        {
            levels.Add($"{MatchModel.NamesField}.{names}");
        }

        var date = Matcher.CompareDates(a.DateOfBirth, a.DobPrecision, b.DateOfBirth, b.DobPrecision);
        if (date != DateOfBirthLevel.Missing)
        {
            levels.Add($"{MatchModel.DateOfBirthField}.{date}");
        }

        var gender = Matcher.GenderLevel(a.Gender, b.Gender);
        if (gender != AgreementLevel.Unknown)
        {
            levels.Add($"{MatchModel.GenderField}.{gender}");
        }

        var nationality = Matcher.NationalityLevel(a.Nationalities, b.Nationalities).Level;
        if (nationality != AgreementLevel.Unknown)
        {
            levels.Add($"{MatchModel.NationalityField}.{nationality}");
        }

        return levels;
    }

    /// <summary>u for every level: how often it occurs among <paramref name="pairs"/> random pairs, with add-half smoothing.</summary>
    public static Dictionary<string, double> EstimateU(IReadOnlyList<PersonRecord> register, int pairs, int seed)
    {
        if (register.Count < 2)
        {
            return MatchModel.BuiltIn.Levels.ToDictionary(kv => kv.Key, kv => kv.Value.U);
        }

        var random = new Random(seed);
        return Rates(Enumerable.Range(0, pairs).Select(_ =>
        {
            var i = random.Next(register.Count);
            var j = random.Next(register.Count - 1);
            return Levels(register[i], j >= i ? register[j + 1] : register[j]);
        }));
    }

    /// <summary>
    /// How often each level occurs among pairs (their comparison levels), as a share of the pairs in which its field was known,
    /// with add-half smoothing so no level is ever 0: u on random pairs, m on labelled ones.
    /// </summary>
    public static Dictionary<string, double> Rates(IEnumerable<IReadOnlyList<string>> pairs)
    {
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        var fieldTotals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var level in pairs.SelectMany(p => p))
        {
            counts[level] = counts.GetValueOrDefault(level) + 1;
            var field = level[..level.IndexOf('.', StringComparison.Ordinal)];
            fieldTotals[field] = fieldTotals.GetValueOrDefault(field) + 1;
        }

        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (field, levels) in MatchModel.Fields)
        {
            var total = fieldTotals.GetValueOrDefault(field);
            foreach (var level in levels)
            {
                var key = $"{field}.{level}";
                rates[key] = (counts.GetValueOrDefault(key) + 0.5) / (total + (0.5 * levels.Count));
            }
        }

        return rates;
    }

    /// <summary>The outcome of one EM session.</summary>
    public sealed record Session(string BlockedOn, int Pairs, double MatchShare, int Iterations, double ExpectedMatches);

    /// <summary>
    /// Fits m by EM on two sets of candidate pairs (their comparison levels), u given. Returns the model and what each session found.
    /// </summary>
    public static (MatchModel Model, IReadOnlyList<Session> Sessions) Fit(
        MatchModel start, IReadOnlyDictionary<string, double> u,
        IReadOnlyList<IReadOnlyList<string>> pairsSharingAName, IReadOnlyList<IReadOnlyList<string>> pairsSharingADate,
        double priorStrength = 500, int iterations = 50, int version = 0)
    {
        var m = start.Levels.ToDictionary(kv => kv.Key, kv => kv.Value.M, StringComparer.Ordinal);
        var sessions = new List<Session>
        {
            Expectation(m, u, pairsSharingAName, [MatchModel.DateOfBirthField], "a shared name", start, priorStrength, iterations),
            Expectation(m, u, pairsSharingADate, [MatchModel.NamesField, MatchModel.GenderField, MatchModel.NationalityField], "a shared, rare date of birth", start, priorStrength, iterations),
        };
        var model = new MatchModel
        {
            Version = version,
            RegisteredShare = start.RegisteredShare,
            CalibrationSlope = start.CalibrationSlope,
            CalibrationIntercept = start.CalibrationIntercept,
            Levels = MatchModel.Fields.SelectMany(f => f.Value.Select(l => $"{f.Key}.{l}"))
                .ToDictionary(k => k, k => new LevelRates(m[k], u.TryGetValue(k, out var value) ? value : start.Levels[k].U), StringComparer.Ordinal),
        };
        return (model, sessions);
    }

    private static Session Expectation(
        Dictionary<string, double> m, IReadOnlyDictionary<string, double> u, IReadOnlyList<IReadOnlyList<string>> pairs, IReadOnlyList<string> estimated,
        string blockedOn, MatchModel start, double priorStrength, int iterations)
    {
        var lambda = ExpectedMatchShare;
        bool Weighed(string level) => estimated.Any(f => level.StartsWith(f + ".", StringComparison.Ordinal));
        var done = 0;
        var expected = 0.0;
        for (var iteration = 0; iteration < iterations && pairs.Count > 0; iteration++)
        {
            done = iteration + 1;
            var sums = new Dictionary<string, double>(StringComparer.Ordinal);
            expected = 0;
            foreach (var pair in pairs)
            {
                // Odds the pair is one child, from the fields not used to find it.
                var logOdds = Math.Log2(lambda / (1 - lambda));
                foreach (var level in pair)
                {
                    if (Weighed(level))
                    {
                        logOdds += Math.Log2(m[level] / u[level]);
                    }
                }

                var p = 1 / (1 + Math.Pow(2, -Math.Clamp(logOdds, -60, 60)));
                expected += p;
                foreach (var level in pair)
                {
                    sums[level] = sums.GetValueOrDefault(level) + p;
                }
            }

            var next = Math.Clamp((expected + (pairs.Count * ExpectedMatchShare)) / (2.0 * pairs.Count), 1e-9, 0.999);
            var changed = Math.Abs(next - lambda);
            lambda = next;
            foreach (var (field, levels) in MatchModel.Fields)
            {
                if (!estimated.Contains(field))
                {
                    continue;
                }

                // Each field's levels share the expected matches in which the field was known, plus the prior's pseudo-pairs.
                var total = levels.Sum(l => sums.GetValueOrDefault($"{field}.{l}")) + priorStrength;
                foreach (var level in levels)
                {
                    var key = $"{field}.{level}";
                    m[key] = Math.Max(1e-6, (sums.GetValueOrDefault(key) + (priorStrength * start.Levels[key].M)) / total);
                }
            }

            if (changed < 1e-7)
            {
                break;
            }
        }

        return new Session(blockedOn, pairs.Count, lambda, done, expected);
    }
}
