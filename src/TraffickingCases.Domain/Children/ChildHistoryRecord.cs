namespace TraffickingCases.Domain.Children;

/// <summary>
/// What a record in the child's history (referral, missing episode, placement, support request) shares:
/// its identity, the child it belongs to, and when it was recorded.
/// </summary>
public abstract class ChildHistoryRecord
{
    private protected ChildHistoryRecord()
    {
    }

    private protected ChildHistoryRecord(Guid childId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        ChildId = childId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid ChildId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>A merge (or its undoing) moves the record to another child.</summary>
    internal void MoveTo(Guid childId) => ChildId = childId;

    /// <summary>When someone marked the record as entered in error: it stays, greyed, and no rule reads it.</summary>
    public DateTimeOffset? EnteredInErrorAt { get; private set; }

    public string? EnteredInErrorReason { get; private set; }

    public string? EnteredInErrorById { get; private set; }

    public string? EnteredInErrorByName { get; private set; }

    public bool IsEnteredInError => EnteredInErrorAt is not null;

    internal void MarkEnteredInError(string reason, string userId, string userName, DateTimeOffset now)
    {
        var mark = EnteredInErrorMark.Make(IsEnteredInError, reason, userId, userName, now);
        EnteredInErrorAt = mark.At;
        EnteredInErrorReason = mark.Reason;
        EnteredInErrorById = mark.ById;
        EnteredInErrorByName = mark.ByName;
    }

    /// <summary>Refuses a change to a record marked as entered in error.</summary>
    internal void EnsureChangeable()
    {
        if (IsEnteredInError)
        {
            throw EnteredInErrorMark.Unchangeable();
        }
    }
}
