using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-17: around the 18th birthday the case was withdrawn or suspended, and no referral to adult support is recorded.</summary>
public sealed class AtEighteenWithoutAdultSupportRule : IRiskRule
{
    public string Code => "RR-17";

    public string Title => "Case withdrawn or suspended at 18 with no referral to adult support";

    public RuleKind Kind => RuleKind.StaticVulnerability;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) =>
        $"From the 18th birthday, or the withdrawal or suspension if later, for {t.AtEighteenFollowUpDays} days, until a referral to adult support is recorded";

    public string Rationale =>
        "At 18 a young person must consent to stay in the NRM, and most cases are withdrawn or suspended then; without a referral to adult support (the Modern Slavery Victim Care Contract) they leave children's support with nothing after it.";

    public string Source => "gov.uk, Information pack for young people in the NRM turning 18 (February 2026), citing ECPAT UK and ATMG; Home Office, Modern Slavery Victim Care Contract";

    public string Thresholds(RuleThresholds t) => $"withdrawn or suspended from {t.TurningEighteenWithinDays} days before the 18th birthday; flagged for {t.AtEighteenFollowUpDays} days";

    public Finding? Evaluate(RuleContext context)
    {
        var (referral, on, from) = Ended(context);
        if (referral is null || context.Referrals.Any(r => r.AdultSupportReferredOn is not null)
            || context.Today > from.AddDays(context.Thresholds.AtEighteenFollowUpDays))
        {
            return null;
        }

        return new Finding(Code, Severity.Medium,
            $"NRM case referred {Evidence.Date(referral.ReferralDate)} {(referral.Suspended ? "suspended" : "withdrawn")} on {Evidence.Date(on)} at 18; no referral to adult support (MSVCC) recorded",
            referral.Id.ToString());
    }

    public string EndReason(RuleContext context, string occurrenceKey) =>
        context.Referrals.FirstOrDefault(r => r.AdultSupportReferredOn is not null) is { } adult
            ? $"Referred to adult support {Evidence.Date(adult.AdultSupportReferredOn!.Value)}"
            : $"Older than {context.Thresholds.AtEighteenFollowUpDays} days, or the case resumed";

    /// <summary>When a withdrawal's date comes or its days are over (any withdrawn referral may become the latest), and at 18.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var flips = new List<DateTimeOffset>();
        foreach (var on in context.Referrals.Select(r => r.WithdrawnOn).OfType<DateOnly>())
        {
            flips.Add(ChangeTimes.From(on));
            flips.Add(ChangeTimes.From(on.AddDays(context.Thresholds.AtEighteenFollowUpDays + 1)));
        }

        if (context.Child.DateOfBirth is { } dob)
        {
            flips.Add(ChangeTimes.Aged(dob, 18));
            flips.Add(ChangeTimes.From(UkCalendar.Birthday(dob, 18).AddDays(context.Thresholds.AtEighteenFollowUpDays + 1)));
        }

        return ChangeTimes.First(this, context, flips);
    }

    /// <summary>
    /// The latest referral withdrawn or suspended close to or after 18, once the young person is 18, and the day its follow-up
    /// starts: the 18th birthday, or the withdrawal if later.
    /// </summary>
    private static (NrmReferral? Referral, DateOnly On, DateOnly From) Ended(RuleContext context)
    {
        if (context.Child.DateOfBirth is not { } dob || context.Age is not >= 18)
        {
            return (null, default, default);
        }

        var birthday = UkCalendar.Birthday(dob, 18);
        var earliest = birthday.AddDays(-context.Thresholds.TurningEighteenWithinDays);
        var referral = context.Referrals
            .Where(r => r.WithdrawnOn is { } on && on >= earliest && on <= context.Today)
            .OrderByDescending(r => r.WithdrawnOn)
            .FirstOrDefault();
        if (referral is null)
        {
            return (null, default, default);
        }

        var withdrawn = referral.WithdrawnOn!.Value;
        return (referral, withdrawn, withdrawn > birthday ? withdrawn : birthday);
    }
}
