using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Cases;

/// <summary>Who is correcting a record: it must belong to their organisation, and so must the child it moves to.</summary>
public sealed record CorrectionActor(string UserId, string UserName, Guid OrganisationId);

/// <summary>The child a record would move to, as the confirmation shows it: reference and name, nothing more.</summary>
public sealed record MoveTarget(Guid Id, string Reference, string Name);

/// <summary>
/// Correcting mistakes in a child's history, each as one change through <see cref="ChildChanges.ChangeManyAsync{T}"/>:
/// marking a record as entered in error (kept, greyed, read by no rule), and moving a record entered against the wrong
/// child to the right one. A move locks both children (in lock-slot order, so two moves between the same two children
/// cannot deadlock), moves the record, re-runs the rules and the summaries of both in the same transaction, and writes an
/// entry on both children's access logs.
/// </summary>
public sealed class RecordCorrections(CasesDbContext db, ChildChanges changes, AuditTrail audit)
{
    public const string TargetField = "TargetReference";

    /// <summary>The organisation's child with this reference (as typed: spaces and case do not matter), or why there is none to move to.</summary>
    public async Task<(MoveTarget? Target, ValidationError? Error)> FindTargetAsync(Guid organisationId, Guid fromChildId, string? reference, CancellationToken ct)
    {
        var wanted = Normalise(reference);
        if (wanted.Length == 0)
        {
            return (null, new ValidationError(TargetField, "Enter the reference of the child this record belongs to, like TC-000123"));
        }

        // Another organisation's child answers as no child at all: the reference says nothing about who holds it.
        var found = await db.Children.AsNoTracking()
            .Where(c => c.Reference == wanted && c.OrganisationId == organisationId)
            .Select(c => new { c.Id, c.Reference, c.GivenNames, c.FamilyName, c.MergedIntoId })
            .SingleOrDefaultAsync(ct);
        return found switch
        {
            null => (null, new ValidationError(TargetField, $"No child of your organisation has the reference {wanted}")),
            { MergedIntoId: not null } => (null, new ValidationError(TargetField, $"{wanted} was merged into another record of the same child; enter that record's reference")),
            _ when found.Id == fromChildId => (null, new ValidationError(TargetField, $"This record is already on {wanted}; enter the reference of the child it belongs to")),
            _ => (new MoveTarget(found.Id, found.Reference, Child.FullNameOf(found.GivenNames, found.FamilyName)), null),
        };
    }

    /// <summary>Marks one record as entered in error, with the reason; not found when the child or record is not the actor's.</summary>
    public Task<ChangeResult<Child>> MarkEnteredInErrorAsync(
        Guid childId, HistoryRecordKind kind, Guid recordId, string? reason, CorrectionActor actor, CancellationToken ct) =>
        changes.ChangeManyAsync(async (batch, token) =>
        {
            await batch.LockAsync([childId], token);
            var child = await db.Children.OfOrganisation(actor.OrganisationId).WithHistory().SingleOrDefaultAsync(c => c.Id == childId, token);
            if (child is null || !Holds(child, kind, recordId))
            {
                return new ChangeResult<Child>.NotFound();
            }

            child.MarkEnteredInError(kind, recordId, reason ?? string.Empty, actor.UserId, actor.UserName, batch.Now);
            await audit.RecordAsync(new AuditEvent(AuditActions.EnteredInError, EntityName(kind), recordId.ToString(), childId, new
            {
                child.Reference,
                reason = reason?.Trim(),
            }), token);
            batch.Changed([childId]);
            return ChangeResult.Commit(child);
        }, ct);

