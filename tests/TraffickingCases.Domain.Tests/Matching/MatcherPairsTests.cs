using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

/// <summary>Pairs from docs/domain.md ("Names: why one child is recorded twice") with the default weights.</summary>
public class MatcherPairsTests
{
    private readonly Matcher _matcher = new(MatchingTestData.HandSetWeights());

    private void AssertLikely(PersonRecord a, PersonRecord b)
    {
        var result = _matcher.Compare(a, b);
        Assert.True(result.Band == MatchBand.Likely, Why(result));
    }

    private void AssertAtLeastPossible(PersonRecord a, PersonRecord b)
    {
        var result = _matcher.Compare(a, b);
        Assert.True(result.Band >= MatchBand.Possible, Why(result));
    }

    private void AssertNotACandidate(PersonRecord a, PersonRecord b)
    {
        var result = _matcher.Compare(a, b);
        Assert.True(result.Band == MatchBand.None, Why(result));
    }

    [Fact]
    public void Mohammed_and_Muhammad_with_day_and_month_swapped_is_likely()
    {
        var a = Person("Mohammed", "Ahmed", "2008-03-05", nationality: "SDN");
        var b = Person("Muhammad", "Ahmad", "2008-05-03", nationality: "SDN");

        AssertLikely(a, b);
        AssertLikely(b, a);
    }

    [Fact]
    public void Nguyen_Van_Minh_recorded_as_Minh_Nguyen_without_diacritics_is_likely()
    {
        var a = Person("Văn Minh", "Nguyễn", "2007-09-10", nationality: "VNM");
        var b = Person("Minh", "Nguyen", "2007-09-10", DobPrecision.Estimated, nationality: "VNM");

        AssertLikely(a, b);
        AssertLikely(b, a);
    }

    [Fact]
    public void Vietnamese_name_order_with_family_name_recorded_as_given_name_is_likely()
    {
        var a = Person("Nguyễn", "Minh", "2007-09-10", nationality: "VNM");
        var b = Person("Van Minh", "Nguyen", "2007-09-10", nationality: "VNM");

        AssertLikely(a, b);
        AssertLikely(b, a);
    }

    [Fact]
    public void Albanian_e_and_c_written_without_diacritics_is_likely()
    {
        AssertLikely(Person("Ardit", "Hoxhë", "2008-02-14"), Person("Ardit", "Hoxhe", "2008-02-14"));
        AssertLikely(Person("Arbër", "Çela", "2008-02-14"), Person("Arber", "Cela", "2008-02-14"));
    }

    [Fact]
    public void Hoxhë_and_Hoxha_with_an_estimated_1_January_date_is_at_least_possible() =>
        AssertAtLeastPossible(Person("Ardit", "Hoxhë", "2008-01-01", DobPrecision.Estimated), Person("Ardit", "Hoxha", "2008-07-19"));

    [Fact]
    public void Given_and_family_names_swapped_is_likely()
    {
        var a = Person("Yonas", "Tesfay", "2008-04-20", nationality: "ERI");
        var b = Person("Tesfay", "Yonas", "2008-04-20", nationality: "ERI");

        AssertLikely(a, b);
        AssertLikely(b, a);
    }

    [Fact]
    public void Given_and_family_names_swapped_with_a_variant_spelling_is_likely() =>
        AssertLikely(Person("Omar", "Ali", "2009-06-30", nationality: "SDN"), Person("Aly", "Umar", "2009-06-30", nationality: "SDN"));

    [Fact]
    public void Father_s_name_recorded_as_an_alias_on_the_other_record_is_likely()
    {
        // One record has the father's name in the family-name field; the other kept the family name and
        // recorded the father's name as another name.
        var query = Person("Yonas", "Tesfay", "2008-04-20", nationality: "ERI");
        var candidate = Person("Yonas", "Gebremedhin", "2008-04-20", nationality: "ERI", aliases: ["Tesfay"]);

        AssertLikely(query, candidate);
    }

    [Fact]
    public void A_nickname_given_to_police_recorded_as_an_alias_is_likely() =>
        AssertLikely(Person("Abu", "Hassan", "2008-02-14", nationality: "SDN"), Person("Ibrahim", "Hasan", "2008-02-14", nationality: "SDN", aliases: ["Abu"]));

