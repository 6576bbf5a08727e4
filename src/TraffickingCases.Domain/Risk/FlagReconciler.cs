namespace TraffickingCases.Domain.Risk;

/// <summary>What one evaluation changed.</summary>
public sealed record ReconcileResult(IReadOnlyList<Flag> Raised, int Cleared);

/// <summary>
/// Brings a child's flags in line with what the rules found: raise a flag for a new finding, keep an open
/// flag current while its rule holds, mark it "condition cleared" when the rule stops holding. A finding
/// is raised again after its flag was closed only when it concerns a new occurrence, or when the
/// condition cleared before the flag was closed and has now returned.
/// </summary>
public static class FlagReconciler
{
    public static ReconcileResult Reconcile(Guid childId, IReadOnlyList<Finding> findings, IReadOnlyCollection<Flag> flags, DateTimeOffset now)
    {
        var raised = new List<Flag>();
        var cleared = 0;
        foreach (var finding in findings)
        {
            var open = flags.FirstOrDefault(f => f.IsOpen && f.RuleCode == finding.Code);
            if (open is not null)
            {
                open.Confirm(finding, now);
                continue;
            }

            var lastClosed = flags.Where(f => !f.IsOpen && f.RuleCode == finding.Code).MaxBy(f => f.RaisedAt);
            var decidedAlready = lastClosed is not null
                && lastClosed.OccurrenceKey == finding.OccurrenceKey
                && lastClosed.ConditionClearedAt is null;
            if (!decidedAlready)
            {
                raised.Add(Flag.Raise(childId, finding, now));
            }
        }

        foreach (var flag in flags.Where(f => f.IsOpen && !f.IsOutsideRules && f.ConditionClearedAt is null))
        {
            if (findings.All(f => f.Code != flag.RuleCode))
            {
                flag.ClearCondition(now);
                cleared++;
            }
        }

        // A flag closed while its condition held: note when the condition ends, so its return is new.
        foreach (var closed in flags.Where(f => !f.IsOpen && !f.IsOutsideRules).GroupBy(f => f.RuleCode).Select(g => g.MaxBy(f => f.RaisedAt)!))
        {
            if (closed.ConditionClearedAt is null && findings.All(f => f.Code != closed.RuleCode) && flags.All(f => !(f.IsOpen && f.RuleCode == closed.RuleCode)))
            {
                closed.ClearCondition(now);
            }
        }

        return new ReconcileResult(raised, cleared);
    }
}

/// <summary>A child's overall risk, from their open flags, unless a manager has overridden it.</summary>
public static class RiskLevels
{
    /// <summary>
    /// High if any open flag whose condition still holds is high, or three or more are medium; medium if
    /// any is medium or two or more are low; low otherwise. Flags whose condition cleared do not count.
    /// </summary>
    public static Severity Derive(IEnumerable<Flag> flags) => Derive(flags.Where(f => f.IsOpen && f.ConditionClearedAt is null).Select(f => f.Severity));

    public static Severity Derive(IEnumerable<Severity> openSeverities)
    {
        var list = openSeverities.ToList();
        var high = list.Count(s => s == Severity.High);
        var medium = list.Count(s => s == Severity.Medium);
        var low = list.Count(s => s == Severity.Low);
        return high > 0 || medium >= 3 ? Severity.High
            : medium > 0 || low >= 2 ? Severity.Medium
            : Severity.Low;
    }

    public const string Explanation =
        "High if any open flag is high or three or more are medium; medium if any is medium or two or more are low; otherwise low. Flags whose condition has cleared do not count. A manager may override the level with a reason.";
}
