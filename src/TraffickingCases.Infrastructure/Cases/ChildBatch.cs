using TraffickingCases.Domain.Children;
using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Infrastructure.Cases;

/// <summary>
/// A change to many children in one transaction (an import, a merge, a sweep batch): the work locks the
/// children it reads, changes them, and says which children changed (the rules run on them) and which may
/// now match another record (matching runs for them). <see cref="ChildChanges.ChangeManyAsync{T}"/> does the rest.
/// </summary>
public sealed class ChildBatch
{
    private readonly RulesService _rules;
    private readonly HashSet<Guid> _changed = [];
    private readonly HashSet<Guid> _timeChanged = [];
    private readonly HashSet<Guid> _rematch = [];
    private readonly HashSet<Guid> _locked = [];
    private readonly HashSet<Guid> _created = [];

    internal ChildBatch(RulesService rules, DateTimeOffset now)
    {
        _rules = rules;
        Now = now;
    }

    /// <summary>The one time the whole batch is stamped with.</summary>
    public DateTimeOffset Now { get; }

    internal IReadOnlyCollection<Guid> ChangedIds => _changed;

    /// <summary>
    /// The children whose histories changed (not those only judged again as time passed, nor those just created, which no
    /// record can be linked to yet): their linked records are judged too.
    /// </summary>
    internal IReadOnlyCollection<Guid> HistoryChangedIds => _changed.Except(_timeChanged).Except(_created).ToList();

    internal IReadOnlyCollection<Guid> RematchIds => _rematch;

    /// <summary>Children this batch created, judged before they were written and written with their summaries.</summary>
    internal IReadOnlyCollection<Guid> CreatedIds => _created;

    /// <summary>Locks children for the rest of the transaction; read their histories after this, never before.</summary>
    public async Task LockAsync(IEnumerable<Guid> childIds, CancellationToken ct)
    {
        var ids = childIds.Where(id => !_locked.Contains(id)).Distinct().ToList();
        if (ids.Count > 0)
        {
            await _rules.LockAsync(ids, ct);
            _locked.UnionWith(ids);
        }
    }

    /// <summary>These children's histories changed: the rules run on them before the commit.</summary>
    public void Changed(IEnumerable<Guid> childIds) => _changed.UnionWith(childIds);

    /// <summary>
    /// Nothing recorded changed, but time may have changed these children's findings (the sweep): the rules run on them; the
    /// records linked to them need not be judged again, since nothing they can see changed.
    /// </summary>
    public void TimePassed(IEnumerable<Guid> childIds)
    {
        var ids = childIds.ToList();
        _changed.UnionWith(ids);
        _timeChanged.UnionWith(ids);
    }

    /// <summary>
    /// Judges children this batch is about to create (an import's COPY), which have no history, flags or links yet, with the
    /// rules as they are in memory, before they are written. The flags raised wait in the context and are saved after the work,
    /// once the children's rows exist. Write each child's summary and due time with its row
    /// (<see cref="ChildSummaries.ColumnsOfNew"/>): only those whose flags change later in the batch (RR-00, the rules' own
    /// flags) are summarised again before the commit.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, NewChildJudgement>> JudgeNewAsync(IReadOnlyList<Child> children, CancellationToken ct)
    {
        var judged = await _rules.JudgeNewAsync(children, Now, ct);
        _created.UnionWith(children.Select(c => c.Id));
        _changed.UnionWith(children.Select(c => c.Id));
        return judged;
    }

    /// <summary>These children are new or their names changed: look for other records of the same child before the commit.</summary>
    public void Rematch(IEnumerable<Guid> childIds) => _rematch.UnionWith(childIds);

    /// <summary>Children an import brought in, matched with the import's prior (Matching:ImportRegisteredShare).</summary>
    public void RematchImported(IEnumerable<Guid> childIds)
    {
        _rematch.UnionWith(childIds);
        RematchAsImport = true;
    }

    /// <summary>Whether the children to match again came from an import.</summary>
    internal bool RematchAsImport { get; private set; }
}
