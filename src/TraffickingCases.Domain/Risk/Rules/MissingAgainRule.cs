namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-13: the child went missing again within days of returning, or before the return interview was done.</summary>
public sealed class MissingAgainRule : IRiskRule
{
    public string Code => "RR-13";

    public string Title => "Missing again soon after returning, or before the return interview";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText => "Medium; high when both: within the days of the return and before the return interview";

    public string Lifetime(RuleThresholds t) => $"{t.MissingAgainFlagDays} days from the start of the new episode; each episode is its own flag";

    public string Rationale =>
        "A child who goes missing again straight after returning, or before anyone has asked them what happened, may be being drawn back by the people exploiting them; the return interview is the chance to find out, and it was missed.";

    public string Source => "DfE statutory guidance on children who run away or go missing from home or care (2014); ECPAT UK and Missing People, When Harm Remains (2022); Philomena Protocol";

    public string Thresholds(RuleThresholds t) =>
        $"within {t.MissingAgainWithinDays} days of the return, or before the return interview while it is outstanding ({t.ReturnInterviewOutstandingDays} days); flagged for {t.MissingAgainFlagDays} days";

    public Finding? Evaluate(RuleContext context)
    {
        var t = context.Thresholds;
        var episodes = context.MissingEpisodes.Where(e => e.WentMissingAt <= context.Now).OrderBy(e => e.WentMissingAt).ToList();
        if (episodes.Count < 2)
        {
            return null;
        }

        var latest = episodes[^1];
        var previous = episodes[^2];
        if (previous.ReturnedAt is not { } returned || latest.WentMissingAt <= context.Now.AddDays(-t.MissingAgainFlagDays))
        {
            return null;
        }

        var soon = latest.WentMissingAt - returned <= TimeSpan.FromDays(t.MissingAgainWithinDays);
        // Before the interview while it is still outstanding (RR-05's days): a return long ago with no interview recorded is not "before" it.
        var beforeInterview = !previous.ReturnInterviewDeclined
            && (previous.ReturnInterviewCompletedAt is not { } done || done > latest.WentMissingAt)
            && latest.WentMissingAt - returned <= TimeSpan.FromDays(t.ReturnInterviewOutstandingDays);
        if (!soon && !beforeInterview)
        {
            return null;
        }

        var why = soon && beforeInterview
            ? $"{Evidence.Count((int)Math.Floor((latest.WentMissingAt - returned).TotalDays), "day")} after returning on {Evidence.Time(returned)}, before the return interview"
            : soon ? $"{Evidence.Count((int)Math.Floor((latest.WentMissingAt - returned).TotalDays), "day")} after returning on {Evidence.Time(returned)}"
            : $"before the return interview after the return on {Evidence.Time(returned)}";
        return new Finding(Code, soon && beforeInterview ? Severity.High : Severity.Medium,
            $"Went missing again {Evidence.Time(latest.WentMissingAt)}, {why}", latest.Id.ToString());
    }

    public string EndReason(RuleContext context, string occurrenceKey) =>
        context.MissingEpisodes.FirstOrDefault(e => e.Id.ToString() == occurrenceKey) is { } episode
        && episode.WentMissingAt <= context.Now.AddDays(-context.Thresholds.MissingAgainFlagDays)
            ? $"Older than {context.Thresholds.MissingAgainFlagDays} days"
            : "A later episode raised its own flag, or the dates changed";

    public DateTimeOffset? NextChange(RuleContext context) =>
        ChangeTimes.First(this, context, context.MissingEpisodes.SelectMany(e => new[]
        {
            e.WentMissingAt, e.WentMissingAt.AddDays(context.Thresholds.MissingAgainFlagDays),
        }));
}
