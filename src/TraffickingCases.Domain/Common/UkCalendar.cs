namespace TraffickingCases.Domain.Common;

/// <summary>Dates as a caseworker in England and Wales sees them: the UK civil date, not UTC's.</summary>
public static class UkCalendar
{
    public static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateOnly DateOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, London).DateTime);

    public static DateOnly Today(TimeProvider clock) => DateOf(clock.GetUtcNow());

    /// <summary>The first instant of a UK date: midnight in London, in UTC (UK clocks change at 01:00 or 02:00, never at midnight).</summary>
    public static DateTimeOffset StartOf(DateOnly date) => FromLondon(date.ToDateTime(TimeOnly.MinValue));

    public static DateTime ToLondon(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, London).DateTime;

    /// <summary>Reads a wall-clock time entered in the UK as the instant it names.</summary>
    public static DateTimeOffset FromLondon(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = London.GetUtcOffset(unspecified);
        return new DateTimeOffset(unspecified, offset).ToUniversalTime();
    }

    private static readonly System.Globalization.CultureInfo English = System.Globalization.CultureInfo.GetCultureInfo("en-GB");

    /// <summary>A date as messages write it, e.g. 2 March 2024, whatever the server's language.</summary>
    public static string Format(DateOnly date) => date.ToString("d MMMM yyyy", English);

    /// <summary>A UK wall-clock time as messages write it.</summary>
    public static string Format(DateTimeOffset instant) => ToLondon(instant).ToString("d MMMM yyyy HH:mm", English);

    /// <summary>Whole years between a date of birth and a date.</summary>
    public static int AgeOn(DateOnly dateOfBirth, DateOnly on)
    {
        var age = on.Year - dateOfBirth.Year;
        var anniversary = dateOfBirth.AddYears(age);

        // A 29 February birthday comes on 1 March in common years: a child who may be under 18 is
        // treated as one (Modern Slavery Act 2015 s.51), so the later reading is the safe one.
        if (dateOfBirth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(on.Year))
        {
            anniversary = anniversary.AddDays(1);
        }

        if (on < anniversary)
        {
            age--;
        }

        return age;
    }

    /// <summary>The first date on which <see cref="AgeOn"/> reaches <paramref name="years"/> (1 March for 29 February in common years).</summary>
    public static DateOnly Birthday(DateOnly dateOfBirth, int years)
    {
        var anniversary = dateOfBirth.AddYears(years);
        return AgeOn(dateOfBirth, anniversary) >= years ? anniversary : anniversary.AddDays(1);
    }
}
