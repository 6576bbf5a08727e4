using TraffickingCases.Domain.Risk.Rules;

namespace TraffickingCases.Domain.Risk;

/// <summary>Every rule, in code order, and the one way a child's findings are worked out.</summary>
public static class RuleSet
{
    public static readonly IReadOnlyList<IRiskRule> All =
    [
        new RepeatReferralRule(), new MissingDuringOpenCaseRule(), new RepeatedMissingRule(), new MissingNowRule(),
        new ReturnInterviewOverdueRule(), new ReasonableGroundsOverdueRule(), new SupportWaitingRule(), new RiskyPlacementRule(),
        new NoGuardianRule(), new TurningEighteenRule(), new FutureExploitationConcernRule(), new CriminalExploitationMissingRule(),
    ];

    public static IReadOnlyList<Finding> Evaluate(RuleContext context) =>
        All.Select(rule => rule.Evaluate(context)).OfType<Finding>().ToList();

    // TEMPORARY until the per-rule due times land: every child is due again in 15 minutes.
    public static DateTimeOffset? NextChange(RuleContext context) => context.Now.AddMinutes(15);

    public static IRiskRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);
}
