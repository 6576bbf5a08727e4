using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>A scored candidate for being the same child, with who holds the record.</summary>
public sealed record Candidate(
    Guid ChildId, string Reference, string? ExternalId, Guid OrganisationId, string OrganisationName, string GivenNames, string FamilyName,
    DateOnly? DateOfBirth, MatchResult Match);

/// <summary>
/// Finds children who may be the same child as a record, across every organisation, without scanning all
/// children: an index lookup on shared name-pair keys (normalised or phonetic) and a trigram lookup on the
/// canonical name, then the matcher scores the few hundred candidates at most.
/// </summary>
public sealed class CandidateSearch(CasesDbContext db, Matcher matcher)
{
    /// <summary>The trigram lookup runs when the name keys found fewer children than this.</summary>
    private const int TrigramBelow = 20;

    /// <summary>
    /// Counting stops after this many holders of the name (each costs a heap read, 60 ms for 1,000 at 1,000,000
    /// children): a name that common is in the most common buckets, which weigh nearly the same.
    /// </summary>
    public const int MaxNameCount = 100;

    public async Task<IReadOnlyList<Candidate>> FindAsync(PersonRecord person, Guid? excludeChildId, int top, CancellationToken ct)
    {
        var keys = NameNormaliser.SearchKeys(person).ToArray();
        var name = NameNormaliser.MatchName(person.GivenNames, person.FamilyName);
        if (keys.Length == 0 && name.Length == 0)
        {
            return [];
        }

        var exclude = excludeChildId ?? Guid.Empty;
        var nameKey = PrimaryNameKey(person);
        List<Guid> ids;
        int shared;
        await using (var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null)
        {
            // A stricter trigram threshold than pg_trgm's 0.3 keeps the close-spelling lookup small. The planner
            // overestimates how many names are similar and, with the LIMIT, picks a sequential scan that reads the
            // whole table for a rare name (over 100 ms at 100,000 children); the trigram index is always cheaper.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL pg_trgm.similarity_threshold = 0.5; SET LOCAL enable_seqscan = off", ct);
            // How many stored children have this name and could be this age (the term-frequency adjustment),
            // counted through the key index.
            shared = nameKey is null ? 0 : await db.Database
                .SqlQueryRaw<int>(
                    """
                    SELECT count(*)::int AS "Value"
                    FROM (SELECT date_of_birth FROM children WHERE match_keys @> ARRAY[@p0] AND id <> @p1 LIMIT @p2) named
                    WHERE @p3::date IS NULL OR date_of_birth IS NULL OR abs(date_of_birth - @p3::date) <= @p4
                    """,
                    nameKey, exclude, MaxNameCount, person.DateOfBirth is { } d ? d : (object)DBNull.Value, Matcher.SameAgeDays)
                .SingleAsync(ct);
            ids = await db.Database
                .SqlQueryRaw<Guid>("""SELECT id AS "Value" FROM children WHERE match_keys && @p0 AND id <> @p1 LIMIT 200""", keys, exclude)
                .ToListAsync(ct);

            // Close spellings the name keys miss: only when the keys found few children. A common name's trigrams are in
            // tens of thousands of names, so the trigram lookup is the slowest part of a search, and the keys already
            // found that name's holders.
            if (ids.Count < TrigramBelow && name.Length > 0)
            {
                ids = [.. ids.Union(await db.Database
                    .SqlQueryRaw<Guid>("""SELECT id AS "Value" FROM children WHERE match_name % @p0 AND id <> @p1 LIMIT 50""", name, exclude)
                    .ToListAsync(ct))];
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }

        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Children.AsNoTracking().Where(c => ids.Contains(c.Id) && c.MergedIntoId == null)
            .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new
            {
                c.Id, c.Reference, c.ExternalId, c.OrganisationId, OrganisationName = o.Name, c.GivenNames, c.FamilyName, c.OtherNames,
                c.DateOfBirth, c.DobPrecision, c.Gender, c.Nationalities,
            })
            .ToListAsync(ct);

        return rows
            .Select(r => new Candidate(r.Id, r.Reference, r.ExternalId, r.OrganisationId, r.OrganisationName, r.GivenNames, r.FamilyName, r.DateOfBirth,
                matcher.Compare(person, new PersonRecord(r.GivenNames, r.FamilyName, r.OtherNames, r.DateOfBirth, r.DobPrecision, r.Gender, r.Nationalities), shared)))
            .Where(c => c.Match.Band != MatchBand.None)
            .OrderByDescending(c => c.Match.Probability).ThenBy(c => c.Reference, StringComparer.Ordinal)
            .Take(top)
            .ToList();
    }

    /// <summary>The key of the first given name with the family name, in canonical spelling.</summary>
    public static string? PrimaryNameKey(PersonRecord person)
    {
        var given = NameNormaliser.Tokens(person.GivenNames).FirstOrDefault();
        var family = NameNormaliser.Tokens(person.FamilyName).FirstOrDefault();
        if (given is null || family is null)
        {
            return null;
        }

        var pair = new[] { NameNormaliser.Canonical(given), NameNormaliser.Canonical(family) }.Order(StringComparer.Ordinal).ToArray();
        return pair[0] == pair[1] ? null : $"n:{pair[0]}|{pair[1]}";
    }

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
