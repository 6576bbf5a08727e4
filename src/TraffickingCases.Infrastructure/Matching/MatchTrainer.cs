using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>What a training run did.</summary>
public sealed record TrainingOutcome(int Version, long Records, IReadOnlyList<MatchModelFit.Session> Sessions, int Rescored, int NoLongerFlagged, string Report);

/// <summary>
/// `tc match train`: fits the match model on the register (<see cref="MatchModelFit"/>), stores it as a new version, and scores
/// every open RR-00 pair again with it. A pair that falls below the flagging threshold has its condition marked cleared (a manager
/// still closes the flag); its evidence, severity, probability and model version are brought up to date.
/// </summary>
public sealed class MatchTrainer(CasesDbContext db, MatchModels models, CandidateSearch search, MatchFlagger flagger, Matcher matcher, TimeProvider clock)
{
    /// <summary>A name key or date held by more records than this does not form candidate pairs for EM (too many, too weak).</summary>
    public const int MaxBlockSize = 20;

    public async Task<TrainingOutcome> TrainAsync(string fittedBy, int randomPairs, double registeredShare, TextWriter progress, CancellationToken ct)
    {
        var register = await db.Children.AsNoTracking().Where(c => c.MergedIntoId == null)
            .Select(c => new { c.MatchKeys, Person = new PersonRecord(c.GivenNames, c.FamilyName, c.OtherNames, c.DateOfBirth, c.DobPrecision, c.Gender, c.Nationalities) })
            .ToListAsync(ct);
        await progress.WriteLineAsync($"{register.Count} records read");
        var people = register.Select(r => r.Person).ToList();
        var u = MatchModelFit.EstimateU(people, randomPairs, seed: 1);

        var byName = Pairs(register.Select((r, i) => (Keys: r.MatchKeys.Where(k => k.StartsWith("n:", StringComparison.Ordinal)), i)));
        var byDate = Pairs(register.Select((r, i) => (Keys: r.Person.DateOfBirth is { } d ? [d.ToString("O", CultureInfo.InvariantCulture)] : Enumerable.Empty<string>(), i)));
        var nameLevels = byName.Select(p => MatchModelFit.Levels(people[p.A], people[p.B])).ToList();
        var dateLevels = byDate.Select(p => MatchModelFit.Levels(people[p.A], people[p.B])).ToList();
        await progress.WriteLineAsync($"{nameLevels.Count} pairs sharing a name, {dateLevels.Count} sharing a rare date of birth");

        var start = await models.CurrentAsync(db, ct);
        var startShare = new MatchModel
        {
            Version = start.Version, RegisteredShare = registeredShare, CalibrationSlope = start.CalibrationSlope, CalibrationIntercept = start.CalibrationIntercept, Levels = start.Levels,
        };
        var (fitted, sessions) = MatchModelFit.Fit(startShare, u, nameLevels, dateLevels);
        var report = Report(fitted, sessions, register.Count, start.Version);
        var stored = new StoredMatchModel
        {
            FittedAt = clock.GetUtcNow(), FittedBy = fittedBy, Records = register.Count, Parameters = MatchModels.Serialise(fitted), Report = report,
        };
        db.MatchModels.Add(stored);
        await db.SaveChangesAsync(ct);
        models.Forget();
        var (rescored, dropped) = await RescoreOpenPairsAsync(ct);
        return new TrainingOutcome(stored.Version, register.Count, sessions, rescored, dropped, report);
    }

