using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Cases;

/// <summary>
/// Watches a context's saves for the length of one change and notes every flag raised, ended or closed,
/// whichever service did it (rules, matching, merges, a manager's action), so the after-commit hook hears
/// of all of them without each service reporting its own.
/// </summary>
internal sealed class FlagChangeCollector : IDisposable
{
    private readonly CasesDbContext _db;
    private readonly List<FlagChange> _raised = [];
    private readonly List<FlagChange> _ended = [];
    private readonly List<FlagChange> _closed = [];
    private readonly HashSet<Guid> _touched = [];
    private readonly List<Guid> _escalated = [];

    public FlagChangeCollector(CasesDbContext db)
    {
        _db = db;
        _db.SavingChanges += OnSaving;
    }

    public ChildrenChanged Changes(IEnumerable<Guid> childIds)
    {
        var ids = childIds.Concat(_raised.Select(f => f.ChildId)).Concat(_ended.Select(f => f.ChildId)).Concat(_closed.Select(f => f.ChildId))
            .ToHashSet();
        return new ChildrenChanged(ids, _raised.ToList(), _ended.ToList(), _closed.ToList());
    }

    /// <summary>Children any of whose flags was added, changed or removed: their summaries must be worked out again.</summary>
    public IReadOnlyCollection<Guid> TouchedChildIds => _touched;

    /// <summary>
    /// Open flags whose severity rose to High in an update (the sweep's "missing for 24 hours", for one) since last asked:
    /// the trigger flags_notify sees only inserts, so these are told to the outbox by the change itself.
    /// </summary>
    public IReadOnlyList<Guid> TakeEscalatedToHigh()
    {
        var escalated = _escalated.Distinct().ToList();
        _escalated.Clear();
        return escalated;
    }

    /// <summary>Forgets what was seen: the transaction it belonged to was rolled back.</summary>
    public void Forget()
    {
        _escalated.Clear();
        _touched.Clear();
        _raised.Clear();
        _ended.Clear();
        _closed.Clear();
    }

    public void Dispose() => _db.SavingChanges -= OnSaving;

    private void OnSaving(object? sender, SavingChangesEventArgs e)
    {
        // Entries<T>() detects changes first, so the states read here are the ones about to be saved.
        foreach (var entry in _db.ChangeTracker.Entries<Flag>())
        {
            var flag = entry.Entity;
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                _touched.Add(flag.ChildId);
                if (entry.State == EntityState.Modified && entry.Property(f => f.ChildId).OriginalValue is var before && before != flag.ChildId)
                {
                    _touched.Add(before);
                }
            }

            var change = new FlagChange(flag.Id, flag.ChildId, flag.RuleCode, flag.Severity);
            if (entry.State == EntityState.Added)
            {
                _raised.Add(change);
            }
            else if (entry.State == EntityState.Modified)
            {
                var status = entry.Property(f => f.Status);
                if (status.IsModified && !flag.IsOpen && status.OriginalValue is FlagStatus.Open or FlagStatus.Acknowledged)
                {
                    (flag.IsEnded ? _ended : _closed).Add(change);
                }

                var severity = entry.Property(f => f.Severity);
                if (severity.IsModified && flag.IsOpen && flag.Severity == Severity.High && severity.OriginalValue != Severity.High && flag.RuleCode != Flag.MatchCode)
                {
                    _escalated.Add(flag.Id);
                }
            }
        }
    }
}
