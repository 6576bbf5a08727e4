namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>Columns the store keeps that the domain does not: named once for the configurations and the queries that read them.</summary>
public static class ShadowProperties
{
    /// <summary>A child's lower-cased whole name, computed by the database, with a trigram index for "contains" searches.</summary>
    public const string SearchName = "SearchName";

    /// <summary>A flag's position in raising order, the queue's last key when many flags share a raised-at time.</summary>
    public const string FlagSequence = "Sequence";

    /// <summary>A flag's organisation, copied from its child by the database (a trigger), so the queue reads one organisation's flags by index.</summary>
    public const string FlagOrganisation = "OrganisationId";

    // A child's summary (Domain.Children.CaseSummary), kept by ChildSummaries in the transaction of each change.

    /// <summary>Flags waiting for a manager.</summary>
    public const string OpenFlags = "OpenFlags";

    /// <summary>Flags that count towards the risk level.</summary>
    public const string ActiveFlags = "ActiveFlags";

    /// <summary>The highest severity among the active flags, or null.</summary>
    public const string HighestSeverity = "HighestSeverity";

    /// <summary>The risk level derived from the active flags, before any override.</summary>
    public const string RiskLevel = "RiskLevel";

    /// <summary>Where the latest referral stands.</summary>
    public const string NrmStage = "NrmStage";

    /// <summary>Whether an episode is open.</summary>
    public const string MissingNow = "MissingNow";

    /// <summary>How many referrals the child has had.</summary>
    public const string ReferralCount = "ReferralCount";

    /// <summary>
    /// When the child's flags can next change with time alone: the sweep looks only at children due, and at those
    /// never evaluated (null). <see cref="Risk.RulesService.Never"/> when time alone can never change them.
    /// </summary>
    public const string NextDueAt = "NextDueAt";

    /// <summary>
    /// The version of the rules (<see cref="Risk.RulesService.RulesVersion"/>) the child's flags were last evaluated under: the
    /// sweep also looks at children evaluated under older rules, and flags it ends for them say "Rule changed".
    /// </summary>
    public const string RulesVersion = "RulesVersion";
}
