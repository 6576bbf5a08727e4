using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-01: the child has been referred to the NRM more than once; high while the latest referral is recent.</summary>
public sealed class RepeatReferralRule : IRiskRule
{
    public string Code => "RR-01";

    public string Title => "Referred to the NRM more than once";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText => "High within 12 months of the latest referral; medium after that while a case is open";

    public string Lifetime(RuleThresholds t) =>
        $"From the second referral until {t.RepeatReferralHighWithinDays} days after the latest one, and after that while a case is open; a newer referral raises a new flag";

    public string Rationale => "A previous NRM referral is a published sign of re-trafficking risk (no validated predictor exists); 1,541 children were referred two or more times between January 2023 and July 2024. A referral is a live sign while it is recent.";

    public string Source => "After Exploitation FOI data, reported by the Children's Commissioner for England (2024); IASC and Rights Lab (2021) on the absence of a validated predictor";

    public string Thresholds(RuleThresholds t) => $"high within {t.RepeatReferralHighWithinDays} days of the latest referral";

    public Finding? Evaluate(RuleContext context)
    {
        var referrals = Ordered(context);
        if (referrals.Count < 2)
        {
            return null;
        }

        var latest = referrals[^1];
        var previous = referrals[^2];
        var recent = context.Today.DayNumber - latest.ReferralDate.DayNumber <= context.Thresholds.RepeatReferralHighWithinDays;
        if (!recent && !context.CaseOpen)
        {
            return null;
        }

        var days = latest.ReferralDate.DayNumber - previous.ReferralDate.DayNumber;
        var changed = latest.ExploitationTypes != previous.ExploitationTypes;
        var evidence = $"{Evidence.Ordinal(referrals.Count)} NRM referral on {Evidence.Date(latest.ReferralDate)}; previous referral {Evidence.Date(previous.ReferralDate)} ({days} days earlier); "
            + (changed
                ? $"exploitation recorded as {Evidence.Types(previous.ExploitationTypes)}, now {Evidence.Types(latest.ExploitationTypes)}"
                : $"same exploitation ({Evidence.Types(latest.ExploitationTypes)})");
        return new Finding(Code, recent ? Severity.High : Severity.Medium, evidence, latest.Id.ToString());
    }

    public string EndReason(RuleContext context, string occurrenceKey)
    {
        var referrals = Ordered(context);
        if (referrals.Count >= 2 && referrals[^1].Id.ToString() != occurrenceKey)
        {
            return $"A later referral ({Evidence.Date(referrals[^1].ReferralDate)}) raised its own flag";
        }

        return referrals.Count < 2 ? "The earlier referral is no longer on the record" : $"Latest referral older than {context.Thresholds.RepeatReferralHighWithinDays} days and no case open";
    }

    /// <summary>When the latest referral passes the recent days.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var referrals = Ordered(context);
        return referrals.Count < 2
            ? null
            : ChangeTimes.First(this, context, [ChangeTimes.From(referrals[^1].ReferralDate.AddDays(context.Thresholds.RepeatReferralHighWithinDays + 1))]);
    }

    private static List<NrmReferral> Ordered(RuleContext context) =>
        context.Referrals.OrderBy(r => r.ReferralDate).ThenBy(r => r.CreatedAt).ToList();
}
