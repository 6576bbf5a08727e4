using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Infrastructure.Cases;

/// <summary>How a change to one child is checked before it is applied.</summary>
public sealed record ChangeOptions
{
    public static readonly ChangeOptions Default = new();

    /// <summary>True when someone else has changed what the person saw since they opened the form: the change is refused as a conflict.</summary>
    public Func<Child, bool>? ChangedSince { get; init; }

    /// <summary>The change may alter names or the date of birth: look for other records of the same child (RR-00).</summary>
    public bool Rematch { get; init; }
}

/// <summary>
/// The one way children change. Every change runs the same sequence: a transaction; the children's advisory
/// locks, so the rules see every change committed before this one; the history loaded under the locks; the
/// domain's change; the rules; the save; matching where names may have changed; the commit; then the
/// after-commit hooks with what changed. Forms, flag actions, merges, imports and the sweep all come here.
/// </summary>
public sealed partial class ChildChanges(
    CasesDbContext db, RulesService rules, MatchFlagger matches, ChildSummaries summaries, IEnumerable<IChildChangeHook> hooks, TimeProvider clock,
    ILogger<ChildChanges> logger)
{
    /// <summary>
    /// Applies a change to one of the organisation's children and saves it with the flags it raises or clears.
    /// Two saves of two records of one child can deadlock in matching (each holds its own child and wants the
    /// other's); PostgreSQL then ends one. That one, and a change whose connection dropped (the database
    /// restarting), is run again from the start, as long as its commit was not yet sent (ADR 026).
    /// </summary>
    public Task<ChangeResult<T>> ChangeAsync<T>(
        Guid organisationId, Guid childId, Func<Child, DateTimeOffset, T> apply, ChangeOptions? options, CancellationToken ct)
    {
        var guard = new CommitGuard();
        return new ChangeRetryStrategy(db, guard, (attempt, failure) => LogRunAgain(logger, childId, attempt, Innermost(failure).GetType().Name, (Innermost(failure) as PostgresException)?.SqlState))
            .ExecuteAsync(
            options ?? ChangeOptions.Default,
            (_, opts, token) => ChangeOnceAsync(organisationId, childId, apply, opts, guard, token),
            verifySucceeded: null,
            ct);
    }

    private async Task<ChangeResult<T>> ChangeOnceAsync<T>(
        Guid organisationId, Guid childId, Func<Child, DateTimeOffset, T> apply, ChangeOptions options, CommitGuard guard, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        rules.TakeDueTimes(); // nothing left over from an attempt that failed
        using var collector = new FlagChangeCollector(db);
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await rules.LockAsync([childId], ct);
            var child = await db.Children.OfOrganisation(organisationId).WithHistory().SingleOrDefaultAsync(c => c.Id == childId, ct);
            if (child is null)
            {
                return new ChangeResult<T>.NotFound();
            }

            if (options.ChangedSince?.Invoke(child) == true)
            {
                return Discard<T>(new ChangeResult<T>.Conflict(child), collector);
            }

            T value;
            try
            {
                value = apply(child, now);
                await rules.EvaluateTrackedAsync(child, now, ct);
                await db.SaveChangesAsync(ct);
                await rules.EvaluateLinkedAsync([childId], now, ct);
                if (options.Rematch)
                {
                    await matches.RaiseForAsync([childId], now, ct);
                }

                await SummariseAsync(collector, [childId], ct);
                guard.Sending();
                await transaction.CommitAsync(ct);
            }
            catch (DomainValidationException e)
            {
                return Discard<T>(new ChangeResult<T>.Invalid(e.Errors), collector);
            }
            catch (DbUpdateException e) when (IsExternalIdTaken(e))
            {
                return Discard<T>(new ChangeResult<T>.Invalid([ExternalIdTaken]), collector);
            }
            catch (KeyNotFoundException)
            {
                return Discard<T>(new ChangeResult<T>.NotFound(), collector);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Written by someone who did not take the lock: show what is there now, overwrite nothing.
                await transaction.RollbackAsync(ct);
                Reset(collector);
                var current = await db.Children.OfOrganisation(organisationId).WithHistory().AsNoTracking().SingleOrDefaultAsync(c => c.Id == childId, ct);
                return current is null ? new ChangeResult<T>.NotFound() : new ChangeResult<T>.Conflict(current);
            }

            return new ChangeResult<T>.Saved(value, await AfterCommitAsync(collector, [childId]));
        }
    }

    /// <summary>
    /// The domain's errors for a change, without making it: for a form that already failed binding, so the
    /// person sees every problem at once. Nothing is tracked, saved or logged. Null when the child is not the organisation's.
    /// </summary>
    public async Task<IReadOnlyList<ValidationError>?> CheckAsync<T>(
        Guid organisationId, Guid childId, Func<Child, DateTimeOffset, T> apply, CancellationToken ct)
    {
        var child = await db.Children.OfOrganisation(organisationId).WithHistory().AsNoTracking().SingleOrDefaultAsync(c => c.Id == childId, ct);
        if (child is null)
        {
            return null;
        }

        try
        {
            apply(child, clock.GetUtcNow());
            return [];
        }
        catch (DomainValidationException e)
        {
            return e.Errors;
        }
        catch (KeyNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Registers a child in the organisation and looks for other records of the same child.</summary>
    public async Task<ChangeResult<Child>> RegisterAsync(Guid organisationId, ChildDetails details, string? caseworkerId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        using var collector = new FlagChangeCollector(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        Child child;
        try
        {
            child = Child.Register(await db.NextChildReferenceAsync(ct), details, organisationId, caseworkerId, now);
        }
        catch (DomainValidationException e)
        {
            return new ChangeResult<Child>.Invalid(e.Errors);
        }

        db.Children.Add(child);
        try
        {
            await rules.EvaluateTrackedAsync(child, now, ct);
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (IsExternalIdTaken(e))
        {
            return Discard(new ChangeResult<Child>.Invalid([ExternalIdTaken]), collector);
        }

        await matches.RaiseForAsync([child.Id], now, ct);
        await SummariseAsync(collector, [child.Id], ct);
        await transaction.CommitAsync(ct);
        return new ChangeResult<Child>.Saved(child, await AfterCommitAsync(collector, [child.Id]));
    }

    /// <summary>Raises a flag by hand on one of the organisation's children.</summary>
    public async Task<ChangeResult<Flag>> RaiseFlagAsync(Guid organisationId, Guid childId, Func<DateTimeOffset, Flag> raise, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        using var collector = new FlagChangeCollector(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await rules.LockAsync([childId], ct);
        if (!await db.Children.OfOrganisation(organisationId).AnyAsync(c => c.Id == childId, ct))
        {
            return new ChangeResult<Flag>.NotFound();
        }

        Flag flag;
        try
        {
            flag = raise(now);
        }
        catch (DomainValidationException e)
        {
            return new ChangeResult<Flag>.Invalid(e.Errors);
        }

        if (flag.ChildId != childId)
        {
            throw new InvalidOperationException("A flag raised on a child's page belongs to that child.");
        }

        db.Flags.Add(flag);
        await db.SaveChangesAsync(ct);
        await SummariseAsync(collector, [childId], ct);
        await transaction.CommitAsync(ct);
        return new ChangeResult<Flag>.Saved(flag, await AfterCommitAsync(collector, [childId]));
    }

    /// <summary>
    /// A manager's action on flags of the organisation's children (acknowledge, resolve, dismiss). The flags
    /// are read again under their children's locks, so two managers, or a manager and the sweep, never both
    /// close one flag: the second waits, sees it closed and is refused. Every writer of a flag holds its child's
    /// lock, so flags need no row version. All the flags or none.
    /// </summary>
    public async Task<ChangeResult<IReadOnlyList<Flag>>> ActOnFlagsAsync(
        Guid organisationId, IReadOnlyCollection<Guid> flagIds, Action<Flag, DateTimeOffset> act, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        using var collector = new FlagChangeCollector(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var ours = db.Children.OfOrganisation(organisationId);
        var flagsOfOurs = db.Flags.Where(f => flagIds.Contains(f.Id) && ours.Any(c => c.Id == f.ChildId));
        var locked = new HashSet<Guid>();
        List<Flag> flags;
        while (true)
        {
            // A merge may move a flag to another record between reading where it is and locking it: lock that one too.
            var childIds = await flagsOfOurs.Select(f => f.ChildId).Distinct().ToListAsync(ct);
            if (childIds.All(locked.Contains))
            {
                flags = await flagsOfOurs.ToListAsync(ct);
                if (flags.All(f => locked.Contains(f.ChildId)))
                {
                    break;
                }

                db.ChangeTracker.Clear();
                continue;
            }

            await rules.LockAsync(childIds.Where(id => !locked.Contains(id)), ct);
            locked.UnionWith(childIds);
        }

        if (flags.Count != flagIds.Count)
        {
            return new ChangeResult<IReadOnlyList<Flag>>.NotFound();
        }

        var errors = new List<ValidationError>();
        foreach (var flag in flags)
        {
            try
            {
                act(flag, now);
            }
            catch (DomainValidationException e)
            {
                errors.AddRange(e.Errors);
            }
        }

        if (errors.Count > 0)
        {
            return Discard<IReadOnlyList<Flag>>(new ChangeResult<IReadOnlyList<Flag>>.Invalid(errors), collector);
        }

        await db.SaveChangesAsync(ct);
        await SummariseAsync(collector, locked, ct);
        await transaction.CommitAsync(ct);
        return new ChangeResult<IReadOnlyList<Flag>>.Saved(flags, await AfterCommitAsync(collector, locked));
    }

    private ChangeResult<T> Discard<T>(ChangeResult<T> result, FlagChangeCollector collector)
    {
        Reset(collector);
        return result;
    }

    /// <summary>The transaction rolls back as it is disposed; nothing the change touched may be saved by a later call.</summary>
    private void Reset(FlagChangeCollector collector)
    {
        db.ChangeTracker.Clear();
        collector.Forget();
        rules.TakeDueTimes();
    }

    /// <summary>Brings the summaries of the changed children, and of any child whose flags changed, up to date before the commit.</summary>
    private async Task SummariseAsync(FlagChangeCollector collector, IEnumerable<Guid> childIds, CancellationToken ct)
    {
        await Notifications.ChangeSource.EscalatedToHighAsync(db, collector.TakeEscalatedToHigh(), ct);
        await summaries.RefreshAsync(childIds.Concat(collector.TouchedChildIds).ToHashSet(), rules.TakeDueTimes(), ct);
    }

    /// <summary>
    /// Tells the hooks what a committed change did. They run whether or not the request that made the change is
    /// still waiting (it committed), so they are not given its cancellation.
    /// </summary>
    private async Task<ChildrenChanged> AfterCommitAsync(FlagChangeCollector collector, IEnumerable<Guid> childIds)
    {
        var changed = collector.Changes(childIds);
        foreach (var hook in hooks)
        {
            try
            {
                await hook.AfterCommitAsync(changed, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogHookFailed(logger, e, hook.GetType().Name);
            }
        }

        return changed;
    }

    /// <summary>
    /// An external id already on another record, wherever it is: ids are unique across the service, and the message never
    /// says who holds one or anything about that child.
    /// </summary>
    public const string ExternalIdInUse =
        "This external id is already in use on the service. Check it is typed correctly. If it is right, save without it and ask your manager: the record that has it may be this child";

    private static readonly ValidationError ExternalIdTaken = new(nameof(ChildDetails.ExternalId), ExternalIdInUse);

    /// <summary>Two saves gave two children one external id at once: the unique index refused the second.</summary>
    private static bool IsExternalIdTaken(DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique
        && unique.ConstraintName?.Contains("external_id", StringComparison.Ordinal) == true;

    private static Exception Innermost(Exception e) => e.InnerException is { } inner ? Innermost(inner) : e;

    [LoggerMessage(Level = LogLevel.Warning, Message = "A change to child {ChildId} failed before its commit ({ExceptionType} {SqlState}, attempt {Attempt}); running it again")]
    private static partial void LogRunAgain(ILogger logger, Guid childId, int attempt, string exceptionType, string? sqlState);

    [LoggerMessage(Level = LogLevel.Error, Message = "After-commit hook {Hook} failed; the change stays committed")]
    private static partial void LogHookFailed(ILogger logger, Exception exception, string hook);
}
