using TraffickingCases.Domain.Statistics;

namespace TraffickingCases.Domain.Tests.Statistics;

public sealed class TrendsTests
{
    [Fact]
    public void Twenty_four_months_end_with_the_current_month_and_start_23_months_before()
    {
        var months = TrendMonths.Ending(new DateOnly(2026, 12, 3), 24);

        Assert.Equal(24, months.Count);
        Assert.Equal(new DateOnly(2025, 1, 1), months[0]);
        Assert.Equal(new DateOnly(2026, 12, 1), months[^1]);
        Assert.Equal(months.Order(), months);
    }

    [Fact]
    public void An_instant_late_on_the_last_day_of_march_in_summer_time_counts_in_april()
    {
        // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST began on 29 March).
        Assert.Equal(new DateOnly(2026, 4, 1), TrendMonths.MonthOf(new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.Zero)));
        // In winter London is on UTC: 23:30 UTC on 31 January is still January.
        Assert.Equal(new DateOnly(2026, 1, 1), TrendMonths.MonthOf(new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_month_with_nothing_counts_zero()
    {
        var months = TrendMonths.Ending(new DateOnly(2026, 3, 15), 3);
        var counts = new Dictionary<DateOnly, int> { [new DateOnly(2026, 2, 1)] = 4 };

        Assert.Equal([0, 4, 0], TrendMonths.Fill(months, counts));
    }

    [Fact]
    public void The_median_of_an_odd_count_is_the_middle_one_and_of_an_even_count_the_mean_of_the_two_middle_ones()
    {
        Assert.Equal(TimeSpan.FromHours(5), Durations.Median([TimeSpan.FromHours(9), TimeSpan.FromHours(1), TimeSpan.FromHours(5)]));
        Assert.Equal(TimeSpan.FromHours(4), Durations.Median([TimeSpan.FromHours(2), TimeSpan.FromHours(10), TimeSpan.FromHours(6), TimeSpan.FromHours(1)]));
        Assert.Null(Durations.Median([]));
    }

    [Fact]
    public void The_median_time_to_acknowledge_is_taken_per_month_of_the_acknowledgement()
    {
        var months = TrendMonths.Ending(new DateOnly(2026, 5, 10), 2);
        var raised = new DateTimeOffset(2026, 4, 30, 20, 0, 0, TimeSpan.Zero);
        (DateTimeOffset, DateTimeOffset)[] acknowledgements =
        [
            // Raised in April, acknowledged 3 hours later at 23:00 UTC on 30 April: 00:00 on 1 May in London.
            (raised, raised.AddHours(3)),
            (raised.AddDays(-5), raised.AddDays(-5).AddHours(1)),
            (raised.AddDays(-6), raised.AddDays(-6).AddHours(3)),
            // Older than the months asked for: left out.
            (raised.AddYears(-1), raised.AddYears(-1).AddHours(50)),
        ];

        var medians = Durations.MedianByMonth(months, acknowledgements);

        Assert.Equal([TimeSpan.FromHours(2), TimeSpan.FromHours(3)], medians);
    }
}
