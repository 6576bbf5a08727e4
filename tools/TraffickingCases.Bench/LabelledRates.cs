using System.Globalization;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Demo;

namespace TraffickingCases.Bench;

/// <summary>
/// `tc bench rates`: the rates behind the built-in match model, from a generated register in memory. m is counted on labelled
/// pairs (each sampled child against the generator's re-recording of it), u on random pairs of the register; both with add-half
/// smoothing. Prints them as the lines of <see cref="MatchModel.BuiltIn"/>. The generator is the only labelled source we have, so
/// these are where the built-in model starts; `tc match train` then fits the register a service actually holds.
/// </summary>
public static class LabelledRates
{
    // The generator's draws depend on `now` (episodes stop at it): the command passes midnight, so a day's runs agree.
    public static IReadOnlyList<string> Measure(int children, int seed, int labelled, int randomPairs, DateTimeOffset now)
    {
        var population = new DemoPopulation(seed, now);
        var organisations = Enumerable.Range(1, 12)
            .Select(i => new Organisation($"BENCH-{i:00}", $"Benchmark Council {i}", OrganisationType.LocalAuthority, isInIctgArea: true)).ToList();
        var register = Enumerable.Range(0, children)
            .Select(i => population.NextChild("TC-RATES", organisations[i % organisations.Count], null).ToDetails())
            .ToList();
        var people = register.Select(PersonRecord.Of).ToList();
        var u = MatchModelFit.EstimateU(people, randomPairs, seed);

        var random = new Random(seed + 11);
        var reRecorder = new ReRecorder(seed + 12);
        var m = MatchModelFit.Rates(Enumerable.Range(0, labelled).Select(_ =>
        {
            var original = register[random.Next(register.Count)];
            return MatchModelFit.Levels(PersonRecord.Of(original), PersonRecord.Of(reRecorder.ReRecord(original)));
        }));
        var lines = MatchModel.Fields.SelectMany(f => f.Value.Select(level => $"{f.Key}.{level}"))
            .Select(key => string.Create(CultureInfo.InvariantCulture, $"[\"{key}\"] = new({m[key]:0.#####}, {u[key]:0.#######}),"))
            .ToList();
        return lines;
    }
}
