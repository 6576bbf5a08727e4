using Microsoft.EntityFrameworkCore;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>
/// The name keys held by so many children that they say little and cost much to look up (n:nguyen|van is most Vietnamese boys):
/// estimated from a sample of about <see cref="SampleRows"/> children and kept per process for <see cref="RefreshAfter"/>. A lookup
/// leaves these keys out when the child has others (reading one such key's postings took 20 ms at 1,000,000 children).
/// </summary>
public sealed class KeyFrequencies(TimeProvider clock)
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(10);

    /// <summary>A key estimated to be held by at least this many children is common.</summary>
    public const int CommonHolders = 1000;

    public const int SampleRows = 20_000;

    private readonly RefreshedEvery<IReadOnlySet<string>> _common = new(RefreshAfter, clock);

    public Task<IReadOnlySet<string>> CommonAsync(CasesDbContext db, CancellationToken ct) => _common.GetAsync(async token =>
    {
        // A register too small to hold a common key needs no sample.
        var records = await CandidateSearch.RecordsAsync(db, token);
        if (records < CommonHolders)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        // Both numbers are computed here, not input: TABLESAMPLE takes no parameter.
        var percent = Math.Min(100.0, 100.0 * SampleRows / records);
        var threshold = Math.Max(1, (int)Math.Round(CommonHolders * percent / 100));
        var sql = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"""
            SELECT k AS "Value" FROM (SELECT unnest(match_keys) AS k FROM children TABLESAMPLE SYSTEM ({percent})) s
            GROUP BY k HAVING count(*) >= {threshold}
            """);
        return (await db.Database.SqlQueryRaw<string>(sql).ToListAsync(token)).ToHashSet(StringComparer.Ordinal);
    }, ct);
}
