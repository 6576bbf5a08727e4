using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-02: the child went missing after a referral, while that NRM case was still open.</summary>
public sealed class MissingDuringOpenCaseRule : IRiskRule
{
    public string Code => "RR-02";

    public string Title => "Went missing while an NRM case was open";

    public string SeverityText => "High";

    public string Rationale => "Going missing during the NRM process is a sign the child may be back with the people who exploited them; one in three trafficked children in care went missing in 2020.";

    public string Source => "ECPAT UK and Missing People, When Harm Remains (2022); docs/domain.md, RR-02";

    public string Thresholds(RuleThresholds t) => "none";

    public Finding? Evaluate(RuleContext context)
    {
        var hit = context.Child.MissingEpisodes
            .OrderByDescending(e => e.WentMissingAt)
            .Select(e => (Episode: e, Referral: context.Child.Referrals
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

    /// <summary>Never: each episode is judged at the moment it began, not at <c>Now</c>.</summary>
    public DateTimeOffset? NextChange(RuleContext context) => null;

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
