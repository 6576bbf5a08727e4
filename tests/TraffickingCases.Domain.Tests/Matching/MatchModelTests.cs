using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

public class MatchModelTests
{
    private static MatchModel With(Func<Dictionary<string, LevelRates>, Dictionary<string, LevelRates>> change, double share = 0.3) => new()
    {
        RegisteredShare = share,
        Levels = change(MatchModel.BuiltIn.Levels.ToDictionary(kv => kv.Key, kv => kv.Value)),
    };

    [Fact]
    public void The_built_in_model_has_no_problems() => Assert.Empty(MatchModel.BuiltIn.Problems());

    [Fact]
    public void The_built_in_model_has_rates_for_every_level_of_every_field()
    {
        foreach (var (field, levels) in MatchModel.Fields)
        {
            foreach (var level in levels)
            {
                Assert.True(MatchModel.BuiltIn.Levels.ContainsKey($"{field}.{level}"), $"{field}.{level}");
            }
        }
    }

    [Fact]
    public void A_model_missing_a_level_has_a_problem_naming_it()
    {
        var model = With(l => { l.Remove("names.TwoOfSeveral"); return l; });

        Assert.Contains(model.Problems(), p => p.Contains("names.TwoOfSeveral", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(-0.1, 0.5)]
    [InlineData(0.5, 0)]
    [InlineData(1.5, 0.5)]
    public void A_model_with_m_or_u_out_of_range_has_a_problem(double m, double u)
    {
        var model = With(l => { l["dob.Exact"] = new LevelRates(m, u); return l; });

        Assert.Contains(model.Problems(), p => p.Contains("dob.Exact", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-0.2)]
    public void A_registered_share_outside_0_and_1_is_a_problem(double share) =>
        Assert.NotEmpty(With(l => l, share).Problems());

    [Fact]
    public void A_model_missing_a_level_cannot_score_a_pair_at_that_level()
    {
        var model = With(l => { l.Remove("dob.DayMonthSwapped"); return l; });
        var matcher = new Matcher(new MatchSettings());

        Assert.Throws<InvalidOperationException>(() => matcher.Compare(
            Person("Ardit", "Hoxha", "2008-03-05"), Person("Ardit", "Hoxha", "2008-05-03"), model, MatcherRankTests.Register));
    }

    [Fact]
    public void With_registered_share_keeps_everything_else()
    {
        var model = new MatchModel { Version = 4, CalibrationSlope = 1.2, CalibrationIntercept = 3, RegisteredShare = 0.3, Levels = MatchModel.BuiltIn.Levels };

        var changed = model.WithRegisteredShare(0.05);

        Assert.Equal(0.05, changed.RegisteredShare);
        Assert.Equal(4, changed.Version);
        Assert.Equal(1.2, changed.CalibrationSlope);
        Assert.Equal(3, changed.CalibrationIntercept);
        Assert.Same(model.Levels, changed.Levels);
        Assert.Equal(0.3, model.RegisteredShare);
    }

    [Fact]
    public void Default_settings_have_no_problems() => Assert.Empty(new MatchSettings().Problems());

    [Fact]
    public void Likely_below_possible_is_a_problem()
    {
        var settings = new MatchSettings { LikelyThreshold = 0.2, PossibleThreshold = 0.5 };

        Assert.Contains(settings.Problems(), p => p.Contains("LikelyThreshold", StringComparison.Ordinal) && p.Contains("PossibleThreshold", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 0.1, 0.5, 0.05)]
    [InlineData(0.95, 1, 0.5, 0.05)]
    [InlineData(0.95, 0.1, 0, 0.05)]
    [InlineData(0.95, 0.1, 0.5, 1)]
    public void A_threshold_outside_0_and_1_is_a_problem(double likely, double possible, double flag, double import) =>
        Assert.NotEmpty(new MatchSettings { LikelyThreshold = likely, PossibleThreshold = possible, FlagPossibleAbove = flag, ImportRegisteredShare = import }.Problems());

    [Fact]
    public void A_lower_likely_threshold_makes_a_possible_pair_likely()
    {
        var a = MatcherRankTests.Sudanese("Suleiman Eltayeb", "Hmid", "2010-01-01", DobPrecision.Estimated);
        var b = MatcherRankTests.Sudanese("Ibrahim Hamid", "Suleiman", "2010-01-01", DobPrecision.Estimated);
        var strict = new Matcher(new MatchSettings()).Compare(a, b, MatchModel.BuiltIn, MatcherRankTests.Register);
        var loose = new Matcher(new MatchSettings { LikelyThreshold = strict.Probability, PossibleThreshold = 0.01 }).Compare(a, b, MatchModel.BuiltIn, MatcherRankTests.Register);

        Assert.NotEqual(MatchBand.Likely, strict.Band);
        Assert.Equal(MatchBand.Likely, loose.Band);
        Assert.Equal(strict.Probability, loose.Probability);
    }
}
