using System.Globalization;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;

namespace TraffickingCases.Bench;

/// <summary>The measures of one method over a run's lookups, as the external evaluation defines them.</summary>
public sealed record MethodMeasures(
    string Method,
    int Lookups,
    int ReRecordings,
    int NewChildren,
    int LikelyCandidates,
    int RightLikely,
    int ReRecordingsFoundLikely,
    int ReRecordingsFoundAmongCandidates,
    int Candidates,
    int NewChildrenCalledLikely,
    IReadOnlyDictionary<LookupKind, int> WrongLikelyByKind,
    double P50Ms,
    double P95Ms,
    double P99Ms)
{
    /// <summary>Of the likely candidates, the share that are the re-recorded child's original.</summary>
    public double? LikelyPrecision => LikelyCandidates == 0 ? null : (double)RightLikely / LikelyCandidates;

    /// <summary>Of the re-recordings, the share whose original is a likely candidate.</summary>
    public double? LikelyRecall => ReRecordings == 0 ? null : (double)ReRecordingsFoundLikely / ReRecordings;

    public double? LikelyF1 => LikelyPrecision is { } p && LikelyRecall is { } r ? (p + r == 0 ? 0 : 2 * p * r / (p + r)) : null;

    /// <summary>Of the re-recordings, the share whose original is among the candidates of any band.</summary>
    public double? TrueRecordAmongCandidates => ReRecordings == 0 ? null : (double)ReRecordingsFoundAmongCandidates / ReRecordings;

    public double? CandidatesPerLookup => Lookups == 0 ? null : (double)Candidates / Lookups;

    /// <summary>Of the children never registered, the share given at least one likely candidate.</summary>
    public double? NewChildrenLikely => NewChildren == 0 ? null : (double)NewChildrenCalledLikely / NewChildren;

    public static MethodMeasures Of(string method, IReadOnlyList<LookupAnswer> answers)
    {
        var reRecordings = answers.Where(a => a.Lookup.Kind == LookupKind.ReRecording).ToList();
        var newChildren = answers.Where(a => a.Lookup.Kind == LookupKind.NewChild).ToList();
        var likely = answers.SelectMany(a => a.Candidates.Where(c => c.Band == MatchBand.Likely).Select(c => (Answer: a, Candidate: c))).ToList();
        var wrongByKind = Enum.GetValues<LookupKind>().ToDictionary(k => k, k => likely.Count(l => l.Answer.Lookup.Kind == k && !l.Answer.IsRight(l.Candidate)));
        var latencies = answers.Select(a => a.Milliseconds).Order().ToArray();
        double At(double q) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        return new MethodMeasures(
            method,
            answers.Count,
            reRecordings.Count,
            newChildren.Count,
            likely.Count,
            likely.Count(l => l.Answer.IsRight(l.Candidate)),
            reRecordings.Count(a => a.Candidates.Any(c => c.Band == MatchBand.Likely && a.IsRight(c))),
            reRecordings.Count(a => a.Candidates.Any(a.IsRight)),
            answers.Sum(a => a.Candidates.Count),
            newChildren.Count(a => a.Candidates.Any(c => c.Band == MatchBand.Likely)),
            wrongByKind,
            At(0.50),
            At(0.95),
            At(0.99));
    }
}

/// <summary>One probability bin of the matcher's reliability table.</summary>
public sealed record ReliabilityBin(string Label, double From, double To, int Candidates, int Right, double MeanProbability)
{
    public double? ShareRight => Candidates == 0 ? null : (double)Right / Candidates;
}

/// <summary>
/// What `tc bench match` prints: the run, the measures side by side for the matcher and the naive baseline with the
/// goals, the wrong likely candidates by kind of lookup, the matcher's reliability table, and the matcher by naming
/// system. Lines are fixed-width and their labels stable, for docs/performance.md and docs/matching.md.
/// </summary>
public sealed class MatchBenchmarkReport
{
    private static readonly (string Label, double From, double To)[] Bins =
    [
        ("< 0.50", double.NegativeInfinity, 0.50), ("0.50–0.60", 0.50, 0.60), ("0.60–0.70", 0.60, 0.70), ("0.70–0.80", 0.70, 0.80),
        ("0.80–0.90", 0.80, 0.90), ("0.90–0.95", 0.90, 0.95), ("0.95–0.99", 0.95, 0.99), ("≥ 0.99", 0.99, double.PositiveInfinity),
    ];

