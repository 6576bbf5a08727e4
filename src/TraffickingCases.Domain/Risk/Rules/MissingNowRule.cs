using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-04: the child is missing now, from the moment the episode begins.</summary>
public sealed class MissingNowRule : IRiskRule
{
    public string Code => "RR-04";

    public string Title => "Missing now";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText =>
        "From hour 0: medium when reported to police, graded very low, low or medium, with whereabouts known; high at once otherwise; high for every child still missing at 24 hours; at 72 hours the flag says a strategy discussion is due";

    public string Lifetime(RuleThresholds t) => "From the moment the child goes missing until they return; each episode is its own flag";

    public string Rationale =>
        "The police report, the police risk grading and whether whereabouts are known are the first signals of danger, before 24 hours pass; a child missing with none of them needs action at once. About 90% of missing incidents last two days or less, so a child still missing after a day needs active follow-up, and a longer episode a strategy discussion.";

    public string Source => "DfE statutory guidance on children who run away or go missing from home or care (2014); Missing People; practitioner review of the rules, 2026-12";

    public string Thresholds(RuleThresholds t) => $"high for all after {t.MissingNowHighHours} hours; strategy discussion due after {t.MissingStrategyDiscussionHours} hours";

    public Finding? Evaluate(RuleContext context)
    {
        var episode = Current(context);
        if (episode is null)
        {
            return null;
        }

        var t = context.Thresholds;
        var missingFor = context.Now - episode.WentMissingAt;
        var reassured = episode.ReportedToPoliceAt is not null
            && episode.PoliceRiskGrading is PoliceRiskGrading.VeryLow or PoliceRiskGrading.Low or PoliceRiskGrading.Medium
            && episode.WhereaboutsKnown;
        var severity = reassured && missingFor < TimeSpan.FromHours(t.MissingNowHighHours) ? Severity.Medium : Severity.High;
        var police = episode.ReportedToPoliceAt is { } reported
            ? $"reported to police {Evidence.Time(reported)}{(episode.PoliceReference is { } reference ? $" ({reference})" : string.Empty)}"
              + (episode.PoliceRiskGrading is { } grading ? $", graded {Labels.Of(grading).ToLowerInvariant()} risk" : ", no police risk grading recorded")
            : "no report to police recorded";
        var whereabouts = episode.WhereaboutsKnown ? "whereabouts known" : "whereabouts not known";
        var strategy = missingFor >= TimeSpan.FromHours(t.MissingStrategyDiscussionHours) ? "; a strategy discussion is due" : string.Empty;
        return new Finding(Code, severity,
            $"Missing since {Evidence.Time(episode.WentMissingAt)} ({Evidence.Hours(missingFor)}); {police}; {whereabouts}{strategy}",
            episode.Id.ToString());
    }

    public string EndReason(RuleContext context, string occurrenceKey) =>
        context.MissingEpisodes.FirstOrDefault(e => e.Id.ToString() == occurrenceKey) is { ReturnedAt: { } returned }
            ? $"Returned {Evidence.Time(returned)}"
            : "The episode is no longer on the record";

    /// <summary>
    /// When the episode begins (if recorded ahead), passes the high hours, and passes the strategy-discussion hours: the last
    /// changes only the wording, which a manager must see on time, so every one of these instants is a change.
    /// </summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var episode = context.MissingEpisodes.Where(e => e.ReturnedAt is null).OrderBy(e => e.WentMissingAt).FirstOrDefault();
        if (episode is null)
        {
            return null;
        }

        DateTimeOffset[] instants =
        [
            episode.WentMissingAt,
            episode.WentMissingAt + TimeSpan.FromHours(context.Thresholds.MissingNowHighHours),
            episode.WentMissingAt + TimeSpan.FromHours(context.Thresholds.MissingStrategyDiscussionHours),
        ];
        return instants.Where(i => i > context.Now).Select(i => (DateTimeOffset?)i.ToUniversalTime()).FirstOrDefault();
    }

    private static MissingEpisode? Current(RuleContext context) =>
        context.MissingEpisodes.Where(e => e.ReturnedAt is null && e.WentMissingAt <= context.Now).OrderBy(e => e.WentMissingAt).FirstOrDefault();
}
