namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-20: the supervision review a manager set for the child's case has passed without a new supervision note.</summary>
public sealed class SupervisionReviewOverdueRule : IRiskRule
{
    public string Code => "RR-20";

    public string Title => "Supervision review overdue";

    public RuleKind Kind => RuleKind.StaticVulnerability;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) => "From the day after the review date until a manager records supervision with a new review date";

    public string EndReason(RuleContext context, string occurrenceKey) =>
        context.Child.SupervisionReviewOn is { } on
            ? $"Supervision recorded; next review {Evidence.Date(on)}"
            : "Supervision recorded";

    public string Rationale =>
        "A manager's supervision of a child's case sets when it is looked at again. A review date that has passed with no new supervision note means no manager has looked at the case when they said they would: for a child at risk of being trafficked again, a gap in oversight to close.";

    public string Source =>
        "Working Together to Safeguard Children (2023), on management oversight and supervision of practice; the review date is the manager's, at most three months ahead (a local setting)";

    public string Thresholds(RuleThresholds t) => "the day after the review date set in the latest supervision note";

    public Finding? Evaluate(RuleContext context)
    {
        if (context.Child.IsMerged || context.Child.SupervisionReviewOn is not { } reviewOn || reviewOn >= context.Today)
        {
            return null;
        }

        var days = context.Today.DayNumber - reviewOn.DayNumber;
        return new Finding(Code, Severity.Medium,
            $"Supervision review was due on {Evidence.Date(reviewOn)} ({Evidence.Count(days, "day")} overdue); record supervision with the next review date",
            Evidence.Date(reviewOn));
    }

    /// <summary>The day after the review date.</summary>
    public DateTimeOffset? NextChange(RuleContext context) =>
        context.Child.SupervisionReviewOn is { } reviewOn
            ? ChangeTimes.First(this, context, [ChangeTimes.From(reviewOn.AddDays(1))])
            : null;
}
