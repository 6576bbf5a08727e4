using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>Who is merging: the records must belong to their organisation.</summary>
public sealed record MergeActor(string UserId, string UserName, Guid OrganisationId);

/// <summary>
/// Merges two records of one child and undoes merges, each in one transaction: both children locked, the
/// domain's <see cref="ChildMerger"/> applied, the rules re-run on both records (a merge that brings two
/// referrals together raises RR-01) and the survivor, with its new names, matched again.
/// </summary>
public sealed class MergeService(CasesDbContext db, RulesService rules, MatchFlagger matches, AuditTrail audit)
{
    /// <summary>Merges <paramref name="mergedId"/> into <paramref name="survivorId"/>; null when either is not the actor's.</summary>
    public async Task<ChildMerge?> MergeAsync(Guid survivorId, Guid mergedId, string reason, MergeActor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await rules.LockAsync([survivorId, mergedId], ct);
        var children = await LoadAsync([survivorId, mergedId], actor, ct);
        if (!children.TryGetValue(survivorId, out var survivor) || !children.TryGetValue(mergedId, out var merged))
        {
            return null;
        }

        var flags = await db.Flags.Where(f => f.ChildId == survivorId || f.ChildId == mergedId).ToListAsync(ct);
        var merge = ChildMerger.Merge(survivor, merged, flags.Where(f => f.ChildId == survivorId).ToList(),
            flags.Where(f => f.ChildId == mergedId).ToList(), reason, actor.UserId, actor.UserName, now);
        db.ChildMerges.Add(merge);
        await RecordAsync(AuditActions.Merged, merge, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await rules.EvaluateAsync([survivorId, mergedId], now, ct);
        await matches.RaiseForAsync([survivorId], now, ct);
        await transaction.CommitAsync(ct);
        return merge;
    }

    /// <summary>Undoes a merge; null when the merge is not the actor's organisation's.</summary>
    public async Task<ChildMerge?> UndoAsync(Guid mergeId, string reason, MergeActor actor, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var merge = await db.ChildMerges.SingleOrDefaultAsync(m => m.Id == mergeId && m.OrganisationId == actor.OrganisationId, ct);
        if (merge is null)
        {
            return null;
        }

        await rules.LockAsync([merge.SurvivorId, merge.MergedId], ct);
        var children = await LoadAsync([merge.SurvivorId, merge.MergedId], actor, ct);
        if (!children.TryGetValue(merge.SurvivorId, out var survivor) || !children.TryGetValue(merge.MergedId, out var merged))
        {
            return null;
        }

        var survivorFlags = await db.Flags.Where(f => f.ChildId == merge.SurvivorId).ToListAsync(ct);
        var raised = ChildMerger.Undo(merge, survivor, merged, survivorFlags, reason, actor.UserId, actor.UserName, now);
        db.Flags.AddRange(raised);
        await RecordAsync(AuditActions.Unmerged, merge, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await rules.EvaluateAsync([merge.SurvivorId, merge.MergedId], now, ct);
        await transaction.CommitAsync(ct);
        return merge;
    }

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

    private Task<Dictionary<Guid, Child>> LoadAsync(Guid[] ids, MergeActor actor, CancellationToken ct) =>
        db.Children
            .Include(c => c.Referrals).Include(c => c.MissingEpisodes).Include(c => c.Placements)
            .Include(c => c.SupportRequests).Include(c => c.Notes)
            .AsSplitQuery()
            .Where(c => ids.Contains(c.Id) && c.OrganisationId == actor.OrganisationId)
            .ToDictionaryAsync(c => c.Id, ct);
}
