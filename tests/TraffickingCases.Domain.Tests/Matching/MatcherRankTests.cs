using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

/// <summary>Matcher.Rank with the built-in model on a register of 20,000 records where every 1 January is a common estimate.</summary>
public class MatcherRankTests
{
    private static readonly Matcher Matcher = new(new MatchSettings());

    /// <summary>20,000 records; 400 hold each 1 January (the estimate), 3 hold any other date.</summary>
    internal static readonly RegisterCounts Register = new(20000, d => d is { Month: 1, Day: 1 } ? 400 : 3);

    private static string Why(MatchResult r) => $"{r.Band} {r.Probability:0.0000}: {r.Explanation} | {string.Join(" | ", r.Reasons)}";

    internal static PersonRecord Sudanese(string given, string family, string dob, DobPrecision precision) =>
        Person(given, family, dob, precision, Gender.Male, "SDN");

    [Fact]
    public void Ranking_without_explanations_gives_the_same_scores_probabilities_and_bands()
    {
        // A re-recording with a swapped date, a namesake, a brother, a spelling variant, a record with no name and one with a nickname.
        var query = Person("Yonas Tesfay", "Gebremedhin", "2009-03-04", DobPrecision.Exact, Gender.Male, "ERI");
        PersonRecord[] candidates =
        [
            Person("Yonas Tesfai", "Gebremedhin", "2009-04-03", DobPrecision.Exact, Gender.Male, "ETH"),
            Person("Yonas", "Gebremedhin", "2008-01-01", DobPrecision.Estimated, Gender.Male, "ERI"),
            Person("Filmon Tesfay", "Gebremedhin", "2011-07-09", DobPrecision.Exact, Gender.Male, "ERI"),
            Person("Yonas Tesfay", "Gebremedhin", "2009-03-04", DobPrecision.Disputed, Gender.Unknown, "ERI"),
            Person(string.Empty, string.Empty, null),
            new PersonRecord("Yohannes", "Gebremedin", ["Yoni"], D("2009-03-04"), DobPrecision.Exact, Gender.Female, []),
        ];

        var explained = Matcher.Rank(query, candidates, MatchModel.BuiltIn, Register, nameHolders: 4);
        var plain = Matcher.RankWithoutExplanations(query, candidates, MatchModel.BuiltIn, Register, nameHolders: 4);

        Assert.Equal(
            explained.Select(r => (r.Score, r.Probability, r.Band, r.UncalibratedLogOdds, r.OthersConsidered, r.ModelVersion)),
            plain.Select(r => (r.Score, r.Probability, r.Band, r.UncalibratedLogOdds, r.OthersConsidered, r.ModelVersion)));
        Assert.Contains(explained, r => r.Band != MatchBand.None);
        Assert.All(plain, r => Assert.Empty(r.Reasons));
    }

    [Fact]
    public void Sudanese_children_sharing_two_of_several_names_and_an_estimated_date_are_not_likely()
    {
        var a = Sudanese("Suleiman Eltayeb", "Hmid", "2010-01-01", DobPrecision.Estimated);
        var b = Sudanese("Ibrahim Hamid", "Suleiman", "2010-01-01", DobPrecision.Estimated);

        var ab = Matcher.Compare(a, b, MatchModel.BuiltIn, Register);
        var ba = Matcher.Compare(b, a, MatchModel.BuiltIn, Register);

        Assert.True(ab.Band != MatchBand.Likely, Why(ab));
        Assert.True(ba.Band != MatchBand.Likely, Why(ba));
    }

    [Fact]
    public void Eritrean_cousins_sharing_given_and_father_s_name_and_an_estimated_date_are_not_likely()
    {
        var a = Person("Henok Okbay", "Tesfay", "2007-01-01", DobPrecision.Estimated, Gender.Male, "ERI");
        var b = Person("Henok Okbay", "Mehari", "2007-01-01", DobPrecision.Estimated, Gender.Male, "ERI");

        var ab = Matcher.Compare(a, b, MatchModel.BuiltIn, Register);
        var ba = Matcher.Compare(b, a, MatchModel.BuiltIn, Register);

        Assert.True(ab.Band != MatchBand.Likely, Why(ab));
        Assert.True(ba.Band != MatchBand.Likely, Why(ba));
    }

    internal static readonly PersonRecord Hossein = Person("Hossein", "Jafari", "2008-01-01", DobPrecision.Estimated, Gender.Male, "IRN");

    internal static readonly PersonRecord[] SixHosseins =
    [
        Person("Hossein", "Jafari", "2008-01-01", DobPrecision.Estimated, Gender.Male, "IRN"),
        Person("Hossein", "Jafari", "2008-03-14", DobPrecision.Exact, Gender.Male, "IRN"),
        Person("Hossein", "Jafari", "2007-11-02", DobPrecision.Estimated, Gender.Male, "IRN"),
        Person("Hosein", "Jafari", "2008-06-30", DobPrecision.Exact, Gender.Male, "IRN"),
        Person("Hossein", "Jafari", "2007-01-01", DobPrecision.Estimated, Gender.Male, "IRN"),
        Person("Hossein", "Jafari", "2008-09-09", DobPrecision.Estimated, Gender.Male, "AFG,IRN"),
    ];

