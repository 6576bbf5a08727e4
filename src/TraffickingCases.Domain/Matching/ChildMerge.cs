namespace TraffickingCases.Domain.Matching;

/// <summary>
/// Two records found to be one child, merged: the surviving record took every record, flag and name of the
/// merged one, which now redirects to it. Keeps exactly what moved, so the merge can be undone.
/// </summary>
public sealed class ChildMerge
{
    public const int MaxReasonLength = 2000;

    private ChildMerge()
    {
        SurvivorReference = string.Empty;
        MergedReference = string.Empty;
        Reason = string.Empty;
        ById = string.Empty;
        ByName = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid OrganisationId { get; private set; }

    public Guid SurvivorId { get; private set; }

    public string SurvivorReference { get; private set; }

    public Guid MergedId { get; private set; }

    public string MergedReference { get; private set; }

    public string Reason { get; private set; }

    public string ById { get; private set; }

    public string ByName { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>Referrals, missing episodes, placements, support requests and notes that moved to the survivor.</summary>
    public List<Guid> MovedRecordIds { get; private set; } = [];

    public List<Guid> MovedFlagIds { get; private set; } = [];

    /// <summary>Open flags of the merged record the merge closed because the survivor had an open flag for the same rule.</summary>
    public List<Guid> ClosedFlagIds { get; private set; } = [];

    /// <summary>Names of the merged record added to the survivor's other names.</summary>
    public List<string> AddedNames { get; private set; } = [];

    public DateTimeOffset? UndoneAt { get; private set; }

    public string? UndoneById { get; private set; }

    public string? UndoneByName { get; private set; }

    public string? UndoReason { get; private set; }

    public bool IsUndone => UndoneAt is not null;

    internal static ChildMerge Record(Children.Child survivor, Children.Child merged, string reason, string userId, string userName, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganisationId = survivor.OrganisationId,
        SurvivorId = survivor.Id,
        SurvivorReference = survivor.Reference,
        MergedId = merged.Id,
        MergedReference = merged.Reference,
        Reason = reason,
        ById = userId,
        ByName = userName,
        At = now,
    };

    internal void MarkUndone(string reason, string userId, string userName, DateTimeOffset now)
    {
        UndoneAt = now;
        UndoneById = userId;
        UndoneByName = userName;
        UndoReason = reason;
    }
}
