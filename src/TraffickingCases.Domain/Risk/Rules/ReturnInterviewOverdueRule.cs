using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-05: the return interview after the latest return is outstanding past its due time, for a couple of weeks.</summary>
public sealed class ReturnInterviewOverdueRule : IRiskRule
{
    public string Code => "RR-05";

    public string Title => "Return interview outstanding";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) =>
        $"From {t.ReturnInterviewDueHours} hours after the return until the interview is completed or declined, or {t.ReturnInterviewOutstandingDays} days after the return; lateness itself is reported in Statistics";

    public string Rationale =>
        "Every child must be offered an independent return interview within 72 hours of return; it is where a child can say what happened while missing. A child may decline, and that is recorded, not flagged. Only 63% were done in time in 2023/24.";

    public string Source => "DfE statutory guidance on children who run away or go missing from home or care (2014); Missing People, Delivery of Return Interviews 2023-24";

    public string Thresholds(RuleThresholds t) => $"due {t.ReturnInterviewDueHours} hours after return; flagged until {t.ReturnInterviewOutstandingDays} days after return";

    public Finding? Evaluate(RuleContext context)
    {
        var episode = Latest(context);
        if (episode is null || episode.ReturnInterviewDeclined || episode.ReturnInterviewCompletedAt is not null)
        {
            return null;
        }

        var t = context.Thresholds;
        var returned = episode.ReturnedAt!.Value;
        if (context.Now <= returned.AddHours(t.ReturnInterviewDueHours) || context.Now > returned.AddDays(t.ReturnInterviewOutstandingDays))
        {
            return null;
        }

        var offered = episode.ReturnInterviewOfferedAt is { } at ? $"offered {Evidence.Time(at)}, not yet completed" : "not yet offered";
        return new Finding(Code, Severity.Medium,
            $"Returned {Evidence.Time(returned)}; return interview {offered} after {Evidence.Hours(context.Now - returned)} (due within {t.ReturnInterviewDueHours} hours)",
            episode.Id.ToString());
    }

    public string EndReason(RuleContext context, string occurrenceKey)
    {
        var episode = context.MissingEpisodes.FirstOrDefault(e => e.Id.ToString() == occurrenceKey);
        return episode switch
        {
            null => "The episode is no longer on the record",
            { ReturnInterviewCompletedAt: { } done } => $"Return interview completed {Evidence.Time(done)}",
            { ReturnInterviewDeclined: true } => "The child declined the return interview",
            { ReturnedAt: null } => "The child is recorded as missing again",
            _ when Latest(context) is { } latest && latest.Id != episode.Id => "A later return raised its own flag",
            _ => $"Older than {context.Thresholds.ReturnInterviewOutstandingDays} days after the return",
        };
    }

    /// <summary>When the interview falls due, and when the days it is flagged for are over.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var episode = Latest(context);
        if (episode is null || episode.ReturnInterviewDeclined || episode.ReturnInterviewCompletedAt is not null)
        {
            return null;
        }

        var returned = episode.ReturnedAt!.Value;
        return ChangeTimes.First(this, context,
        [
            ChangeTimes.JustAfter(returned.AddHours(context.Thresholds.ReturnInterviewDueHours)),
            ChangeTimes.JustAfter(returned.AddDays(context.Thresholds.ReturnInterviewOutstandingDays)),
        ]);
    }

    private static MissingEpisode? Latest(RuleContext context) =>
        context.MissingEpisodes.Where(e => e.ReturnedAt is not null).OrderByDescending(e => e.ReturnedAt).FirstOrDefault();
}