    /// <summary>Scores every open RR-00 pair with the current model, in batches of children, each batch in its own transaction.</summary>
    public async Task<(int Rescored, int NoLongerFlagged)> RescoreOpenPairsAsync(CancellationToken ct)
    {
        var model = await models.CurrentAsync(db, ct);
        var alone = new RegisterCounts(await CandidateSearch.RecordsAsync(db, ct), _ => 1);
        var childIds = await db.Flags.AsNoTracking().ThatAreOpen().Where(f => f.RuleCode == Flag.MatchCode).Select(f => f.ChildId).Distinct().ToListAsync(ct);
        var rescored = 0;
        var dropped = 0;
        foreach (var batch in childIds.Chunk(200))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var flags = await db.Flags.ThatAreOpen().Where(f => f.RuleCode == Flag.MatchCode && batch.Contains(f.ChildId)).ToListAsync(ct);
            var ids = flags.SelectMany(f => new[] { f.ChildId, Guid.Parse(f.OccurrenceKey) }).Distinct().ToList();
            var people = await db.Children.AsNoTracking().Where(c => ids.Contains(c.Id))
                .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new
                {
                    c.Id, c.Reference, c.OrganisationId, Organisation = o.Name,
                    Person = new PersonRecord(c.GivenNames, c.FamilyName, c.OtherNames, c.DateOfBirth, c.DobPrecision, c.Gender, c.Nationalities),
                })
                .ToDictionaryAsync(c => c.Id, ct);
            foreach (var byChild in flags.GroupBy(f => f.ChildId))
            {
                if (!people.TryGetValue(byChild.Key, out var child))
                {
                    continue;
                }

                var candidates = await search.ScoreAllAsync(child.Person, child.Id, ct);
                foreach (var flag in byChild)
                {
                    var otherId = Guid.Parse(flag.OccurrenceKey);
                    if (!people.TryGetValue(otherId, out var other))
                    {
                        continue;
                    }

                    var match = candidates.FirstOrDefault(c => c.ChildId == otherId)?.Match
                        ?? matcher.Compare(child.Person, other.Person, model, alone);
                    var still = flagger.ShouldFlag(match);
                    var severity = match.Band == MatchBand.Likely ? Severity.High : Severity.Medium;
                    var evidence = still
                        ? MatchFlagger.Evidence(match, other.Reference, other.Organisation, other.OrganisationId == child.OrganisationId)
                        : flag.Evidence;
                    flag.Rescore(match.Probability, model.Version, severity, evidence, still, clock.GetUtcNow());
                    rescored++;
                    dropped += still ? 0 : 1;
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }

        return (rescored, dropped);
    }

    /// <summary>Pairs of records sharing a key no more than <see cref="MaxBlockSize"/> records hold, each once, at most 1,000,000.</summary>
    private static List<(int A, int B)> Pairs(IEnumerable<(IEnumerable<string> Keys, int Index)> keyed)
    {
        var blocks = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (keys, index) in keyed)
        {
            foreach (var key in keys)
            {
                if (!blocks.TryGetValue(key, out var members))
                {
                    blocks[key] = members = [];
                }

                if (members.Count <= MaxBlockSize)
                {
                    members.Add(index);
                }
            }
        }

        var pairs = new HashSet<(int, int)>();
        foreach (var members in blocks.Values.Where(m => m.Count is > 1 and <= MaxBlockSize))
        {
            for (var i = 0; i < members.Count && pairs.Count < 1_000_000; i++)
            {
                for (var j = i + 1; j < members.Count; j++)
                {
                    pairs.Add((Math.Min(members[i], members[j]), Math.Max(members[i], members[j])));
                }
            }
        }

        return [.. pairs];
    }

    private static string Report(MatchModel model, IReadOnlyList<MatchModelFit.Session> sessions, long records, int from)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"fitted on {records:N0} records, starting from model {from}; registered share {model.RegisteredShare:0.00}");
        foreach (var s in sessions)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"EM on {s.Pairs:N0} pairs found by {s.BlockedOn}: {s.Iterations} iterations, match share {s.MatchShare:0.00000}, about {s.ExpectedMatches:N0} pairs of one child");
        }

        foreach (var (key, rates) in model.Levels.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{key,-40} m {rates.M,8:0.00000}  u {rates.U,10:0.0000000}  weight {rates.Weight,6:+0.00;-0.00}");
        }

        return text.ToString();
    }
}
