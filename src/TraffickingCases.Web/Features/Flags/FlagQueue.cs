using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Flags;

/// <summary>Where a child stands in the queue: the severity, time and order raised of its first flag in queue order.</summary>
public readonly record struct QueueKey(Severity Severity, DateTimeOffset RaisedAt, long Sequence)
{
    public string Write() => KeysetCursor.Write(Severity, RaisedAt, Sequence);

    public static QueueKey? Read(string? cursor) =>
        KeysetCursor.TryRead(cursor, 3, out var parts) && KeysetCursor.TryReadNumber(parts[0], out var level) && Enum.IsDefined((Severity)level)
        && KeysetCursor.TryReadInstant(parts[1], out var raised) && KeysetCursor.TryReadNumber(parts[2], out var sequence)
            ? new QueueKey((Severity)level, raised, sequence)
            : null;
}

/// <summary>One page of the queue: the children in order, with their keys, and whether more lie either side.</summary>
public sealed record QueueSlice(IReadOnlyList<(Guid ChildId, QueueKey Key)> Children, bool HasPrevious, bool HasNext);

/// <summary>What the queue lists: which flags, of which children.</summary>
public sealed record QueueFilter(Guid OrganisationId, IReadOnlyList<FlagStatus> Statuses, string? Rule, Severity? Severity, string? Caseworker)
{
    /// <summary>The default view: open and acknowledged flags, whatever their rule, severity or caseworker.</summary>
    public bool IsEverythingOpen => Rule is null && Severity is null && Caseworker is null
        && Statuses.Count == 2 && Statuses.Contains(FlagStatus.Open) && Statuses.Contains(FlagStatus.Acknowledged);
}

/// <summary>
/// The flag queue by child: a child stands where its first flag stands in the order highest severity, then newest (then
/// the order raised), and its other flags come with it. The page of children is found by walking the organisation's flag
/// index once per severity, newest first, keeping a flag only when its child has no flag before it (one probe of the
/// child's flags); so no request aggregates all of an organisation's flags. Possible-same-child pairs (RR-00) belong to
/// /matches and are never in the queue; nor are flags that ended, which stay in the child's history.
/// </summary>
public sealed class FlagQueue(CasesDbContext db)
{
    /// <summary>The children of one page: after <paramref name="after"/>, or the page before <paramref name="before"/>.</summary>
    public async Task<QueueSlice> PageAsync(QueueFilter filter, QueueKey? after, QueueKey? before, int size, CancellationToken ct)
    {
        var backwards = after is null && before is not null;
        var cursor = backwards ? before : after;
        var parameters = Parameters(filter);
        var take = size + 1;
        parameters.Add(new NpgsqlParameter("take", take));
        if (cursor is { } c)
        {
            parameters.Add(new NpgsqlParameter("cursor_at", NpgsqlDbType.TimestampTz) { Value = c.RaisedAt.ToUniversalTime() });
            parameters.Add(new NpgsqlParameter("cursor_sequence", c.Sequence));
        }

        var branches = new List<string>();
        foreach (var severity in new[] { Severity.High, Severity.Medium, Severity.Low })
        {
            if (filter.Severity is { } only && only != severity)
            {
                continue;
            }

            string? position = null;
            if (cursor is { } k)
            {
                // Forwards: lower severities whole, the cursor's severity after it. Backwards: the mirror.
                if (backwards ? severity < k.Severity : severity > k.Severity)
                {
                    continue;
                }

                if (severity == k.Severity)
                {
                    position = backwards ? "(f.raised_at, f.sequence) > (@cursor_at, @cursor_sequence)" : "(f.raised_at, f.sequence) < (@cursor_at, @cursor_sequence)";
                }
            }

            var order = backwards ? "f.raised_at, f.sequence" : "f.raised_at DESC, f.sequence DESC";
            branches.Add($"""
                (SELECT f.child_id, f.severity, f.raised_at, f.sequence
                 FROM flags f{(filter.Caseworker is null ? string.Empty : " JOIN children c ON c.id = f.child_id")}
                 WHERE {Matching("f", filter)} AND f.severity = {(int)severity}{(filter.Caseworker is null ? string.Empty : " AND " + CaseworkerCondition(filter))}
                   {(position is null ? string.Empty : "AND " + position)}
                   AND NOT EXISTS (SELECT 1 FROM flags g WHERE g.child_id = f.child_id AND {Matching("g", filter)}
                       AND (g.severity > f.severity OR (g.severity = f.severity AND (g.raised_at, g.sequence) > (f.raised_at, f.sequence))))
                 ORDER BY {order} LIMIT @take)
                """);
        }

        if (branches.Count == 0)
        {
            return new QueueSlice([], false, false);
        }

        var direction = backwards ? "ASC" : "DESC";
        var sql = $"""
            SELECT * FROM ({string.Join("\nUNION ALL\n", branches)}) k
            ORDER BY severity {direction}, raised_at {direction}, sequence {direction} LIMIT @take
            """;
        var rows = await db.Database.SqlQueryRaw<KeyRow>(sql, [.. parameters]).ToListAsync(ct);
        var more = rows.Count > size;
        var page = rows.Take(size).Select(r => (r.ChildId, new QueueKey((Severity)r.Severity, r.RaisedAt, r.Sequence))).ToList();
        if (backwards)
        {
            page.Reverse();
            return new QueueSlice(page, HasPrevious: more, HasNext: true);
        }

        return new QueueSlice(page, HasPrevious: after is not null, HasNext: more);
    }

