namespace TraffickingCases.Domain.Risk;

/// <summary>What one evaluation changed.</summary>
public sealed record ReconcileResult(IReadOnlyList<Flag> Raised, int Ended);

/// <summary>
/// Brings a child's flags in line with what the rules found. Each finding is one occurrence (an episode, a referral, a
/// placement): a flag for it is raised if none is open, kept current while it holds, and ended, with the rule's reason,
/// when it stops holding. A finding is raised again after a person closed its flag only when the condition ended in between.
/// </summary>
public static class FlagReconciler
{
    /// <summary>Raises, confirms and ends the child's flags; <paramref name="endReason"/> says why a rule's flag no longer holds (<see cref="RuleSet.EndReason"/>).</summary>
    public static ReconcileResult Reconcile(Guid childId, IReadOnlyList<Finding> findings, IReadOnlyCollection<Flag> flags, DateTimeOffset now,
        Func<Flag, string> endReason)
    {
        var raised = new List<Flag>();
        var ended = 0;
        foreach (var finding in findings)
        {
            var open = flags.FirstOrDefault(f => f.IsOpen && f.RuleCode == finding.Code && f.OccurrenceKey == finding.OccurrenceKey);
            if (open is not null)
            {
                open.Confirm(finding, now);
                continue;
            }

            // A person closed this occurrence's flag while it held, and it has held ever since: their decision stands, also when
            // another missing rule now leads the child's one missing flag for the same episode.
            var decidedAlready = flags.Any(f => !f.IsOpen && !f.IsEnded && SameOccurrence(f, finding.Code, finding.OccurrenceKey)
                && f.ConditionClearedAt is null);
            if (!decidedAlready)
            {
                raised.Add(Flag.Raise(childId, finding, now));
            }
        }

        bool Holds(Flag flag) => findings.Any(f => f.Code == flag.RuleCode && f.OccurrenceKey == flag.OccurrenceKey);
        foreach (var flag in flags.Where(f => f.IsOpen && !f.IsOutsideRules && !Holds(f)).ToList())
        {
            flag.End(endReason(flag), now);
            ended++;
        }

        // A flag closed by a person while its condition held: note when the condition ends, so its return is new.
        bool StillHeld(Flag flag) => findings.Any(f => SameOccurrence(flag, f.Code, f.OccurrenceKey));
        foreach (var closed in flags.Where(f => !f.IsOpen && !f.IsEnded && !f.IsOutsideRules && f.ConditionClearedAt is null && !StillHeld(f)))
        {
            closed.ClearCondition(now);
        }

        return new ReconcileResult(raised, ended);
    }

    /// <summary>The same rule and occurrence, or two missing rules on the same episode (they are one flag: <see cref="MissingFlags"/>).</summary>
    private static bool SameOccurrence(Flag flag, string code, string occurrenceKey) =>
        flag.OccurrenceKey == occurrenceKey
        && (flag.RuleCode == code || (MissingFlags.IsMissingRule(flag.RuleCode) && MissingFlags.IsMissingRule(code)));
}

/// <summary>A child's overall risk, from their open flags, unless a manager's override applies.</summary>
public static class RiskLevels
{
    /// <summary>
    /// High only with a live indicator: any open live flag that is high, or three or more medium flags of which one is live.
    /// Medium if any flag is medium or high (a static vulnerability never makes a child high on its own), or two or more are
    /// low; low otherwise. RR-00 (possible same child) never counts.
    /// </summary>
    public static Severity Derive(IEnumerable<Flag> flags) =>
        Derive(flags.Where(Counts).Select(f => (f.Severity, f.IsLive)));

    /// <summary>Whether a flag counts towards the risk level: open, and not a possible-same-child pair.</summary>
    public static bool Counts(Flag flag) => flag.IsOpen && flag.RuleCode != Flag.MatchCode && flag.ConditionClearedAt is null;

    public static Severity Derive(IEnumerable<(Severity Severity, bool Live)> openFlags)
    {
        var list = openFlags.ToList();
        var liveHigh = list.Any(f => f.Live && f.Severity == Severity.High);
        var mediumOrAbove = list.Count(f => f.Severity >= Severity.Medium);
        var liveMediumOrAbove = list.Any(f => f.Live && f.Severity >= Severity.Medium);
        var low = list.Count(f => f.Severity == Severity.Low);
        return liveHigh || (mediumOrAbove >= 3 && liveMediumOrAbove) ? Severity.High
            : mediumOrAbove > 0 || low >= 2 ? Severity.Medium
            : Severity.Low;
    }

    public const string Explanation =
        "High only with a live indicator: an open high flag from a live indicator, or three or more medium flags of which at least one is live. " +
        "Medium if any flag is medium or high, or two or more are low; otherwise low. Static vulnerabilities are shown apart and never make a child high on their own; " +
        "possible-same-child flags never count. A manager may override the level with a reason and a review date; the override lapses on that date, " +
        "or as soon as a new high live flag is raised.";
}