    /// <summary>
    /// Moves one record from <paramref name="childId"/> to the organisation's child with <paramref name="targetReference"/>.
    /// Not found when the child or the record is not the actor's; invalid (against <see cref="TargetField"/>) when the target
    /// is not a child of theirs or the record cannot belong to it.
    /// </summary>
    public Task<ChangeResult<Child>> MoveAsync(
        Guid childId, HistoryRecordKind kind, Guid recordId, string? targetReference, CorrectionActor actor, CancellationToken ct) =>
        changes.ChangeManyAsync(async (batch, token) =>
        {
            var (target, error) = await FindTargetAsync(actor.OrganisationId, childId, targetReference, token);
            if (target is null)
            {
                throw new DomainValidationException([error!]);
            }

            await batch.LockAsync([childId, target.Id], token);
            var children = await db.Children.WithHistory()
                .Where(c => (c.Id == childId || c.Id == target.Id) && c.OrganisationId == actor.OrganisationId)
                .ToDictionaryAsync(c => c.Id, token);
            if (!children.TryGetValue(childId, out var from) || from.IsMerged || !Holds(from, kind, recordId))
            {
                return new ChangeResult<Child>.NotFound();
            }

            if (!children.TryGetValue(target.Id, out var to))
            {
                // Merged or gone between the look-up and the lock.
                throw new DomainValidationException(TargetField, $"No child of your organisation has the reference {target.Reference}");
            }

            from.MoveRecordTo(to, kind, recordId, batch.Now);
            await audit.RecordAsync(new[] { from, to }.Select(child => new AuditEvent(AuditActions.RecordMoved, EntityName(kind), recordId.ToString(), child.Id, new
            {
                from_child = from.Reference,
                to_child = to.Reference,
            })), token);
            batch.Changed([childId, target.Id]);
            return ChangeResult.Commit(to);
        }, ct);

    /// <summary>The audit trail's name for a kind of record, as its entity's automatic entries use.</summary>
    public static string EntityName(HistoryRecordKind kind) => AuditInterceptor.EntityName(kind switch
    {
        HistoryRecordKind.Referral => typeof(NrmReferral),
        HistoryRecordKind.MissingEpisode => typeof(MissingEpisode),
        HistoryRecordKind.Placement => typeof(Placement),
        HistoryRecordKind.SupportRequest => typeof(SupportRequest),
        HistoryRecordKind.Note => typeof(CaseNote),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    });

    private static bool Holds(Child child, HistoryRecordKind kind, Guid recordId) => kind switch
    {
        HistoryRecordKind.Referral => child.Referrals.Any(r => r.Id == recordId),
        HistoryRecordKind.MissingEpisode => child.MissingEpisodes.Any(e => e.Id == recordId),
        HistoryRecordKind.Placement => child.Placements.Any(p => p.Id == recordId),
        HistoryRecordKind.SupportRequest => child.SupportRequests.Any(s => s.Id == recordId),
        HistoryRecordKind.Note => child.Notes.Any(n => n.Id == recordId),
        _ => false,
    };

    private static string Normalise(string? reference) => (reference ?? string.Empty).Trim().ToUpperInvariant();
}

/// <summary>A manager's supervision of a child's case, saved with the flags it ends (RR-20) in one change.</summary>
public sealed class CaseSupervision(CasesDbContext db, ChildChanges changes)
{
    /// <summary>Records a supervision note and the next review date; not found when the child is not the organisation's.</summary>
    public Task<ChangeResult<SupervisionNote>> RecordAsync(
        Guid organisationId, Guid childId, string? text, DateOnly? nextReviewOn, string userId, string userName, CancellationToken ct) =>
        changes.ChangeAsync(organisationId, childId, (child, now) =>
        {
            var note = child.RecordSupervision(text ?? string.Empty, nextReviewOn, userId, userName, now);
            db.SupervisionNotes.Add(note);
            return note;
        }, null, ct);

    /// <summary>The child's supervision notes, newest first (index on child and time written).</summary>
    public Task<List<SupervisionNote>> NotesAsync(Guid childId, CancellationToken ct) =>
        db.SupervisionNotes.AsNoTracking().Where(n => n.ChildId == childId).OrderByDescending(n => n.WrittenAt).ToListAsync(ct);
}
