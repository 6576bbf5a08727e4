namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// The dates a search or report filter accepts. Wide enough for any record, narrow enough that the day after and
/// the UK midnight of every one exist (9999-12-31 has no day after, and PostgreSQL's range ends before .NET's).
/// </summary>
public static class DateFilter
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    public static readonly DateOnly Latest = new(2999, 12, 31);

    /// <summary>Why the date cannot be used, in a caseworker's words; null when it can (or is not given).</summary>
    public static string? Problem(DateOnly? date, string label) =>
        date is { } d && (d < Earliest || d > Latest)
            ? $"{label} must be between 1 January 1900 and 31 December 2999"
            : null;
}
