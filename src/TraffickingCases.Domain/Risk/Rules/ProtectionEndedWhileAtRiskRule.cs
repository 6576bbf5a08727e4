using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-18: a negative decision or a withdrawal came while signs of risk remain (recent missing, disclosures, the future-exploitation concern).</summary>
public sealed class ProtectionEndedWhileAtRiskRule : IRiskRule
{
    public string Code => "RR-18";

    public string Title => "Negative decision or withdrawal while risk indicators remain";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) => $"{t.RecentEventDays} days from the decision or withdrawal";

    public string Rationale =>
        "A negative decision or a withdrawn case ends the NRM's recognition, not the risk: a child who went missing recently, disclosed concerns, or was thought likely to be exploited again still needs the local authority's protection, which is its duty whatever the decision.";

    public string Source => "Home Office, Modern Slavery: statutory guidance for England and Wales (children's support is the local authority's duty whatever the NRM decision); practitioner review of the rules, 2026-12";

    public string Thresholds(RuleThresholds t) => $"missing or concerns within {t.RecentEventDays} days before the decision or since; flagged for {t.RecentEventDays} days";

    public Finding? Evaluate(RuleContext context)
    {
        var (referral, on, what) = Ended(context);
        if (referral is null || context.Today > on.AddDays(context.Thresholds.RecentEventDays))
        {
            return null;
        }

        var signs = Signs(context, referral, on);
        if (signs.Count == 0)
        {
            return null;
        }

        return new Finding(Code, Severity.Medium,
            $"{what} on {Evidence.Date(on)} for the referral of {Evidence.Date(referral.ReferralDate)} while {string.Join(", ", signs)}",
            $"{referral.Id}:{on.DayNumber}");
    }

    public string EndReason(RuleContext context, string occurrenceKey) =>
        Ended(context) is ({ } referral, var on, _) && $"{referral.Id}:{on.DayNumber}" != occurrenceKey
            ? "A later decision raised its own flag, or the decision changed"
            : $"Older than {context.Thresholds.RecentEventDays} days, or the decision changed";

    /// <summary>When the days after the decision are over, and when an episode begins (going missing is a sign of risk).</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var (referral, on, _) = Ended(context);
        return referral is null
            ? null
            : ChangeTimes.First(this, context,
                context.MissingEpisodes.Select(e => e.WentMissingAt).Append(ChangeTimes.From(on.AddDays(context.Thresholds.RecentEventDays + 1))));
    }

    private static (NrmReferral? Referral, DateOnly On, string What) Ended(RuleContext context)
    {
        var latest = context.Referrals.OrderByDescending(r => r.ReferralDate).ThenByDescending(r => r.CreatedAt).FirstOrDefault();
        return latest switch
        {
            { WithdrawnOn: { } on, Suspended: var s } => (latest, on, s ? "Case suspended" : "Case withdrawn"),
            { CgOutcome: DecisionOutcome.Negative, CgDecisionDate: { } cg } => (latest, cg, "Negative Conclusive Grounds decision"),
            { RgOutcome: DecisionOutcome.Negative, RgDecisionDate: { } rg } => (latest, rg, "Negative Reasonable Grounds decision"),
            _ => (null, default, string.Empty),
        };
    }

    private static List<string> Signs(RuleContext context, NrmReferral referral, DateOnly on)
    {
        var since = UkCalendar.StartOf(on.AddDays(-context.Thresholds.RecentEventDays));
        var episodes = context.MissingEpisodes.Where(e => e.WentMissingAt >= since && e.WentMissingAt <= context.Now).ToList();
        var signs = new List<string>();
        if (episodes.Any(e => e.ReturnedAt is null))
        {
            signs.Add("the child is missing");
        }
        else if (episodes.Count > 0)
        {
            signs.Add($"the child went missing {Evidence.Time(episodes.Max(e => e.WentMissingAt))}");
        }

        if (episodes.Any(e => e.Concerns is not null))
        {
            signs.Add("concerns were recorded after an episode");
        }

        if (referral.FutureExploitationConcern)
        {
            signs.Add("the referral records a concern of future exploitation");
        }

        return signs;
    }
}
