using System.Globalization;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>How dates and times read on the page: UK style, in UK time.</summary>
public static class Display
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateOnly? date) => date?.ToString("d MMMM yyyy", Uk) ?? "Not known";

    public static string Time(DateTimeOffset? instant) =>
        instant is { } t ? UkCalendar.ToLondon(t).ToString("d MMMM yyyy, HH:mm", Uk) : "Not recorded";

    /// <summary>A count with its noun, singular for one: "1 day", "3 days".</summary>
    public static string Count(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count.ToString(Uk)} {noun}s";

    public static string YesNo(bool value) => value ? "Yes" : "No";

    public static string YesNo(bool? value) => value is { } answer ? YesNo(answer) : "Not recorded";
}
