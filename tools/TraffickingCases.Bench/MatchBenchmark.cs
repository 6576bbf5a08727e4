using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Bench;

/// <summary>Precision, recall and F1 at one cut-off, and lookup latency, for one way of finding the same child.</summary>
public sealed record MatchScores(string Method, string CutOff, int TruePositives, int FalsePositives, int Duplicates, double P50Ms, double P95Ms, double P99Ms)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => Duplicates == 0 ? 0 : (double)TruePositives / Duplicates;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Method,-26} {CutOff,-18} precision {Precision:0.000}  recall {Recall:0.000}  F1 {F1:0.000}  latency p50 {P50Ms:0.0} ms  p95 {P95Ms:0.0} ms  p99 {P99Ms:0.0} ms");
}

/// <summary>
/// `tc bench match`: a population of N children in the database (generated, or reused when already there),
/// then lookups for held-out re-recordings of some of them and for look-alike children who are someone else
/// (siblings, twins, namesakes), scored for the matcher and for a naive baseline (exact normalised name and
/// exact date of birth) in the same run.
/// </summary>
public sealed class MatchBenchmark(CasesDbContext db, CandidateSearch search, AuditTrail audit, TimeProvider clock)
{
    public async Task<(int Inserted, IReadOnlyList<MatchScores> Scores, int Queries)> RunAsync(int children, int seed, int duplicates, int lookalikes, TextWriter progress, CancellationToken ct)
    {
        var organisations = await db.Organisations.AsNoTracking().OrderBy(o => o.Code).ToListAsync(ct);
        if (organisations.Count == 0)
        {
            organisations = [new Organisation("BENCH", "Benchmark Council", OrganisationType.LocalAuthority, isInIctgArea: true)];
            db.Organisations.AddRange(organisations);
            await db.SaveChangesAsync(ct);
        }

        // The generator's draws depend on the time of day (episodes stop at "now"), so generate as of midnight:
        // a population stored earlier the same day is then the one regenerated here.
        var population = new DemoPopulation(seed, new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero));
        var prefix = $"BENCH-{seed}-";
        var present = await db.Children.CountAsync(c => c.ExternalId!.StartsWith(prefix), ct);
        var details = new List<(string ExternalId, ChildDetails Details)>(children);
        var inserted = 0;
        var batch = new List<Child>();
        var references = present < children ? await db.NextChildReferencesAsync(children - present, ct) : [];
        for (var i = 0; i < children; i++)
        {
            var externalId = $"{prefix}{i + 1:0000000}";
            var child = population.NextChild("TC-BENCH", organisations[i % organisations.Count], null, externalId);
            details.Add((externalId, child.ToDetails()));
            if (i >= present)
            {
                batch.Add(Child.Register(references[inserted], child.ToDetails(), child.OrganisationId, null, clock.GetUtcNow()));
                inserted++;
                if (batch.Count == 20_000)
                {
                    await CopyAuditedAsync(batch, ct);
                    batch.Clear();
                    await progress.WriteLineAsync($"inserted {inserted} children");
                }
            }
        }

        if (batch.Count > 0)
        {
            await CopyAuditedAsync(batch, ct);
        }