    /// <summary>
    /// How many children and flags the queue holds. The default view counts from two indexes without reading a row: the
    /// organisation's children with an open flag (kept on the child's row) and its open flags, less the possible-same-child
    /// pairs; a filtered view counts the flags that match.
    /// </summary>
    public async Task<QueueTotal> TotalAsync(QueueFilter filter, DateTimeOffset now, CancellationToken ct)
    {
        var parameters = Parameters(filter);
        string sql;
        if (filter.IsEverythingOpen)
        {
            sql = $"""
                SELECT
                  ((SELECT count(*) FROM children c WHERE c.organisation_id = @organisation AND c.merged_into_id IS NULL AND c.open_flags > 0)
                   - (SELECT count(DISTINCT m.child_id) FROM flags m
                      WHERE m.organisation_id = @organisation AND m.status IN ('Open', 'Acknowledged') AND m.rule_code = '{Flag.MatchCode}'
                        AND NOT EXISTS (SELECT 1 FROM flags g WHERE g.child_id = m.child_id AND g.status IN ('Open', 'Acknowledged') AND g.rule_code <> '{Flag.MatchCode}')))::int AS children,
                  ((SELECT count(*) FROM flags f WHERE f.organisation_id = @organisation AND f.status IN ('Open', 'Acknowledged'))
                   - (SELECT count(*) FROM flags m WHERE m.organisation_id = @organisation AND m.status IN ('Open', 'Acknowledged') AND m.rule_code = '{Flag.MatchCode}'))::int AS flags
                """;
        }
        else
        {
            sql = $"""
                SELECT count(DISTINCT f.child_id)::int AS children, count(*)::int AS flags
                FROM flags f{(filter.Caseworker is null ? string.Empty : " JOIN children c ON c.id = f.child_id")}
                WHERE {Matching("f", filter)}{(filter.Caseworker is null ? string.Empty : " AND " + CaseworkerCondition(filter))}
                  {(filter.Severity is { } severity ? $"AND f.severity = {(int)severity}" : string.Empty)}
                """;
        }

        var total = await db.Database.SqlQueryRaw<TotalRow>(sql, [.. parameters]).SingleAsync(ct);
        return new QueueTotal(total.Children, total.Flags, now);
    }

