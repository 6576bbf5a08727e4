using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>A caseworker's note on the child's record. Notes are never written to logs.</summary>
public sealed class CaseNote
{
    public const int MaxLength = 10_000;

    private CaseNote()
    {
        Text = string.Empty;
        AuthorId = string.Empty;
        AuthorName = string.Empty;
    }

    internal CaseNote(Guid childId, string text, string authorId, string authorName, DateTimeOffset now)
    {
        var v = new Validator();
        var trimmed = (text ?? string.Empty).Trim();
        v.Require(trimmed.Length > 0, nameof(Text), "Enter the note");
        v.MaxLength(trimmed, MaxLength, nameof(Text), "The note");
        v.ThrowIfAny();
        Id = Guid.CreateVersion7();
        ChildId = childId;
        Text = trimmed;
        AuthorId = authorId;
        AuthorName = authorName;
        WrittenAt = now;
    }

    public Guid Id { get; private set; }

    public Guid ChildId { get; private set; }

    /// <summary>A merge (or its undoing) moves the record to another child.</summary>
    internal void MoveTo(Guid childId) => ChildId = childId;

    public string Text { get; private set; }

    public string AuthorId { get; private set; }

    public string AuthorName { get; private set; }

    public DateTimeOffset WrittenAt { get; private set; }

    /// <summary>When someone marked the note as entered in error: it stays, greyed, and is never deleted.</summary>
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
}
