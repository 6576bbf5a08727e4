namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-03: the child went missing repeatedly in a short time.</summary>
public sealed class RepeatedMissingRule : IRiskRule
{
    public string Code => "RR-03";

    public string Title => "Missing repeatedly";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText => "Medium; high at the higher count within the short window, or with criminal exploitation at 15–17 (RR-12)";

    public string Lifetime(RuleThresholds t) =>
        $"While {t.MissingShortWindowCount} or more episodes began in the last {t.MissingShortWindowDays} days; each new episode raises a new flag (the earlier one ends)";

    public string EndReason(RuleContext context, string occurrenceKey) =>
        Evaluate(context) is null
            ? $"Fewer than {context.Thresholds.MissingShortWindowCount} episodes in the last {context.Thresholds.MissingShortWindowDays} days"
            : "A later episode raised its own flag";

    public string Rationale => "Trafficked children who go missing do so repeatedly, and repeated episodes are a published re-trafficking risk factor. The count is over weeks, not a year: ECPAT UK reports about 8 episodes a year for a child who goes missing, so a yearly count would flag the typical missing child all year and say nothing about now.";

    public string Source => "ECPAT UK and Missing People, When Harm Remains (2022)";

    public string Thresholds(RuleThresholds t) =>
        $"{t.MissingShortWindowCount}+ in {t.MissingShortWindowDays} days (high at {t.MissingShortWindowHighCount}+)";

    public Finding? Evaluate(RuleContext context)
    {
        var t = context.Thresholds;
        var episodes = context.MissingEpisodes.Where(e => e.WentMissingAt <= context.Now).OrderByDescending(e => e.WentMissingAt).ToList();
        var shortWindow = episodes.Count(e => e.WentMissingAt > context.Now.AddDays(-t.MissingShortWindowDays));
        if (shortWindow < t.MissingShortWindowCount)
        {
            return null;
        }

        var severity = shortWindow >= t.MissingShortWindowHighCount ? Severity.High : Severity.Medium;
        return new Finding(Code, severity,
            $"{Evidence.Count(shortWindow, "missing episode")} in the last {t.MissingShortWindowDays} days; latest went missing {Evidence.Time(episodes[0].WentMissingAt)}",
            episodes[0].Id.ToString());
    }

    /// <summary>When an episode comes into the count (it began) or leaves the window.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var t = context.Thresholds;
        return ChangeTimes.First(this, context, context.MissingEpisodes.SelectMany(e => new[]
        {
            e.WentMissingAt,
            e.WentMissingAt.AddDays(t.MissingShortWindowDays),
        }));
    }
}
