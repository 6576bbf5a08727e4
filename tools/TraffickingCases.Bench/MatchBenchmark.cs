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

/// <summary>Precision, recall and F1 at one cut-off, and lookup latency, for one way of finding the same child (`tc bench fit`).</summary>
public sealed record MatchScores(string Method, string CutOff, int TruePositives, int FalsePositives, int Duplicates, double P50Ms, double P95Ms, double P99Ms)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => Duplicates == 0 ? 0 : (double)TruePositives / Duplicates;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Method,-26} {CutOff,-18} precision {Precision:0.000}  recall {Recall:0.000}  F1 {F1:0.000}  latency p50 {P50Ms:0.0} ms  p95 {P95Ms:0.0} ms  p99 {P99Ms:0.0} ms");
}

/// <summary>What a benchmark lookup is, and so which candidate (if any) is right.</summary>
public enum LookupKind
{
    /// <summary>A registered child recorded again by another office; the original is the one right candidate.</summary>
    ReRecording,

    /// <summary>A brother or sister of a registered child (same family name, another given name, born years apart).</summary>
    Sibling,

    /// <summary>A twin of a registered child (same family name and date of birth, another given name).</summary>
    Twin,

    /// <summary>Another child with a registered child's name and another date of birth.</summary>
    Namesake,

    /// <summary>A child never registered, drawn from another population with natural name frequencies.</summary>
    NewChild,
}

/// <summary>One lookup: the record as a caseworker would enter it, and the registered child it is (re-recordings only).</summary>
public sealed record BenchLookup(LookupKind Kind, PersonRecord Person, string? OriginalExternalId, string Nationality);

/// <summary>How many lookups of each kind a run makes; siblings are half brothers and sisters, half twins.</summary>
public sealed record LookupCounts(int ReRecordings, int Siblings, int Namesakes, int NewChildren)
{
    public int Total => ReRecordings + Siblings + Namesakes + NewChildren;
}

/// <summary>A candidate as scored: which child, in which band, at what probability.</summary>
public sealed record ScoredCandidate(Guid ChildId, MatchBand Band, double Probability);

/// <summary>The candidates one method returned for one lookup, how long it took, and the right answer.</summary>
public sealed record LookupAnswer(BenchLookup Lookup, Guid? Original, IReadOnlyList<ScoredCandidate> Candidates, double Milliseconds)
{
    public bool IsRight(ScoredCandidate candidate) => Original is { } original && candidate.ChildId == original;
}

/// <summary>
/// `tc bench match`: the external evaluation's design on our generator. A population of N children across twelve
/// councils is stored (generated, or reused when already there for the seed), then looked up with the candidate
/// search as `tc match` does (top 5, bands likely and possible): re-recordings of registered children under the
/// re-recorder's noise, siblings and twins, namesakes, and children never registered. The naive baseline (exact
/// normalised name and exact date of birth, every hit counted as likely) answers the same lookups in the same run.
/// </summary>
public sealed class MatchBenchmark(CasesDbContext db, CandidateSearch search, AuditTrail audit, TimeProvider clock)
{
    public const string NaiveMethod = "naive";

