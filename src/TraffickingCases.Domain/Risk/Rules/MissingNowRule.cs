namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-04: the child is missing now, for longer than the threshold.</summary>
public sealed class MissingNowRule : IRiskRule
{
    public string Code => "RR-04";

    public string Title => "Missing now";

    public string SeverityText => "Medium after the first threshold; high after the second";

    public string Rationale => "About 90% of missing incidents last two days or less; a child still missing after a day, and more so after three, needs active follow-up with the police.";

    public string Source => "DfE statutory guidance on children who run away or go missing from home or care (2014); Missing People; docs/domain.md, RR-04";

    public string Thresholds(RuleThresholds t) => $"medium after {t.MissingNowMediumHours} hours, high after {t.MissingNowHighHours} hours";

    public Finding? Evaluate(RuleContext context)
    {
        var episode = context.Child.MissingEpisodes.Where(e => e.ReturnedAt is null).OrderBy(e => e.WentMissingAt).FirstOrDefault();
        if (episode is null)
        {
            return null;
        }

        var missingFor = context.Now - episode.WentMissingAt;
        if (missingFor <= TimeSpan.FromHours(context.Thresholds.MissingNowMediumHours))
        {
            return null;
        }

        var severity = missingFor > TimeSpan.FromHours(context.Thresholds.MissingNowHighHours) ? Severity.High : Severity.Medium;
        var police = episode.ReportedToPoliceAt is { } reported
            ? $"reported to police {Evidence.Time(reported)}{(episode.PoliceReference is { } reference ? $" ({reference})" : string.Empty)}"
            : "no report to police recorded";
        return new Finding(Code, severity,
            $"Missing since {Evidence.Time(episode.WentMissingAt)} ({Evidence.Hours(missingFor)}); {police}",
            episode.Id.ToString());
    }

    /// <summary>When the episode the rule looks at passes the medium, then the high, number of hours.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var episode = context.Child.MissingEpisodes.Where(e => e.ReturnedAt is null).OrderBy(e => e.WentMissingAt).FirstOrDefault();
        return episode is null
            ? null
            : ChangeTimes.First(this, context,
            [
                ChangeTimes.JustAfter(episode.WentMissingAt + TimeSpan.FromHours(context.Thresholds.MissingNowMediumHours)),
                ChangeTimes.JustAfter(episode.WentMissingAt + TimeSpan.FromHours(context.Thresholds.MissingNowHighHours)),
            ]);
    }
}