    [Theory]
    [InlineData("2008-07-19")]
    [InlineData("2007-07-19")]
    [InlineData("2008-12-31")]
    public void A_date_estimated_as_1_January_is_likely(string actual) =>
        AssertLikely(Person("Endrit", "Gashi", "2008-01-01", DobPrecision.Estimated), Person("Endrit", "Gashi", actual));

    [Theory]
    [InlineData("2006-01-01")]
    [InlineData("2005-07-10")]
    [InlineData("2010-10-10")]
    public void A_date_replaced_after_an_age_assessment_is_at_least_possible(string assessed)
    {
        var before = Person("Mohammed", "Ahmed", "2008-06-15", nationality: "SDN");
        var after = Person("Mohamed", "Ahmed", assessed, DobPrecision.Disputed, nationality: "SDN");

        AssertAtLeastPossible(before, after);
        AssertAtLeastPossible(after, before);
    }

    [Fact]
    public void An_estimated_date_within_a_year_is_at_least_possible() =>
        AssertAtLeastPossible(Person("Yonas", "Tesfay", "2007-06-10", DobPrecision.Estimated, nationality: "ERI"),
            Person("Yonas", "Tesfai", "2008-03-01", nationality: "ERI"));

    [Theory]
    [InlineData("VNM", "CHN")]
    [InlineData("CHN", "VNM")]
    [InlineData("ERI", "ETH")]
    [InlineData("SDN", "SSD")]
    [InlineData("XKX", "ALB")]
    public void A_known_nationality_confusion_is_likely(string a, string b)
    {
        var result = _matcher.Compare(Person("Minh", "Nguyen", "2007-09-10", nationality: a), Person("Minh", "Nguyễn", "2007-09-10", nationality: b));

        Assert.True(result.Band == MatchBand.Likely, Why(result));
        Assert.Contains(result.Fields, f => f is { Field: "nationality", Level: "known confusion" });
    }

    [Fact]
    public void A_known_nationality_confusion_among_several_nationalities_is_found()
    {
        var result = _matcher.Compare(Person("Yonas", "Tesfay", "2007-06-10", nationality: "GBR,ERI"), Person("Yonas", "Tesfay", "2007-06-10", nationality: "ETH"));

        Assert.Equal("nationality: known confusion (ERI ~ ETH) +0.5", result.Fields[^1].ToString());
    }

    [Fact]
    public void Any_shared_nationality_counts_as_the_same()
    {
        var result = _matcher.Compare(Person("Yonas", "Tesfay", "2007-06-10", nationality: "ERI,ETH"), Person("Yonas", "Tesfay", "2007-06-10", nationality: "GBR,ETH"));

        Assert.Equal("nationality: same +0.8", result.Fields[^1].ToString());
    }

    [Fact]
    public void Siblings_are_not_a_candidate()
    {
        AssertNotACandidate(Person("Ardit", "Krasniqi", "2008-06-01"), Person("Besnik", "Krasniqi", "2010-02-11"));
        AssertNotACandidate(Person("Sara", "Tesfay", "2009-03-01", gender: Gender.Female, nationality: "ERI"),
            Person("Yonas", "Tesfay", "2007-11-20", nationality: "ERI"));
    }

    [Fact]
    public void Siblings_with_estimated_dates_a_year_apart_are_not_a_candidate() =>
        AssertNotACandidate(Person("Ardit", "Krasniqi", "2008-01-01", DobPrecision.Estimated), Person("Endrit", "Krasniqi", "2009-01-01", DobPrecision.Estimated));

    [Theory]
    [InlineData("Ardit", "Endrit")]
    [InlineData("Besnik", "Dritan")]
    [InlineData("Yonas", "Tesfay")]
    public void Twins_with_different_given_names_are_not_a_candidate(string first, string second) =>
        AssertNotACandidate(Person(first, "Krasniqi", "2008-06-01"), Person(second, "Krasniqi", "2008-06-01"));

    [Fact]
    public void Twin_sisters_are_not_a_candidate() =>
        AssertNotACandidate(Person("Sara", "Tesfay", "2008-06-01", gender: Gender.Female, nationality: "ERI"),
            Person("Fatima", "Tesfay", "2008-06-01", gender: Gender.Female, nationality: "ERI"));