    public async Task<MatchBenchmarkReport> RunAsync(int children, int seed, LookupCounts counts, int top, TextWriter progress, CancellationToken ct)
    {
        var organisations = await BenchOrganisations.EnsureAsync(db, ct);

        // The generator's draws depend on the time of day (episodes stop at "now"), so generate as of midnight:
        // a population stored earlier the same day is then the one regenerated here.
        var generatedAt = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var (register, inserted) = await StorePopulationAsync(children, seed, organisations, generatedAt, progress, ct);
        var prefix = Prefix(seed);
        var ids = await db.Children.AsNoTracking().Where(c => c.ExternalId!.StartsWith(prefix))
            .Select(c => new { c.Id, c.ExternalId }).ToDictionaryAsync(c => c.ExternalId!, c => c.Id, ct);
        var stored = await db.Children.CountAsync(ct);

        var lookups = Lookups(register, counts, seed, generatedAt);
        await progress.WriteLineAsync($"looking up {lookups.Count} records");

        // A few lookups first, not counted, so neither method's first-call costs (JIT, plans, cold caches) land in the latencies.
        foreach (var lookup in lookups.Take(20))
        {
            await search.FindAsync(lookup.Person, null, top, ct);
            await NaiveAsync(lookup.Person, top, ct);
        }

        var matcher = new List<LookupAnswer>(lookups.Count);
        var naive = new List<LookupAnswer>(lookups.Count);

        // TC_BENCH_SCORES=FILE writes every scored candidate's uncalibrated log-odds and whether it was right, to fit the calibration.
        await using var scores = Environment.GetEnvironmentVariable("TC_BENCH_SCORES") is { Length: > 0 } path ? new StreamWriter(path) : null;
        foreach (var lookup in lookups)
        {
            var original = lookup.OriginalExternalId is { } externalId ? ids[externalId] : (Guid?)null;
            var watch = Stopwatch.StartNew();
            var all = await search.ScoreAllAsync(lookup.Person, null, ct);
            var found = all.Where(c => c.Match.Band != MatchBand.None).OrderByDescending(c => c.Match.Probability).ThenBy(c => c.Reference, StringComparer.Ordinal).Take(top).ToList();
            var matcherMs = watch.Elapsed.TotalMilliseconds;
            if (scores is not null)
            {
                var lookupNumber = matcher.Count;
                foreach (var c in all)
                {
                    await scores.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{lookupNumber},{c.Match.UncalibratedLogOdds:0.0000},{(c.ChildId == original ? 1 : 0)}"));
                }
            }

            matcher.Add(new LookupAnswer(lookup, original, [.. found.Select(c => new ScoredCandidate(c.ChildId, c.Match.Band, c.Match.Probability))], matcherMs));

            watch.Restart();
            var exact = await NaiveAsync(lookup.Person, top, ct);
            naive.Add(new LookupAnswer(lookup, original, [.. exact.Select(id => new ScoredCandidate(id, MatchBand.Likely, 1))], watch.Elapsed.TotalMilliseconds));
            if (matcher.Count % 500 == 0)
            {
                await progress.WriteLineAsync($"looked up {matcher.Count} of {lookups.Count}");
            }
        }

        return new MatchBenchmarkReport(children, seed, organisations.Count, inserted, stored, counts, top, register, matcher, naive);
    }

    /// <summary>The naive baseline: children with exactly the same normalised name and date of birth.</summary>
    private async Task<List<Guid>> NaiveAsync(PersonRecord person, int top, CancellationToken ct)
    {
        var name = NameNormaliser.MatchName(person.GivenNames, person.FamilyName);
        return await db.Children.AsNoTracking().Where(c => c.MatchName == name && c.DateOfBirth == person.DateOfBirth)
            .Select(c => c.Id).Take(top).ToListAsync(ct);
    }

    private static string Prefix(int seed) => $"BENCH-{seed}-";

    /// <summary>
    /// The register: children 1…N of the seed's population, each with its external id; those not yet stored are
    /// inserted (COPY, one audit entry a batch), those stored are checked to be the same people.
    /// </summary>
    private async Task<(List<(string ExternalId, ChildDetails Details)> Register, int Inserted)> StorePopulationAsync(
        int children, int seed, IReadOnlyList<Organisation> organisations, DateTimeOffset generatedAt, TextWriter progress, CancellationToken ct)
    {
        var population = new DemoPopulation(seed, generatedAt);
        var prefix = Prefix(seed);
        var present = await db.Children.CountAsync(c => c.ExternalId!.StartsWith(prefix), ct);
        var register = new List<(string ExternalId, ChildDetails Details)>(children);
        var inserted = 0;
        var batch = new List<Child>();
        var references = present < children ? await db.NextChildReferencesAsync(children - present, ct) : [];
        for (var i = 0; i < children; i++)
        {
            var externalId = $"{prefix}{i + 1:0000000}";
            var child = population.NextChild("TC-BENCH", organisations[i % organisations.Count], null, externalId);
            register.Add((externalId, child.ToDetails()));
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
            var sample = register.Take(Math.Min(present, 100)).ToDictionary(d => d.ExternalId, d => d.Details.FamilyName, StringComparer.Ordinal);
            var stored = await db.Children.AsNoTracking().Where(c => sample.Keys.Contains(c.ExternalId!)).Select(c => new { c.ExternalId, c.FamilyName }).ToListAsync(ct);
            if (stored.Any(c => sample[c.ExternalId!] != c.FamilyName))
            {
                throw new BenchmarkRefusedException($"the children stored with external ids {prefix}… were generated on another day or by another version of the generator; run the benchmark against a fresh database");
            }
        }

        return (register, inserted);
    }

