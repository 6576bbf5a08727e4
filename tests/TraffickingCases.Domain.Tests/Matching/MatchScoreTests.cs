using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

public class MatchScoreTests
{
    /// <summary>Two identical records with gender unknown and no nationality: only the three exact agreements count.</summary>
    private static readonly PersonRecord Same = Person("Ardit", "Hoxha", "2008-02-14", gender: Gender.Unknown, nationality: "");

    /// <summary>Weights where the identical pair scores exactly <paramref name="score"/>: three agreements of 1 plus the prior.</summary>
    private static MatchWeights Scoring(double score) => new()
    {
        FamilyExact = 1,
        GivenExact = 1,
        DateOfBirthExact = 1,
        Prior = score - 3,
    };

    [Fact]
    public void The_score_is_the_prior_plus_the_field_weights()
    {
        var weights = MatchingTestData.HandSetWeights();
        var result = new Matcher(weights).Compare(Same, Same);

        Assert.Equal(weights.Prior + weights.FamilyExact + weights.GivenExact + weights.DateOfBirthExact, result.Score, 6);
        Assert.Equal(6.5, result.Score);
    }

    [Fact]
    public void Every_field_weight_is_in_the_score()
    {
        var result = new Matcher(MatchingTestData.HandSetWeights()).Compare(
            Person("Ardit", "Hoxha", "2008-01-01", DobPrecision.Estimated, nationality: "ALB"),
            Person("Ardit", "Hoxhe", "2008-07-19", gender: Gender.Female, nationality: "XKX"));

        // -9 prior, phonetic family +4.1, exact given +4.5, placeholder +2.0, different gender -4.0, confused nationality +0.5.
        Assert.Equal(-1.9, result.Score, 6);
        Assert.Equal(result.Score, -9 + result.Fields.Sum(f => f.Weight), 6);
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 2.0 / 3.0)]
    [InlineData(-1.0, 1.0 / 3.0)]
    [InlineData(2.0, 0.8)]
    [InlineData(-3.0, 1.0 / 9.0)]
    [InlineData(10.0, 1024.0 / 1025.0)]
    public void The_probability_is_one_over_one_plus_two_to_the_minus_score(double score, double probability)
    {
        var result = new Matcher(Scoring(score)).Compare(Same, Same);

        Assert.Equal(score, result.Score, 6);
        Assert.Equal(probability, result.Probability, 12);
    }

    [Fact]
    public void The_score_is_rounded_to_two_places_and_the_probability_is_not()
    {
        var result = new Matcher(Scoring(1.23456)).Compare(Same, Same);

        Assert.Equal(1.23, result.Score);
        Assert.Equal(1 / (1 + Math.Pow(2, -1.23456)), result.Probability, 12);
    }

    [Theory]
    [InlineData(-5.0, MatchBand.None)]
    [InlineData(-0.01, MatchBand.None)]
    [InlineData(0.0, MatchBand.Possible)]
    [InlineData(0.01, MatchBand.Possible)]
    [InlineData(3.16, MatchBand.Possible)]
    [InlineData(3.18, MatchBand.Likely)]
    [InlineData(8.0, MatchBand.Likely)]
    public void The_default_bands_split_at_probabilities_0_5_and_0_9(double score, MatchBand band)
    {
        // 0.5 is a score of 0; 0.9 is a score of log2(9) = 3.1699.
        var result = new Matcher(Scoring(score)).Compare(Same, Same);

        Assert.True(result.Band == band, Why(result));
    }

    [Fact]
    public void The_likely_threshold_is_log2_9_with_the_default_weights()
    {
        var boundary = Math.Log2(9);

        Assert.Equal(MatchBand.Possible, new Matcher(Scoring(boundary - 0.001)).Compare(Same, Same).Band);
        Assert.Equal(MatchBand.Likely, new Matcher(Scoring(boundary + 0.001)).Compare(Same, Same).Band);
    }

    [Fact]
    public void A_probability_exactly_at_a_threshold_is_in_the_higher_band()
    {
        // A score of 2 is a probability of exactly 0.8.
        var atLikely = Scoring(2);
        atLikely.LikelyThreshold = 0.8;
        var atPossible = Scoring(2);
        atPossible.PossibleThreshold = 0.8;
        atPossible.LikelyThreshold = 0.95;

        Assert.Equal(MatchBand.Likely, new Matcher(atLikely).Compare(Same, Same).Band);
        Assert.Equal(MatchBand.Possible, new Matcher(atPossible).Compare(Same, Same).Band);
    }

    [Fact]
    public void Thresholds_are_configurable()
    {
        var weights = Scoring(-1); // probability 1/3
        weights.PossibleThreshold = 0.3;
        weights.LikelyThreshold = 0.34;

        Assert.Equal(MatchBand.Possible, new Matcher(weights).Compare(Same, Same).Band);

        weights.LikelyThreshold = 0.33;
        Assert.Equal(MatchBand.Likely, new Matcher(weights).Compare(Same, Same).Band);

        weights.PossibleThreshold = weights.LikelyThreshold = 0.34;
        Assert.Equal(MatchBand.None, new Matcher(weights).Compare(Same, Same).Band);
    }

    [Fact]
    public void The_prior_is_tuned_against_the_default_weights()
    {
        // Expected from the defaults: Hoxha ~ Hoxhe phonetic +4.1, exact given +4.5, 1 January placeholder +2.0,
        // same gender +0.4, same nationality +0.8 = 11.8. A prior of -11.8 puts the pair at exactly 0.5.
        var a = Person("Ardit", "Hoxha", "2008-01-01", DobPrecision.Estimated);
        var b = Person("Ardit", "Hoxhe", "2008-07-19");
        var weights = MatchingTestData.HandSetWeights();
        var agreement = weights.FamilyPhonetic + weights.GivenExact + weights.DateOfBirthJanuaryPlaceholder + weights.GenderSame + weights.NationalitySame;

        weights.Prior = -agreement - 0.01;
        Assert.Equal(MatchBand.None, new Matcher(weights).Compare(a, b).Band);
        weights.Prior = -agreement + 0.01;
        Assert.Equal(MatchBand.Possible, new Matcher(weights).Compare(a, b).Band);
        weights.Prior = -agreement + Math.Log2(9) - 0.01;
        Assert.Equal(MatchBand.Possible, new Matcher(weights).Compare(a, b).Band);
        weights.Prior = -agreement + Math.Log2(9) + 0.01;
        Assert.Equal(MatchBand.Likely, new Matcher(weights).Compare(a, b).Band);
    }

    [Fact]
    public void Each_level_uses_its_own_configured_weight()
    {
        var weights = MatchingTestData.HandSetWeights();
        weights.DateOfBirthReassessed = 1.5;
        weights.FamilyClose = 3.25;
        var result = new Matcher(weights).Compare(
            Person("Ardit", "Gebremedhin", "2005-07-10", DobPrecision.Disputed, Gender.Unknown, ""),
            Person("Ardit", "Gebremedhim", "2008-06-15", gender: Gender.Unknown, nationality: ""));

        Assert.Equal("family name: close spelling (Gebremedhin ~ Gebremedhim) +3.3; given name: exact +4.5; date of birth: differs, disputed (age reassessed) +1.5", result.Explanation);
        Assert.Equal(-9 + 3.25 + 4.5 + 1.5, result.Score, 6);
    }

    [Theory]
    [InlineData(NameLevel.Exact, 5.5, 4.5)]
    [InlineData(NameLevel.Normalised, 5.0, 4.0)]
    [InlineData(NameLevel.Phonetic, 4.1, 3.2)]
    [InlineData(NameLevel.Close, 2.5, 1.8)]
    [InlineData(NameLevel.Different, -3.5, -4.0)]
    public void Name_weights_fall_with_the_level(NameLevel level, double family, double given)
    {
        var weights = MatchingTestData.HandSetWeights();

        Assert.Equal(family, weights.Family(level));
        Assert.Equal(given, weights.Given(level));
    }

    [Fact]
    public void Date_weights_fall_with_the_level_and_a_missing_date_weighs_nothing()
    {
        var weights = MatchingTestData.HandSetWeights();

        Assert.True(weights.DateOfBirth(DateOfBirthLevel.Exact) > weights.DateOfBirth(DateOfBirthLevel.DayMonthSwapped));
        Assert.True(weights.DateOfBirth(DateOfBirthLevel.DayMonthSwapped) > weights.DateOfBirth(DateOfBirthLevel.WithinYearUncertain));
        Assert.True(weights.DateOfBirth(DateOfBirthLevel.WithinYearUncertain) > weights.DateOfBirth(DateOfBirthLevel.Reassessed));
        Assert.True(weights.DateOfBirth(DateOfBirthLevel.Reassessed) > weights.DateOfBirth(DateOfBirthLevel.Different));
        Assert.Equal(0, weights.DateOfBirth(DateOfBirthLevel.Missing));
    }
}
