using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-06: the Reasonable Grounds decision is late.</summary>
public sealed class ReasonableGroundsOverdueRule : IRiskRule
{
    public string Code => "RR-06";

    public string Title => "Reasonable Grounds decision overdue";

    public string SeverityText => "Medium";

    public string Rationale => "The Reasonable Grounds decision is due within 5 working days of referral; while it waits the child has no recovery period and no NRM support.";

    public string Source => "Home Office, Modern Slavery: statutory guidance for England and Wales; docs/domain.md, RR-06";

    public string Thresholds(RuleThresholds t) => $"{t.ReasonableGroundsDueWorkingDays} working days (England and Wales bank holidays)";

    public Finding? Evaluate(RuleContext context)
    {
        var overdue = context.Child.Referrals
            .Where(r => r.RgOutcome == DecisionOutcome.Pending && r.WithdrawnOn is null)
            .Select(r => (Referral: r, Due: WorkingDays.Add(r.ReferralDate, context.Thresholds.ReasonableGroundsDueWorkingDays)))
            .Where(x => WorkingDays.Between(x.Referral.ReferralDate, context.Today) > context.Thresholds.ReasonableGroundsDueWorkingDays)
            .OrderBy(x => x.Referral.ReferralDate)
            .FirstOrDefault();
        if (overdue.Referral is not { } referral)
        {
            return null;
        }

        var waited = WorkingDays.Between(referral.ReferralDate, context.Today);
        return new Finding(Code, Severity.Medium,
            $"Reasonable Grounds decision pending {waited} working days after the referral of {Evidence.Date(referral.ReferralDate)} (due by {Evidence.Date(overdue.Due)})",
            referral.Id.ToString());
    }

    /// <summary>When a pending decision becomes overdue (once one is, a later one cannot take its place).</summary>
    public DateTimeOffset? NextChange(RuleContext context) =>
        ChangeTimes.First(this, context, context.Child.Referrals
            .Where(r => r.RgOutcome == DecisionOutcome.Pending && r.WithdrawnOn is null)
            .Select(r => ChangeTimes.MoreWorkingDaysThan(r.ReferralDate, context.Thresholds.ReasonableGroundsDueWorkingDays)));
}
