namespace TraffickingCases.Domain.Risk;

/// <summary>
/// Working days in England and Wales: Monday to Friday except bank holidays, which are computed
/// (fixed dates with substitute days, Easter, the May and August Mondays) plus the one-off days
/// proclaimed for royal events.
/// </summary>
public static class WorkingDays
{
    private static readonly Dictionary<int, HashSet<DateOnly>> Cache = [];
    private static readonly Lock CacheLock = new();

    // Proclaimed changes: the Early May bank holiday moved for VE Day anniversaries, the Spring bank
    // holiday moved for jubilees, and extra days for jubilees, a royal wedding, a funeral and a coronation.
    private static readonly Dictionary<DateOnly, DateOnly> Moved = new()
    {
        [new DateOnly(1995, 5, 1)] = new DateOnly(1995, 5, 8),
        [new DateOnly(2020, 5, 4)] = new DateOnly(2020, 5, 8),
        [new DateOnly(2002, 5, 27)] = new DateOnly(2002, 6, 4),
        [new DateOnly(2012, 5, 28)] = new DateOnly(2012, 6, 4),
        [new DateOnly(2022, 5, 30)] = new DateOnly(2022, 6, 2),
    };

    private static readonly DateOnly[] Extra =
    [
        new(1999, 12, 31), new(2002, 6, 3), new(2011, 4, 29), new(2012, 6, 5), new(2022, 6, 3), new(2022, 9, 19), new(2023, 5, 8),
    ];

    public static IReadOnlySet<DateOnly> BankHolidays(int year)
    {
        return CachedHolidays(year).ToHashSet();
    }

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !CachedHolidays(date.Year).Contains(date);

    /// <summary>The cached set itself (never handed out: callers of <see cref="BankHolidays"/> get a copy).</summary>
    private static HashSet<DateOnly> CachedHolidays(int year)
    {
        lock (CacheLock)
        {
            if (!Cache.TryGetValue(year, out var days))
            {
                days = Compute(year);
                Cache[year] = days;
            }

            return days;
        }
    }

    /// <summary>The date <paramref name="days"/> working days after <paramref name="start"/> (the start itself not counted).</summary>
    public static DateOnly Add(DateOnly start, int days)
    {
        var date = start;
        var counted = 0;
        while (counted < days)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return date;
    }

    /// <summary>Working days after <paramref name="start"/> up to and including <paramref name="end"/>.</summary>
    /// <remarks>Counted, not walked day by day: rules call it for each waiting referral and request at every judging.</remarks>
    public static int Between(DateOnly start, DateOnly end)
    {
        if (end <= start)
        {
            return 0;
        }

        var count = Weekdays(end.DayNumber) - Weekdays(start.DayNumber);
        for (var year = start.Year; year <= end.Year; year++)
        {
            count -= CachedHolidays(year).Count(h => h > start && h <= end && h.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        }

        return count;
    }

    /// <summary>Mondays to Fridays from 1 January 0001 (a Monday, day number 0) up to and including day number <paramref name="dayNumber"/>.</summary>
    private static int Weekdays(int dayNumber) => ((dayNumber + 1) / 7 * 5) + Math.Min((dayNumber + 1) % 7, 5);

    public static DateOnly EasterSunday(int year)
    {
        // Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }

    private static HashSet<DateOnly> Compute(int year)
    {
        var days = new HashSet<DateOnly>();
        var newYear = new DateOnly(year, 1, 1);
        days.Add(newYear.DayOfWeek switch
        {
            DayOfWeek.Saturday => newYear.AddDays(2),
            DayOfWeek.Sunday => newYear.AddDays(1),
            _ => newYear,
        });
        var easter = EasterSunday(year);
        days.Add(easter.AddDays(-2));
        days.Add(easter.AddDays(1));
        days.Add(Moved.GetValueOrDefault(FirstMonday(year, 5), FirstMonday(year, 5)));
        days.Add(Moved.GetValueOrDefault(LastMonday(year, 5), LastMonday(year, 5)));
        days.Add(LastMonday(year, 8));

        // Christmas and Boxing Day; when either falls at a weekend the next weekdays are substitutes.
        var christmas = new DateOnly(year, 12, 25);
        switch (christmas.DayOfWeek)
        {
            case DayOfWeek.Friday:
                days.Add(christmas);
                days.Add(christmas.AddDays(3));
                break;
            case DayOfWeek.Saturday:
                days.Add(christmas.AddDays(2));
                days.Add(christmas.AddDays(3));
                break;
            case DayOfWeek.Sunday:
                days.Add(christmas.AddDays(1));
                days.Add(christmas.AddDays(2));
                break;
            default:
                days.Add(christmas);
                days.Add(christmas.AddDays(1));
                break;
        }

        foreach (var extra in Extra.Where(e => e.Year == year))
        {
            days.Add(extra);
        }

        return days;
    }

    private static DateOnly FirstMonday(int year, int month)
    {
        var date = new DateOnly(year, month, 1);
        while (date.DayOfWeek != DayOfWeek.Monday)
        {
            date = date.AddDays(1);
        }

        return date;
    }

    private static DateOnly LastMonday(int year, int month)
    {
        var date = new DateOnly(year, month, DateTime.DaysInMonth(year, month));
        while (date.DayOfWeek != DayOfWeek.Monday)
        {
            date = date.AddDays(-1);
        }

        return date;
    }
}
