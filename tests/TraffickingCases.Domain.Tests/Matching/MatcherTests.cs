using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;

namespace TraffickingCases.Domain.Tests.Matching;

public class MatcherTests
{
    private readonly Matcher _matcher = new(MatchingTestData.HandSetWeights());

    private static PersonRecord Person(string given, string family, string? dob, DobPrecision precision = DobPrecision.Exact,
        Gender gender = Gender.Male, string nationality = "ALB", params string[] aliases) =>
        new(given, family, aliases, dob is null ? null : DateOnly.Parse(dob, System.Globalization.CultureInfo.InvariantCulture), precision, gender,
            nationality.Length == 0 ? [] : nationality.Split(','));

    [Theory]
    [InlineData("Mohammed", "Ahmed", "2008-03-05", "Muhammad", "Ahmed", "2008-05-03")]
    [InlineData("Van Minh", "Nguyễn", "2007-09-10", "Minh", "Nguyen", "2007-09-10")]
    [InlineData("Ardit", "Hoxhë", "2008-02-14", "Ardit", "Hoxhe", "2008-02-14")]
    [InlineData("Yonas", "Tesfay", "2008-01-01", "Tesfay", "Yonas", "2008-01-01")]
    public void A_child_re_recorded_under_another_spelling_is_a_likely_match(string g1, string f1, string d1, string g2, string f2, string d2)
    {
        var result = _matcher.Compare(Person(g1, f1, d1), Person(g2, f2, d2, DobPrecision.Estimated));

        Assert.True(result.Band == MatchBand.Likely, $"{result.Probability:0.000} {result.Explanation}");
    }

    [Fact]
    public void Twins_with_different_given_names_are_not_a_candidate()
    {
        var result = _matcher.Compare(Person("Ardit", "Krasniqi", "2008-06-01"), Person("Endrit", "Krasniqi", "2008-06-01"));

        Assert.True(result.Band == MatchBand.None, $"{result.Probability:0.000} {result.Explanation}");
    }

    [Fact]
    public void Children_with_a_common_name_and_different_dates_of_birth_are_not_a_candidate()
    {
        var result = _matcher.Compare(Person("Mohammed", "Ali", "2008-06-01", nationality: "SDN"), Person("Mohamed", "Ali", "2010-02-11", nationality: "SDN"));

        Assert.True(result.Band == MatchBand.None, $"{result.Probability:0.000} {result.Explanation}");
    }

    [Fact]
    public void The_explanation_names_each_field_level_and_weight()
    {
        var result = _matcher.Compare(Person("Minh", "Nguyen", "2008-03-05", nationality: "VNM"), Person("Minh", "Nguyễn", "2008-05-03", nationality: "CHN"));

        Assert.Equal(
            "family name: same after normalising (Nguyen ~ Nguyễn) +5.0; given name: exact +4.5; date of birth: day/month swapped +3.0; gender: same +0.4; nationality: known confusion (VNM ~ CHN) +0.5",
            result.Explanation);
    }
}
