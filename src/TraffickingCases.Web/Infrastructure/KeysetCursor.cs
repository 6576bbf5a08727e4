using System.Globalization;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// Where the next page of a list ordered by key starts: the sort values of the last row shown, joined by
/// underscores ("638_TC-000123"). Lists read it back with the same number of parts, or start at the top when
/// it is not one of theirs.
/// </summary>
public static class KeysetCursor
{
    public static string Write(params object[] keys) => string.Join('_', keys.Select(Part));

    /// <summary>The cursor's parts, the last one taking any underscores left; false when it is missing or has too few.</summary>
    public static bool TryRead(string? cursor, int parts, out string[] values)
    {
        values = cursor?.Split('_', parts) ?? [];
        return values.Length == parts;
    }

    public static bool TryReadInstant(string part, out DateTimeOffset instant)
    {
        instant = default;
        if (!long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        instant = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }

    public static bool TryReadNumber(string part, out long number) =>
        long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out number);

    private static string Part(object key) => key switch
    {
        DateTimeOffset instant => instant.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Enum value => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? string.Empty,
    };
}
