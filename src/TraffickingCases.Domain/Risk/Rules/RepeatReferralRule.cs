namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-01: the child has been referred to the NRM more than once.</summary>
public sealed class RepeatReferralRule : IRiskRule
{
    public string Code => "RR-01";

    public string Title => "Referred to the NRM more than once";

    public string SeverityText => "High if the latest two referrals are within the configured days of each other or their exploitation types differ; otherwise medium";

    public string Rationale => "A previous NRM referral is a published sign of re-trafficking risk; 1,541 children were referred two or more times between January 2023 and July 2024.";

    public string Source => "After Exploitation FOI data, reported by the Children's Commissioner for England (2024); docs/domain.md, RR-01";

    public string Thresholds(RuleThresholds t) => $"high within {t.RepeatReferralHighWithinDays} days";

    public Finding? Evaluate(RuleContext context)
    {
        var referrals = context.Child.Referrals.OrderBy(r => r.ReferralDate).ThenBy(r => r.CreatedAt).ToList();
        if (referrals.Count < 2)
        {
            return null;
        }

        var latest = referrals[^1];
        var previous = referrals[^2];
        var days = latest.ReferralDate.DayNumber - previous.ReferralDate.DayNumber;
        var changed = latest.ExploitationTypes != previous.ExploitationTypes;
        var severity = days <= context.Thresholds.RepeatReferralHighWithinDays || changed ? Severity.High : Severity.Medium;
        var evidence = $"{Evidence.Ordinal(referrals.Count)} NRM referral on {Evidence.Date(latest.ReferralDate)}; previous referral {Evidence.Date(previous.ReferralDate)} ({days} days earlier); "
            + (changed
                ? $"exploitation changed from {Evidence.Types(previous.ExploitationTypes)} to {Evidence.Types(latest.ExploitationTypes)}"
                : $"same exploitation ({Evidence.Types(latest.ExploitationTypes)})");
        return new Finding(Code, severity, evidence, latest.Id.ToString());
    }

    /// <summary>Never: the referrals alone decide, whenever they are judged.</summary>
    public DateTimeOffset? NextChange(RuleContext context) => null;
}