    /// <summary>
    /// The lookups of a run, the same for a seed and register: re-recordings of distinct registered children (each
    /// should find its original), then siblings and twins (alternately), namesakes, and children never registered,
    /// none of whom should find anyone.
    /// </summary>
    public static IReadOnlyList<BenchLookup> Lookups(
        IReadOnlyList<(string ExternalId, ChildDetails Details)> register, LookupCounts counts, int seed, DateTimeOffset generatedAt)
    {
        var random = new Random(seed + 7);
        var reRecorder = new ReRecorder(seed + 8);
        var lookups = new List<BenchLookup>(counts.Total);
        foreach (var index in Sample(register.Count, counts.ReRecordings, random))
        {
            var (externalId, original) = register[index];
            lookups.Add(new BenchLookup(LookupKind.ReRecording, PersonRecord.Of(reRecorder.ReRecord(original)), externalId, NationalityOf(original)));
        }

        for (var i = 0; i < counts.Siblings; i++)
        {
            var (_, original) = register[random.Next(register.Count)];
            var girl = random.NextDouble() < 0.2;
            var otherGiven = reRecorder.SiblingGivenName(original, girl);
            var twin = i % 2 == 1;
            var sibling = (twin ? reRecorder.Twin(original, otherGiven) : reRecorder.Sibling(original, otherGiven)) with { Gender = girl ? Gender.Female : Gender.Male };
            lookups.Add(new BenchLookup(twin ? LookupKind.Twin : LookupKind.Sibling, PersonRecord.Of(sibling), null, NationalityOf(original)));
        }

        var byName = register.Select((r, i) => (Name: NameNormaliser.MatchName(r.Details.GivenNames, r.Details.FamilyName), i))
            .GroupBy(x => x.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.i).ToArray(), StringComparer.Ordinal);
        var strangers = new DemoPopulation(seed + 9, generatedAt);
        var elsewhere = new Organisation("OTHER", "Other Council", OrganisationType.LocalAuthority, isInIctgArea: true);
        for (var i = 0; i < counts.Namesakes; i++)
        {
            var named = register[NamesakeOf(byName, strangers, elsewhere, random) ?? random.Next(register.Count)].Details;
            lookups.Add(new BenchLookup(LookupKind.Namesake, PersonRecord.Of(reRecorder.Namesake(named)), null, NationalityOf(named)));
        }

        // Another seed's population is other people, with the same name frequencies: some share a common name with a
        // registered child, and now and then a date of birth as well, as a child new to every council would.
        var newcomers = new DemoPopulation(unchecked(seed + 1_000_003), generatedAt);
        for (var i = 0; i < counts.NewChildren; i++)
        {
            var child = newcomers.NextChild("TC-NEW", elsewhere, null).ToDetails();
            lookups.Add(new BenchLookup(LookupKind.NewChild, PersonRecord.Of(child), null, NationalityOf(child)));
        }

        return lookups;
    }

    private static string NationalityOf(ChildDetails child) => child.Nationalities.FirstOrDefault() ?? "unknown";

    /// <summary>Distinct positions when there are enough, so no child is re-recorded twice; with replacement otherwise.</summary>
    private static IEnumerable<int> Sample(int population, int count, Random random)
    {
        if (count > population)
        {
            return Enumerable.Range(0, count).Select(_ => random.Next(population)).ToList();
        }

        var chosen = new HashSet<int>();
        var order = new List<int>(count);
        while (order.Count < count)
        {
            var next = random.Next(population);
            if (chosen.Add(next))
            {
                order.Add(next);
            }
        }

        return order;
    }

    /// <summary>
    /// A registered child who shares a full name with someone else: other children are drawn from a population of the
    /// same kind until one has a name a registered child has, so common names (Mohammed Ahmed, Văn Minh Nguyễn) are met
    /// as often as they would be, and a name only one child holds almost never. Null when no draw hits (a tiny register).
    /// </summary>
    private static int? NamesakeOf(Dictionary<string, int[]> byName, DemoPopulation strangers, Organisation organisation, Random random)
    {
        for (var draw = 0; draw < 10_000; draw++)
        {
            var stranger = strangers.NextChild("TC-OTHER", organisation, null);
            if (byName.TryGetValue(NameNormaliser.MatchName(stranger.GivenNames, stranger.FamilyName), out var named))
            {
                return named[random.Next(named.Length)];
            }
        }

        return null;
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
