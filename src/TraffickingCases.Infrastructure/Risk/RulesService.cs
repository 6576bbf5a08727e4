using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Risk;

/// <summary>What an evaluation did.</summary>
public sealed record EvaluationResult(int Evaluated, int Raised, int Cleared)
{
    public static readonly EvaluationResult None = new(0, 0, 0);

    public EvaluationResult Add(EvaluationResult other) => new(Evaluated + other.Evaluated, Raised + other.Raised, Cleared + other.Cleared);
}

/// <summary>
/// Runs the rules for children and brings their stored flags in line, inside the caller's transaction.
/// Each child is locked for the rest of the transaction first (a PostgreSQL transaction-level advisory
/// lock), so two evaluations of one child never run at once and never raise the same flag twice; the
/// unique partial index on open flags is the backstop.
/// </summary>
public sealed class RulesService(CasesDbContext db, RuleThresholds thresholds)
{
    /// <summary>The due time of a child whose flags time alone can never change.</summary>
    public static readonly DateTimeOffset Never = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<Guid, DateTimeOffset?> _dueTimes = [];

    private const int LockClass = 7_270_001;
    private const int LockSlots = 1024;

    /// <summary>Locks children for the current transaction, in slot order so concurrent lockers cannot deadlock.</summary>
    public async Task LockAsync(IEnumerable<Guid> childIds, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Children are locked for a transaction; begin one first.");
        }

        // Children share a fixed number of lock slots, so an import of 100,000 children holds at most
        // LockSlots locks (PostgreSQL's lock table is small); two children in one slot merely wait for each other.
        var ids = childIds.Distinct().ToArray();
        if (ids.Length > 0)
        {
            await db.Database.ExecuteSqlRawAsync(
                $"SELECT pg_advisory_xact_lock({LockClass}, slot) FROM (SELECT DISTINCT abs(hashtext(id::text) % {LockSlots}) AS slot FROM unnest(@p0::uuid[]) AS t(id)) s ORDER BY slot",
                [ids], ct);
        }
    }

    /// <summary>Evaluates a child whose whole history this context tracks (after a form's change); new flags are added to the context.</summary>
    public async Task<EvaluationResult> EvaluateTrackedAsync(Child child, DateTimeOffset now, CancellationToken ct)
    {
        var inIctgArea = await db.Organisations.Where(o => o.Id == child.OrganisationId).Select(o => o.IsInIctgArea).SingleAsync(ct);
        var flags = await db.Flags.Where(f => f.ChildId == child.Id).ToListAsync(ct);
        return Reconcile(child, inIctgArea, flags, now);
    }

    /// <summary>Loads the children's histories and flags set-based, evaluates them, and saves the flags.</summary>
    public async Task<EvaluationResult> EvaluateAsync(IReadOnlyCollection<Guid> childIds, DateTimeOffset now, CancellationToken ct)
    {
        var total = EvaluationResult.None;
        var ictg = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.IsInIctgArea, ct);
        foreach (var batch in childIds.Chunk(1000))
        {
            await LockAsync(batch, ct);
            // Only the flags change: the histories are read, not tracked (every save would scan them otherwise).
            var children = await db.Children.AsNoTracking()
                .Include(c => c.Referrals).Include(c => c.MissingEpisodes).Include(c => c.Placements).Include(c => c.SupportRequests)
                .AsSplitQuery()
                .Where(c => batch.Contains(c.Id))
                .ToListAsync(ct);
            var flags = (await db.Flags.Where(f => batch.Contains(f.ChildId)).ToListAsync(ct)).ToLookup(f => f.ChildId);
            foreach (var child in children)
            {
                total = total.Add(Reconcile(child, ictg.GetValueOrDefault(child.OrganisationId), flags[child.Id].ToList(), now));
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return total;
    }

    /// <summary>
    /// When each child evaluated since the last call can next change with time alone (or <see cref="Never"/>), and forgets
    /// them: the store keeps the time on the child's row, and the sweep looks only at children that are due.
    /// </summary>
    public IReadOnlyDictionary<Guid, DateTimeOffset?> TakeDueTimes()
    {
        var due = new Dictionary<Guid, DateTimeOffset?>(_dueTimes);
        _dueTimes.Clear();
        return due;
    }

    private EvaluationResult Reconcile(Child child, bool inIctgArea, List<Flag> flags, DateTimeOffset now)
    {
        var context = new RuleContext(child, inIctgArea, now, thresholds);
        _dueTimes[child.Id] = RuleSet.NextChange(context) ?? Never;
        var findings = RuleSet.Evaluate(context);
        var result = FlagReconciler.Reconcile(child.Id, findings, flags, now);
        db.Flags.AddRange(result.Raised);
        return new EvaluationResult(1, result.Raised.Count, result.Cleared);
    }
}
