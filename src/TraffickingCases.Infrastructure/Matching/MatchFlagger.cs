using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>
/// Raises RR-00 "possible same child" on both records of every likely or possible pair involving the given
/// children, inside the caller's transaction. A pair is flagged once: a pair with a flag (open or closed) or
/// a manager's decision never alerts again, and a record merged into another is never a candidate. Candidates are found set-based for a
/// whole import at once, by the same name keys as the registration search.
/// </summary>
public sealed class MatchFlagger(CasesDbContext db, Matcher matcher, RulesService rules)
{
    private const int PerChild = 20;

    /// <summary>A name key shared by more children than this is too common to suggest the same child (blocking).</summary>
    private const int MaxKeyFrequency = 10;

    public async Task<int> RaiseForAsync(IReadOnlyCollection<Guid> childIds, DateTimeOffset now, CancellationToken ct)
    {
        if (childIds.Count == 0)
        {
            return 0;
        }

        var raised = 0;
        var pairs = await CandidatePairsAsync(childIds.ToArray(), ct);
        foreach (var batch in pairs.Chunk(5000))
        {
            var ids = batch.SelectMany(p => new[] { p.A, p.B }).Distinct().ToArray();
            await rules.LockAsync(ids, ct);
            var people = await db.Children.AsNoTracking().Where(c => ids.Contains(c.Id) && c.MergedIntoId == null)
                .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new
                {
                    c.Id, c.Reference, c.OrganisationId, Organisation = o.Name,
                    Person = new PersonRecord(c.GivenNames, c.FamilyName, c.OtherNames, c.DateOfBirth, c.DobPrecision, c.Gender, c.Nationalities),
                })
                .ToDictionaryAsync(x => x.Id, ct);
            var existing = (await db.Flags.Where(f => f.RuleCode == Flag.MatchCode && ids.Contains(f.ChildId))
                    .Select(f => new { f.ChildId, f.OccurrenceKey }).ToListAsync(ct))
                .Select(f => (f.ChildId, f.OccurrenceKey)).ToHashSet();

            // A pair a manager has decided (not the same child, or the same child held elsewhere) never alerts again.
            var decided = (await db.MatchDecisions.Where(d => ids.Contains(d.ChildAId) || ids.Contains(d.ChildBId))
                    .Select(d => new { d.ChildAId, d.ChildBId }).ToListAsync(ct))
                .Select(d => (d.ChildAId, d.ChildBId)).ToHashSet();
            foreach (var (a, b) in batch.Select(p => MatchDecision.Ordered(p.A, p.B)).Distinct())
            {
                if (existing.Contains((a, b.ToString())) || existing.Contains((b, a.ToString())) || decided.Contains((a, b))
                    || !people.TryGetValue(a, out var left) || !people.TryGetValue(b, out var right))
                {
                    continue;
                }

                var match = matcher.Compare(left.Person, right.Person);
                if (match.Band == MatchBand.None)
                {
                    continue;
                }

                var severity = match.Band == MatchBand.Likely ? Severity.High : Severity.Medium;
                var sameOrganisation = left.OrganisationId == right.OrganisationId;
                var explanation = sameOrganisation ? match.Explanation : match.ExplanationWithoutNames;
                var band = match.Band == MatchBand.Likely ? "Likely" : "Possibly";
                db.Flags.Add(Flag.RaiseMatch(a, b, severity,
                    $"{band} the same child as {right.Reference}{(sameOrganisation ? string.Empty : $" ({right.Organisation})")}, probability {match.Probability:0.00}: {explanation}", now));
                db.Flags.Add(Flag.RaiseMatch(b, a, severity,
                    $"{band} the same child as {left.Reference}{(sameOrganisation ? string.Empty : $" ({left.Organisation})")}, probability {match.Probability:0.00}: {explanation}", now));
                existing.Add((a, b.ToString()));
                raised += 2;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return raised;
    }

    /// <summary>
    /// Pairs of children sharing a name key. For a few children (a registration) each is looked up through the
    /// GIN index; for an import, one set-based join over all keys, leaving out keys too common to mean anything.
    /// </summary>
    private async Task<List<PairRow>> CandidatePairsAsync(Guid[] ids, CancellationToken ct)
    {
        if (ids.Length <= 50)
        {
            return await db.Database.SqlQueryRaw<PairRow>(
                    $"""
                    SELECT q.id AS "A", c.id AS "B"
                    FROM children q
                    CROSS JOIN LATERAL (
                        SELECT o.id FROM children o
                        WHERE o.match_keys && q.match_keys AND o.id <> q.id
                        LIMIT {PerChild}
                    ) c
                    WHERE q.id = ANY(@p0)
                    """,
                    ids)
                .ToListAsync(ct);
        }

        return await db.Database.SqlQueryRaw<PairRow>(
                $"""
                WITH keyed AS (SELECT ch.id, u.k FROM children ch CROSS JOIN LATERAL unnest(ch.match_keys) AS u(k)),
                     useful AS (SELECT k FROM keyed WHERE k LIKE 'n:%' GROUP BY k HAVING count(*) <= {MaxKeyFrequency}),
                     query AS (SELECT keyed.id, keyed.k FROM keyed JOIN useful USING (k) WHERE keyed.id = ANY(@p0))
                SELECT DISTINCT query.id AS "A", other.id AS "B"
                FROM query JOIN keyed other ON other.k = query.k
                WHERE other.id <> query.id
                """,
                ids)
            .ToListAsync(ct);
    }

    private sealed record PairRow(Guid A, Guid B);
}
