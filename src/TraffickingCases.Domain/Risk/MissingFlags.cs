namespace TraffickingCases.Domain.Risk;

/// <summary>
/// The missing-from-care rules (RR-04, RR-02, RR-03, RR-13, RR-14, RR-05) all read the same spell of episodes, so one spell
/// would otherwise raise up to six flags for one child. They are shown as one flag: the first rule in <see cref="Codes"/>
/// that holds leads it (its code and occurrence, so the flag stays the same one while that rule holds), it takes the highest
/// severity among them, and the others' findings are added to its evidence. Every rule is still judged and still named.
/// </summary>
public static class MissingFlags
{
    /// <summary>The missing rules in the order they lead the flag: missing now first, then the open case, the count, the task.</summary>
    public static readonly IReadOnlyList<string> Codes = ["RR-04", "RR-02", "RR-03", "RR-13", "RR-14", "RR-05"];

    /// <summary>The most a flag's evidence holds (the column's length); the rule set cuts any finding's evidence to it.</summary>
    public const int EvidenceLimit = 4000;

    public static bool IsMissingRule(string code) => Codes.Contains(code);

    /// <summary>The findings with the missing ones folded into the one that leads; the others' order is kept.</summary>
    public static IReadOnlyList<Finding> Fold(IReadOnlyList<Finding> findings)
    {
        var missing = findings.Where(f => IsMissingRule(f.Code)).OrderBy(f => Rank(f.Code)).ToList();
        if (missing.Count < 2)
        {
            return findings;
        }

        var lead = missing[0];
        var others = missing.Skip(1).ToList();
        var evidence = $"{lead.Evidence}. Also: {string.Join("; ", others.Select(f => $"{f.Code} {Lower(f.Evidence)}"))}";
        if (evidence.Length > EvidenceLimit)
        {
            evidence = evidence[..(EvidenceLimit - 1)] + "…";
        }

        var folded = lead with { Severity = missing.Max(f => f.Severity), Evidence = evidence, Live = missing.Any(f => f.Live) };
        // In the place of the first missing finding, so the rest keep their order.
        var first = findings.First(f => IsMissingRule(f.Code));
        return findings.Where(f => f == first || !IsMissingRule(f.Code)).Select(f => f == first ? folded : f).ToList();
    }

    /// <summary>The code of the flag a missing rule's finding is shown on, when another missing rule leads; null otherwise.</summary>
    public static string? ShownOn(IReadOnlyList<Finding> folded, string code) =>
        IsMissingRule(code) && folded.FirstOrDefault(f => IsMissingRule(f.Code)) is { } lead && lead.Code != code ? lead.Code : null;

    private static int Rank(string code) => Codes.ToList().IndexOf(code);

    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
