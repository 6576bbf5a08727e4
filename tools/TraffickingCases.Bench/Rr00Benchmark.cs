using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Import;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Bench;

/// <summary>A benchmark that cannot run on this database as it stands; the message says why and what to do.</summary>
public sealed class BenchmarkRefusedException(string message) : Exception(message);

/// <summary>What `tc bench rr00` measured: RR-00 flags raised by importing a population with no duplicates.</summary>
public sealed record Rr00Measurement(
    int Children, int Seed, int Organisations, int Imported, int AlreadyPresent, TimeSpan GenerateTime, TimeSpan ImportTime,
    int OpenFlags, int OpenLikelyFlags, int Pairs, int IdenticalPairs, int ChildrenFlagged, int ChildrenFlaggedLikely)
{
    public IEnumerable<string> Lines()
    {
        yield return Format($"population: {Children:N0} children of seed {Seed} across {Organisations} organisations, no duplicates, through the children import ({Imported:N0} imported this run, {AlreadyPresent:N0} already present)");
        yield return Format($"generate: {GenerateTime.TotalSeconds:0.0} s; import: {ImportTime.TotalSeconds:0.0} s ({(ImportTime.TotalSeconds == 0 ? 0 : Imported / ImportTime.TotalSeconds):N0} children/s)");
        yield return Format($"{"open RR-00 flags",-36}{OpenFlags,10:N0}   ({OpenLikelyFlags:N0} likely, {OpenFlags - OpenLikelyFlags:N0} possible)");
        yield return Format($"{"pairs flagged",-36}{Pairs,10:N0}   ({IdenticalPairs:N0} with the same normalised name and date of birth)");
        yield return Format($"{"children with an RR-00",-36}{ChildrenFlagged,10:N0}   {Share(ChildrenFlagged)} of children   goal ≤ 0.5%");
        yield return Format($"{"children with a likely RR-00",-36}{ChildrenFlaggedLikely,10:N0}   {Share(ChildrenFlaggedLikely)} of children");
    }

    private string Share(int count) => Children == 0 ? "–" : ((double)count / Children).ToString("0.00%", CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// `tc bench rr00`: how many children the possible-same-child flag (RR-00) lands on when nobody is recorded twice.
/// N children are generated as `tc generate` writes them (no re-recordings) and brought in through the real
/// children import, which raises RR-00 for the pairs it finds in the same transaction; every flag it raises is then
/// a false alarm a manager would have to look at. The database must hold no other children, so that every pair
/// is within the population measured.
/// </summary>
public sealed class Rr00Benchmark(CasesDbContext db, CaseImporter importer, TimeProvider clock)
{
    public async Task<Rr00Measurement> RunAsync(int children, int seed, TextWriter progress, CancellationToken ct)
    {
        var prefix = $"GEN-{seed}-";
        var others = await db.Children.CountAsync(c => c.ExternalId == null || !c.ExternalId.StartsWith(prefix), ct);
        if (others > 0)
        {
            throw new BenchmarkRefusedException(
                $"the database already holds {others:N0} other children, and an RR-00 pair with one of them would be counted too; run `tc bench rr00` against a fresh database (`tc migrate` first)");
        }

        var organisations = await BenchOrganisations.EnsureAsync(db, ct);
        var folder = Directory.CreateTempSubdirectory("tc-bench-rr00-").FullName;
        try
        {
            var watch = Stopwatch.StartNew();
            PopulationWriter.Write(folder, children, seed, organisations, clock.GetUtcNow());
            var generated = watch.Elapsed;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"generated {children:N0} children in {generated.TotalSeconds:0.0} s; importing them"));

            watch.Restart();
            ImportResult result;
            await using (var file = File.OpenRead(Path.Combine(folder, PopulationWriter.FileNames[ImportKind.Children])))
            {
                result = await importer.ImportAsync(ImportKind.Children, file, dryRun: false, ct);
            }

            var imported = watch.Elapsed;
            if (!result.Succeeded)
            {
                throw new BenchmarkRefusedException($"the generated children file did not import: {result.Summary}; first: {result.Errors[0]}");
            }

            var flags = await db.Flags.AsNoTracking()
                .Where(f => f.RuleCode == Flag.MatchCode && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged))
                .Join(db.Children.Where(c => c.ExternalId!.StartsWith(prefix)), f => f.ChildId, c => c.Id, (f, c) => new { f.ChildId, f.OccurrenceKey, f.Severity })
                .ToListAsync(ct);
            var pairs = flags.Select(f => (A: f.ChildId, B: Guid.Parse(f.OccurrenceKey))).Select(p => p.A.CompareTo(p.B) < 0 ? p : (A: p.B, B: p.A)).Distinct().ToList();

            // Two different children a form could not tell apart either: no matcher should be blamed for these.
            var flagged = flags.Select(f => f.ChildId).Distinct().ToList();
            var people = new Dictionary<Guid, (string Name, DateOnly? DateOfBirth)>();
            foreach (var chunk in flagged.Chunk(10_000))
            {
                foreach (var c in await db.Children.AsNoTracking().Where(c => chunk.Contains(c.Id)).Select(c => new { c.Id, c.MatchName, c.DateOfBirth }).ToListAsync(ct))
                {
                    people[c.Id] = (c.MatchName, c.DateOfBirth);
                }
            }

            var identical = pairs.Count(p => people.TryGetValue(p.A, out var a) && people.TryGetValue(p.B, out var b) && a.Name == b.Name && a.DateOfBirth == b.DateOfBirth);
            var likely = flags.Where(f => f.Severity == Severity.High).ToList();
            return new Rr00Measurement(children, seed, organisations.Count, result.Added, result.Unchanged, generated, imported,
                flags.Count, likely.Count, pairs.Count, identical, flagged.Count, likely.Select(f => f.ChildId).Distinct().Count());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
