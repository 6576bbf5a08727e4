namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-05: the return interview after the latest return was not done within 72 hours.</summary>
public sealed class ReturnInterviewOverdueRule : IRiskRule
{
    public string Code => "RR-05";

    public string Title => "Return interview not done in time";

    public string SeverityText => "Medium";

    public string Rationale => "Every child must be offered an independent return interview within 72 hours of return; only 63% were done in time in 2023/24.";

    public string Source => "DfE statutory guidance (2014); Missing People, Delivery of Return Interviews 2023-24; docs/domain.md, RR-05";

    public string Thresholds(RuleThresholds t) => $"{t.ReturnInterviewDueHours} hours after return";

    public Finding? Evaluate(RuleContext context)
    {
        var episode = context.Child.MissingEpisodes.Where(e => e.ReturnedAt is not null).OrderByDescending(e => e.ReturnedAt).FirstOrDefault();
        if (episode is null || episode.ReturnInterviewDeclined)
        {
            return null;
        }

        var returned = episode.ReturnedAt!.Value;
        var due = returned.AddHours(context.Thresholds.ReturnInterviewDueHours);
        if (episode.ReturnInterviewCompletedAt is { } completed)
        {
            return completed <= due
                ? null
                : new Finding(Code, Severity.Medium,
                    $"Return interview after the return on {Evidence.Time(returned)} was completed {Evidence.Hours(completed - returned)} after return (due within {context.Thresholds.ReturnInterviewDueHours} hours)",
                    episode.Id.ToString());
        }

        if (context.Now <= due)
        {
            return null;
        }

        var offered = episode.ReturnInterviewOfferedAt is { } at ? $"offered {Evidence.Time(at)} but not completed" : "not offered or completed";
        return new Finding(Code, Severity.Medium,
            $"Returned {Evidence.Time(returned)}; return interview {offered} after {Evidence.Hours(context.Now - returned)} (due within {context.Thresholds.ReturnInterviewDueHours} hours)",
            episode.Id.ToString());
    }

    /// <summary>When the interview after the latest return falls due without being completed; a completed or declined one never changes.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var episode = context.Child.MissingEpisodes.Where(e => e.ReturnedAt is not null).OrderByDescending(e => e.ReturnedAt).FirstOrDefault();
        if (episode is null || episode.ReturnInterviewDeclined || episode.ReturnInterviewCompletedAt is not null)
        {
            return null;
        }

        return ChangeTimes.First(this, context, [ChangeTimes.JustAfter(episode.ReturnedAt!.Value.AddHours(context.Thresholds.ReturnInterviewDueHours))]);
    }
}
