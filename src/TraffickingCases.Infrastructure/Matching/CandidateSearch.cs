using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Observability;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>A scored candidate for being the same child, with who holds the record.</summary>
public sealed record Candidate(
    Guid ChildId, string Reference, string? ExternalId, Guid OrganisationId, string OrganisationName, string GivenNames, string FamilyName,
    DateOnly? DateOfBirth, MatchResult Match);

/// <summary>
/// Finds children who may be the same child as a record, across every organisation, without scanning all children: index
/// lookups on shared name-pair keys (normalised or phonetic, leaving out keys most of a naming custom hold). The children
/// found born nearest the child are scored together
/// (<see cref="Matcher.Rank"/>), so how many hold the name and how alike the others are both count, with how many children hold
/// the date of birth (<see cref="DateFrequencies"/>).
/// </summary>
public sealed class CandidateSearch(
    CasesDbContext db, Matcher matcher, MatchModels models, DateFrequencies dates, KeyFrequencies commonKeys, CaseTelemetry telemetry, TimeProvider clock)
{
    /// <summary>At most this many children sharing a name key are read from the index in one lookup.</summary>
    public const int PerKeyLookup = 1000;

    /// <summary>At most this many of them are scored: those born nearest the child.</summary>
    public const int PerLookup = 150;

    /// <summary>The candidates at least "possible", most probable first, at most <paramref name="top"/>.</summary>
    public async Task<IReadOnlyList<Candidate>> FindAsync(PersonRecord person, Guid? excludeChildId, int top, CancellationToken ct) =>
        (await ScoreAllAsync(person, excludeChildId, ct))
            .Where(c => c.Match.Band != MatchBand.None)
            .OrderByDescending(c => c.Match.Probability).ThenBy(c => c.Reference, StringComparer.Ordinal)
            .Take(top)
            .ToList();

    /// <summary>
    /// Every child the lookup found, scored, whatever the band (the flagger and a refit need the probabilities). An import passes
    /// its own share of children already registered (<paramref name="registeredShare"/>) in place of the model's.
    /// </summary>
    public async Task<IReadOnlyList<Candidate>> ScoreAllAsync(PersonRecord person, Guid? excludeChildId, CancellationToken ct, double? registeredShare = null)
    {
        using var span = CaseTelemetry.Source.StartActivity("tc.match.lookup");
        var started = clock.GetTimestamp();
        try
        {
            var scored = await LookUpAsync(person, excludeChildId, registeredShare, ct);
            span?.SetTag("tc.match.candidates", scored.Count);
            return scored;
        }
        finally
        {
            telemetry.MatchLookedUp(clock.GetElapsedTime(started));
        }
    }

    private async Task<IReadOnlyList<Candidate>> LookUpAsync(PersonRecord person, Guid? excludeChildId, double? registeredShare, CancellationToken ct)
    {
        var keys = NameNormaliser.SearchKeys(person).ToArray();
        if (keys.Length == 0)
        {
            return [];
        }

        var exclude = excludeChildId ?? Guid.Empty;
        var model = await models.CurrentAsync(db, ct);
        if (registeredShare is { } share)
        {
            model = model.WithRegisteredShare(share);
        }
        List<KeyHolder> holders;
        long records;
        await using (var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            // With the LIMIT the planner may pick a sequential scan for a key it thinks common; the key index is always cheaper here.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off", ct);
            // Every child holding one of the keys (at most PerKeyLookup), with the date of birth to choose the nearest from. Keys
            // most children of a naming custom hold are left out while the child has others: they find no one the others miss.
            var common = await commonKeys.CommonAsync(db, ct);
            var lookedUp = keys.Where(k => !common.Contains(k)).ToArray() is { Length: > 0 } rarer ? rarer : keys;
            holders = lookedUp.Length == 0 ? [] : await db.Database.SqlQueryRaw<KeyHolder>(
                    $"""SELECT id, date_of_birth FROM children WHERE match_keys && @p0 AND id <> @p1 LIMIT {PerKeyLookup}""", lookedUp, exclude)
                .ToListAsync(ct);

            records = await RecordsAsync(db, ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }

        // The children scored: those born nearest the child first (an unknown date counts as a year away).
        var ids = holders
            .OrderBy(h => h.DateOfBirth is { } d && person.DateOfBirth is { } b ? Math.Abs(d.DayNumber - b.DayNumber) : Matcher.SameAgeDays)
            .ThenBy(h => h.Id)
            .Take(PerLookup)
            .Select(h => h.Id)
            .ToHashSet();
        var dateHolders = person.DateOfBirth is { } date ? await dates.HoldersAsync(db, date, ct) : 0;
        if (ids.Count == 0)
        {
            return [];
        }

        var idList = ids.ToList();
        var rows = await db.Children.AsNoTracking().Where(c => idList.Contains(c.Id) && c.MergedIntoId == null)
            .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new
            {
                c.Id, c.Reference, c.ExternalId, c.OrganisationId, OrganisationName = o.Name, c.GivenNames, c.FamilyName, c.OtherNames,
                c.DateOfBirth, c.DobPrecision, c.Gender, c.Nationalities,
            })
            .ToListAsync(ct);
        var people = rows.Select(r => new PersonRecord(r.GivenNames, r.FamilyName, r.OtherNames, r.DateOfBirth, r.DobPrecision, r.Gender, r.Nationalities)).ToList();
        var queried = person.DateOfBirth;
        var scores = matcher.Rank(person, people, model, new RegisterCounts(records, d => d == queried ? dateHolders : 0));
        return rows.Select((r, i) => new Candidate(r.Id, r.Reference, r.ExternalId, r.OrganisationId, r.OrganisationName, r.GivenNames, r.FamilyName,
                r.DateOfBirth, scores[i]))
            .ToList();
    }

    /// <summary>How many children the register holds: the planner's estimate for a large table, an exact count for a small one.</summary>
    public static async Task<long> RecordsAsync(CasesDbContext db, CancellationToken ct)
    {
        var estimate = await db.Database.SqlQueryRaw<long>("""SELECT greatest(reltuples, 0)::bigint AS "Value" FROM pg_class WHERE oid = 'children'::regclass""")
            .SingleAsync(ct);
        return estimate >= 10_000 ? estimate : await db.Database.SqlQueryRaw<long>("""SELECT count(*) AS "Value" FROM children""").SingleAsync(ct);
    }

    private sealed record KeyHolder(Guid Id, DateOnly? DateOfBirth);

    /// <summary>Fills in search keys for children stored before the matcher existed (run by `tc migrate`).</summary>
    public static async Task<int> BackfillKeysAsync(CasesDbContext db, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var batch = await db.Children.Where(c => c.MatchName == string.Empty).OrderBy(c => c.Id).Take(1000).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return total;
            }

            foreach (var child in batch)
            {
                child.RefreshMatchKeys();
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            total += batch.Count;
        }
    }
}
