using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Microsoft.EntityFrameworkCore.Storage;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Infrastructure.Cases;

/// <summary>
/// Keeps each child's <see cref="CaseSummary"/> and next due time on the child's row. Called by
/// <see cref="ChildChanges"/> inside the transaction of every change, after the change is saved and before
/// the commit, for every child the change touched, so a list never sees a summary older than the data.
/// Reads what was saved (one query), works the summary out with the domain, and writes only the rows that
/// differ (one statement), so an unchanged child keeps its row version. Derived columns: not audited. Records marked as
/// entered in error count for nothing here, as for the rules.
/// </summary>
public sealed class ChildSummaries(CasesDbContext db)
{
    /// <summary>
    /// Re-computes the summaries of these children; <paramref name="dueTimes"/> replaces the next due time of the children it names
    /// (those the rules evaluated), and marks them evaluated under the current rules.
    /// </summary>
    public async Task RefreshAsync(IReadOnlyCollection<Guid> childIds, IReadOnlyDictionary<Guid, DateTimeOffset?> dueTimes, CancellationToken ct)
    {
        foreach (var chunk in childIds.Distinct().Chunk(2000))
        {
            await RefreshChunkAsync(chunk, dueTimes, ct);
        }
    }

    private async Task RefreshChunkAsync(Guid[] ids, IReadOnlyDictionary<Guid, DateTimeOffset?> dueTimes, CancellationToken ct)
    {
        // One lookup per child by its indexes (unnest drives the plan), whatever the tables' statistics say:
        // right after an import's COPY they say the tables are empty.
        var rows = new List<Row>(ids.Length);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var read = new NpgsqlCommand(
            """
            SELECT u.id,
                   ARRAY(SELECT CASE WHEN f.is_live THEN f.severity ELSE -f.severity END FROM flags f
                         WHERE f.child_id = u.id AND f.status IN ('Open', 'Acknowledged') AND f.condition_cleared_at IS NULL
                           AND f.rule_code <> 'RR-00'),
                   (SELECT count(*) FROM flags f WHERE f.child_id = u.id AND f.status IN ('Open', 'Acknowledged'))::int,
                   l.rg_outcome, l.cg_outcome, l.withdrawn_on IS NOT NULL,
                   (SELECT count(*) FROM nrm_referrals r WHERE r.child_id = u.id AND r.entered_in_error_at IS NULL)::int,
                   EXISTS (SELECT 1 FROM missing_episodes e WHERE e.child_id = u.id AND e.returned_at IS NULL AND e.entered_in_error_at IS NULL)
            FROM unnest(@ids) AS u(id)
            JOIN children c ON c.id = u.id
            LEFT JOIN LATERAL (
                SELECT r.rg_outcome, r.cg_outcome, r.withdrawn_on FROM nrm_referrals r
                WHERE r.child_id = u.id AND r.entered_in_error_at IS NULL ORDER BY r.referral_date DESC LIMIT 1) l ON true
            """, connection, (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction()))
        {
            read.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = ids });
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var latest = reader.IsDBNull(3)
                    ? NrmStage.NoReferral
                    : CaseSummary.StageOf(Enum.Parse<DecisionOutcome>(reader.GetString(3)), Enum.Parse<DecisionOutcome>(reader.GetString(4)), reader.GetBoolean(5));
                // A live flag's severity comes positive, a static vulnerability's negative.
                rows.Add(new Row(reader.GetGuid(0), reader.GetFieldValue<int[]>(1).Select(s => ((Severity)Math.Abs(s), s > 0)).ToList(), reader.GetInt32(2), latest,
                    reader.GetInt32(6), reader.GetBoolean(7)));
            }
        }

        if (rows.Count == 0)
        {
            return;
        }

        var count = rows.Count;
        var idColumn = new Guid[count];
        var open = new int[count];
        var active = new int[count];
        var highest = new int?[count];
        var risk = new int[count];
        var stage = new string[count];
        var missing = new bool[count];
        var referrals = new int[count];
        var setDue = new bool[count];
        var due = new DateTimeOffset?[count];
        for (var i = 0; i < count; i++)
        {
            var row = rows[i];
            var summary = CaseSummary.Of(row.Active, row.Open, row.Stage, row.MissingNow, row.Referrals);
            idColumn[i] = row.Id;
            open[i] = summary.OpenFlags;
            active[i] = summary.ActiveFlags;
            highest[i] = (int?)summary.HighestSeverity;
            risk[i] = (int)summary.RiskLevel;
            stage[i] = summary.Stage.ToString();
            missing[i] = summary.MissingNow;
            referrals[i] = summary.Referrals;
            setDue[i] = dueTimes.TryGetValue(row.Id, out var at);
            due[i] = at;
        }

        var parameters = new object[]
        {
            new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = idColumn },
            new NpgsqlParameter("open", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = open },
            new NpgsqlParameter("active", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = active },
            new NpgsqlParameter("highest", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = highest },
            new NpgsqlParameter("risk", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = risk },
            new NpgsqlParameter("stage", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = stage },
            new NpgsqlParameter("missing", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = missing },
            new NpgsqlParameter("referrals", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = referrals },
            new NpgsqlParameter("set_due", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = setDue },
            new NpgsqlParameter("due", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = due },
            new NpgsqlParameter("rules_version", NpgsqlDbType.Integer) { Value = RulesService.RulesVersion },
        };
        await db.Database.ExecuteSqlRawAsync(
            """
            UPDATE children AS c
            SET open_flags = u.open, active_flags = u.active, highest_severity = u.highest, risk_level = u.risk,
                nrm_stage = u.stage, missing_now = u.missing, referral_count = u.referrals,
                next_due_at = CASE WHEN u.set_due THEN u.due ELSE c.next_due_at END,
                rules_version = CASE WHEN u.set_due THEN @rules_version ELSE c.rules_version END
            FROM unnest(@ids, @open, @active, @highest, @risk, @stage, @missing, @referrals, @set_due, @due)
                AS u(id, open, active, highest, risk, stage, missing, referrals, set_due, due)
            WHERE c.id = u.id
              AND (c.open_flags, c.active_flags, c.highest_severity, c.risk_level, c.nrm_stage, c.missing_now, c.referral_count,
                   CASE WHEN u.set_due THEN u.due ELSE c.next_due_at END, CASE WHEN u.set_due THEN @rules_version ELSE c.rules_version END)
                  IS DISTINCT FROM
                  (u.open, u.active, u.highest, u.risk, u.stage, u.missing, u.referrals, c.next_due_at, c.rules_version)
            """, parameters, ct);
    }

    /// <summary>
    /// The summary of a child about to be created, from the flags the rules raised for it in memory: counted as
    /// <see cref="RefreshAsync"/> counts the stored flags (open or acknowledged; active when its condition holds and it is not
    /// RR-00), with no referral and no episode, since a new record has none.
    /// </summary>
    public static CaseSummary OfNew(IEnumerable<Flag> flags)
    {
        var open = flags.Where(f => f.IsOpen).ToList();
        var active = open.Where(f => f.ConditionClearedAt is null && f.RuleCode != Flag.MatchCode).Select(f => (f.Severity, f.IsLive)).ToList();
        return CaseSummary.Of(active, open.Count, NrmStage.NoReferral, missingNow: false, referrals: 0);
    }

    /// <summary>
    /// The summary columns, due time and rules version of children about to be created, for their COPY
    /// (<see cref="BulkCopy"/>'s shadow values), so their rows are written once, complete, instead of written and then updated.
    /// Written as <see cref="RefreshAsync"/> would write them after the rules judged the children.
    /// </summary>
    public static IReadOnlyDictionary<string, Func<Child, object?>> ColumnsOfNew(IReadOnlyDictionary<Guid, NewChildJudgement> judged)
    {
        var summaries = judged.ToDictionary(j => j.Key, j => OfNew(j.Value.Raised));
        CaseSummary Of(Child c) => summaries[c.Id];
        return new Dictionary<string, Func<Child, object?>>(StringComparer.Ordinal)
        {
            [ShadowProperties.OpenFlags] = c => Of(c).OpenFlags,
            [ShadowProperties.ActiveFlags] = c => Of(c).ActiveFlags,
            [ShadowProperties.HighestSeverity] = c => Of(c).HighestSeverity,
            [ShadowProperties.RiskLevel] = c => Of(c).RiskLevel,
            [ShadowProperties.NrmStage] = c => Of(c).Stage,
            [ShadowProperties.MissingNow] = c => Of(c).MissingNow,
            [ShadowProperties.ReferralCount] = c => Of(c).Referrals,
            [ShadowProperties.NextDueAt] = c => judged[c.Id].NextDueAt,
            [ShadowProperties.RulesVersion] = _ => RulesService.RulesVersion,
        };
    }

    private sealed record Row(Guid Id, List<(Severity Severity, bool Live)> Active, int Open, NrmStage Stage, int Referrals, bool MissingNow);
}
