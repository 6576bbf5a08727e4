using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

/// <summary>
/// What must hold whichever weights are configured: siblings, twins and common names do not match, and the
/// name-frequency adjustment lowers the probability as more children share a name.
/// </summary>
public abstract class WeightSetTests(MatchWeights weights)
{
    private readonly Matcher _matcher = new(weights);

    private static readonly int[] NameCounts = [0, 1, 2, 5, 40, 500];

    public static TheoryData<int> Counts() => [.. NameCounts];

    [Theory]
    [MemberData(nameof(Counts))]
    public void Siblings_are_not_a_candidate_whatever_the_name_frequency(int count)
    {
        AssertNone(_matcher.Compare(Person("Ardit", "Krasniqi", "2008-06-01"), Person("Besnik", "Krasniqi", "2010-02-11"), count));
        AssertNone(_matcher.Compare(Person("Ardit", "Krasniqi", "2008-01-01", DobPrecision.Estimated), Person("Endrit", "Krasniqi", "2009-01-01", DobPrecision.Estimated), count));
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void Twins_are_not_a_candidate_whatever_the_name_frequency(int count)
    {
        AssertNone(_matcher.Compare(Person("Ardit", "Krasniqi", "2008-06-01"), Person("Endrit", "Krasniqi", "2008-06-01"), count));
        AssertNone(_matcher.Compare(Person("Sara", "Tesfay", "2008-06-01", gender: Gender.Female, nationality: "ERI"),
            Person("Fatima", "Tesfay", "2008-06-01", gender: Gender.Female, nationality: "ERI"), count));
    }

    [Theory]
    [MemberData(nameof(Counts))]
    public void Common_names_with_different_exact_dates_of_birth_are_not_a_candidate(int count)
    {
        AssertNone(_matcher.Compare(Person("Mohammed", "Ali", "2008-06-01", nationality: "SDN"), Person("Mohamed", "Ali", "2010-02-11", nationality: "SDN"), count));
        AssertNone(_matcher.Compare(Person("Mohammed", "Ali", "2008-06-01", nationality: "SDN"), Person("Mohammed", "Ali", "2009-06-01", nationality: "SDN"), count));
    }

    [Fact]
    public void Brothers_who_share_their_father_s_name_among_their_given_names_are_not_a_candidate()
    {
        var result = _matcher.Compare(Person("Yonas Tesfay", "Gebremedhin", "2008-01-01", DobPrecision.Estimated, nationality: "ERI"),
            Person("Filmon Tesfay", "Gebremedhin", "2008-01-01", DobPrecision.Estimated, nationality: "ERI"), 1);

        Assert.True(result.Band == MatchBand.None, Why(result));
        Assert.Equal($"given name: different (only Tesfay in common) {Signed(_matcher.Weights.GivenDifferent)}", result.Fields[1].ToString());
    }

    [Fact]
    public void Vietnamese_twins_who_share_the_middle_name_Van_are_not_a_candidate() =>
        AssertNone(_matcher.Compare(Person("Văn Minh", "Nguyễn", "2007-09-10", nationality: "VNM"), Person("Văn Hùng", "Nguyễn", "2007-09-10", nationality: "VNM"), 1));

    [Fact]
    public void A_given_name_dropped_by_the_other_record_still_agrees()
    {
        var result = _matcher.Compare(Person("Văn Minh", "Nguyễn", "2007-09-10", nationality: "VNM"), Person("Minh", "Nguyen", "2007-09-10", nationality: "VNM"), 1);

        Assert.Equal(MatchBand.Likely, result.Band);
        Assert.StartsWith("given name: exact", result.Fields[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_repeating_the_family_name_does_not_make_a_twin_agree_on_the_given_name()
    {
        // "Hoxha Ardit" as another name is the child's own name in the other order, not a given name Hoxha.
        var recorded = Person("Ardit", "Hoxha", "2008-06-01", aliases: ["Hoxha Ardit"]);
        var twin = Person("Besnik", "Hoxha", "2008-06-01");

        var result = _matcher.Compare(recorded, twin, 1);

        Assert.True(result.Band == MatchBand.None, Why(result));
        Assert.StartsWith("given name: different", result.Fields[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_name_and_date_of_birth_is_likely_when_no_other_child_of_that_age_has_the_name()
    {
        var result = _matcher.Compare(Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxha", "2008-02-14"), 1);

        Assert.True(result.Band == MatchBand.Likely, Why(result));
        Assert.Equal($"name frequency: no other record of this name and age {Signed(_matcher.Weights.NameShared1)}", result.Fields[^1].ToString());
    }

    [Fact]
    public void The_more_children_of_that_age_have_the_name_the_lower_the_probability()
    {
        var a = Person("Mohammed", "Ahmed", "2008-01-01", DobPrecision.Estimated, nationality: "SDN");
        var b = Person("Muhammad", "Ahmed", "2008-06-15", nationality: "SDN");

        var probabilities = new[] { 1, 2, 4, 8, 16, 32, 64, 200 }.Select(n => _matcher.Compare(a, b, n).Probability).ToList();

        Assert.Equal(probabilities.OrderDescending(), probabilities);
        Assert.True(probabilities[0] > probabilities[^1]);
    }

    [Fact]
    public void No_name_frequency_line_when_the_names_do_not_agree_or_the_count_is_not_known()
    {
        Assert.DoesNotContain(_matcher.Compare(Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxha", "2008-02-14")).Fields, f => f.Field == "name frequency");
        Assert.DoesNotContain(_matcher.Compare(Person("Ardit", "Hoxha", "2008-02-14"), Person("Besnik", "Hoxha", "2008-02-14"), 3).Fields, f => f.Field == "name frequency");
    }

    [Fact]
    public void The_result_with_a_name_count_does_not_depend_on_which_record_is_the_query()
    {
        var a = Person("Yonas", "Tesfay", "2008-04-20", nationality: "ERI");
        var b = Person("Tesfai", "Yonas", "2008-01-01", DobPrecision.Estimated, nationality: "ETH");

        Assert.Equal(_matcher.Compare(a, b, 3).Probability, _matcher.Compare(b, a, 3).Probability);
    }

    private static void AssertNone(MatchResult result) => Assert.True(result.Band == MatchBand.None, Why(result));

    private static string Signed(double weight) => weight.ToString("+0.0;-0.0;0.0", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The default (hand-set) weights.</summary>
public class DefaultWeightsTests() : WeightSetTests(new MatchWeights());

/// <summary>The weights `tc bench fit` estimated (docs/fitted-weights.env).</summary>
public class FittedWeightsTests() : WeightSetTests(FittedWeights());

/// <summary>The name-frequency buckets, the weights' order and the fit.</summary>
public class MatchWeightFitTests
{
    [Theory]
    [InlineData(1, nameof(MatchWeights.NameShared1))]
    [InlineData(2, nameof(MatchWeights.NameShared2))]
    [InlineData(4, nameof(MatchWeights.NameShared3To4))]
    [InlineData(5, nameof(MatchWeights.NameShared5To8))]
    [InlineData(16, nameof(MatchWeights.NameShared9To16))]
    [InlineData(17, nameof(MatchWeights.NameShared17To32))]
    [InlineData(64, nameof(MatchWeights.NameShared33To64))]
    [InlineData(1000, nameof(MatchWeights.NameShared65Plus))]
    public void Name_counts_fall_into_buckets(int count, string setting) => Assert.Equal(setting, new MatchWeights().NameShared(count).Setting);

    [Fact]
    public void The_default_and_fitted_weights_fall_with_each_looser_level()
    {
        foreach (var (weights, group) in new[] { new MatchWeights(), FittedWeights() }.SelectMany(w => MatchWeights.LevelGroups.Select(g => (w, g))))
        {
            var values = group.Select(name => (double)typeof(MatchWeights).GetProperty(name)!.GetValue(weights)!).ToList();
            Assert.Equal(values.OrderDescending(), values);
        }
    }

    [Fact]
    public void Fitting_gives_a_level_seen_more_among_the_same_child_a_positive_weight_and_keeps_levels_in_order()
    {
        var pairs = new List<LabelledPair>();
        for (var i = 0; i < 40; i++)
        {
            // Same child: same names, mostly the same date of birth.
            pairs.Add(new(Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxha", i % 4 == 0 ? "2008-01-01" : "2008-02-14", i % 4 == 0 ? DobPrecision.Estimated : DobPrecision.Exact), 1, true));

            // Different children: same names, another date; or another given name.
            pairs.Add(new(Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxha", "2011-09-03"), 1, false));
            pairs.Add(new(Person("Ardit", "Hoxha", "2008-02-14"), Person("Besnik", "Hoxha", "2008-02-14"), 1, false));
        }

        var fitted = MatchWeightFit.Fit(pairs, HandSetWeights());

        Assert.True(fitted.DateOfBirthExact > 0, $"exact date of birth {fitted.DateOfBirthExact}");
        Assert.True(fitted.DateOfBirthDifferent < 0, $"different date of birth {fitted.DateOfBirthDifferent}");
        Assert.True(fitted.GivenDifferent < 0);
        Assert.Equal(Math.Round(Math.Log2(40.0 / 80), 2), fitted.Prior);
        Assert.True(fitted.DateOfBirthDayMonthSwapped <= fitted.DateOfBirthExact - MatchWeightFit.MinimumStep);

        // Never seen for the same child: the starting weight stays.
        Assert.Equal(HandSetWeights().GenderDifferent, fitted.GenderDifferent);
    }

    [Fact]
    public void Fitting_needs_both_kinds_of_pair() =>
        Assert.Throws<ArgumentException>(() => MatchWeightFit.Fit([new(Person("A", "B", "2008-01-01"), Person("A", "B", "2008-01-01"), 1, true)], new MatchWeights()));

    [Fact]
    public void The_fitted_weights_print_as_settings()
    {
        var settings = MatchWeightFit.AsSettings(new MatchWeights { Prior = -5.5 }).ToList();

        Assert.Equal("Matching__Prior=-5.5", settings[0]);
        Assert.Contains(settings, s => s.StartsWith("Matching__NameShared65Plus=", StringComparison.Ordinal));
    }
}
