using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;

namespace TraffickingCases.Domain.Tests.Matching;

public class MatcherWeaknessTests
{
    private readonly Matcher _matcher = new(MatchingTestData.HandSetWeights());

    private static PersonRecord P(string given, string family, string dob, DobPrecision precision = DobPrecision.Exact, string nationality = "ERI", params string[] aliases) =>
        new(given, family, aliases, DateOnly.Parse(dob, System.Globalization.CultureInfo.InvariantCulture), precision, Gender.Male, [nationality]);

    [Theory]
    [InlineData("Hassan", "Hussein")]
    [InlineData("Mohammed", "Mahmoud")]
    [InlineData("Omar", "Amir")]
    public void Twins_whose_given_names_sound_alike_but_are_different_names_are_not_a_likely_match(string one, string other)
    {
        var result = _matcher.Compare(P(one, "Ahmed", "2008-06-01", nationality: "SDN"), P(other, "Ahmed", "2008-06-01", nationality: "SDN"));

        Assert.NotEqual(MatchBand.Likely, result.Band);
        Assert.Contains("given name: different", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_father_and_grandfather_name_in_the_family_field_matches_the_fathers_name_alone()
    {
        var result = _matcher.Compare(P("Yonas", "Tesfay Gebremedhin", "2008-03-01"), P("Yonas", "Tesfay", "2008-03-01"));

        Assert.Equal(MatchBand.Likely, result.Band);
        Assert.Contains("one of the family names", result.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_result_does_not_depend_on_which_record_is_the_query()
    {
        var recorded = P("Filmon", "Haile", "2008-05-05", aliases: "Weldemichael");
        var again = P("Filmon", "Weldemichael", "2008-05-05");

        Assert.Equal(_matcher.Compare(recorded, again).Probability, _matcher.Compare(again, recorded).Probability);
        Assert.Equal(MatchBand.Likely, _matcher.Compare(again, recorded).Band);
    }

    [Fact]
    public void A_missing_family_name_neither_helps_nor_counts_against()
    {
        var result = _matcher.Compare(P("Minh", string.Empty, "2008-01-01", DobPrecision.Estimated, "VNM"), P("Minh", "Nguyen", "2008-01-01", DobPrecision.Estimated, "VNM"));

        Assert.StartsWith("family name: not recorded on both 0.0", result.Explanation, StringComparison.Ordinal);
    }
}
