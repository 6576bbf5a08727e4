using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Children;

/// <summary>Where a child's latest NRM referral stands, as the caseload shows it.</summary>
public enum NrmStage
{
    NoReferral,
    AwaitingReasonableGrounds,
    NegativeReasonableGrounds,
    AwaitingConclusiveGrounds,
    PositiveConclusiveGrounds,
    NegativeConclusiveGrounds,
    Withdrawn,
}

/// <summary>
/// What every list of children shows beside each name: kept on the child's row by the store in the same
/// transaction as the change that alters it, so a list reads one row per child instead of aggregating
/// flags, referrals and episodes per request.
/// </summary>
/// <param name="OpenFlags">Flags waiting for a manager (open or acknowledged), whether or not their condition still holds.</param>
/// <param name="ActiveFlags">Open or acknowledged flags that count towards the risk level (every open flag but RR-00).</param>
/// <param name="HighestSeverity">The highest severity among the active flags; null when there are none.</param>
/// <param name="RiskLevel">The level derived from the active flags (<see cref="RiskLevels.Derive(IEnumerable{ValueTuple{Severity, bool}})"/>), before any manager's override.</param>
/// <param name="Stage">Where the latest referral stands.</param>
/// <param name="MissingNow">Whether a missing episode is open.</param>
/// <param name="Referrals">How many referrals the child has had.</param>
public sealed record CaseSummary(int OpenFlags, int ActiveFlags, Severity? HighestSeverity, Severity RiskLevel, NrmStage Stage, bool MissingNow, int Referrals)
{
    /// <summary>The summary of a child with no referral, no episode and no flag: what a new record starts with.</summary>
    public static readonly CaseSummary Empty = Of([], 0, NrmStage.NoReferral, false, 0);

    public static CaseSummary Of(IReadOnlyCollection<(Severity Severity, bool Live)> active, int openFlags, NrmStage stage, bool missingNow, int referrals) =>
        new(openFlags, active.Count, active.Count == 0 ? null : active.Max(f => f.Severity), RiskLevels.Derive(active),
            stage, missingNow, referrals);

    /// <summary>The stage of the latest referral; <see cref="NrmStage.NoReferral"/> when there is none.</summary>
    public static NrmStage StageOf(DecisionOutcome? reasonableGrounds, DecisionOutcome? conclusiveGrounds, bool withdrawn) =>
        reasonableGrounds switch
        {
            null => NrmStage.NoReferral,
            _ when withdrawn => NrmStage.Withdrawn,
            DecisionOutcome.Pending => NrmStage.AwaitingReasonableGrounds,
            DecisionOutcome.Negative => NrmStage.NegativeReasonableGrounds,
            _ => conclusiveGrounds switch
            {
                DecisionOutcome.Positive => NrmStage.PositiveConclusiveGrounds,
                DecisionOutcome.Negative => NrmStage.NegativeConclusiveGrounds,
                _ => NrmStage.AwaitingConclusiveGrounds,
            },
        };

    /// <summary>The stage of a child's history: its latest referral by referral date.</summary>
    public static NrmStage StageOf(IEnumerable<NrmReferral> referrals) =>
        referrals.OrderByDescending(r => r.ReferralDate).FirstOrDefault() is { } latest
            ? StageOf(latest.RgOutcome, latest.CgOutcome, latest.WithdrawnOn is not null)
            : NrmStage.NoReferral;
}
