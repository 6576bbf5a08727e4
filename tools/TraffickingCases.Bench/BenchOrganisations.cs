using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Bench;

/// <summary>
/// The twelve councils the matching benchmarks spread children over (BENCH-01 … BENCH-12), created when missing, so a
/// fresh database needs nothing but `tc migrate` and a population is the same whatever else the database holds.
/// </summary>
public static class BenchOrganisations
{
    public const int Count = 12;

    public static IReadOnlyList<string> Codes { get; } = [.. Enumerable.Range(1, Count).Select(i => $"BENCH-{i:00}")];

    public static async Task<IReadOnlyList<Organisation>> EnsureAsync(CasesDbContext db, CancellationToken ct)
    {
        var codes = Codes.ToList();
        var present = await db.Organisations.AsNoTracking().Where(o => codes.Contains(o.Code)).ToListAsync(ct);

        // All in an ICTG area, as the single council of earlier runs was: the generator draws differently for a child
        // outside one, and the same names and dates for a seed keep runs comparable with the figures already published.
        var missing = codes.Except(present.Select(o => o.Code), StringComparer.Ordinal)
            .Select(code => new Organisation(code, $"Benchmark Council {code["BENCH-".Length..]}", OrganisationType.LocalAuthority, isInIctgArea: true))
            .ToList();
        if (missing.Count > 0)
        {
            db.Organisations.AddRange(missing);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return [.. present.Concat(missing).OrderBy(o => o.Code, StringComparer.Ordinal)];
    }
}