    /// <summary>The generator's nationality groups (Infrastructure/Demo/Names), each with its naming custom.</summary>
    private static readonly Dictionary<string, string> NamingSystems = new(StringComparer.Ordinal)
    {
        ["GBR"] = "British", ["ALB"] = "Albanian", ["SDN"] = "Sudanese", ["ERI"] = "Eritrean", ["AFG"] = "Afghan", ["VNM"] = "Vietnamese",
        ["IRN"] = "Iranian", ["ROU"] = "Romanian", ["SOM"] = "Somali", ["SYR"] = "Syrian", ["ETH"] = "Ethiopian", ["NGA"] = "Nigerian",
    };

    private readonly IReadOnlyList<(string ExternalId, ChildDetails Details)> _register;
    private readonly IReadOnlyList<LookupAnswer> _matcherAnswers;

    public MatchBenchmarkReport(
        int children, int seed, int organisations, int inserted, int storedChildren, LookupCounts counts, int top,
        IReadOnlyList<(string ExternalId, ChildDetails Details)> register, IReadOnlyList<LookupAnswer> matcher, IReadOnlyList<LookupAnswer> naive)
    {
        Children = children;
        Seed = seed;
        Organisations = organisations;
        Inserted = inserted;
        StoredChildren = storedChildren;
        Counts = counts;
        Top = top;
        _register = register;
        _matcherAnswers = matcher;
        Matcher = MethodMeasures.Of("matcher", matcher);
        Naive = MethodMeasures.Of(MatchBenchmark.NaiveMethod, naive);
        Reliability = [.. Bins.Select(bin =>
        {
            var inBin = matcher.SelectMany(a => a.Candidates.Where(c => c.Probability >= bin.From && c.Probability < bin.To).Select(c => a.IsRight(c) ? 1 : 0)).ToList();
            var probabilities = matcher.SelectMany(a => a.Candidates).Where(c => c.Probability >= bin.From && c.Probability < bin.To).Select(c => c.Probability).ToList();
            return new ReliabilityBin(bin.Label, bin.From, bin.To, inBin.Count, inBin.Sum(), probabilities.Count == 0 ? 0 : probabilities.Average());
        })];
    }

    public int Children { get; }

    public int Seed { get; }

    public int Organisations { get; }

    public int Inserted { get; }

    public int StoredChildren { get; }

    public LookupCounts Counts { get; }

    public int Top { get; }

    public MethodMeasures Matcher { get; }

    public MethodMeasures Naive { get; }

    public IReadOnlyList<ReliabilityBin> Reliability { get; }

