using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>
/// Raises RR-00 "possible same child" on both records of every pair involving the given children that the matcher calls
/// likely, or possible at or above Matching:FlagPossibleAbove, inside the caller's transaction. A pair is flagged once: a pair
/// with a flag (open or closed) or a manager's decision never alerts again, and a record merged into another is never a
/// candidate. A few children (a registration, an edit) are each looked up as a registration is; an import's children are
/// paired set-based by the same name keys, leaving out keys too common to suggest the same child.
/// </summary>
public sealed class MatchFlagger(CasesDbContext db, Matcher matcher, MatchModels models, CandidateSearch search, DateFrequencies frequencies, RulesService rules)
{
    /// <summary>A name key shared by more children than this is too common to suggest the same child at import (blocking).</summary>
    private const int MaxKeyFrequency = 20;

    /// <param name="childIds">The children registered, changed or imported.</param>
    /// <param name="now">When.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="imported">Whether an import brought them in: their pairs are then scored with Matching:ImportRegisteredShare.</param>
    public async Task<int> RaiseForAsync(IReadOnlyCollection<Guid> childIds, DateTimeOffset now, CancellationToken ct, bool imported = false)
    {
        if (childIds.Count == 0)
        {
            return 0;
        }

        double? share = imported ? matcher.Settings.ImportRegisteredShare : null;
        var scored = childIds.Count <= 50 ? await LookUpEachAsync(childIds, share, ct) : await PairSetBasedAsync(childIds.ToArray(), share, ct);
        var flagged = scored.Where(p => ShouldFlag(p.Match)).ToList();
        var model = await models.CurrentAsync(db, ct);
        var raised = 0;
        foreach (var batch in flagged.Chunk(5000))
        {
            var ids = batch.SelectMany(p => new[] { p.A, p.B }).Distinct().ToArray();
            await rules.LockAsync(ids, ct);
            var people = await db.Children.AsNoTracking().Where(c => ids.Contains(c.Id) && c.MergedIntoId == null)
                .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new { c.Id, c.Reference, c.OrganisationId, Organisation = o.Name })
                .ToDictionaryAsync(x => x.Id, ct);
            var existing = (await db.Flags.Where(f => f.RuleCode == Flag.MatchCode && ids.Contains(f.ChildId))
                    .Select(f => new { f.ChildId, f.OccurrenceKey }).ToListAsync(ct))
                .Select(f => (f.ChildId, f.OccurrenceKey)).ToHashSet();

            // A pair a manager has decided (not the same child, or the same child held elsewhere) never alerts again.
            var decided = (await db.MatchDecisions.Where(d => ids.Contains(d.ChildAId) || ids.Contains(d.ChildBId))
                    .Select(d => new { d.ChildAId, d.ChildBId }).ToListAsync(ct))
                .Select(d => (d.ChildAId, d.ChildBId)).ToHashSet();
            foreach (var pair in batch.GroupBy(p => MatchDecision.Ordered(p.A, p.B)).Select(g => g.MaxBy(p => p.Match.Probability)!))
            {
                var (a, b) = MatchDecision.Ordered(pair.A, pair.B);
                if (existing.Contains((a, b.ToString())) || existing.Contains((b, a.ToString())) || decided.Contains((a, b))
                    || !people.TryGetValue(a, out var left) || !people.TryGetValue(b, out var right))
                {
                    continue;
                }

                var severity = pair.Match.Band == MatchBand.Likely ? Severity.High : Severity.Medium;
                var sameOrganisation = left.OrganisationId == right.OrganisationId;
                db.Flags.Add(Flag.RaiseMatch(a, b, severity, Evidence(pair.Match, right.Reference, right.Organisation, sameOrganisation), pair.Match.Probability, model.Version, now));
                db.Flags.Add(Flag.RaiseMatch(b, a, severity, Evidence(pair.Match, left.Reference, left.Organisation, sameOrganisation), pair.Match.Probability, model.Version, now));
                existing.Add((a, b.ToString()));
                raised += 2;
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        return raised;
    }

    /// <summary>Whether a pair is worth a manager's review: likely, or possible at or above Matching:FlagPossibleAbove.</summary>
    public bool ShouldFlag(MatchResult match) =>
        match.Band == MatchBand.Likely || (match.Band == MatchBand.Possible && match.Probability >= matcher.Settings.FlagPossibleAbove);

    /// <summary>
    /// The flag's text. Within one organisation, the reasons in words; across organisations, only the band, the organisation and
    /// the reference (need-to-know: which fields agree would tell one organisation about another's child). Never the probability
    /// or weights: those are kept on the flag and shown to managers only.
    /// </summary>
    public static string Evidence(MatchResult match, string otherReference, string otherOrganisation, bool sameOrganisation)
    {
        var band = match.Band == MatchBand.Likely ? "Likely" : "Possibly";
        var text = sameOrganisation
            ? $"{band} the same child as {otherReference}: {string.Join("; ", match.Reasons)}"
            : $"{band} the same child as a record held by {otherOrganisation} (reference {otherReference}). Contact them to compare the records.";
        return text.Length <= 4000 ? text : text[..3999] + "…";
    }

    private async Task<List<ScoredPair>> LookUpEachAsync(IReadOnlyCollection<Guid> childIds, double? registeredShare, CancellationToken ct)
    {
        var ids = childIds.ToList();
        var people = await db.Children.AsNoTracking().Where(c => ids.Contains(c.Id) && c.MergedIntoId == null)
            .Select(c => new { c.Id, Person = new PersonRecord(c.GivenNames, c.FamilyName, c.OtherNames, c.DateOfBirth, c.DobPrecision, c.Gender, c.Nationalities) })
            .ToListAsync(ct);
        var pairs = new List<ScoredPair>();
        foreach (var child in people)
        {
            foreach (var candidate in await search.ScoreAllAsync(child.Person, child.Id, ct, registeredShare))
            {
                pairs.Add(new ScoredPair(child.Id, candidate.ChildId, candidate.Match));
            }
        }

        return pairs;
    }

    /// <summary>
    /// An import's children paired with every child sharing a name key no more than <see cref="MaxKeyFrequency"/> children hold,
    /// in one set-based join; each child's pairs are then scored together, with the register's date counts and its name's holders.
    /// </summary>
    private async Task<List<ScoredPair>> PairSetBasedAsync(Guid[] ids, double? registeredShare, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<PairRow>(
                $"""
                WITH keyed AS (SELECT ch.id, u.k FROM children ch CROSS JOIN LATERAL unnest(ch.match_keys) AS u(k) WHERE ch.merged_into_id IS NULL),
                     useful AS (SELECT k, count(*)::int AS holders FROM keyed WHERE k LIKE 'n:%' GROUP BY k HAVING count(*) <= {MaxKeyFrequency}),
                     query AS (SELECT keyed.id, keyed.k, useful.holders FROM keyed JOIN useful USING (k) WHERE keyed.id = ANY(@p0))
                SELECT query.id AS "A", other.id AS "B", max(query.holders) AS "Holders"
                FROM query JOIN keyed other ON other.k = query.k
                WHERE other.id <> query.id
                GROUP BY query.id, other.id
                """,
                ids)
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }

        var model = await models.CurrentAsync(db, ct);
        if (registeredShare is { } share)
        {
            model = model.WithRegisteredShare(share);
        }

        var records = await CandidateSearch.RecordsAsync(db, ct);
        // A large import changes how common dates are: read them afresh (inside this transaction, so the import's children count).
        frequencies.Forget();
        var dates = await frequencies.CountsAsync(db, ct);
        var register = new RegisterCounts(records, d => dates.GetValueOrDefault(d));
        var pairs = new List<ScoredPair>();
        // Large chunks: each chunk reads its people in one query, and a record's name words are worked out once per chunk
        // (NameSets keeps them with the record), however many pairs it is in.
        foreach (var chunk in rows.GroupBy(r => r.A).Chunk(20_000))
        {
            var needed = chunk.SelectMany(g => g.Select(r => r.B).Append(g.Key)).Distinct().ToList();
            var people = await db.Children.AsNoTracking().Where(c => needed.Contains(c.Id))
                .Select(c => new { c.Id, Person = new PersonRecord(c.GivenNames, c.FamilyName, c.OtherNames, c.DateOfBirth, c.DobPrecision, c.Gender, c.Nationalities) })
                .ToDictionaryAsync(c => c.Id, c => c.Person, ct);
            foreach (var group in chunk)
            {
                var others = group.Where(r => people.ContainsKey(r.B)).ToList();
                if (!people.TryGetValue(group.Key, out var query) || others.Count == 0)
                {
                    continue;
                }

                // Most queries flag nothing: their pairs are scored without explanations, and only a query with a pair to flag is
                // ranked again, with the same arguments and so the same probabilities, for the reasons its flag gives.
                var candidates = others.Select(o => people[o.B]).ToList();
                var holders = others.Max(o => o.Holders);
                var scores = matcher.RankWithoutExplanations(query, candidates, model, register, holders);
                if (scores.Any(ShouldFlag))
                {
                    scores = matcher.Rank(query, candidates, model, register, holders);
                }

                pairs.AddRange(others.Select((o, i) => new ScoredPair(group.Key, o.B, scores[i])));
            }
        }

        return pairs;
    }

    private sealed record ScoredPair(Guid A, Guid B, MatchResult Match);

    private sealed record PairRow(Guid A, Guid B, int Holders);

}
