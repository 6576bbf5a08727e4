namespace TraffickingCases.Domain.Children;

/// <summary>
/// A manager's supervision of a child's case: what was discussed and decided, and the date of the next review.
/// The latest note's review date is kept on the child (<see cref="Child.SupervisionReviewOn"/>) for the rules and "My work".
/// </summary>
public sealed class SupervisionNote
{
    public const int MaxLength = 10_000;

    private SupervisionNote()
    {
        Text = string.Empty;
        AuthorId = string.Empty;
        AuthorName = string.Empty;
    }

    internal SupervisionNote(Guid childId, string text, DateOnly nextReviewOn, string authorId, string authorName, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        ChildId = childId;
        Text = text;
        NextReviewOn = nextReviewOn;
        AuthorId = authorId;
        AuthorName = authorName;
        WrittenAt = now;
    }

    public Guid Id { get; private set; }

    public Guid ChildId { get; private set; }

    public string Text { get; private set; }

    public DateOnly NextReviewOn { get; private set; }

    public string AuthorId { get; private set; }

    public string AuthorName { get; private set; }

    public DateTimeOffset WrittenAt { get; private set; }

    /// <summary>A merge (or its undoing) moves the note to another child.</summary>
    internal void MoveTo(Guid childId) => ChildId = childId;
}
