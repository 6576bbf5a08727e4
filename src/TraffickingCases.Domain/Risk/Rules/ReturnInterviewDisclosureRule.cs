namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-14: concerns the child disclosed at a return interview (or recorded about the episode) in recent months.</summary>
public sealed class ReturnInterviewDisclosureRule : IRiskRule
{
    private const int QuoteLength = 300;

    public string Code => "RR-14";

    public string Title => "Concerns disclosed after a missing episode";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText => "High";

    public string Lifetime(RuleThresholds t) => $"{t.RecentEventDays} days from the return (or from going missing, while still missing); a later episode with concerns raises a new flag";

    public string Rationale =>
        "What a child says at a return interview (who they were with, where, what they were made to do) is the most direct sign of exploitation continuing; tools such as SERAF score a disclosure as a significant indicator within the last 6 months. The flag asks for action (sharing it with police, revising the safety plan) in the weeks after; the disclosure stays on the record and in the timeline.";

    public string Source => "Missing People, Delivery of Return Interviews 2023-24; SERAF risk assessment (significant indicators within 6 months)";

    public string Thresholds(RuleThresholds t) => $"concerns recorded on an episode in the last {t.RecentEventDays} days";

    public Finding? Evaluate(RuleContext context)
    {
        var episode = context.MissingEpisodes
            .Where(e => e.Concerns is not null && e.WentMissingAt <= context.Now && (e.ReturnedAt ?? context.Now) > context.Now.AddDays(-context.Thresholds.RecentEventDays))
            .OrderByDescending(e => e.WentMissingAt)
            .FirstOrDefault();
        if (episode is null)
        {
            return null;
        }

        var concerns = episode.Concerns!;
        var quoted = concerns.Length > QuoteLength ? concerns[..QuoteLength] + "…" : concerns;
        var after = episode.ReturnedAt is { } returned ? $"the return on {Evidence.Time(returned)}" : $"going missing on {Evidence.Time(episode.WentMissingAt)}";
        return new Finding(Code, Severity.High, $"Concerns recorded after {after}: {quoted}", episode.Id.ToString());
    }

    public string EndReason(RuleContext context, string occurrenceKey) =>
        context.MissingEpisodes.FirstOrDefault(e => e.Id.ToString() == occurrenceKey) switch
        {
            null => "The episode is no longer on the record",
            { Concerns: null } => "The concerns were removed from the episode",
            { ReturnedAt: { } returned } when returned <= context.Now.AddDays(-context.Thresholds.RecentEventDays) => $"Older than {context.Thresholds.RecentEventDays} days",
            _ => "A later episode with concerns raised its own flag",
        };

    public DateTimeOffset? NextChange(RuleContext context) =>
        ChangeTimes.First(this, context, context.MissingEpisodes.Where(e => e.Concerns is not null).SelectMany(e => new[]
        {
            e.WentMissingAt, (e.ReturnedAt ?? e.WentMissingAt).AddDays(context.Thresholds.RecentEventDays),
        }));
}
