using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>Correcting mistakes: a record entered against the wrong child moves to the right one; a record entered in error is marked, never deleted.</summary>
public sealed partial class Child
{
    /// <summary>
    /// Marks one record of the child's history as entered in error, with the reason. It stays on the record, greyed,
    /// and can no longer be changed or moved; the rules and the child's current facts no longer read it.
    /// </summary>
    public void MarkEnteredInError(HistoryRecordKind kind, Guid recordId, string reason, string userId, string userName, DateTimeOffset now)
    {
        switch (kind)
        {
            case HistoryRecordKind.Note:
                Find(_notes, recordId, n => n.Id).MarkEnteredInError(reason, userId, userName, now);
                break;
            default:
                FindRecord(kind, recordId).MarkEnteredInError(reason, userId, userName, now);
                break;
        }

        Touch(now);
    }

    /// <summary>
    /// Moves one record entered against this child to <paramref name="target"/>, the right child of the same organisation.
    /// The record must make sense for the target (a referral before their 18th birthday, an episode that overlaps none of
    /// theirs); otherwise nothing moves and the reason is given against <c>TargetReference</c>.
    /// </summary>
    public void MoveRecordTo(Child target, HistoryRecordKind kind, Guid recordId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(target);
        const string field = "TargetReference";
        var v = new Validator();
        v.Require(target.Id != Id, field, $"This record is already on {Reference}; enter the reference of the child it belongs to");
        v.Require(target.OrganisationId == OrganisationId, field, $"No child of your organisation has the reference {target.Reference}");
        v.Require(!target.IsMerged, field, $"{target.Reference} was merged into another record of the same child; enter that record's reference");
        v.Require(!IsMerged, field, "This record was merged into another one; move records from the record it was merged into");
        v.ThrowIfAny();

        switch (kind)
        {
            case HistoryRecordKind.Note:
                if (Find(_notes, recordId, n => n.Id).IsEnteredInError)
                {
                    throw EnteredInErrorMark.Unchangeable();
                }

                Take(this, target, kind, recordId);
                break;
            default:
                var record = FindRecord(kind, recordId);
                record.EnsureChangeable();
                try
                {
                    // The record's own checks, against the child it moves to: nothing is changed if they fail.
                    CheckFor(target, record, now);
                }
                catch (DomainValidationException e)
                {
                    throw new DomainValidationException(e.Errors.Select(error => new ValidationError(field,
                        $"This {HistoryRecordKinds.Noun(kind)} cannot be moved to {target.Reference}: {Lower(error.Message)}")).Take(1).ToList());
                }

                Take(this, target, kind, recordId);
                break;
        }

        Touch(now);
        target.Touch(now);
    }

    /// <summary>The longest a manager may set the next supervision review ahead: a quarter (three months).</summary>
    public const int MaxSupervisionReviewDays = 92;

    /// <summary>
    /// A manager records the case's supervision: what was discussed and decided, and the date of the next review, which must be in
    /// the future and within three months (supervision policies commonly look at a child's case at least quarterly; RR-20 flags the
    /// review once that date has passed). The child keeps the latest review date.
    /// </summary>
    public SupervisionNote RecordSupervision(string text, DateOnly? nextReviewOn, string authorId, string authorName, DateTimeOffset now)
    {
        var today = UkCalendar.DateOf(now);
        var v = new Validator();
        var trimmed = (text ?? string.Empty).Trim();
        v.Require(trimmed.Length > 0, "Text", "Enter what was discussed and decided in supervision");
        v.MaxLength(trimmed, SupervisionNote.MaxLength, "Text", "The supervision note");
        v.Require(nextReviewOn is not null, "NextReviewOn", "Enter the date of the next supervision review");
        v.Require(nextReviewOn is null || nextReviewOn > today, "NextReviewOn", "The next review date must be in the future");
        v.Require(nextReviewOn is null || nextReviewOn <= today.AddDays(MaxSupervisionReviewDays), "NextReviewOn",
            $"The next review date must be within {MaxSupervisionReviewDays} days (three months)");
        v.Require(!IsMerged, "Text", "This record was merged into another one; record supervision on the record it was merged into");
        v.ThrowIfAny();
        var note = new SupervisionNote(Id, trimmed, nextReviewOn!.Value, authorId, authorName, now);
        SupervisionReviewOn = note.NextReviewOn;
        Touch(now);
        return note;
    }

    private ChildHistoryRecord FindRecord(HistoryRecordKind kind, Guid recordId) => kind switch
    {
        HistoryRecordKind.Referral => Find(_referrals, recordId, r => r.Id),
        HistoryRecordKind.MissingEpisode => Find(_missingEpisodes, recordId, e => e.Id),
        HistoryRecordKind.Placement => Find(_placements, recordId, p => p.Id),
        HistoryRecordKind.SupportRequest => Find(_supportRequests, recordId, s => s.Id),
        HistoryRecordKind.Note => throw new ArgumentOutOfRangeException(nameof(kind), "A note is not a history record"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void CheckFor(Child target, ChildHistoryRecord record, DateTimeOffset now)
    {
        // Each check runs on a copy made for the target, so the record itself is not touched.
        switch (record)
        {
            case NrmReferral r:
                _ = new NrmReferral(target.Id, r.ToDetails(), target, now);
                break;
            case MissingEpisode e:
                _ = new MissingEpisode(target.Id, e.ToDetails(), target, now);
                break;
            case Placement p:
                _ = new Placement(target.Id, p.ToDetails(), target, now);
                break;
            case SupportRequest s:
                _ = new SupportRequest(target.Id, s.ToDetails(), target, now);
                break;
        }
    }

    private static void Take(Child from, Child to, HistoryRecordKind kind, Guid recordId)
    {
        var ids = new HashSet<Guid> { recordId };
        switch (kind)
        {
            case HistoryRecordKind.Referral:
                Take(from._referrals, to._referrals, ids, r => r.Id, r => r.MoveTo(to.Id));
                break;
            case HistoryRecordKind.MissingEpisode:
                Take(from._missingEpisodes, to._missingEpisodes, ids, e => e.Id, e => e.MoveTo(to.Id));
                break;
            case HistoryRecordKind.Placement:
                Take(from._placements, to._placements, ids, p => p.Id, p => p.MoveTo(to.Id));
                break;
            case HistoryRecordKind.SupportRequest:
                Take(from._supportRequests, to._supportRequests, ids, s => s.Id, s => s.MoveTo(to.Id));
                break;
            case HistoryRecordKind.Note:
                Take(from._notes, to._notes, ids, n => n.Id, n => n.MoveTo(to.Id));
                break;
        }
    }

    private static string Lower(string message) =>
        message.Length > 1 && char.IsUpper(message[0]) && !char.IsUpper(message[1]) ? char.ToLowerInvariant(message[0]) + message[1..] : message;
}
