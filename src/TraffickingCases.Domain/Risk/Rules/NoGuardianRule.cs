using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>
/// RR-09: in an area with the ICTG service, a child with an open case has no guardian referral, or was referred but no one
/// is allocated. A child with someone in the UK holding parental responsibility gets a Regional Practice Coordinator rather
/// than a Direct Worker; the rule says which.
/// </summary>
public sealed class NoGuardianRule : IRiskRule
{
    public string Code => "RR-09";

    public string Title => "No Independent Child Trafficking Guardian: not referred, or referred and not allocated";

    public RuleKind Kind => RuleKind.StaticVulnerability;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) => "While a case is open and the child is under 18, until the guardian service starts; it stops when the case closes";

    public string Rationale =>
        "Where the ICTG service runs, the referral to it is made alongside the NRM referral; a child with no guardian is a published re-trafficking risk factor. A child with no one holding parental responsibility in the UK gets a Direct Worker; a child with someone who does may get a Regional Practice Coordinator, who works through the adults around them.";

    public string Source => "Home Office ICTG service (Barnardo's), interim ICTG guidance (2024); in about two-thirds of local authorities in England and all of Wales";

    public string Thresholds(RuleThresholds t) =>
        $"referral to the service due {t.IctgReferralDueWorkingDays} working days after the NRM referral; allocation due {t.IctgDueWorkingDays} working days after the service referral";

    public Finding? Evaluate(RuleContext context)
    {
        var latest = Applies(context);
        if (latest is null)
        {
            return null;
        }

        var t = context.Thresholds;
        var role = context.Child.ParentalResponsibilityInUk == true
            ? "a Regional Practice Coordinator (someone in the UK holds parental responsibility)"
            : context.Child.ParentalResponsibilityInUk == false ? "a Direct Worker (no one in the UK holds parental responsibility)" : "a guardian";
        var requested = context.SupportRequests.Where(s => s.Type == SupportType.Ictg && s.RequestedOn >= latest.ReferralDate)
            .OrderBy(s => s.RequestedOn).FirstOrDefault()
            ?? context.SupportRequests.Where(s => s.Type == SupportType.Ictg).OrderByDescending(s => s.RequestedOn).FirstOrDefault();
        if (requested is null)
        {
            var waited = WorkingDays.Between(latest.ReferralDate, context.Today);
            return waited <= t.IctgReferralDueWorkingDays
                ? null
                : new Finding(Code, Severity.Medium,
                    $"No referral to the ICTG service {waited} working days after the NRM referral of {Evidence.Date(latest.ReferralDate)}; the child should have {role}",
                    $"{latest.Id}:not-referred");
        }

        var pending = WorkingDays.Between(requested.RequestedOn, context.Today);
        return pending <= t.IctgDueWorkingDays
            ? null
            : new Finding(Code, Severity.Medium,
                $"Referred to the ICTG service on {Evidence.Date(requested.RequestedOn)}; no one allocated after {pending} working days; the child should have {role}",
                $"{latest.Id}:not-allocated");
    }

    public string EndReason(RuleContext context, string occurrenceKey)
    {
        if (context.SupportRequests.Any(s => s.Type == SupportType.Ictg && s.StartedOn is not null))
        {
            return "Guardian service started";
        }

        return !context.CaseOpen ? "Case closed"
            : context.Age is >= 18 ? "Turned 18"
            : occurrenceKey.EndsWith(":not-referred", StringComparison.Ordinal) && context.SupportRequests.Any(s => s.Type == SupportType.Ictg)
                ? "Referred to the ICTG service"
                : "A newer referral raised its own flag";
    }

    /// <summary>When the service referral or the allocation falls due, or the child turns 18.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var latest = Applies(context);
        if (latest is null)
        {
            return null;
        }

        var flips = new List<DateTimeOffset> { ChangeTimes.MoreWorkingDaysThan(latest.ReferralDate, context.Thresholds.IctgReferralDueWorkingDays) };
        flips.AddRange(context.SupportRequests.Where(s => s.Type == SupportType.Ictg)
            .Select(s => ChangeTimes.MoreWorkingDaysThan(s.RequestedOn, context.Thresholds.IctgDueWorkingDays)));
        if (context.Child.DateOfBirth is { } dob)
        {
            flips.Add(ChangeTimes.Aged(dob, 18));
        }

        return ChangeTimes.First(this, context, flips);
    }

    /// <summary>The latest referral when the rule applies: an ICTG area, under 18, a case open, no guardian started.</summary>
    private static NrmReferral? Applies(RuleContext context)
    {
        if (!context.OrganisationInIctgArea || context.Age is >= 18 || !context.CaseOpen
            || context.SupportRequests.Any(s => s.Type == SupportType.Ictg && s.StartedOn is not null))
        {
            return null;
        }

        return context.Referrals.OrderByDescending(r => r.ReferralDate).FirstOrDefault();
    }
}
