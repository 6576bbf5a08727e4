using TraffickingCases.Domain.Matching;

namespace TraffickingCases.Domain.Tests.Matching;

public class MatchWeightsTests
{
    [Fact]
    public void The_defaults_have_no_problems() => Assert.Empty(new MatchWeights().Problems());

    [Theory]
    [InlineData(0.0, 0.9)]
    [InlineData(-0.1, 0.9)]
    [InlineData(1.0, 1.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.5, 1.0)]
    [InlineData(0.5, 1.5)]
    public void Thresholds_outside_zero_to_one_are_a_problem(double possible, double likely)
    {
        var problems = new MatchWeights { PossibleThreshold = possible, LikelyThreshold = likely }.Problems();

        Assert.Contains("Matching:PossibleThreshold and Matching:LikelyThreshold must be between 0 and 1", problems);
    }

    [Fact]
    public void A_likely_threshold_below_the_possible_threshold_is_a_problem()
    {
        var problems = new MatchWeights { PossibleThreshold = 0.75, LikelyThreshold = 0.25 }.Problems();

        var problem = Assert.Single(problems);
        Assert.Equal($"Matching:LikelyThreshold ({0.25}) must not be below Matching:PossibleThreshold ({0.75})", problem);
    }

    [Fact]
    public void Both_problems_are_reported_together()
    {
        var problems = new MatchWeights { PossibleThreshold = 0.6, LikelyThreshold = -0.5 }.Problems();

        Assert.Equal(2, problems.Count);
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.01, 0.99)]
    [InlineData(0.3, 0.6)]
    public void Thresholds_inside_zero_to_one_in_order_are_fine(double possible, double likely) =>
        Assert.Empty(new MatchWeights { PossibleThreshold = possible, LikelyThreshold = likely }.Problems());
}