    /// <summary>The flags of these children that the filter lists, highest severity then newest first.</summary>
    public async Task<IReadOnlyList<Flag>> FlagsOfAsync(QueueFilter filter, IReadOnlyCollection<Guid> childIds, CancellationToken ct)
    {
        var statuses = filter.Statuses;
        var flags = db.Flags.AsNoTracking()
            .Where(f => childIds.Contains(f.ChildId) && EF.Property<Guid>(f, ShadowProperties.FlagOrganisation) == filter.OrganisationId
                && statuses.Contains(f.Status) && f.RuleCode != Flag.MatchCode);
        if (filter.Rule is { } rule)
        {
            flags = flags.Where(f => f.RuleCode == rule);
        }

        if (filter.Severity is { } severity)
        {
            flags = flags.Where(f => f.Severity == severity);
        }

        return await flags.OrderByDescending(f => f.Severity).ThenByDescending(f => f.RaisedAt)
            .ThenByDescending(f => EF.Property<long>(f, ShadowProperties.FlagSequence)).ToListAsync(ct);
    }

    private static string Matching(string alias, QueueFilter filter)
    {
        var text = new StringBuilder($"{alias}.organisation_id = @organisation AND {alias}.status IN (");
        text.AppendJoin(", ", filter.Statuses.Select(s => $"'{s}'"));
        text.Append(CultureInfo.InvariantCulture, $") AND {alias}.rule_code <> '{Flag.MatchCode}'");
        if (filter.Rule is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" AND {alias}.rule_code = @rule");
        }

        if (filter.Severity is { } severity && alias == "g")
        {
            text.Append(CultureInfo.InvariantCulture, $" AND {alias}.severity = {(int)severity}");
        }

        return text.ToString();
    }

    private static string CaseworkerCondition(QueueFilter filter) =>
        filter.Caseworker == FilterChoices.Unassigned ? "c.assigned_caseworker_id IS NULL" : "c.assigned_caseworker_id = @caseworker";

    private static List<object> Parameters(QueueFilter filter)
    {
        var parameters = new List<object> { new NpgsqlParameter("organisation", NpgsqlDbType.Uuid) { Value = filter.OrganisationId } };
        if (filter.Rule is { } rule)
        {
            parameters.Add(new NpgsqlParameter("rule", NpgsqlDbType.Varchar) { Value = rule });
        }

        if (filter.Caseworker is { } caseworker && caseworker != FilterChoices.Unassigned)
        {
            parameters.Add(new NpgsqlParameter("caseworker", NpgsqlDbType.Varchar) { Value = caseworker });
        }

        return parameters;
    }

    // The store names columns in snake_case, also for these unmapped rows.
    private sealed record KeyRow(Guid ChildId, int Severity, DateTimeOffset RaisedAt, long Sequence);

    private sealed record TotalRow(int Children, int Flags);
}

/// <summary>The queue's size: children, and their flags.</summary>
public sealed record QueueTotal(int Children, int Flags, DateTimeOffset CountedAt);

/// <summary>
/// The default view's total of each organisation, kept per process for <see cref="Refresh"/>: counting 15,000 children and
/// 20,000 flags costs milliseconds of CPU, and sixteen managers opening the queue at once need one count, not sixteen
/// (ADR 026). A manager's decision here forgets it, so their own change shows at once; flags raised by others show
/// within <see cref="Refresh"/>. Filtered views are counted exactly on every view.
/// </summary>
public sealed class QueueTotals(TimeProvider clock)
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<Guid, RefreshedEvery<QueueTotal>> _organisations = new();

    public Task<QueueTotal> GetAsync(Guid organisationId, Func<CancellationToken, Task<QueueTotal>> count, CancellationToken ct) =>
        _organisations.GetOrAdd(organisationId, _ => new RefreshedEvery<QueueTotal>(Refresh, clock)).GetAsync(count, ct);

    public void Forget(Guid organisationId)
    {
        if (_organisations.TryGetValue(organisationId, out var total))
        {
            total.Forget();
        }
    }
}
