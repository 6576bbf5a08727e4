using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Tests;

public class DatePartsTests
{
    [Theory]
    [InlineData("27", "3", "2007", "2007-03-27")]
    [InlineData("04", "03", "2010", "2010-03-04")]
    [InlineData(" 4 ", " 3 ", " 2010 ", "2010-03-04")]
    [InlineData("29", "2", "2024", "2024-02-29")]
    [InlineData("1", "March", "2010", "2010-03-01")]
    [InlineData("1", "sept", "2010", "2010-09-01")]
    public void A_date_typed_day_month_year_is_read_the_UK_way_round(string day, string month, string year, string expected)
    {
        var reading = new DateParts(day, month, year).Read("Date of birth");

        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), reading.Date);
    }

    [Fact]
    public void Empty_boxes_are_no_date_and_no_error()
    {
        var reading = new DateParts(" ", "", null).Read("Date of birth");

        Assert.True(reading.IsValid);
        Assert.Null(reading.Date);
    }

    [Theory]
    [InlineData("27", "", "2007", "Date of birth must include a month", new[] { DatePart.Month })]
    [InlineData("", "3", "2007", "Date of birth must include a day", new[] { DatePart.Day })]
    [InlineData("27", "3", "", "Date of birth must include a year", new[] { DatePart.Year })]
    [InlineData("", "", "2007", "Date of birth must include a day and month", new[] { DatePart.Day, DatePart.Month })]
    [InlineData("27", "", " ", "Date of birth must include a month and year", new[] { DatePart.Month, DatePart.Year })]
    public void A_date_with_a_box_left_empty_says_which_box(string day, string month, string year, string message, DatePart[] wrong)
    {
        var reading = new DateParts(day, month, year).Read("Date of birth");

        Assert.Equal(message, reading.Error);
        Assert.Equal(wrong, reading.WrongParts);
        Assert.Null(reading.Date);
    }

    [Theory]
    [InlineData("31", "2", "2024", new[] { DatePart.Day })]
    [InlineData("29", "2", "2023", new[] { DatePart.Day })]
    [InlineData("31", "4", "2024", new[] { DatePart.Day })]
    [InlineData("32", "1", "2024", new[] { DatePart.Day })]
    [InlineData("0", "1", "2024", new[] { DatePart.Day })]
    [InlineData("1", "13", "2024", new[] { DatePart.Month })]
    [InlineData("1", "ju", "2024", new[] { DatePart.Month })]
    [InlineData("x", "y", "2024", new[] { DatePart.Day, DatePart.Month })]
    [InlineData("1", "1", "20a4", new[] { DatePart.Year })]
    [InlineData("1", "1", "0000", new[] { DatePart.Year })]
    public void A_date_that_does_not_exist_must_be_a_real_date_and_the_wrong_box_is_named(string day, string month, string year, DatePart[] wrong)
    {
        var reading = new DateParts(day, month, year).Read("Date of birth");

        Assert.Equal("Date of birth must be a real date", reading.Error);
        Assert.Equal(wrong, reading.WrongParts);
    }

    [Theory]
    [InlineData("07")]
    [InlineData("207")]
    [InlineData("20071")]
    public void A_year_must_have_four_numbers_so_07_is_not_guessed(string year)
    {
        var reading = new DateParts("27", "3", year).Read("Date of birth");

        Assert.Equal("Date of birth must include a year with 4 numbers, for example 2007", reading.Error);
        Assert.Equal([DatePart.Year], reading.WrongParts);
    }

    [Fact]
    public void A_time_is_read_on_the_24_hour_clock()
    {
        var reading = new DateParts("1", "5", "2024", "21", "5").Read("Went missing", withTime: true);

        Assert.True(reading.IsValid, reading.Error);
        Assert.Equal(new DateTime(2024, 5, 1, 21, 5, 0), reading.LocalDateTime);
    }

    [Theory]
    [InlineData("", "", "Went missing must include a time", new[] { DatePart.Hour, DatePart.Minute })]
    [InlineData("21", "", "Went missing must include a minute", new[] { DatePart.Minute })]
    [InlineData("", "30", "Went missing must include an hour", new[] { DatePart.Hour })]
    public void A_date_and_time_without_the_time_says_what_is_missing(string hour, string minute, string message, DatePart[] wrong)
    {
        var reading = new DateParts("1", "5", "2024", hour, minute).Read("Went missing", withTime: true);

        Assert.Equal(message, reading.Error);
        Assert.Equal(wrong, reading.WrongParts);
    }

    [Fact]
    public void A_time_with_only_a_year_missing_names_both()
    {
        var reading = new DateParts("1", "5", "", "", "").Read("Went missing", withTime: true);

        Assert.Equal("Went missing must include a year and a time", reading.Error);
    }

    [Theory]
    [InlineData("24", "00", new[] { DatePart.Hour })]
    [InlineData("9", "60", new[] { DatePart.Minute })]
    [InlineData("9pm", "00", new[] { DatePart.Hour })]
    public void An_hour_or_minute_off_the_clock_must_be_a_real_time(string hour, string minute, DatePart[] wrong)
    {
        var reading = new DateParts("1", "5", "2024", hour, minute).Read("Went missing", withTime: true);

        Assert.StartsWith("Went missing must be a real time", reading.Error);
        Assert.Equal(wrong, reading.WrongParts);
    }

    [Fact]
    public void Half_past_one_on_the_morning_the_clocks_go_forward_does_not_exist_in_the_UK()
    {
        // The last Sunday of March 2025 was 30 March: UK clocks went from 01:00 GMT to 02:00 BST.
        var reading = new DateParts("30", "3", "2025", "1", "30").Read("Went missing", withTime: true);

        Assert.StartsWith("Went missing must be a real time", reading.Error);
        Assert.Contains("30 March 2025", reading.Error);
        Assert.Equal([DatePart.Hour, DatePart.Minute], reading.WrongParts);
    }

    [Fact]
    public void Times_either_side_of_the_change_are_real()
    {
        Assert.True(new DateParts("30", "3", "2025", "0", "59").Read("Went missing", withTime: true).IsValid);
        Assert.True(new DateParts("30", "3", "2025", "2", "0").Read("Went missing", withTime: true).IsValid);
        Assert.True(new DateParts("26", "10", "2025", "1", "30").Read("Went missing", withTime: true).IsValid);
    }

    [Fact]
    public void A_date_without_time_ignores_the_time_boxes()
    {
        var reading = new DateParts("1", "5", "2024", "99", "x").Read("Start date");

        Assert.True(reading.IsValid);
        Assert.Null(reading.Time);
    }

    [Fact]
    public void The_boxes_of_a_date_and_time_fill_back_as_typed()
    {
        Assert.Equal(new DateParts("4", "3", "2010", "09", "05"), DateParts.Of(new DateOnly(2010, 3, 4), new TimeOnly(9, 5)));
        Assert.Equal(new DateParts("4", "3", "2010"), DateParts.Of(new DateOnly(2010, 3, 4)));
    }
}
