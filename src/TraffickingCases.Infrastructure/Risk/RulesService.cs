using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Risk;

/// <summary>What an evaluation did.</summary>
public sealed record EvaluationResult(int Evaluated, int Raised, int Ended)
{
    public static readonly EvaluationResult None = new(0, 0, 0);

    public EvaluationResult Add(EvaluationResult other) => new(Evaluated + other.Evaluated, Raised + other.Raised, Ended + other.Ended);
}

/// <summary>What the rules made of a child about to be created: the flags raised for it, and when time alone can next change them.</summary>
public sealed record NewChildJudgement(IReadOnlyList<Flag> Raised, DateTimeOffset NextDueAt);

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

    /// <summary>
    /// The version of the rules. Raising it makes the sweep evaluate every child evaluated under an older version; the flags it
    /// ends for them say "Rule changed". 1: issues 3–11; 2: lifetimes, one flag per occurrence, RR-13 to RR-19 (issue 12); 3: the missing rules as one flag, 30-day missing windows,
    /// RR-15 counting moves (issue 12); 4: RR-20 supervision review overdue, and records marked as entered in error read by no rule (issue 14).
    /// </summary>
    public const int RulesVersion = 4;

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
        var version = await db.Children.Where(c => c.Id == child.Id).Select(c => (int?)EF.Property<int>(c, ShadowProperties.RulesVersion)).SingleOrDefaultAsync(ct);
        var linked = await LinkedEvents.LoadAsync(db, [child.Id], ct);
        var result = Reconcile(child, inIctgArea, flags, now, linked[child.Id].ToList(), (version ?? RulesVersion) < RulesVersion);
        if (result.LapsesOverride is { } why)
        {
            child.LapseRiskOverride(why, now);
        }

        return result.Result;
    }

    /// <summary>
    /// Evaluates the children linked to these (confirmed as the same child held by another organisation) that are not among
    /// them: an episode or a referral here may raise RR-19 there.
    /// </summary>
    public async Task<EvaluationResult> EvaluateLinkedAsync(IReadOnlyCollection<Guid> childIds, DateTimeOffset now, CancellationToken ct)
    {
        var linked = (await LinkedEvents.LinkedChildrenAsync(db, childIds, ct)).Where(id => !childIds.Contains(id)).ToList();
        return linked.Count == 0 ? EvaluationResult.None : await EvaluateAsync(linked, now, ct);
    }

    /// <summary>
    /// Judges children an import is about to create (before its COPY) as they are in memory: no history, no flags, no links and
    /// no earlier rules version can exist for them yet, and no one else can see them until the commit, so nothing is loaded or
    /// locked. The same reconciliation as <see cref="EvaluateAsync"/>. The flags raised are added to the context (a few in a
    /// hundred new children), for the caller to save once the children are written; each child's raised flags and due time come
    /// back, so its summary can be written with its row.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, NewChildJudgement>> JudgeNewAsync(IReadOnlyList<Child> children, DateTimeOffset now, CancellationToken ct)
    {
        var judged = new Dictionary<Guid, NewChildJudgement>(children.Count);
        if (children.Count == 0)
        {
            return judged;
        }

        var ictg = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.IsInIctgArea, ct);
        foreach (var child in children)
        {
            var outcome = Reconcile(child, ictg.GetValueOrDefault(child.OrganisationId), [], now, [], rulesChanged: false);
            judged[child.Id] = new NewChildJudgement(outcome.Raised, _dueTimes[child.Id]!.Value);
        }

        return judged;
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
            var outdated = (await db.Children.Where(c => batch.Contains(c.Id) && EF.Property<int>(c, ShadowProperties.RulesVersion) < RulesVersion)
                .Select(c => c.Id).ToListAsync(ct)).ToHashSet();
            var linked = await LinkedEvents.LoadAsync(db, batch, ct);
            var lapsed = new List<(Guid ChildId, string Why)>();
            foreach (var child in children)
            {
                var outcome = Reconcile(child, ictg.GetValueOrDefault(child.OrganisationId), flags[child.Id].ToList(), now, linked[child.Id].ToList(),
                    outdated.Contains(child.Id));
                total = total.Add(outcome.Result);
                if (outcome.LapsesOverride is { } why)
                {
                    lapsed.Add((child.Id, why));
                }
            }

            if (lapsed.Count > 0)
            {
                // The histories are not tracked here: the override lapses in one statement, its reason saying why.
                await db.Database.ExecuteSqlRawAsync(
                    """
                    UPDATE children AS c SET risk_override_level = NULL, risk_override_review_on = NULL, risk_override_reason = u.why,
                        risk_override_by_id = NULL, risk_override_by_name = NULL, risk_override_at = @p2
                    FROM unnest(@p0::uuid[], @p1::text[]) AS u(id, why)
                    WHERE c.id = u.id AND c.risk_override_level IS NOT NULL
                    """,
                    [lapsed.Select(l => l.ChildId).ToArray(), lapsed.Select(l => l.Why).ToArray(), now], ct);
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

    private (EvaluationResult Result, string? LapsesOverride, IReadOnlyList<Flag> Raised) Reconcile(
        Child child, bool inIctgArea, List<Flag> flags, DateTimeOffset now, IReadOnlyList<LinkedEvent> linked, bool rulesChanged)
    {
        var context = new RuleContext(child, inIctgArea, now, thresholds) { LinkedEvents = linked };
        _dueTimes[child.Id] = RuleSet.NextChange(context) ?? Never;
        var findings = RuleSet.Evaluate(context);
        var before = flags.Where(f => f.IsOpen).ToDictionary(f => f.Id, f => f.Severity);
        var result = FlagReconciler.Reconcile(child.Id, findings, flags, now, flag =>
        {
            var reason = RuleSet.EndReason(context, flag.RuleCode, flag.OccurrenceKey);
            return rulesChanged && !reason.StartsWith("Rule changed", StringComparison.Ordinal) ? $"Rule changed: {reason}" : reason;
        });
        db.Flags.AddRange(result.Raised);

        // A new high live event lapses a manager's override: the override was a judgement made before it. That is a high live
        // flag raised for a new occurrence, or the child's missing flag turning high (a high missing rule began to hold, e.g. a
        // disclosure). A missing flag that only takes over an episode already high under another missing rule is not new.
        bool WasHighMissing(string occurrenceKey) =>
            flags.Any(f => MissingFlags.IsMissingRule(f.RuleCode) && f.OccurrenceKey == occurrenceKey
                && before.TryGetValue(f.Id, out var severity) && severity == Severity.High);
        var high = result.Raised.FirstOrDefault(f => f.IsLive && f.Severity == Severity.High
                && !(MissingFlags.IsMissingRule(f.RuleCode) && WasHighMissing(f.OccurrenceKey)))
            ?? flags.FirstOrDefault(f => f.IsOpen && f.IsLive && MissingFlags.IsMissingRule(f.RuleCode) && f.Severity == Severity.High
                && before.TryGetValue(f.Id, out var severity) && severity < Severity.High);
        string? lapses = null;
        if (child.RiskOverrideLevel is { } overridden && high is not null)
        {
            var what = result.Raised.Contains(high) ? "raised a new high flag" : "turned high";
            lapses = $"Override to {overridden} lapsed: {high.RuleCode} {what} on {Domain.Common.UkCalendar.Format(Domain.Common.UkCalendar.DateOf(now))}";
            high.NoteOverrideLapsed(overridden, now);
        }

        return (new EvaluationResult(1, result.Raised.Count, result.Ended), lapses, result.Raised);
    }
}
