using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>Who is merging: the records must belong to their organisation.</summary>
public sealed record MergeActor(string UserId, string UserName, Guid OrganisationId);

/// <summary>
/// Merges two records of one child and undoes merges, each as one change to both children
/// (<see cref="ChildChanges.ChangeManyAsync{T}"/>): both locked, the domain's <see cref="ChildMerger"/> applied,
/// the rules re-run on both records (a merge that brings two referrals together raises RR-01) and the
/// survivor, with its new names, matched again.
/// </summary>
public sealed class MergeService(CasesDbContext db, ChildChanges changes, AuditTrail audit)
{
    /// <summary>Merges <paramref name="mergedId"/> into <paramref name="survivorId"/>; not found when either is not the actor's.</summary>
    public Task<ChangeResult<ChildMerge>> MergeAsync(Guid survivorId, Guid mergedId, string reason, MergeActor actor, CancellationToken ct) =>
        changes.ChangeManyAsync(async (batch, token) =>
        {
            await batch.LockAsync([survivorId, mergedId], token);
            var children = await LoadAsync([survivorId, mergedId], actor, token);
            if (!children.TryGetValue(survivorId, out var survivor) || !children.TryGetValue(mergedId, out var merged))
            {
                return new ChangeResult<ChildMerge>.NotFound();
            }

            var flags = await db.Flags.Where(f => f.ChildId == survivorId || f.ChildId == mergedId).ToListAsync(token);
            var merge = ChildMerger.Merge(survivor, merged, flags.Where(f => f.ChildId == survivorId).ToList(),
                flags.Where(f => f.ChildId == mergedId).ToList(), reason, actor.UserId, actor.UserName, batch.Now);
            db.ChildMerges.Add(merge);
            await RecordAsync(AuditActions.Merged, merge, token);
            batch.Changed([survivorId, mergedId]);
            batch.Rematch([survivorId]);
            return ChangeResult.Commit(merge);
        }, ct);

    /// <summary>Undoes a merge; not found when the merge is not the actor's organisation's.</summary>
    public Task<ChangeResult<ChildMerge>> UndoAsync(Guid mergeId, string reason, MergeActor actor, CancellationToken ct) =>
        changes.ChangeManyAsync(async (batch, token) =>
        {
            var merge = await db.ChildMerges.SingleOrDefaultAsync(m => m.Id == mergeId && m.OrganisationId == actor.OrganisationId, token);
            if (merge is null)
            {
                return new ChangeResult<ChildMerge>.NotFound();
            }

            await batch.LockAsync([merge.SurvivorId, merge.MergedId], token);
            var children = await LoadAsync([merge.SurvivorId, merge.MergedId], actor, token);
            if (!children.TryGetValue(merge.SurvivorId, out var survivor) || !children.TryGetValue(merge.MergedId, out var merged))
            {
                return new ChangeResult<ChildMerge>.NotFound();
            }

            var survivorFlags = await db.Flags.Where(f => f.ChildId == merge.SurvivorId).ToListAsync(token);
            var raised = ChildMerger.Undo(merge, survivor, merged, survivorFlags, reason, actor.UserId, actor.UserName, batch.Now);
            db.Flags.AddRange(raised);
            await RecordAsync(AuditActions.Unmerged, merge, token);
            batch.Changed([merge.SurvivorId, merge.MergedId]);
            return ChangeResult.Commit(merge);
        }, ct);

    /// <summary>One entry on each child's access log; the moved records appear as their own "updated" entries.</summary>
    private Task RecordAsync(string action, ChildMerge merge, CancellationToken ct) =>
        audit.RecordAsync(new[] { merge.SurvivorId, merge.MergedId }.Select(id => new AuditEvent(action, "ChildMerge", merge.Id.ToString(), id, new
        {
            survivor = merge.SurvivorReference,
            merged = merge.MergedReference,
            reason = action == AuditActions.Merged ? merge.Reason : merge.UndoReason,
            moved_records = merge.MovedRecordIds.Count,
            moved_flags = merge.MovedFlagIds.Count,
        })), ct);

    /// <summary>Both records, tracked, whether or not one is already merged (an undo loads the merged one).</summary>
    private Task<Dictionary<Guid, Child>> LoadAsync(Guid[] ids, MergeActor actor, CancellationToken ct) =>
        db.Children.WithHistory()
            .Where(c => ids.Contains(c.Id) && c.OrganisationId == actor.OrganisationId)
            .ToDictionaryAsync(c => c.Id, ct);
}
