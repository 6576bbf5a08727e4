using TraffickingCases.Domain.Risk.Rules;

namespace TraffickingCases.Domain.Risk;

/// <summary>Every rule, in code order, the weightings that adjust their findings, and the one way a child's findings are worked out.</summary>
public static class RuleSet
{
    public static readonly IReadOnlyList<IRiskRule> All =
    [
        new RepeatReferralRule(), new MissingDuringOpenCaseRule(), new RepeatedMissingRule(), new MissingNowRule(),
        new ReturnInterviewOverdueRule(), new ReasonableGroundsOverdueRule(), new SupportWaitingRule(), new RiskyPlacementRule(),
        new NoGuardianRule(), new TurningEighteenRule(),
        new MissingAgainRule(), new ReturnInterviewDisclosureRule(), new PlacementInstabilityRule(), new AgeDisputeRule(),
        new AtEighteenWithoutAdultSupportRule(), new ProtectionEndedWhileAtRiskRule(), new LinkedRecordEventRule(),
        new SupervisionReviewOverdueRule(),
    ];

    /// <summary>RR-11 and RR-12: no flag of their own; they weigh on other rules' findings.</summary>
    public static readonly IReadOnlyList<IRuleWeighting> Weightings = [new FutureExploitationConcernWeighting(), new CriminalExploitationWeighting()];

    /// <summary>
    /// Every rule's finding, then RR-12 on the missing findings, the missing findings folded into one flag
    /// (<see cref="MissingFlags"/>), and RR-11 on what is left: it weighs flags as a manager sees them.
    /// </summary>
    public static IReadOnlyList<Finding> Evaluate(RuleContext context)
    {
        IReadOnlyList<Finding> findings = All
            .Select(rule => rule.Evaluate(context) is { } f ? f with { Live = rule.Kind == RuleKind.LiveIndicator } : null)
            .OfType<Finding>()
            .ToList();
        findings = Weightings.OfType<CriminalExploitationWeighting>().Single().Apply(context, findings);
        findings = MissingFlags.Fold(findings);
        findings = Weightings.OfType<FutureExploitationConcernWeighting>().Single().Apply(context, findings);
        return findings.Select(f => f.Evidence.Length > MissingFlags.EvidenceLimit ? f with { Evidence = f.Evidence[..(MissingFlags.EvidenceLimit - 1)] + "…" } : f).ToList();
    }

    /// <summary>
    /// The first instant after <c>context.Now</c> at which any rule's answer changes with time alone (see
    /// <see cref="IRiskRule.NextChange"/>), in UTC; null when no rule's ever does.
    /// </summary>
    public static DateTimeOffset? NextChange(RuleContext context) =>
        All.Select(rule => rule.NextChange(context)).Concat(Weightings.Select(w => w.NextChange(context))).Min(); // Min of nullables skips the nulls

    public static IRiskRule? Find(string code) => All.FirstOrDefault(r => r.Code == code);

    /// <summary>Why a flag for this rule and occurrence has ended; a rule no longer in the set ended with the change of rules.</summary>
    public static string EndReason(RuleContext context, string code, string occurrenceKey)
    {
        if (Find(code) is not { } rule)
        {
            return "Rule changed: this rule no longer raises flags of its own";
        }

        // Still found, but another missing rule now leads the child's one missing flag.
        return rule.Evaluate(context) is { } finding && finding.OccurrenceKey == occurrenceKey && MissingFlags.ShownOn(Evaluate(context), code) is { } lead
            ? $"Now shown on the {lead} flag: {Find(lead)!.Title}"
            : rule.EndReason(context, occurrenceKey);
    }
}
