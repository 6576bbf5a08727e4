using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Statistics;

/// <summary>
/// Calendar months as a UK manager reads a trend: an instant belongs to the month of its London date, so an episode that
/// began at 23:30 UTC on 31 March in summer time counts in April.
/// </summary>
public static class TrendMonths
{
    /// <summary>The first day of the month the date falls in.</summary>
    public static DateOnly MonthOf(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>The first day of the London month an instant falls in.</summary>
    public static DateOnly MonthOf(DateTimeOffset instant) => MonthOf(UkCalendar.DateOf(instant));

    /// <summary>The last <paramref name="count"/> months up to and including the month of <paramref name="today"/>, oldest first.</summary>
    public static IReadOnlyList<DateOnly> Ending(DateOnly today, int count)
    {
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(count), "A trend needs at least one month");
        }

        var last = MonthOf(today);
        return Enumerable.Range(0, count).Select(i => last.AddMonths(i - count + 1)).ToList();
    }

    /// <summary>Counts per month, in the order of <paramref name="months"/>, with zero for a month that has none.</summary>
    public static IReadOnlyList<int> Fill(IReadOnlyList<DateOnly> months, IReadOnlyDictionary<DateOnly, int> counts) =>
        months.Select(m => counts.GetValueOrDefault(m)).ToList();
}

/// <summary>The middle of a set of durations, for "median time to acknowledge a flag".</summary>
public static class Durations
{
    /// <summary>The middle duration (the mean of the two middle ones for an even count); none for no durations.</summary>
    public static TimeSpan? Median(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }

        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : sorted[middle - 1] + ((sorted[middle] - sorted[middle - 1]) / 2);
    }

    /// <summary>
    /// The median time from raising to acknowledging, per London month of the acknowledgement, for the months given
    /// (none for a month in which no flag was acknowledged). Acknowledgements outside those months are left out.
    /// </summary>
    public static IReadOnlyList<TimeSpan?> MedianByMonth(
        IReadOnlyList<DateOnly> months, IEnumerable<(DateTimeOffset RaisedAt, DateTimeOffset AcknowledgedAt)> acknowledgements)
    {
        var byMonth = acknowledgements
            .GroupBy(a => TrendMonths.MonthOf(a.AcknowledgedAt))
            .ToDictionary(g => g.Key, g => Median(g.Select(a => a.AcknowledgedAt - a.RaisedAt)));
        return months.Select(m => byMonth.GetValueOrDefault(m)).ToList();
    }
}
