using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-16: the child's age is disputed, while they may be a child or a case is open.</summary>
public sealed class AgeDisputeRule : IRiskRule
{
    public string Code => "RR-16";

    public string Title => "Age disputed";

    public RuleKind Kind => RuleKind.StaticVulnerability;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) => "While the date of birth is recorded as disputed and the child is under 18 by it, or a case is open";

    public string Rationale =>
        "A child whose age is disputed may be treated as an adult: placed in adult accommodation, without a guardian, outside children's services; an age dispute is a published re-trafficking risk factor.";

    public string Source => "ECPAT UK and Missing People, When Harm Remains (2022); Home Office, Modern Slavery: statutory guidance for England and Wales (age assessment and the presumption of age)";

    public string Thresholds(RuleThresholds t) => "none";

    public Finding? Evaluate(RuleContext context)
    {
        if (context.Child.DobPrecision != DobPrecision.Disputed || (context.Age is >= 18 && !context.CaseOpen))
        {
            return null;
        }

        var recorded = context.Child.DateOfBirth is { } dob ? $"recorded date of birth {Evidence.Date(dob)} (age {context.Age})" : "no date of birth recorded";
        return new Finding(Code, Severity.Medium, $"Age disputed; {recorded}; make sure the child is treated as a child until the dispute is settled", "age-dispute");
    }

    public string EndReason(RuleContext context, string occurrenceKey) =>
        context.Child.DobPrecision != DobPrecision.Disputed ? "Age no longer recorded as disputed" : "18 or over by the recorded date of birth, and no case open";

    public DateTimeOffset? NextChange(RuleContext context) =>
        context.Child.DateOfBirth is { } dob ? ChangeTimes.First(this, context, [ChangeTimes.Aged(dob, 18)]) : null;
}
