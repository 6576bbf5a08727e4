using System.Globalization;

namespace TraffickingCases.Domain.Common;

/// <summary>One box of a GOV.UK date (and time) input.</summary>
public enum DatePart
{
    Day,
    Month,
    Year,
    Hour,
    Minute,
}

/// <summary>
/// What a person typed into the boxes of a GOV.UK date input (day, month, year) and, where the time matters, hour
/// and minute, as they typed it. <see cref="Read"/> turns it into a UK date and wall-clock time or into one message
/// in the GOV.UK pattern ("Date of birth must include a month") naming the boxes that are wrong.
/// </summary>
public sealed record DateParts(string? Day, string? Month, string? Year, string? Hour = null, string? Minute = null)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>Nothing typed in any box.</summary>
    public bool IsEmpty =>
        string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year)
        && string.IsNullOrWhiteSpace(Hour) && string.IsNullOrWhiteSpace(Minute);

    /// <summary>The boxes of a date as they would be filled in for a date (and a UK wall-clock time).</summary>
    public static DateParts Of(DateOnly date, TimeOnly? time = null) => new(
        date.Day.ToString(CultureInfo.InvariantCulture),
        date.Month.ToString(CultureInfo.InvariantCulture),
        date.Year.ToString("0000", CultureInfo.InvariantCulture),
        time?.Hour.ToString("00", CultureInfo.InvariantCulture),
        time?.Minute.ToString("00", CultureInfo.InvariantCulture));

    /// <summary>
    /// Reads the boxes. <paramref name="what"/> names the question in messages, as the page asks it ("Date of
    /// birth"); <paramref name="withTime"/> asks for hour and minute too, read as a UK wall-clock time that must
    /// exist (01:30 on the last Sunday of March does not: the clocks go from 01:00 to 02:00).
    /// </summary>
    public DatePartsReading Read(string what, bool withTime = false)
    {
        if (IsEmpty)
        {
            return DatePartsReading.Empty;
        }

        var boxes = new List<(DatePart Part, string? Text)> { (DatePart.Day, Day), (DatePart.Month, Month), (DatePart.Year, Year) };
        if (withTime)
        {
            boxes.Add((DatePart.Hour, Hour));
            boxes.Add((DatePart.Minute, Minute));
        }

        var missing = boxes.Where(b => string.IsNullOrWhiteSpace(b.Text)).Select(b => b.Part).ToList();
        if (missing.Count > 0)
        {
            return DatePartsReading.Wrong($"{what} must include {MissingText(missing)}", missing);
        }

        var day = Number(Day);
        var month = Number(Month) ?? MonthNamed(Month);
        var year = Year!.Trim();
        var wrong = new List<DatePart>();
        if (day is null or < 1 or > 31)
        {
            wrong.Add(DatePart.Day);
        }

        if (month is null or < 1 or > 12)
        {
            wrong.Add(DatePart.Month);
        }

        if (wrong.Count == 0 && year.All(char.IsAsciiDigit) && year.Length != 4)
        {
            return DatePartsReading.Wrong($"{what} must include a year with 4 numbers, for example 2007", [DatePart.Year]);
        }

        if (Number(year) is not { } y || year.Length != 4 || y < 1)
        {
            wrong.Add(DatePart.Year);
        }

        if (wrong.Count > 0)
        {
            return DatePartsReading.Wrong($"{what} must be a real date", wrong);
        }

        if (day > DateTime.DaysInMonth(Number(year)!.Value, month!.Value))
        {
            return DatePartsReading.Wrong($"{what} must be a real date", [DatePart.Day]);
        }

        var date = new DateOnly(Number(year)!.Value, month!.Value, day!.Value);
        if (!withTime)
        {
            return new DatePartsReading(date, null, null, []);
        }

        var hour = Number(Hour);
        var minute = Number(Minute);
        var wrongTime = new List<DatePart>();
        if (hour is null or > 23)
        {
            wrongTime.Add(DatePart.Hour);
        }

        if (minute is null or > 59)
        {
            wrongTime.Add(DatePart.Minute);
        }

        if (wrongTime.Count > 0)
        {
            return DatePartsReading.Wrong($"{what} must be a real time, using the 24-hour clock (hour 0 to 23, minute 0 to 59)", wrongTime);
        }

        var time = new TimeOnly(hour!.Value, minute!.Value);
        if (UkCalendar.London.IsInvalidTime(date.ToDateTime(time)))
        {
            return DatePartsReading.Wrong(
                $"{what} must be a real time: on {UkCalendar.Format(date)} UK clocks went forward from 1am to 2am, so enter the time on the clock after the change",
                [DatePart.Hour, DatePart.Minute]);
        }

        return new DatePartsReading(date, time, null, []);
    }

    private static string MissingText(List<DatePart> missing)
    {
        if (missing.Contains(DatePart.Day) && missing.Contains(DatePart.Month) && missing.Contains(DatePart.Year))
        {
            return "a date";
        }

        if (missing.Contains(DatePart.Hour) && missing.Contains(DatePart.Minute))
        {
            var rest = missing.Where(p => p is not DatePart.Hour and not DatePart.Minute).Select(Name).ToList();
            return rest.Count == 0 ? "a time" : $"{Join(rest)} and a time";
        }

        return Join(missing.Select(Name).ToList());
    }

    private static string Name(DatePart part) => part switch
    {
        DatePart.Day => "day",
        DatePart.Month => "month",
        DatePart.Year => "year",
        DatePart.Hour => "hour",
        DatePart.Minute => "minute",
    };

    private static string Join(List<string> names)
    {
        var article = names[0] == "hour" ? "an" : "a";
        return names.Count == 1 ? $"{article} {names[0]}" : $"{article} {string.Join(", ", names[..^1])} and {names[^1]}";
    }

    private static int? Number(string? text)
    {
        var trimmed = text?.Trim();
        return !string.IsNullOrEmpty(trimmed) && trimmed.Length <= 4 && trimmed.All(char.IsAsciiDigit)
            ? int.Parse(trimmed, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>GOV.UK asks services to accept a month typed as a name ("March", "mar", "Sept").</summary>
    private static int? MonthNamed(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length < 3)
        {
            return null;
        }

        for (var m = 1; m <= 12; m++)
        {
            var name = English.DateTimeFormat.GetMonthName(m);
            if (name.StartsWith(trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return m;
            }
        }

        return null;
    }
}

/// <summary>The outcome of reading a <see cref="DateParts"/>: a date (and time), nothing, or a message and the boxes at fault.</summary>
public sealed record DatePartsReading(DateOnly? Date, TimeOnly? Time, string? Error, IReadOnlyList<DatePart> WrongParts)
{
    public static readonly DatePartsReading Empty = new(null, null, null, []);

    public static DatePartsReading Wrong(string error, IReadOnlyList<DatePart> parts) => new(null, null, error, parts);

    public bool IsValid => Error is null;

    /// <summary>The UK wall-clock date and time read (midnight when the input had no time).</summary>
    public DateTime? LocalDateTime => Date?.ToDateTime(Time ?? TimeOnly.MinValue);
}