        if (inserted > 0)
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE children", ct);
        }

        if (present > 0)
        {
            var sample = details.Take(Math.Min(present, 100)).ToDictionary(d => d.ExternalId, d => d.Details.FamilyName, StringComparer.Ordinal);
            var stored = await db.Children.AsNoTracking().Where(c => sample.Keys.Contains(c.ExternalId!)).Select(c => new { c.ExternalId, c.FamilyName }).ToListAsync(ct);
            if (stored.Any(c => sample[c.ExternalId!] != c.FamilyName))
            {
                throw new InvalidOperationException($"The children stored with external ids {prefix}… were generated on another day or by another version of the generator; run the benchmark against a fresh database.");
            }
        }

        var ids = await db.Children.AsNoTracking().Where(c => c.ExternalId!.StartsWith(prefix))
            .Select(c => new { c.Id, c.ExternalId }).ToDictionaryAsync(c => c.ExternalId!, c => c.Id, ct);

        var queries = Queries(details, seed, duplicates, lookalikes, clock.GetUtcNow()).Select(q => (q.Person, Expected: q.ExpectedExternalId is { } e ? ids[e] : (Guid?)null)).ToList();

        var matcher = new List<(IReadOnlyList<Candidate> Found, Guid? Expected, double Ms)>();
        var naive = new List<(IReadOnlyList<Guid> Found, Guid? Expected, double Ms)>();
        foreach (var (person, expected) in queries)
        {
            var watch = Stopwatch.StartNew();
            var found = await search.FindAsync(person, null, 5, ct);
            matcher.Add((found, expected, watch.Elapsed.TotalMilliseconds));

            watch.Restart();
            var name = NameNormaliser.MatchName(person.GivenNames, person.FamilyName);
            var exact = await db.Children.AsNoTracking().Where(c => c.MatchName == name && c.DateOfBirth == person.DateOfBirth)
                .Select(c => c.Id).Take(5).ToListAsync(ct);
            naive.Add((exact, expected, watch.Elapsed.TotalMilliseconds));
        }

        var duplicateCount = queries.Count(q => q.Expected is not null);
        var matcherLatency = Percentiles(matcher.Select(m => m.Ms));
        var naiveLatency = Percentiles(naive.Select(m => m.Ms));
        MatchScores Score(string cutOff, Func<Candidate, bool> counts)
        {
            var tp = matcher.Count(m => m.Expected is { } e && m.Found.Any(c => c.ChildId == e && counts(c)));
            var fp = matcher.Sum(m => m.Found.Count(c => counts(c) && c.ChildId != m.Expected));
            return new MatchScores("matcher", cutOff, tp, fp, duplicateCount, matcherLatency.P50, matcherLatency.P95, matcherLatency.P99);
        }

        var naiveTp = naive.Count(m => m.Expected is { } e && m.Found.Contains(e));
        var naiveFp = naive.Sum(m => m.Found.Count(id => id != m.Expected));
        return (inserted,
        [
            Score("likely", c => c.Match.Band == MatchBand.Likely),
            Score("likely+possible", _ => true),
            new MatchScores("naive (exact name + DOB)", "exact", naiveTp, naiveFp, duplicateCount, naiveLatency.P50, naiveLatency.P95, naiveLatency.P99),
        ], queries.Count);
    }

    /// <summary>
    /// The lookups of a run: re-recordings of sampled children (each should find its original) and look-alikes who
    /// are someone else (siblings and twins with another given name from the same naming custom, namesakes), which
    /// should find no one. The same for a seed, so the fit (`tc bench fit`) and the benchmark see the same kind of queries.
    /// </summary>
    public static IReadOnlyList<(PersonRecord Person, string? ExpectedExternalId)> Queries(
        IReadOnlyList<(string ExternalId, ChildDetails Details)> details, int seed, int duplicates, int lookalikes, DateTimeOffset now)
    {
        var random = new Random(seed + 7);
        var reRecorder = new ReRecorder(seed + 8);
        var queries = new List<(PersonRecord Person, string? ExpectedExternalId)>();
        var byName = details.Select((d, i) => (Key: CandidateSearch.PrimaryNameKey(PersonRecord.Of(d.Details)), i)).Where(x => x.Key is not null)
            .GroupBy(x => x.Key!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray(), StringComparer.Ordinal);
        var strangers = new DemoPopulation(seed + 9, now);
        var organisation = new Organisation("OTHER", "Other Council", OrganisationType.LocalAuthority, isInIctgArea: true);
        for (var i = 0; i < duplicates; i++)
        {
            var (externalId, original) = details[random.Next(details.Count)];
            queries.Add((PersonRecord.Of(reRecorder.ReRecord(original)), externalId));
        }

        for (var i = 0; i < lookalikes; i++)
        {
            var (_, original) = details[random.Next(details.Count)];
            var girl = random.NextDouble() < 0.2;
            var otherGiven = reRecorder.SiblingGivenName(original, girl);
            var lookalike = (i % 3) switch
            {
                0 => reRecorder.Sibling(original, otherGiven) with { Gender = girl ? Gender.Female : Gender.Male },
                1 => reRecorder.Twin(original, otherGiven) with { Gender = girl ? Gender.Female : Gender.Male },
                _ => reRecorder.Namesake(details[NamesakeOf(byName, strangers, organisation, random)].Details),
            };
            queries.Add((PersonRecord.Of(lookalike), null));
        }

        return queries;
    }

    /// <summary>
    /// A stored child who shares a name with someone else: other children are drawn from the same population until one
    /// has a name a stored child has, so common names (Mohammed Ahmed, Văn Minh Nguyễn) are met as often as they
    /// would be, and a name only one child in the population has almost never.
    /// </summary>
    private static int NamesakeOf(Dictionary<string, int[]> byName, DemoPopulation strangers, Organisation organisation, Random random)
    {
        while (true)
        {
            var stranger = PersonRecord.Of(strangers.NextChild("TC-OTHER", organisation, null).ToDetails());
            if (CandidateSearch.PrimaryNameKey(stranger) is { } key && byName.TryGetValue(key, out var named))
            {
                return named[random.Next(named.Length)];
            }
        }
    }

    private static (double P50, double P95, double P99) Percentiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (At(0.50), At(0.95), At(0.99));
    }

    /// <summary>COPY bypasses change tracking: one audit entry per batch of synthetic children, in the same transaction.</summary>
    private async Task CopyAuditedAsync(List<Child> batch, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await BulkCopy.CopyAsync(db, batch, ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.Imported, "Import", "BenchmarkPopulation", null,
            new { kind = "BenchmarkPopulation", added = batch.Count, child_ids = batch.Select(c => c.Id).ToList() }), ct);
        await transaction.CommitAsync(ct);
    }
}
