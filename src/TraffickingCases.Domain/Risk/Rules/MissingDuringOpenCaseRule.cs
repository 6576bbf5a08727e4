using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-02: the child went missing in the last 30 days (a setting) while their NRM case was open, and it is still open.</summary>
public sealed class MissingDuringOpenCaseRule : IRiskRule
{
    public string Code => "RR-02";

    public string Title => "Went missing while an NRM case is open";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText => "High";

    public string Lifetime(RuleThresholds t) => $"While the case is open and the episode began in the last {t.MissingDuringOpenCaseRecentDays} days; a later episode raises a new flag";

    public string Rationale => "Going missing during the NRM process is a sign the child may be back with the people who exploited them; one in three trafficked children in care went missing in 2020.";

    public string Source => "ECPAT UK and Missing People, When Harm Remains (2022); DfE statutory guidance on children who run away or go missing from home or care (2014)";

    public string Thresholds(RuleThresholds t) => $"episodes in the last {t.MissingDuringOpenCaseRecentDays} days";

    public Finding? Evaluate(RuleContext context)
    {
        if (!context.CaseOpen)
        {
            return null;
        }

        var hit = context.MissingEpisodes
            .Where(e => e.WentMissingAt <= context.Now && e.WentMissingAt > context.Now.AddDays(-context.Thresholds.MissingDuringOpenCaseRecentDays))
            .OrderByDescending(e => e.WentMissingAt)
            .Select(e => (Episode: e, Referral: context.Referrals
                .Where(r => WasOpenAt(r, e.WentMissingAt))
                .OrderByDescending(r => r.ReferralDate)
                .FirstOrDefault()))
            .FirstOrDefault(x => x.Referral is not null);
        if (hit.Referral is not { } referral)
        {
            return null;
        }

        var stage = referral.RgDecisionDate is { } rg && rg <= UkCalendar.DateOf(hit.Episode.WentMissingAt)
            ? "positive Reasonable Grounds, Conclusive Grounds pending"
            : "Reasonable Grounds decision pending";
        return new Finding(Code, Severity.High,
            $"Went missing {Evidence.Time(hit.Episode.WentMissingAt)} while the NRM case referred on {Evidence.Date(referral.ReferralDate)} was open ({stage})",
            hit.Episode.Id.ToString());
    }

    public string EndReason(RuleContext context, string occurrenceKey)
    {
        if (!context.CaseOpen)
        {
            return "Case closed";
        }

        var episode = context.MissingEpisodes.FirstOrDefault(e => e.Id.ToString() == occurrenceKey);
        return episode is not null && episode.WentMissingAt <= context.Now.AddDays(-context.Thresholds.MissingDuringOpenCaseRecentDays)
            ? $"Episode older than {context.Thresholds.MissingDuringOpenCaseRecentDays} days"
            : episode is null ? "The episode is no longer on the record" : "A later episode raised its own flag";
    }

    /// <summary>When an episode begins or leaves the recent days.</summary>
    public DateTimeOffset? NextChange(RuleContext context) =>
        context.CaseOpen
            ? ChangeTimes.First(this, context, context.MissingEpisodes.SelectMany(e => new[]
            {
                e.WentMissingAt, e.WentMissingAt.AddDays(context.Thresholds.MissingDuringOpenCaseRecentDays),
            }))
            : null;

    /// <summary>Whether the case was open at that moment, judged from the decision dates as recorded.</summary>
    internal static bool WasOpenAt(NrmReferral referral, DateTimeOffset at)
    {
        var day = UkCalendar.DateOf(at);
        if (referral.ReferralDate > day || (referral.WithdrawnOn is { } withdrawn && withdrawn <= day))
        {
            return false;
        }

        var rgPending = referral.RgDecisionDate is not { } rg || rg > day;
        if (rgPending)
        {
            return true;
        }

        return referral.RgOutcome == DecisionOutcome.Positive && (referral.CgDecisionDate is not { } cg || cg > day);
    }
}
