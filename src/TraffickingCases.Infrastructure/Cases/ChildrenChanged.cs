using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Infrastructure.Cases;

/// <summary>A flag that a committed change raised, ended or closed.</summary>
public sealed record FlagChange(Guid FlagId, Guid ChildId, string RuleCode, Severity Severity);

/// <summary>
/// What one committed change did: the children it changed, the flags it raised (a raised RR-00 flag is a
/// possible match found), the flags whose lifetime ended, and the flags a person closed.
/// </summary>
public sealed record ChildrenChanged(
    IReadOnlyCollection<Guid> ChildIds,
    IReadOnlyList<FlagChange> FlagsRaised,
    IReadOnlyList<FlagChange> FlagsEnded,
    IReadOnlyList<FlagChange> FlagsClosed)
{
    public static readonly ChildrenChanged Nothing = new([], [], [], []);

    /// <summary>Pairs of records that may be the same child, found by this change (one RR-00 flag on each record).</summary>
    public IEnumerable<FlagChange> PossibleMatches => FlagsRaised.Where(f => f.RuleCode == Flag.MatchCode);
}

/// <summary>
/// Runs after a change to children has committed, with what it changed: the one place to hang work that must
/// only happen for a change that stuck (notifications, measurements). A hook that fails is logged; the
/// change stays committed.
/// </summary>
public interface IChildChangeHook
{
    Task AfterCommitAsync(ChildrenChanged changed, CancellationToken ct);
}
