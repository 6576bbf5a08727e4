using Microsoft.Extensions.Time.Testing;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Tests;

public class UkCalendarTests
{
    [Theory]
    [InlineData("2010-06-15", "2025-06-14", 14)]
    [InlineData("2010-06-15", "2025-06-15", 15)]
    [InlineData("2007-12-31", "2025-12-30", 17)]
    [InlineData("2007-12-31", "2025-12-31", 18)]
    [InlineData("2010-06-15", "2010-06-15", 0)]
    public void Age_goes_up_on_the_birthday_not_before(string dob, string on, int age)
    {
        Assert.Equal(age, UkCalendar.AgeOn(TestData.Date(dob), TestData.Date(on)));
    }

    [Theory]
    [InlineData("2008-02-29", "2024-02-28", 15)]
    [InlineData("2008-02-29", "2024-02-29", 16)]
    [InlineData("2008-02-29", "2025-02-27", 16)]
    [InlineData("2008-02-29", "2026-02-28", 17)]
    [InlineData("2008-02-29", "2025-03-01", 17)]
    [InlineData("2008-02-29", "2026-03-01", 18)]
    public void A_29_February_birthday_counts_on_29_February_in_leap_years_and_by_1_March_otherwise(string dob, string on, int age)
    {
        Assert.Equal(age, UkCalendar.AgeOn(TestData.Date(dob), TestData.Date(on)));
    }

    [Theory]
    [InlineData("2025-06-14T22:59:00Z", "2025-06-14")]
    [InlineData("2025-06-14T23:00:00Z", "2025-06-15")]
    [InlineData("2025-06-14T23:30:00Z", "2025-06-15")]
    [InlineData("2025-06-15T01:30:00+02:00", "2025-06-15")]
    [InlineData("2025-01-14T23:30:00Z", "2025-01-14")]
    [InlineData("2025-01-14T23:59:59Z", "2025-01-14")]
    [InlineData("2025-01-15T00:00:00Z", "2025-01-15")]
    public void The_date_is_the_one_on_a_London_calendar(string instant, string londonDate)
    {
        Assert.Equal(TestData.Date(londonDate), UkCalendar.DateOf(TestData.Instant(instant)));
    }

    [Theory]
    [InlineData("2025-06-15", "2025-06-14T23:00:00Z")]
    [InlineData("2025-01-15", "2025-01-15T00:00:00Z")]
    [InlineData("2025-03-30", "2025-03-30T00:00:00Z")]
    [InlineData("2025-03-31", "2025-03-30T23:00:00Z")]
    [InlineData("2025-10-26", "2025-10-25T23:00:00Z")]
    [InlineData("2025-10-27", "2025-10-27T00:00:00Z")]
    public void A_date_starts_at_midnight_in_London_even_on_the_days_the_clocks_change(string date, string instant)
    {
        var start = UkCalendar.StartOf(TestData.Date(date));

        Assert.Equal(TestData.Instant(instant), start);
        Assert.Equal(TimeSpan.Zero, start.Offset);
        Assert.Equal(TestData.Date(date), UkCalendar.DateOf(start));
        Assert.Equal(TestData.Date(date).AddDays(-1), UkCalendar.DateOf(start.AddTicks(-1)));
    }

    [Theory]
    [InlineData("2010-06-15", 15, "2025-06-15")]
    [InlineData("2007-12-31", 18, "2025-12-31")]
    [InlineData("2008-02-29", 16, "2024-02-29")]
    [InlineData("2008-02-29", 18, "2026-03-01")]
    public void The_birthday_is_the_first_day_of_the_new_age(string dob, int years, string birthday)
    {
        var date = UkCalendar.Birthday(TestData.Date(dob), years);

        Assert.Equal(TestData.Date(birthday), date);
        Assert.Equal(years, UkCalendar.AgeOn(TestData.Date(dob), date));
        Assert.Equal(years - 1, UkCalendar.AgeOn(TestData.Date(dob), date.AddDays(-1)));
    }

    [Fact]
    public void Today_comes_from_the_clock_in_London_time()
    {
        var clock = new FakeTimeProvider(TestData.Utc(2025, 1, 14, 23, 30));

        Assert.Equal(TestData.Date("2025-01-14"), UkCalendar.Today(clock));

        clock.SetUtcNow(TestData.Utc(2025, 6, 14, 23, 30));
        Assert.Equal(TestData.Date("2025-06-15"), UkCalendar.Today(clock));
    }

    [Fact]
    public void A_summer_wall_clock_time_is_read_as_BST()
    {
        var local = new DateTime(2025, 6, 15, 9, 0, 0, DateTimeKind.Unspecified);

        var instant = UkCalendar.FromLondon(local);

        Assert.Equal(TestData.Utc(2025, 6, 15, 8), instant);
        Assert.Equal(local, UkCalendar.ToLondon(instant));
    }

    [Fact]
    public void A_winter_wall_clock_time_is_read_as_GMT()
    {
        var local = new DateTime(2025, 1, 15, 9, 0, 0, DateTimeKind.Unspecified);

        var instant = UkCalendar.FromLondon(local);

        Assert.Equal(TestData.Utc(2025, 1, 15, 9), instant);
        Assert.Equal(local, UkCalendar.ToLondon(instant));
    }

    [Fact]
    public void A_wall_clock_time_is_read_as_London_time_whatever_its_kind()
    {
        var utcKind = new DateTime(2025, 6, 15, 9, 0, 0, DateTimeKind.Utc);

        Assert.Equal(TestData.Utc(2025, 6, 15, 8), UkCalendar.FromLondon(utcKind));
    }

    [Theory]
    [InlineData("2025-03-29T23:30:00Z")]
    [InlineData("2025-03-30T01:30:00Z")]
    [InlineData("2025-10-26T01:30:00Z")]
    [InlineData("2025-07-01T12:00:00Z")]
    public void London_time_round_trips_to_the_same_instant_outside_the_repeated_autumn_hour(string iso)
    {
        var instant = TestData.Instant(iso);

        Assert.Equal(instant, UkCalendar.FromLondon(UkCalendar.ToLondon(instant)));
    }

    [Fact]
    public void The_repeated_autumn_hour_is_read_as_GMT()
    {
        // 01:30 on 26 October 2025 happens twice in London: 00:30 UTC (BST) and 01:30 UTC (GMT).
        var local = new DateTime(2025, 10, 26, 1, 30, 0, DateTimeKind.Unspecified);

        Assert.Equal(TestData.Utc(2025, 10, 26, 1, 30), UkCalendar.FromLondon(local));
    }
}