    [Fact]
    public void A_common_name_held_by_six_children_of_about_that_age_makes_none_likely()
    {
        var results = Matcher.Rank(Hossein, SixHosseins, MatchModel.BuiltIn, Register);

        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.True(r.Band != MatchBand.Likely, Why(r)));
        Assert.All(results, r => Assert.Contains(r.Reasons, s => s.Contains("other children", StringComparison.Ordinal) && s.Contains("this name", StringComparison.Ordinal)));
        Assert.All(results, r => Assert.Equal(5, r.OthersConsidered));
    }

    [Fact]
    public void A_common_name_is_not_likely_even_when_the_caller_says_how_many_hold_it()
    {
        // An import's pair finder sees one candidate, but knows six records hold the name.
        var result = Matcher.Compare(Hossein, SixHosseins[0], MatchModel.BuiltIn, Register, nameHolders: 6);
        var alone = Matcher.Compare(Hossein, SixHosseins[0], MatchModel.BuiltIn, Register);

        Assert.True(result.Probability < alone.Probability, $"{Why(result)} vs {Why(alone)}");
        Assert.Contains(result.Reasons, s => s.Contains("other children have this name", StringComparison.Ordinal));
    }

    [Fact]
    public void An_exact_rare_date_is_stronger_evidence_than_an_estimate_many_children_share()
    {
        var rareA = Sudanese("Suleiman Eltayeb", "Hmid", "2009-08-29", DobPrecision.Exact);
        var rareB = Sudanese("Ibrahim Hamid", "Suleiman", "2009-08-29", DobPrecision.Exact);
        var commonA = Sudanese("Suleiman Eltayeb", "Hmid", "2010-01-01", DobPrecision.Estimated);
        var commonB = Sudanese("Ibrahim Hamid", "Suleiman", "2010-01-01", DobPrecision.Estimated);

        var rare = Matcher.Compare(rareA, rareB, MatchModel.BuiltIn, Register);
        var common = Matcher.Compare(commonA, commonB, MatchModel.BuiltIn, Register);

        Assert.True(rare.Probability > common.Probability, $"rare {Why(rare)}; common {Why(common)}");
        var rareDate = Assert.Single(rare.Fields, f => f.Field == "date of birth");
        var commonDate = Assert.Single(common.Fields, f => f.Field == "date of birth");
        Assert.True(rareDate.Weight > commonDate.Weight + 3, $"{rareDate} vs {commonDate}");
    }

    [Fact]
    public void Two_identical_candidates_are_equally_probable_and_neither_is_likely()
    {
        var query = Person("Ardit", "Hoxha", "2008-02-14");
        var first = Person("Ardit", "Hoxha", "2008-02-14");
        var second = Person("Ardit", "Hoxha", "2008-02-14");

        var results = Matcher.Rank(query, [first, second], MatchModel.BuiltIn, Register);

        Assert.All(results, r => Assert.True(r.Band != MatchBand.Likely, Why(r)));
        Assert.Equal(results[0].Probability, results[1].Probability, 12);
        Assert.All(results, r => Assert.Contains(r.Reasons, s => s.Contains("Another record is about as alike", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_same_child_alone_is_likely_but_not_beside_a_twin_record()
    {
        var query = Person("Ardit", "Hoxha", "2008-02-14");
        var alone = Matcher.Compare(query, Person("Ardit", "Hoxha", "2008-02-14"), MatchModel.BuiltIn, Register);

        Assert.True(alone.Band == MatchBand.Likely, Why(alone));
        Assert.DoesNotContain(alone.Reasons, s => s.Contains("about as alike", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Mohammed", "Ahmed", "2008-03-05", "Muhammad", "Ahmad", "2008-05-03", "SDN")]
    [InlineData("Yonas", "Tesfay", "2008-04-20", "Tesfay", "Yonas", "2008-04-20", "ERI")]
    [InlineData("Văn Minh", "Nguyễn", "2007-09-10", "Van Minh", "Nguyen", "2007-09-10", "VNM")]
    [InlineData("Ardit", "Hoxhë", "2008-02-14", "Ardit", "Hoxhe", "2008-02-14", "ALB")]
    public void A_clear_re_recording_of_one_child_is_likely(string g1, string f1, string d1, string g2, string f2, string d2, string nationality)
    {
        var a = Person(g1, f1, d1, DobPrecision.Exact, Gender.Male, nationality);
        var b = Person(g2, f2, d2, DobPrecision.Exact, Gender.Male, nationality);

        var ab = Matcher.Compare(a, b, MatchModel.BuiltIn, Register);
        var ba = Matcher.Compare(b, a, MatchModel.BuiltIn, Register);

        Assert.True(ab.Band == MatchBand.Likely, Why(ab));
        Assert.True(ba.Band == MatchBand.Likely, Why(ba));
    }

    [Fact]
    public void A_re_recording_beside_unrelated_candidates_stays_likely()
    {
        var query = Person("Mohammed", "Ahmed", "2008-03-05", DobPrecision.Exact, Gender.Male, "SDN");
        var candidates = new[]
        {
            Person("Jack", "Smith", "2009-06-30", DobPrecision.Exact, Gender.Male, "GBR"),
            Person("Muhammad", "Ahmad", "2008-05-03", DobPrecision.Exact, Gender.Male, "SDN"),
            Person("Ardit", "Hoxha", "2008-02-14", DobPrecision.Exact, Gender.Male, "ALB"),
        };

        var results = Matcher.Rank(query, candidates, MatchModel.BuiltIn, Register);

        Assert.True(results[1].Band == MatchBand.Likely, Why(results[1]));
        Assert.Equal(MatchBand.None, results[0].Band);
        Assert.Equal(MatchBand.None, results[2].Band);
    }

    [Fact]
    public void Brothers_sharing_a_family_name_and_nationality_are_not_a_candidate()
    {
        var result = Matcher.Compare(
            Person("Jack", "Smith", "2009-06-30", DobPrecision.Exact, Gender.Male, "GBR"),
            Person("Oliver", "Smith", "2011-02-03", DobPrecision.Exact, Gender.Male, "GBR"),
            MatchModel.BuiltIn, Register);

        Assert.True(result.Band == MatchBand.None, Why(result));
    }

    public static TheoryData<string> CandidateSets => new() { "hosseins", "twins", "mixed" };

    private static (PersonRecord Query, PersonRecord[] Candidates) Set(string name) => name switch
    {
        "hosseins" => (Hossein, SixHosseins),
        "twins" => (Person("Ardit", "Hoxha", "2008-02-14"), [Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxhe", "2008-02-14")]),
        _ => (Person("Mohammed", "Ahmed", "2008-03-05", DobPrecision.Exact, Gender.Male, "SDN"),
            [
                Person("Muhammad", "Ahmad", "2008-05-03", DobPrecision.Exact, Gender.Male, "SDN"),
                Person("Mohamed", "Ahmed", "2008-01-01", DobPrecision.Estimated, Gender.Male, "SDN"),
                Person("Ahmed", "Mohammed", "2008-03-05", DobPrecision.Exact, Gender.Male, "SDN"),
                Person("Jack", "Smith", "2009-06-30", DobPrecision.Exact, Gender.Male, "GBR"),
            ]),
    };

    [Theory]
    [MemberData(nameof(CandidateSets))]
    public void Probabilities_of_all_candidates_sum_to_at_most_one(string set)
    {
        var (query, candidates) = Set(set);

        var results = Matcher.Rank(query, candidates, MatchModel.BuiltIn, Register);

        Assert.True(results.Sum(r => r.Probability) <= 1 + 1e-12, string.Join("; ", results.Select(r => r.Probability)));
        Assert.All(results, r => Assert.InRange(r.Probability, 0, 1));
        Assert.True(results.Count(r => r.Band == MatchBand.Likely) <= 1);
    }

    [Theory]
    [MemberData(nameof(CandidateSets))]
    public void The_result_does_not_depend_on_the_candidates_order(string set)
    {
        var (query, candidates) = Set(set);
        var reversed = candidates.Reverse().ToArray();

        var forward = Matcher.Rank(query, candidates, MatchModel.BuiltIn, Register);
        var backward = Matcher.Rank(query, reversed, MatchModel.BuiltIn, Register);

        for (var i = 0; i < candidates.Length; i++)
        {
            var j = candidates.Length - 1 - i;
            Assert.Equal(forward[i].Probability, backward[j].Probability, 12);
            Assert.Equal(forward[i].Band, backward[j].Band);
            Assert.Equal(forward[i].Reasons, backward[j].Reasons);
        }
    }

    [Fact]
    public void No_candidates_give_no_results() =>
        Assert.Empty(Matcher.Rank(Hossein, [], MatchModel.BuiltIn, Register));

    [Fact]
    public void The_result_carries_the_model_version()
    {
        var model = new MatchModel { Version = 7, Levels = MatchModel.BuiltIn.Levels, CalibrationSlope = 1.47, CalibrationIntercept = 4.05 };

        var result = Matcher.Compare(Hossein, SixHosseins[0], model, Register);

        Assert.Equal(7, result.ModelVersion);
    }

    [Fact]
    public void A_higher_registered_share_raises_the_probability()
    {
        var low = Matcher.Compare(Hossein, SixHosseins[1], MatchModel.BuiltIn.WithRegisteredShare(0.05), Register);
        var high = Matcher.Compare(Hossein, SixHosseins[1], MatchModel.BuiltIn.WithRegisteredShare(0.5), Register);

        Assert.True(high.Probability > low.Probability, $"{Why(low)} vs {Why(high)}");
    }
}
