using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-06: a Reasonable Grounds decision is past its target, low at first and medium once it has waited much longer.</summary>
public sealed class ReasonableGroundsOverdueRule : IRiskRule
{
    public string Code => "RR-06";

    public string Title => "Reasonable Grounds decision overdue";

    public RuleKind Kind => RuleKind.StaticVulnerability;

    public string SeverityText => "Low when past the target; medium after a further number of working days (a local setting)";

    public string Lifetime(RuleThresholds t) => "Until the decision is made or the referral is withdrawn or suspended";

    public string Rationale =>
        "The Reasonable Grounds decision has a target of 5 working days from referral, \"where possible\"; a long wait leaves the child's status in the NRM unsettled. For children, support is the local authority's Children Act duty whatever the NRM decision, so a wait is a gap to chase, not a loss of support.";

    public string Source =>
        "Home Office, Modern Slavery: statutory guidance for England and Wales; gov.uk devolved child decision-making pilot guidance (December 2023); the escalation after 20 working days is a local setting";

    public string Thresholds(RuleThresholds t) =>
        $"low after {t.ReasonableGroundsDueWorkingDays} working days; medium after a further {t.ReasonableGroundsEscalateWorkingDays} (England and Wales bank holidays)";

    public Finding? Evaluate(RuleContext context)
    {
        var t = context.Thresholds;
        var overdue = Pending(context)
            .Where(r => WorkingDays.Between(r.ReferralDate, context.Today) > t.ReasonableGroundsDueWorkingDays)
            .OrderBy(r => r.ReferralDate)
            .FirstOrDefault();
        if (overdue is null)
        {
            return null;
        }

        var waited = WorkingDays.Between(overdue.ReferralDate, context.Today);
        var severity = waited > t.ReasonableGroundsDueWorkingDays + t.ReasonableGroundsEscalateWorkingDays ? Severity.Medium : Severity.Low;
        return new Finding(Code, severity,
            $"Reasonable Grounds decision pending {waited} working days after the referral of {Evidence.Date(overdue.ReferralDate)} (target {Evidence.Date(WorkingDays.Add(overdue.ReferralDate, t.ReasonableGroundsDueWorkingDays))}, where possible)",
            overdue.Id.ToString());
    }

    public string EndReason(RuleContext context, string occurrenceKey) =>
        context.Referrals.FirstOrDefault(r => r.Id.ToString() == occurrenceKey) switch
        {
            null => "The referral is no longer on the record",
            { WithdrawnOn: { } on, Suspended: var suspended } => $"Case {(suspended ? "suspended" : "withdrawn")} {Evidence.Date(on)}",
            { RgDecisionDate: { } decided } => $"Reasonable Grounds decision made {Evidence.Date(decided)}",
            _ => "An earlier overdue referral is flagged instead",
        };

    /// <summary>When a pending decision passes the target, and when it passes the further days.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var t = context.Thresholds;
        return ChangeTimes.First(this, context, Pending(context).SelectMany(r => new[]
        {
            ChangeTimes.MoreWorkingDaysThan(r.ReferralDate, t.ReasonableGroundsDueWorkingDays),
            ChangeTimes.MoreWorkingDaysThan(r.ReferralDate, t.ReasonableGroundsDueWorkingDays + t.ReasonableGroundsEscalateWorkingDays),
        }));
    }

    private static IEnumerable<NrmReferral> Pending(RuleContext context) =>
        context.Referrals.Where(r => r.RgOutcome == DecisionOutcome.Pending && r.WithdrawnOn is null);
}
