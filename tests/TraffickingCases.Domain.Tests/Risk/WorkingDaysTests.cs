using TraffickingCases.Domain.Risk;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class WorkingDaysTests
{
    [Theory]
    [InlineData(2020, "2020-01-01,2020-04-10,2020-04-13,2020-05-08,2020-05-25,2020-08-31,2020-12-25,2020-12-28")]
    [InlineData(2021, "2021-01-01,2021-04-02,2021-04-05,2021-05-03,2021-05-31,2021-08-30,2021-12-27,2021-12-28")]
    [InlineData(2022, "2022-01-03,2022-04-15,2022-04-18,2022-05-02,2022-06-02,2022-06-03,2022-08-29,2022-09-19,2022-12-26,2022-12-27")]
    [InlineData(2023, "2023-01-02,2023-04-07,2023-04-10,2023-05-01,2023-05-08,2023-05-29,2023-08-28,2023-12-25,2023-12-26")]
    [InlineData(2024, "2024-01-01,2024-03-29,2024-04-01,2024-05-06,2024-05-27,2024-08-26,2024-12-25,2024-12-26")]
    [InlineData(2025, "2025-01-01,2025-04-18,2025-04-21,2025-05-05,2025-05-26,2025-08-25,2025-12-25,2025-12-26")]
    [InlineData(2026, "2026-01-01,2026-04-03,2026-04-06,2026-05-04,2026-05-25,2026-08-31,2026-12-25,2026-12-28")]
    public void Bank_holidays_are_exactly_the_published_England_and_Wales_dates(int year, string published)
    {
        var expected = Dates(published);

        var actual = WorkingDays.BankHolidays(year);

        Assert.True(expected.SetEquals(actual),
            $"Expected {string.Join(", ", expected.Order())} but was {string.Join(", ", actual.Order())}");
    }

    [Fact]
    public void New_Year_on_a_Saturday_is_taken_on_the_Monday()
    {
        var holidays = WorkingDays.BankHolidays(2022);

        Assert.Contains(D("2022-01-03"), holidays);
        Assert.DoesNotContain(D("2022-01-01"), holidays);
    }

    [Fact]
    public void Platinum_jubilee_2022_moves_the_spring_holiday_and_adds_a_day_and_the_state_funeral_is_a_holiday()
    {
        var holidays = WorkingDays.BankHolidays(2022);

        Assert.Contains(D("2022-06-02"), holidays);
        Assert.Contains(D("2022-06-03"), holidays);
        Assert.Contains(D("2022-09-19"), holidays);
        Assert.DoesNotContain(D("2022-05-30"), holidays);
    }

    [Fact]
    public void The_2023_coronation_is_a_bank_holiday()
    {
        Assert.Contains(D("2023-05-08"), WorkingDays.BankHolidays(2023));
        Assert.False(WorkingDays.IsWorkingDay(D("2023-05-08")));
    }

    [Fact]
    public void The_2020_early_May_holiday_moved_to_VE_day()
    {
        var holidays = WorkingDays.BankHolidays(2020);

        Assert.Contains(D("2020-05-08"), holidays);
        Assert.DoesNotContain(D("2020-05-04"), holidays);
        Assert.True(WorkingDays.IsWorkingDay(D("2020-05-04")));
    }

    [Fact]
    public void Christmas_on_a_Saturday_is_taken_on_the_Monday_and_Tuesday()
    {
        var holidays = WorkingDays.BankHolidays(2021);

        Assert.Contains(D("2021-12-27"), holidays);
        Assert.Contains(D("2021-12-28"), holidays);
        Assert.DoesNotContain(D("2021-12-25"), holidays);
        Assert.DoesNotContain(D("2021-12-24"), holidays);
    }

    [Fact]
    public void Boxing_day_on_a_Saturday_in_2026_is_taken_on_Monday_28_December()
    {
        var holidays = WorkingDays.BankHolidays(2026);

        Assert.Contains(D("2026-12-25"), holidays);
        Assert.Contains(D("2026-12-28"), holidays);
        Assert.DoesNotContain(D("2026-12-26"), holidays);
    }

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2019, "2019-04-21")]
    public void Easter_Sunday_is_computed(int year, string easter)
    {
        Assert.Equal(D(easter), WorkingDays.EasterSunday(year));
    }

    [Theory]
    [InlineData("2025-06-13", true)]
    [InlineData("2025-06-14", false)]
    [InlineData("2025-06-15", false)]
    [InlineData("2025-04-18", false)]
    [InlineData("2025-04-21", false)]
    [InlineData("2025-04-22", true)]
    [InlineData("2024-12-24", true)]
    [InlineData("2024-12-25", false)]
    [InlineData("2024-12-26", false)]
    public void A_working_day_is_a_weekday_that_is_not_a_bank_holiday(string date, bool working)
    {
        Assert.Equal(working, WorkingDays.IsWorkingDay(D(date)));
    }

    [Theory]
    [InlineData("2025-06-13", 1, "2025-06-16")]
    [InlineData("2025-06-12", 2, "2025-06-16")]
    [InlineData("2025-06-09", 5, "2025-06-16")]
    [InlineData("2024-12-24", 1, "2024-12-27")]
    [InlineData("2024-12-19", 5, "2024-12-30")]
    [InlineData("2024-12-19", 10, "2025-01-07")]
    [InlineData("2025-04-17", 1, "2025-04-22")]
    [InlineData("2025-04-14", 5, "2025-04-23")]
    [InlineData("2025-04-03", 20, "2025-05-06")]
    [InlineData("2025-06-14", 1, "2025-06-16")]
    [InlineData("2025-06-16", 0, "2025-06-16")]
    public void Add_skips_weekends_and_bank_holidays_and_does_not_count_the_start(string start, int days, string expected)
    {
        Assert.Equal(D(expected), WorkingDays.Add(D(start), days));
    }

    [Theory]
    [InlineData("2025-06-13", "2025-06-16", 1)]
    [InlineData("2025-06-13", "2025-06-15", 0)]
    [InlineData("2025-06-13", "2025-06-13", 0)]
    [InlineData("2024-12-24", "2024-12-27", 1)]
    [InlineData("2024-12-19", "2024-12-31", 6)]
    [InlineData("2025-04-17", "2025-04-22", 1)]
    [InlineData("2025-04-14", "2025-05-01", 11)]
    [InlineData("2025-06-16", "2025-06-13", 0)]
    public void Between_counts_working_days_after_the_start_up_to_and_including_the_end(string start, string end, int expected)
    {
        Assert.Equal(expected, WorkingDays.Between(D(start), D(end)));
    }

    [Theory]
    [InlineData("2024-12-19", 5)]
    [InlineData("2025-04-14", 10)]
    [InlineData("2025-04-03", 20)]
    public void Between_the_start_and_Add_of_n_days_is_n(string start, int days)
    {
        var date = D(start);

        Assert.Equal(days, WorkingDays.Between(date, WorkingDays.Add(date, days)));
    }

    [Fact]
    public void Between_agrees_with_counting_each_working_day_over_any_range()
    {
        var random = new Random(1995);
        for (var i = 0; i < 2000; i++)
        {
            var start = new DateOnly(1995, 1, 1).AddDays(random.Next(0, 13000));
            var end = start.AddDays(random.Next(-10, 1200));
            var counted = 0;
            for (var date = start.AddDays(1); date <= end; date = date.AddDays(1))
            {
                counted += WorkingDays.IsWorkingDay(date) ? 1 : 0;
            }

            Assert.True(counted == WorkingDays.Between(start, end), $"{start} to {end}: {WorkingDays.Between(start, end)}, counted {counted}");
        }
    }
}
