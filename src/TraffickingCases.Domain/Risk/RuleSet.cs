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

    /// <summary>
    /// The first instant after <c>context.Now</c> at which any rule's answer changes with time alone (see
    /// <see cref="IRiskRule.NextChange"/>), in UTC; null when no rule's ever does.
    /// </summary>
    public static DateTimeOffset? NextChange(RuleContext context) =>
        All.Select(rule => rule.NextChange(context)).Min(); // Min of nullables skips the nulls

    public static IRiskRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);
}