    public IEnumerable<string> Lines()
    {
        var twins = _matcherAnswers.Count(a => a.Lookup.Kind == LookupKind.Twin);
        yield return Format($"population: {Children:N0} children of seed {Seed} across {Organisations} organisations ({Inserted:N0} inserted this run); {StoredChildren:N0} children in the database");
        yield return Format($"lookups: {Counts.Total:N0} ({Counts.ReRecordings:N0} re-recordings, {Counts.Siblings:N0} siblings of whom {twins:N0} twins, {Counts.Namesakes:N0} namesakes, {Counts.NewChildren:N0} never registered); top {Top} candidates, bands likely and possible");
        yield return string.Empty;
        yield return Row("measure", "matcher", "naive", "goal");
        yield return Row("likely precision", Ratio(Matcher.LikelyPrecision), Ratio(Naive.LikelyPrecision), "≥ 0.95");
        yield return Row("likely recall", Ratio(Matcher.LikelyRecall), Ratio(Naive.LikelyRecall), "≥ 0.60");
        yield return Row("likely F1", Ratio(Matcher.LikelyF1), Ratio(Naive.LikelyF1), string.Empty);
        yield return Row("true record among candidates", Percent(Matcher.TrueRecordAmongCandidates), Percent(Naive.TrueRecordAmongCandidates), "≥ 90%");
        yield return Row("candidates per lookup", Mean(Matcher.CandidatesPerLookup), Mean(Naive.CandidatesPerLookup), "≤ 2");
        yield return Row("new children called likely", Percent(Matcher.NewChildrenLikely), Percent(Naive.NewChildrenLikely), "≤ 2%");
        yield return Row("likely candidates (right)", $"{Matcher.LikelyCandidates} ({Matcher.RightLikely})", $"{Naive.LikelyCandidates} ({Naive.RightLikely})", string.Empty);
        yield return Row("wrong likely: re-recording → another child", Count(Matcher, LookupKind.ReRecording), Count(Naive, LookupKind.ReRecording), string.Empty);
        yield return Row("wrong likely: sibling (and twin)", Count(Matcher, LookupKind.Sibling, LookupKind.Twin), Count(Naive, LookupKind.Sibling, LookupKind.Twin), string.Empty);
        yield return Row("wrong likely: of which twin", Count(Matcher, LookupKind.Twin), Count(Naive, LookupKind.Twin), string.Empty);
        yield return Row("wrong likely: namesake", Count(Matcher, LookupKind.Namesake), Count(Naive, LookupKind.Namesake), string.Empty);
        yield return Row("wrong likely: new child", Count(Matcher, LookupKind.NewChild), Count(Naive, LookupKind.NewChild), string.Empty);
        yield return Row("lookup latency p50", Ms(Matcher.P50Ms), Ms(Naive.P50Ms), string.Empty);
        yield return Row("lookup latency p95", Ms(Matcher.P95Ms), Ms(Naive.P95Ms), "≤ 50 ms at 1M");
        yield return Row("lookup latency p99", Ms(Matcher.P99Ms), Ms(Naive.P99Ms), string.Empty);
        yield return "naive: exact normalised name and exact date of birth; every hit counts as likely.";
        yield return string.Empty;
        yield return "reliability (matcher, every candidate returned; right = the re-recorded child's original):";
        yield return Format($"{"probability",-12}{"candidates",12}{"right",10}{"share right",14}{"mean probability",19}");
        foreach (var bin in Reliability)
        {
            yield return Format($"{bin.Label,-12}{bin.Candidates,12}{bin.Right,10}{Percent(bin.ShareRight),14}{(bin.Candidates == 0 ? "–" : bin.MeanProbability.ToString("0.000", CultureInfo.InvariantCulture)),19}");
        }

        yield return string.Empty;
        yield return "matcher by naming system (first nationality of the registered or new child; register = share of the population):";
        yield return Format($"{"naming system",-16}{"register",10}{"re-recordings",15}{"likely recall",15}{"among candidates",18}{"wrong likely",14}");
        var registerCount = Math.Max(1, _register.Count);
        var byNationality = _register.GroupBy(r => r.Details.Nationalities.FirstOrDefault() ?? "unknown", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        foreach (var nationality in byNationality.Keys.Union(_matcherAnswers.Select(a => a.Lookup.Nationality), StringComparer.Ordinal)
                     .OrderByDescending(n => byNationality.GetValueOrDefault(n)).ThenBy(n => n, StringComparer.Ordinal))
        {
            var answers = _matcherAnswers.Where(a => a.Lookup.Nationality == nationality).ToList();
            var measures = MethodMeasures.Of("matcher", answers);
            var share = (double)byNationality.GetValueOrDefault(nationality) / registerCount;
            yield return Format($"{$"{nationality} {NamingSystems.GetValueOrDefault(nationality)}",-16}{Percent(share),10}{measures.ReRecordings,15}{Ratio(measures.LikelyRecall),15}{Percent(measures.TrueRecordAmongCandidates),18}{measures.WrongLikelyByKind.Values.Sum(),14}");
        }
    }

    private static string Row(string measure, string matcher, string naive, string goal) =>
        $"{measure,-44}{matcher,14}{naive,14}   {goal}".TrimEnd();

    private static string Count(MethodMeasures measures, params LookupKind[] kinds) =>
        kinds.Sum(k => measures.WrongLikelyByKind[k]).ToString(CultureInfo.InvariantCulture);

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "–";

    private static string Percent(double? value) => value is { } v ? v.ToString("0.0%", CultureInfo.InvariantCulture) : "–";

    private static string Mean(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";

    private static string Ms(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
