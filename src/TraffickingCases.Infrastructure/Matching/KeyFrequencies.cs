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

    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private (IReadOnlySet<string> Keys, DateTimeOffset ReadAt)? _current;

    public async Task<IReadOnlySet<string>> CommonAsync(CasesDbContext db, CancellationToken ct)
    {
        if (_current is { } current && clock.GetUtcNow() - current.ReadAt < RefreshAfter)
        {
            return current.Keys;
        }

        await _refreshing.WaitAsync(ct);
        try
        {
            if (_current is { } fresh && clock.GetUtcNow() - fresh.ReadAt < RefreshAfter)
            {
                return fresh.Keys;
            }

            var records = await CandidateSearch.RecordsAsync(db, ct);
            IReadOnlySet<string> keys = new HashSet<string>(StringComparer.Ordinal);

            // A register too small to hold a common key needs no sample.
            if (records >= CommonHolders)
            {
                var percent = Math.Min(100.0, 100.0 * SampleRows / records);
                var threshold = Math.Max(1, (int)Math.Round(CommonHolders * percent / 100));
                // Both numbers are computed here, not input: TABLESAMPLE takes no parameter.
                var sql = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"""
                    SELECT k AS "Value" FROM (SELECT unnest(match_keys) AS k FROM children TABLESAMPLE SYSTEM ({percent})) s
                    GROUP BY k HAVING count(*) >= {threshold}
                    """);
                keys = (await db.Database.SqlQueryRaw<string>(sql).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            }

            _current = (keys, clock.GetUtcNow());
            return keys;
        }
        finally
        {
            _refreshing.Release();
        }
    }
}
