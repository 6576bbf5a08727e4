using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Infrastructure.Cases;

public sealed partial class ChildChanges
{
    /// <summary>
    /// Runs <paramref name="work"/> for many children in one transaction, then the rules for the children it
    /// changed and matching for those it registered or renamed, commits, and runs the after-commit hooks.
    /// Anything but <see cref="ChangeResult{T}.Saved"/> from the work rolls everything back; so does a
    /// <see cref="DomainValidationException"/> (returned as <see cref="ChangeResult{T}.Invalid"/>).
    /// </summary>
    public async Task<ChangeResult<T>> ChangeManyAsync<T>(Func<ChildBatch, CancellationToken, Task<ChangeResult<T>>> work, CancellationToken ct)
    {
        var batch = new ChildBatch(rules, clock.GetUtcNow());
        db.ChangeTracker.Clear();
        using var collector = new FlagChangeCollector(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        ChangeResult<T> result;
        try
        {
            result = await work(batch, ct);
        }
        catch (DomainValidationException e)
        {
            return Discard<T>(new ChangeResult<T>.Invalid(e.Errors), collector);
        }

        if (result is not ChangeResult<T>.Saved saved)
        {
            return Discard(result, collector);
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Written by someone who did not take the lock; overwrite nothing.
            return Discard<T>(new ChangeResult<T>.Conflict(null), collector);
        }

        db.ChangeTracker.Clear();
        var created = batch.CreatedIds;
        if (batch.ChangedIds.Count > 0)
        {
            // Children the batch created were judged before they were written (ChildBatch.JudgeNewAsync).
            await rules.EvaluateAsync(batch.ChangedIds.Where(id => !created.Contains(id)).ToList(), batch.Now, ct);
            await rules.EvaluateLinkedAsync(batch.HistoryChangedIds, batch.Now, ct);
        }

        if (batch.RematchIds.Count > 0)
        {
            await matches.RaiseForAsync(batch.RematchIds, batch.Now, ct, imported: batch.RematchAsImport);
        }

        // A created child's summary was written with its row; it is worked out again only if its flags changed since
        // (the collector names those children).
        await SummariseAsync(collector, batch.ChangedIds.Concat(batch.RematchIds).Where(id => !created.Contains(id)), ct);
        await transaction.CommitAsync(ct);
        return new ChangeResult<T>.Saved(saved.Value, await AfterCommitAsync(collector, batch.ChangedIds.Concat(batch.RematchIds)));
    }
}
