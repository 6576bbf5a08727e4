using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Infrastructure.Statistics;

/// <summary>Open flags of one rule: how many, by severity, and how many are live indicators.</summary>
public sealed record RuleVolume(string Code, string Title, int Open, int High, int Medium, int Low, int Live);

/// <summary>Children at each risk level.</summary>
public sealed record LevelCounts(int High, int Medium, int Low);

/// <summary>
/// High children with an open live high flag from this rule, and of them, those for whom it is the only one: the children who
/// would not be High without it (unless three medium flags made them so).
/// </summary>
public sealed record HighSource(string Code, string Title, int Children, int OnlySource);

/// <summary>
/// How many flags the rules keep open and how many children they make High, for a whole database (issue 12's measure):
/// open flags per rule, children at each risk level as derived and as in effect with managers' overrides, and where High
/// comes from. Counts every organisation's records; records merged into another are left out.
/// </summary>
public sealed record FlagVolumeReport(
    DateOnly On,
    int Children,
    int EvaluatedUnderCurrentRules,
    int RulesVersion,
    IReadOnlyList<RuleVolume> Rules,
    LevelCounts Derived,
    LevelCounts Effective,
    int OverridesInForce,
    IReadOnlyList<HighSource> HighSources,
    int HighFromThreeMediums)
{
    public int OpenFlags => Rules.Sum(r => r.Open);

    public int OpenFlagsWithoutMatches => Rules.Where(r => r.Code != Flag.MatchCode).Sum(r => r.Open);

    /// <summary>Per 100 children; 0 for an empty database.</summary>
    public double Per100(int count) => Children == 0 ? 0 : 100.0 * count / Children;

    public static async Task<FlagVolumeReport> MeasureAsync(CasesDbContext db, DateOnly today, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        // One snapshot for every figure, so the counts agree with each other while the sweep or an import runs.
        await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var children = await ReadAsync(connection,
            """
            SELECT count(*)::int,
                   count(*) FILTER (WHERE rules_version = @version)::int,
                   count(*) FILTER (WHERE risk_level = 3)::int, count(*) FILTER (WHERE risk_level = 2)::int, count(*) FILTER (WHERE risk_level = 1)::int,
                   count(*) FILTER (WHERE effective = 3)::int, count(*) FILTER (WHERE effective = 2)::int, count(*) FILTER (WHERE effective = 1)::int,
                   count(*) FILTER (WHERE overridden)::int
            FROM (SELECT rules_version, risk_level,
                         risk_override_level IS NOT NULL AND (risk_override_review_on IS NULL OR risk_override_review_on > @today) AS overridden,
                         CASE WHEN risk_override_level IS NOT NULL AND (risk_override_review_on IS NULL OR risk_override_review_on > @today)
                              THEN risk_override_level ELSE risk_level END AS effective
                  FROM children WHERE merged_into_id IS NULL) c
            """, today, r => Enumerable.Range(0, 9).Select(r.GetInt32).ToArray(), ct);
        var c = children.Single();

        var rules = await ReadAsync(connection,
            """
            SELECT f.rule_code, count(*)::int,
                   count(*) FILTER (WHERE f.severity = 3)::int, count(*) FILTER (WHERE f.severity = 2)::int, count(*) FILTER (WHERE f.severity = 1)::int,
                   count(*) FILTER (WHERE f.is_live)::int
            FROM flags f JOIN children c ON c.id = f.child_id AND c.merged_into_id IS NULL
            WHERE f.status IN ('Open', 'Acknowledged')
            GROUP BY f.rule_code ORDER BY f.rule_code
            """, today, r => new RuleVolume(r.GetString(0), TitleOf(r.GetString(0)), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5)), ct);

        // What makes a child High (RiskLevels.Derive): an open live high flag that counts, or three medium flags with one live.
        const string liveHigh =
            """
            SELECT DISTINCT f.child_id, f.rule_code FROM flags f JOIN children c ON c.id = f.child_id
            WHERE c.merged_into_id IS NULL AND c.risk_level = 3 AND f.status IN ('Open', 'Acknowledged') AND f.condition_cleared_at IS NULL
              AND f.rule_code <> 'RR-00' AND f.is_live AND f.severity = 3
            """;
        var sources = await ReadAsync(connection,
            $"""
            SELECT rule_code, count(*)::int, count(*) FILTER (WHERE sources = 1)::int
            FROM (SELECT rule_code, count(*) OVER (PARTITION BY child_id) AS sources FROM ({liveHigh}) h) x
            GROUP BY rule_code ORDER BY count(*) DESC, rule_code
            """, today, r => new HighSource(r.GetString(0), TitleOf(r.GetString(0)), r.GetInt32(1), r.GetInt32(2)), ct);
        var byMediums = await ReadAsync(connection,
            $"""
            SELECT count(*)::int FROM children c
            WHERE c.merged_into_id IS NULL AND c.risk_level = 3 AND NOT EXISTS (SELECT 1 FROM ({liveHigh}) h WHERE h.child_id = c.id)
            """, today, r => r.GetInt32(0), ct);
        await transaction.CommitAsync(ct);

        return new FlagVolumeReport(today, c[0], c[1], RulesService.RulesVersion, rules,
            new LevelCounts(c[2], c[3], c[4]), new LevelCounts(c[5], c[6], c[7]), c[8], sources, byMediums.Single());
    }

    /// <summary>The rule's title, for the codes no rule raises any more too.</summary>
    public static string TitleOf(string code) =>
        code switch
        {
            Flag.MatchCode => "Possible same child",
            Flag.ManualCode => "Raised by a person",
            _ => RuleSet.Find(code)?.Title ?? RuleSet.Weightings.FirstOrDefault(w => w.Code == code)?.Title ?? "(rule no longer in use)",
        };

    private static async Task<List<T>> ReadAsync<T>(DbConnection connection, string sql, DateOnly today, Func<DbDataReader, T> row, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new Npgsql.NpgsqlParameter("version", RulesService.RulesVersion));
        command.Parameters.Add(new Npgsql.NpgsqlParameter("today", today));
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(row(reader));
        }

        return rows;
    }
}
