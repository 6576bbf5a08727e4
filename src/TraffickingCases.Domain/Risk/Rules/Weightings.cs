using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>A rule that raises no flag of its own but weighs on other rules' findings (RR-11, RR-12).</summary>
public interface IRuleWeighting
{
    string Code { get; }

    string Title { get; }

    /// <summary>What it changes, e.g. "raises RR-03 to high".</summary>
    string Effect { get; }

    string Rationale { get; }

    string Source { get; }

    string Thresholds(RuleThresholds thresholds);

    IReadOnlyList<Finding> Apply(RuleContext context, IReadOnlyList<Finding> findings);

    /// <summary>When the weighting's answer changes with time alone (an age reached, a referral ageing out); null when never.</summary>
    DateTimeOffset? NextChange(RuleContext context);
}

/// <summary>
/// RR-11: the referral's "could be exploited again" concern, while the referral is recent or its case open, weighs on the
/// other findings: with two or more medium or high findings, at least one of them live, the live medium ones become high;
/// every live finding notes the concern.
/// </summary>
public sealed class FutureExploitationConcernWeighting : IRuleWeighting
{
    public string Code => "RR-11";

    public string Title => "Referral records a concern of future exploitation";

    public string Effect =>
        "With two or more medium or high flags, one of them a live indicator, raises the live medium flags to high; adds the concern to every live flag's evidence";

    public string Rationale =>
        "The NRM referral form asks whether the child could be exploited again; the first responder's yes is context for the live signs, not a warning on its own. Scoring tools weigh signs together in the same way (SERAF adds points for each indicator present).";

    public string Source => "Home Office NRM digital referral form (question on future exploitation); SERAF risk assessment (scoring of indicators together)";

    public string Thresholds(RuleThresholds t) => $"a referral in the last {t.RepeatReferralHighWithinDays} days, or one whose case is open";

    public IReadOnlyList<Finding> Apply(RuleContext context, IReadOnlyList<Finding> findings)
    {
        var referral = Concern(context);
        if (referral is null || !findings.Any(f => f.Live))
        {
            return findings;
        }

        var note = $"; the referral of {Evidence.Date(referral.ReferralDate)} records a concern the child could be exploited again";
        var weighed = findings.Count(f => f.Severity >= Severity.Medium) >= 2 && findings.Any(f => f.Live && f.Severity >= Severity.Medium);
        return findings.Select(f => !f.Live ? f
            : weighed && f.Severity == Severity.Medium ? f with { Severity = Severity.High, Evidence = f.Evidence + note + " (RR-11: high with the other flags)" }
            : f with { Evidence = f.Evidence + note }).ToList();
    }

    public DateTimeOffset? NextChange(RuleContext context) =>
        Concern(context) is { } referral && !referral.IsOpen
            ? ChangeTimes.From(referral.ReferralDate.AddDays(context.Thresholds.RepeatReferralHighWithinDays + 1))
            : null;

    private static NrmReferral? Concern(RuleContext context) =>
        context.Referrals.OrderByDescending(r => r.ReferralDate).ThenByDescending(r => r.CreatedAt).FirstOrDefault() is { FutureExploitationConcern: true } latest
        && (latest.IsOpen || latest.ReferralDate.AddDays(context.Thresholds.RepeatReferralHighWithinDays) >= context.Today)
            ? latest
            : null;
}

/// <summary>RR-12: criminal exploitation or county lines at 15–17 raises missing findings (RR-02, RR-03) to high.</summary>
public sealed class CriminalExploitationWeighting : IRuleWeighting
{
    public string Code => "RR-12";

    public string Title => "Criminal exploitation at 15–17";

    public string Effect => "Raises RR-02 and RR-03 to high and says why";

    public string Rationale => "Criminal exploitation and county lines, being 15–17 and going missing are each published risk factors for re-trafficking; together they make a missing child's risk higher. No validated predictor exists: this is a sign, not a score.";

    public string Source => "Home Office 2023 NRM statistics (criminal exploitation is the largest group of child referrals); IASC and Rights Lab (2021) on the absence of a validated predictor";

    public string Thresholds(RuleThresholds t) => $"aged {t.CriminalExploitationMinimumAge}–17";

    public IReadOnlyList<Finding> Apply(RuleContext context, IReadOnlyList<Finding> findings)
    {
        if (context.Age is not { } age || age < context.Thresholds.CriminalExploitationMinimumAge || age > 17)
        {
            return findings;
        }

        var criminal = context.Referrals
            .Where(r => r.ExploitationTypes.HasFlag(ExploitationTypes.Criminal) || r.CountyLines)
            .OrderByDescending(r => r.ReferralDate)
            .FirstOrDefault();
        if (criminal is null)
        {
            return findings;
        }

        var note = $"; aged {age} with {(criminal.CountyLines ? "county lines" : "criminal exploitation")} on the referral of {Evidence.Date(criminal.ReferralDate)} (RR-12)";
        return findings.Select(f => f.Code is "RR-02" or "RR-03" ? f with { Severity = Severity.High, Evidence = f.Evidence + note } : f).ToList();
    }

    public DateTimeOffset? NextChange(RuleContext context) =>
        context.Child.DateOfBirth is { } dob && context.Referrals.Any(r => r.ExploitationTypes.HasFlag(ExploitationTypes.Criminal) || r.CountyLines)
            ? new[] { ChangeTimes.Aged(dob, context.Thresholds.CriminalExploitationMinimumAge), ChangeTimes.Aged(dob, 18) }.Where(t => t > context.Now).Order().Cast<DateTimeOffset?>().FirstOrDefault()
            : null;
}
