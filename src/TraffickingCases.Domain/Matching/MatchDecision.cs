using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Matching;

public enum MatchDecisionKind
{
    /// <summary>A manager decided the two records are different children: the pair never alerts again.</summary>
    NotSame,

    /// <summary>The same child, recorded by another organisation too: the records stay apart and are linked.</summary>
    SameHeldElsewhere,
}

/// <summary>
/// A manager's decision about a pair the matcher suggested, other than a merge (a merge is a
/// <see cref="ChildMerge"/>). The pair is stored with the smaller id first, so either order finds it.
/// </summary>
public sealed class MatchDecision
{
    public const int MaxReasonLength = 2000;

    private MatchDecision()
    {
        Reason = string.Empty;
        DecidedById = string.Empty;
        DecidedByName = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ChildAId { get; private set; }

    public Guid ChildBId { get; private set; }

    public MatchDecisionKind Kind { get; private set; }

    /// <summary>The deciding manager's organisation: across organisations each decides for its own record.</summary>
    public Guid OrganisationId { get; private set; }

    public string Reason { get; private set; }

    public string DecidedById { get; private set; }

    public string DecidedByName { get; private set; }

    public DateTimeOffset DecidedAt { get; private set; }

    public static MatchDecision Decide(Guid childId, Guid otherChildId, MatchDecisionKind kind, Guid organisationId, string reason,
        string userId, string userName, DateTimeOffset now)
    {
        var v = new Validator();
        var text = (reason ?? string.Empty).Trim();
        v.Require(childId != otherChildId, "Pair", "A record cannot be compared with itself");
        v.Require(Enum.IsDefined(kind), "Kind", "Choose a decision");
        v.Require(text.Length > 0, "Reason", kind == MatchDecisionKind.NotSame
            ? "Enter why these are not the same child"
            : "Enter why these are the same child");
        v.MaxLength(text, MaxReasonLength, "Reason", "The reason");
        v.ThrowIfAny();
        var (a, b) = Ordered(childId, otherChildId);
        return new MatchDecision
        {
            Id = Guid.CreateVersion7(),
            ChildAId = a,
            ChildBId = b,
            Kind = kind,
            OrganisationId = organisationId,
            Reason = text,
            DecidedById = userId,
            DecidedByName = userName,
            DecidedAt = now,
        };
    }

    /// <summary>The other record of the pair.</summary>
    public Guid Other(Guid childId) => childId == ChildAId ? ChildBId : ChildAId;

    public static (Guid A, Guid B) Ordered(Guid x, Guid y) => x.CompareTo(y) < 0 ? (x, y) : (y, x);
}
