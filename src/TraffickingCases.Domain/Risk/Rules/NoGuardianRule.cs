using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-09: in an ICTG area, no Independent Child Trafficking Guardian support has started.</summary>
public sealed class NoGuardianRule : IRiskRule
{
    public string Code => "RR-09";

    public string Title => "No Independent Child Trafficking Guardian yet";

    public string SeverityText => "Medium";

    public string Rationale => "Where the ICTG service runs, every referred child should have a guardian; no guardian is a published re-trafficking risk factor.";

    public string Source => "Home Office ICTG service (Barnardo's), in about two-thirds of local authorities in England and all of Wales; docs/domain.md, RR-09";

    public string Thresholds(RuleThresholds t) => $"{t.IctgDueWorkingDays} working days after the referral";

    public Finding? Evaluate(RuleContext context)
    {
        if (!context.OrganisationInIctgArea || context.Age is >= 18)
        {
            return null;
        }

        var latest = context.Child.Referrals.OrderByDescending(r => r.ReferralDate).FirstOrDefault();
        if (latest is null || context.Child.SupportRequests.Any(s => s.Type == SupportType.Ictg && s.StartedOn is not null))
        {
            return null;
        }

        var due = WorkingDays.Add(latest.ReferralDate, context.Thresholds.IctgDueWorkingDays);
        if (WorkingDays.Between(latest.ReferralDate, context.Today) <= context.Thresholds.IctgDueWorkingDays)
        {
            return null;
        }

        var requested = context.Child.SupportRequests.Where(s => s.Type == SupportType.Ictg).OrderBy(s => s.RequestedOn).FirstOrDefault();
        return new Finding(Code, Severity.Medium,
            $"No ICTG support started {WorkingDays.Between(latest.ReferralDate, context.Today)} working days after the referral of {Evidence.Date(latest.ReferralDate)} (due by {Evidence.Date(due)}); "
            + (requested is null ? "none requested" : $"requested {Evidence.Date(requested.RequestedOn)}"),
            latest.Id.ToString());
    }

    /// <summary>When the guardian falls due after the latest referral, or the child turns 18.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var latest = context.Child.Referrals.OrderByDescending(r => r.ReferralDate).FirstOrDefault();
        if (!context.OrganisationInIctgArea || latest is null
            || context.Child.SupportRequests.Any(s => s.Type == SupportType.Ictg && s.StartedOn is not null))
        {
            return null;
        }

        var flips = new List<DateTimeOffset> { ChangeTimes.MoreWorkingDaysThan(latest.ReferralDate, context.Thresholds.IctgDueWorkingDays) };
        if (context.Child.DateOfBirth is { } dob)
        {
            flips.Add(ChangeTimes.Aged(dob, 18));
        }

        return ChangeTimes.First(this, context, flips);
    }
}
