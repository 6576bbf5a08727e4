using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

public class CompareDatesTests
{
    private const DobPrecision Exact = DobPrecision.Exact;
    private const DobPrecision Estimated = DobPrecision.Estimated;
    private const DobPrecision Disputed = DobPrecision.Disputed;

    private static DateOfBirthLevel Compare(string? a, string? b, DobPrecision aPrecision = Exact, DobPrecision bPrecision = Exact) =>
        Matcher.CompareDates(a is null ? null : D(a), aPrecision, b is null ? null : D(b), bPrecision);

    [Theory]
    [InlineData(Exact, Exact)]
    [InlineData(Estimated, Exact)]
    [InlineData(Disputed, Estimated)]
    public void The_same_date_is_exact_whatever_the_precision(DobPrecision a, DobPrecision b) =>
        Assert.Equal(DateOfBirthLevel.Exact, Compare("2008-03-05", "2008-03-05", a, b));

    [Fact]
    public void One_January_compared_with_itself_is_exact_not_a_placeholder() =>
        Assert.Equal(DateOfBirthLevel.Exact, Compare("2008-01-01", "2008-01-01", Estimated, Estimated));

    [Theory]
    [InlineData("2008-03-05", "2008-05-03")]
    [InlineData("2008-05-03", "2008-03-05")]
    [InlineData("2010-12-01", "2010-01-12")]
    [InlineData("2007-11-12", "2007-12-11")]
    public void Day_and_month_swapped_in_the_same_year_is_recognised(string a, string b) =>
        Assert.Equal(DateOfBirthLevel.DayMonthSwapped, Compare(a, b));

    [Fact]
    public void Day_and_month_swapped_in_a_different_year_is_not_a_swap() =>
        Assert.Equal(DateOfBirthLevel.Different, Compare("2008-03-05", "2009-05-03"));

    [Fact]
    public void A_day_over_12_is_never_a_swap() =>
        Assert.Equal(DateOfBirthLevel.SameYearAndMonth, Compare("2008-03-13", "2008-03-31"));

    [Fact]
    public void Day_equal_to_month_is_the_same_date_not_a_swap() =>
        Assert.Equal(DateOfBirthLevel.Exact, Compare("2008-04-04", "2008-04-04"));

    [Fact]
    public void A_swap_is_recognised_before_the_January_placeholder() =>
        Assert.Equal(DateOfBirthLevel.DayMonthSwapped, Compare("2008-02-01", "2008-01-02", Estimated, Exact));

    [Theory]
    [InlineData("2008-03-05", "2008-03-20")]
    [InlineData("2008-03-31", "2008-03-02")]
    [InlineData("2008-12-01", "2008-12-31")]
    public void Same_year_and_month_with_exact_dates(string a, string b) =>
        Assert.Equal(DateOfBirthLevel.SameYearAndMonth, Compare(a, b));

    [Theory]
    [InlineData("2008-01-01", "2008-07-19")]
    [InlineData("2008-07-19", "2008-01-01")]
    [InlineData("2008-01-01", "2007-07-19")]
    [InlineData("2008-01-01", "2009-01-01")]
    public void One_January_within_a_year_is_a_placeholder(string a, string b) =>
        Assert.Equal(DateOfBirthLevel.JanuaryPlaceholder, Compare(a, b, Estimated, Estimated));

    [Fact]
    public void One_January_recorded_as_exact_is_a_birthday_not_a_placeholder() =>
        Assert.Equal(DateOfBirthLevel.Different, Compare("2008-01-01", "2008-09-14"));

    [Theory]
    [InlineData("2008-01-01", "2009-11-30")]
    [InlineData("2008-01-01", "2010-07-19")]
    [InlineData("2008-01-01", "2006-12-31")]
    public void One_January_more_than_a_year_apart_is_not_a_placeholder(string a, string b) =>
        Assert.Equal(DateOfBirthLevel.Different, Compare(a, b, Exact, Exact));

    [Theory]
    [InlineData(Estimated, Exact)]
    [InlineData(Exact, Estimated)]
    [InlineData(Disputed, Exact)]
    [InlineData(Exact, Disputed)]
    [InlineData(Estimated, Estimated)]
    public void Within_a_year_counts_when_either_date_is_estimated_or_disputed(DobPrecision a, DobPrecision b)
    {
        Assert.Equal(DateOfBirthLevel.WithinYearUncertain, Compare("2008-03-15", "2008-09-20", a, b));
        Assert.Equal(DateOfBirthLevel.WithinYearUncertain, Compare("2008-03-15", "2009-03-14", a, b));
        Assert.Equal(DateOfBirthLevel.WithinYearUncertain, Compare("2008-10-15", "2007-11-20", a, b));
    }

    [Theory]
    [InlineData("2008-03-15", "2008-09-20")]
    [InlineData("2008-10-15", "2007-11-20")]
    public void Exact_dates_within_a_year_are_different_unless_the_same_year_and_month(string a, string b) =>
        Assert.Equal(DateOfBirthLevel.Different, Compare(a, b, Exact, Exact));

    [Fact]
    public void Estimated_dates_more_than_a_year_apart_are_different()
    {
        Assert.Equal(DateOfBirthLevel.Different, Compare("2008-03-15", "2009-04-20", Estimated, Estimated));
        Assert.Equal(DateOfBirthLevel.Different, Compare("2006-03-15", "2008-09-20", Estimated, Exact));
    }

    [Theory]
    [InlineData("2005-03-10", "2007-06-15", Disputed, Exact)]
    [InlineData("2008-06-15", "2006-02-10", Exact, Disputed)]
    [InlineData("2005-03-10", "2008-03-09", Disputed, Estimated)]
    [InlineData("2004-06-15", "2007-06-15", Disputed, Disputed)]
    public void A_disputed_date_up_to_three_years_away_is_reassessed(string a, string b, DobPrecision aPrecision, DobPrecision bPrecision) =>
        Assert.Equal(DateOfBirthLevel.Reassessed, Compare(a, b, aPrecision, bPrecision));

    [Fact]
    public void A_disputed_date_more_than_three_years_away_is_different() =>
        Assert.Equal(DateOfBirthLevel.Different, Compare("2004-03-10", "2007-06-15", Disputed, Exact));

    [Fact]
    public void An_estimated_date_two_years_away_is_different_not_reassessed() =>
        Assert.Equal(DateOfBirthLevel.Different, Compare("2005-03-10", "2007-06-15", Estimated, Estimated));

    [Theory]
    [InlineData("2008-03-05", "2010-11-20")]
    [InlineData("2008-03-05", "2008-04-05")]
    [InlineData("2008-03-05", "2009-03-05")]
    public void Exact_dates_that_disagree_are_different(string a, string b) =>
        Assert.Equal(DateOfBirthLevel.Different, Compare(a, b));

    [Theory]
    [InlineData(null, "2008-03-05")]
    [InlineData("2008-03-05", null)]
    [InlineData(null, null)]
    public void A_missing_date_is_missing(string? a, string? b) =>
        Assert.Equal(DateOfBirthLevel.Missing, Compare(a, b, Estimated, Disputed));
}
