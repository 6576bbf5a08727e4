using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Common;

/// <summary>
/// When an organisation's own staff are at work: from <see cref="Opens"/> to <see cref="Closes"/> UK time on working days
/// (Monday to Friday, not bank holidays in England and Wales). A High flag raised outside them also goes to the
/// organisation's out-of-hours address, because nobody may read the caseworker's inbox until the next morning.
/// </summary>
public sealed record OfficeHours(TimeOnly Opens, TimeOnly Closes)
{
    public static readonly OfficeHours Default = new(new TimeOnly(9, 0), new TimeOnly(17, 0));

    /// <summary>True when <paramref name="instant"/> falls on a working day between opening (inclusive) and closing (exclusive), UK time.</summary>
    public bool Contains(DateTimeOffset instant)
    {
        var local = UkCalendar.ToLondon(instant);
        var time = TimeOnly.FromDateTime(local);
        return WorkingDays.IsWorkingDay(DateOnly.FromDateTime(local)) && time >= Opens && time < Closes;
    }

    /// <summary>The settings' problems, naming each: opening must come before closing.</summary>
    public IReadOnlyList<string> Problems(string section) =>
        Opens < Closes ? [] : [$"{section}:OfficeHoursOpen ({Opens:HH\\:mm}) must be before {section}:OfficeHoursClose ({Closes:HH\\:mm})"];
}
