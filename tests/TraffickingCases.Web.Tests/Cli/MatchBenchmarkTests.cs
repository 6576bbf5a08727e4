using System.Text.RegularExpressions;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Cli;

/// <summary>
/// `tc bench match` and `tc bench rr00` at tiny sizes, each on a database of its own (they write populations): the
/// lines carry every measure the external evaluation uses. The values are a benchmark's business, not a test's.
/// </summary>
public sealed class MatchBenchmarkTests
{
    private const string Value = @"(?:\d[\d.,]*%?(?: ms)?|–|\d+ \(\d+\))";

    [Fact]
    public async Task Bench_match_reports_every_measure_for_the_matcher_and_the_naive_baseline_with_a_reliability_table()
    {
        await using var database = await TestDatabase.CreateAsync();

        var (code, output, error) = await database.TcAsync(
            ["bench", "match", "--children", "400", "--re-recordings", "20", "--siblings", "20", "--namesakes", "20", "--new-children", "20"]);

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(lines, l => l.StartsWith("population: 400 children of seed 42 across 12 organisations (400 inserted this run)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("lookups: 80 (20 re-recordings, 20 siblings of whom 10 twins, 20 namesakes, 20 never registered); top 5", StringComparison.Ordinal));
        foreach (var measure in new[]
                 {
                     "likely precision", "likely recall", "likely F1", "true record among candidates", "candidates per lookup", "new children called likely",
                     "likely candidates (right)", "wrong likely: re-recording → another child", "wrong likely: sibling (and twin)", "wrong likely: of which twin",
                     "wrong likely: namesake", "wrong likely: new child", "lookup latency p50", "lookup latency p95", "lookup latency p99",
                 })
        {
            // The measure, then a value for the matcher and one for the naive baseline.
            Assert.Contains(lines, l => Regex.IsMatch(l, $"^{Regex.Escape(measure)} +{Value} +{Value}( |$)"));
        }

        foreach (var bin in new[] { "< 0.50", "0.50–0.60", "0.60–0.70", "0.70–0.80", "0.80–0.90", "0.90–0.95", "0.95–0.99", "≥ 0.99" })
        {
            Assert.Contains(lines, l => Regex.IsMatch(l, $"^{Regex.Escape(bin)} +\\d+ +\\d+ +{Value} +{Value}$"));
        }

        Assert.Contains(lines, l => l.StartsWith("matcher by naming system", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("GBR ", StringComparison.Ordinal));

        // RR-00 volume is measured on a population with nobody else in the register: this one now has 400 children.
        var (refused, _, why) = await database.TcAsync(["bench", "rr00", "--children", "400"]);
        Assert.Equal(1, refused);
        Assert.StartsWith("error: the database already holds 400 other children", why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_rr00_imports_a_population_without_duplicates_and_reports_the_flags_and_the_children_they_are_on()
    {
        await using var database = await TestDatabase.CreateAsync();

        var (code, output, error) = await database.TcAsync(["bench", "rr00", "--children", "400", "--seed", "5"]);

        Assert.True(code == 0, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains(lines, l => l.StartsWith("population: 400 children of seed 5 across 12 organisations, no duplicates, through the children import (400 imported this run, 0 already present)", StringComparison.Ordinal));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^generate: \d+\.\d s; import: \d+\.\d s \([\d,]+ children/s\)$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^open RR-00 flags +\d+   \(\d+ likely, \d+ possible\)$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^pairs flagged +\d+   \(\d+ with the same normalised name and date of birth\)$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^children with an RR-00 +\d+   \d+\.\d\d% of children   goal ≤ 0\.5%$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^children with a likely RR-00 +\d+   \d+\.\d\d% of children$"));
    }
}
