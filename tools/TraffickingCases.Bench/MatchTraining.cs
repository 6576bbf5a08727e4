using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Matching;

namespace TraffickingCases.Bench;

/// <summary>
/// `tc bench fit`: labelled candidate pairs from a generated population whose truth is known, for fitting the
/// matcher's weights. Built in memory, with the same blocking as <see cref="CandidateSearch"/> (children
/// sharing a name-pair key, at most 200 a lookup) and the same kind of lookups as `tc bench match`. Use a seed
/// other than the benchmark's, so the weights are not fitted to the pairs they are judged on.
/// </summary>
public static class MatchTraining
{
    private const int MaxCandidates = 200;

    public static IReadOnlyList<LabelledPair> Pairs(int children, int seed, int duplicates, int lookalikes, DateTimeOffset now)
    {
        var organisation = new Organisation("TRAIN", "Training Council", OrganisationType.LocalAuthority, isInIctgArea: true);
        var population = new DemoPopulation(seed, now);
        var details = new List<(string ExternalId, ChildDetails Details)>(children);
        var people = new List<PersonRecord>(children);
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var named = new Dictionary<string, List<DateOnly?>>(StringComparer.Ordinal);
        for (var i = 0; i < children; i++)
        {
            var child = population.NextChild("TC-TRAIN", organisation, null, $"TRAIN-{seed}-{i + 1:0000000}").ToDetails();
            var person = PersonRecord.Of(child);
            details.Add((child.ExternalId!, child));
            people.Add(person);
            foreach (var key in NameNormaliser.SearchKeys(person))
            {
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = [];
                }

                list.Add(i);
            }

            if (CandidateSearch.PrimaryNameKey(person) is { } nameKey)
            {
                if (!named.TryGetValue(nameKey, out var dates))
                {
                    named[nameKey] = dates = [];
                }

                dates.Add(person.DateOfBirth);
            }
        }

        var positions = details.Select((d, i) => (d.ExternalId, i)).ToDictionary(x => x.ExternalId, x => x.i, StringComparer.Ordinal);
        var pairs = new List<LabelledPair>();
        foreach (var (query, expected) in MatchBenchmark.Queries(details, seed, duplicates, lookalikes, now))
        {
            var shared = CandidateSearch.PrimaryNameKey(query) is { } key && named.TryGetValue(key, out var dates)
                ? Math.Min(CandidateSearch.MaxNameCount, dates.Count(d => Matcher.CouldBeSameAge(query.DateOfBirth, d)))
                : 0;
            var expectedPosition = expected is null ? -1 : positions[expected];
            var candidates = NameNormaliser.SearchKeys(query).SelectMany(k => index.GetValueOrDefault(k) ?? []).Distinct().Take(MaxCandidates);
            foreach (var candidate in candidates)
            {
                pairs.Add(new LabelledPair(query, people[candidate], shared, candidate == expectedPosition));
            }
        }

        return pairs;
    }

    /// <summary>
    /// Precision and recall on labelled pairs, counted as `tc bench match` counts them (the 5 most likely candidates
    /// of each lookup), with a few missed re-recordings and false candidates to read.
    /// </summary>
    public static (MatchScores Likely, MatchScores Possible, IReadOnlyList<string> Examples) Evaluate(IReadOnlyList<LabelledPair> pairs, Matcher matcher)
    {
        var lookups = pairs.GroupBy(p => p.Query, ReferenceEqualityComparer.Instance)
            .Select(g => g.Select(p => (p.SameChild, Match: matcher.Compare(p.Query, p.Candidate, p.SharedNameCount), p.Candidate))
                .Where(c => c.Match.Band != MatchBand.None).OrderByDescending(c => c.Match.Probability).Take(5).ToList()
                as IReadOnlyList<(bool SameChild, MatchResult Match, PersonRecord Candidate)>)
            .ToList();
        var duplicates = pairs.Where(p => p.SameChild).Select(p => p.Query).Distinct(ReferenceEqualityComparer.Instance).Count();
        MatchScores Score(string cutOff, MatchBand band) => new("matcher (training pairs)", cutOff,
            lookups.Count(l => l.Any(c => c.SameChild && c.Match.Band >= band)), lookups.Sum(l => l.Count(c => !c.SameChild && c.Match.Band >= band)), duplicates, 0, 0, 0);
        var examples = lookups.SelectMany(l => l.Where(c => !c.SameChild && c.Match.Band == MatchBand.Likely)).Take(8)
            .Select(c => $"false likely {c.Match.Probability:0.000}: {c.Match.Explanation}")
            .Concat(pairs.Where(p => p.SameChild).Select(p => matcher.Compare(p.Query, p.Candidate, p.SharedNameCount)).Where(m => m.Band == MatchBand.None).Take(12)
                .Select(m => $"missed {m.Probability:0.000}: {m.Explanation}"))
            .ToList();
        return (Score("likely", MatchBand.Likely), Score("likely+possible", MatchBand.Possible), examples);
    }
}