    [Theory]
    [InlineData("2008-06-01", "2010-02-11")]
    [InlineData("2008-06-01", "2008-09-11")]
    [InlineData("2008-06-01", "2009-06-01")]
    public void Common_names_with_different_exact_dates_of_birth_are_not_a_candidate(string a, string b) =>
        AssertNotACandidate(Person("Mohammed", "Ali", a, nationality: "SDN"), Person("Mohamed", "Ali", b, nationality: "SDN"));

    [Fact]
    public void Different_names_with_the_same_date_of_birth_are_not_a_candidate() =>
        AssertNotACandidate(Person("Ardit", "Krasniqi", "2008-06-01"), Person("Minh", "Nguyen", "2008-06-01", nationality: "VNM"));

    [Theory]
    [InlineData("Hoxha", "Hoxhe", "2008-01-01", DobPrecision.Estimated, "2008-07-19")]
    [InlineData("Hoxha", "Hoxha", "2008-01-01", DobPrecision.Estimated, "2008-07-19")]
    [InlineData("Hoxha", "Hoxha", "2008-02-14", DobPrecision.Estimated, "2008-09-14")]
    [InlineData("Hoxha", "Hoxhë", "2008-02-14", DobPrecision.Disputed, "2006-09-14")]
    public void A_different_gender_drops_the_band(string family1, string family2, string dob1, DobPrecision precision, string dob2)
    {
        var same = _matcher.Compare(Person("Ardit", family1, dob1, precision), Person("Ardit", family2, dob2));
        var different = _matcher.Compare(Person("Ardit", family1, dob1, precision), Person("Ardit", family2, dob2, gender: Gender.Female));

        Assert.True(same.Band > MatchBand.None, Why(same));
        Assert.True(different.Band < same.Band, $"{Why(same)} | {Why(different)}");
        Assert.Equal(same.Score - 4.4, different.Score, 6);
    }

    [Fact]
    public void An_unknown_gender_neither_helps_nor_hurts()
    {
        var known = _matcher.Compare(Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxha", "2008-02-14"));
        var unknown = _matcher.Compare(Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxha", "2008-02-14", gender: Gender.Unknown));

        Assert.Equal(known.Score - 0.4, unknown.Score, 6);
        Assert.DoesNotContain(unknown.Fields, f => f.Field == "gender");
    }

    [Fact]
    public void A_different_nationality_counts_against()
    {
        var same = _matcher.Compare(Person("Yonas", "Tesfay", "2007-06-10", nationality: "ERI"), Person("Yonas", "Tesfay", "2007-06-10", nationality: "ERI"));
        var different = _matcher.Compare(Person("Yonas", "Tesfay", "2007-06-10", nationality: "ERI"), Person("Yonas", "Tesfay", "2007-06-10", nationality: "SDN"));

        Assert.Equal(same.Score - 2.3, different.Score, 6);
    }

    [Fact]
    public void A_missing_date_of_birth_leaves_names_to_decide()
    {
        var result = _matcher.Compare(Person("Yonas", "Tesfay", null, nationality: "ERI"), Person("Yonas", "Tesfai", "2008-04-20", nationality: "ERI"));

        Assert.Equal(MatchBand.Possible, result.Band);
        Assert.Equal("date of birth: not known 0.0", result.Fields[2].ToString());
    }

    [Fact]
    public void The_given_name_matches_on_any_token_of_the_query_given_names_or_aliases()
    {
        var result = _matcher.Compare(Person("Ibrahim", "Hassan", "2008-02-14", nationality: "SDN", aliases: ["Abu"]),
            Person("Abu", "Hasan", "2008-02-14", nationality: "SDN"));

        Assert.Equal("given name: exact +4.5", result.Fields[1].ToString());
        Assert.Equal(MatchBand.Likely, result.Band);
    }

    [Fact]
    public void Two_records_with_no_names_or_dates_are_not_a_candidate()
    {
        var result = _matcher.Compare(Person("", "", null, gender: Gender.Unknown, nationality: ""), Person("", "", null, gender: Gender.Unknown, nationality: ""));

        Assert.Equal(MatchBand.None, result.Band);
    }
}
