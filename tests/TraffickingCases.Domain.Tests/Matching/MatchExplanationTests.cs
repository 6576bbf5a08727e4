using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

public class MatchExplanationTests
{
    private readonly Matcher _matcher = new(MatchingTestData.HandSetWeights());

    [Fact]
    public void Swapped_names_say_which_field_they_were_found_in()
    {
        var result = _matcher.Compare(Person("Yonas", "Tesfay", "2008-04-20", nationality: "ERI"), Person("Tesfay", "Yonas", "2008-04-20", nationality: "ERI"));

        Assert.Equal(
            "family name: exact (swapped with given name) +5.5; given name: exact (swapped with family name) +4.5; date of birth: same +5.5; gender: same +0.4; nationality: same +0.8",
            result.Explanation);
    }

    [Fact]
    public void A_name_found_among_the_other_names_says_alias()
    {
        var result = _matcher.Compare(Person("Yonas", "Tesfay", "2008-04-20", nationality: "ERI"),
            Person("Yonas", "Gebremedhin", "2008-04-20", nationality: "ERI", aliases: ["Tesfai"]));

        Assert.Equal(
            "family name: same after normalising (Tesfay ~ Tesfai, alias) +5.0; given name: exact +4.5; date of birth: same +5.5; gender: same +0.4; nationality: same +0.8",
            result.Explanation);
    }

    [Fact]
    public void A_given_name_found_among_the_other_names_says_alias()
    {
        var result = _matcher.Compare(Person("Abu", "Hassan", "2008-02-14", nationality: "SDN"), Person("Ibrahim", "Hassan", "2008-02-14", nationality: "SDN", aliases: ["Abu"]));

        Assert.Equal("given name: exact (alias) +4.5", result.Fields[1].ToString());
    }

    [Fact]
    public void Phonetic_names_a_1_January_date_and_a_nationality_confusion_are_explained()
    {
        var result = _matcher.Compare(Person("Ardit", "Hoxha", "2008-01-01", DobPrecision.Estimated, nationality: "ALB"),
            Person("Ardit", "Hoxhë", "2008-07-19", nationality: "XKX"));

        Assert.Equal(
            "family name: phonetic (Hoxha ~ Hoxhë) +4.1; given name: exact +4.5; date of birth: 1 January placeholder +2.0; gender: same +0.4; nationality: known confusion (ALB ~ XKX) +0.5",
            result.Explanation);
    }

    [Fact]
    public void Disagreements_are_shown_with_negative_weights_and_no_detail()
    {
        var result = _matcher.Compare(Person("Ardit", "Krasniqi", "2008-06-01"), Person("Minh", "Nguyen", "2010-02-11", gender: Gender.Female, nationality: "VNM"));

        Assert.Equal(
            "family name: different -3.5; given name: different -4.0; date of birth: different -6.0; gender: different -4.0; nationality: different -1.5",
            result.Explanation);
    }

    [Fact]
    public void Gender_and_nationality_are_left_out_when_not_known()
    {
        var result = _matcher.Compare(Person("Mohammed", "Ahmed", "2008-03-05", gender: Gender.Unknown, nationality: "SDN"),
            Person("Muhammad", "Ahmed", "2008-05-03", nationality: ""));

        Assert.Equal(
            "family name: exact +5.5; given name: same after normalising (Mohammed ~ Muhammad) +4.0; date of birth: day/month swapped +3.0",
            result.Explanation);
        Assert.Equal(["family name", "given name", "date of birth"], result.Fields.Select(f => f.Field));
    }

    [Theory]
    [InlineData("2008-03-20", DobPrecision.Exact, "date of birth: same year and month +2.0")]
    [InlineData("2008-09-20", DobPrecision.Estimated, "date of birth: within a year, estimated or disputed +0.5")]
    [InlineData("2006-09-20", DobPrecision.Disputed, "date of birth: differs, disputed (age reassessed) 0.0")]
    [InlineData(null, DobPrecision.Exact, "date of birth: not known 0.0")]
    public void Each_date_level_has_its_wording(string? dob, DobPrecision precision, string expected)
    {
        var result = _matcher.Compare(Person("Ardit", "Hoxha", "2008-03-05"), Person("Ardit", "Hoxha", dob, precision));

        Assert.Equal(expected, result.Fields[2].ToString());
    }

    [Fact]
    public void Fields_come_in_a_fixed_order()
    {
        var result = _matcher.Compare(Person("Ardit", "Hoxha", "2008-03-05"), Person("Ardit", "Hoxha", "2008-03-05"));

        Assert.Equal(["family name", "given name", "date of birth", "gender", "nationality"], result.Fields.Select(f => f.Field));
    }

    [Theory]
    [InlineData(4.1, "+4.1")]
    [InlineData(-3.5, "-3.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(3.25, "+3.3")]
    public void A_field_weight_is_signed_with_one_decimal_place(double weight, string shown) =>
        Assert.Equal($"gender: same {shown}", new FieldComparison("gender", "same", weight, null).ToString());
}
