using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Domain.Common;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Children;

/// <summary>The timeline filter as the GET form sends it: kinds ticked, and GOV.UK date inputs for from and to.</summary>
public sealed class TimelineQuery
{
    [FromQuery(Name = "kind")]
    public string[]? Kind { get; set; }

    [FromQuery(Name = "from-day")]
    public string? FromDay { get; set; }

    [FromQuery(Name = "from-month")]
    public string? FromMonth { get; set; }

    [FromQuery(Name = "from-year")]
    public string? FromYear { get; set; }

    [FromQuery(Name = "to-day")]
    public string? ToDay { get; set; }

    [FromQuery(Name = "to-month")]
    public string? ToMonth { get; set; }

    [FromQuery(Name = "to-year")]
    public string? ToYear { get; set; }
}

/// <summary>One field's problem: the id the error summary links to, and the message beside the field.</summary>
public sealed record FilterProblem(string Field, string Target, string Message);

/// <summary>The timeline filter read and checked: the kinds to show and the UK dates to show between (both inclusive).</summary>
public sealed class TimelineFilter
{
    private TimelineFilter(TimelineQuery query, IReadOnlyList<string> kinds, DateOnly? from, DateOnly? to, IReadOnlyList<FilterProblem> problems)
    {
        Query = query;
        Kinds = kinds;
        From = from;
        To = to;
        Problems = problems;
    }

    public TimelineQuery Query { get; }

    public IReadOnlyList<string> Kinds { get; }

    public DateOnly? From { get; }

    public DateOnly? To { get; }

    /// <summary>In the order of the form's fields, so the error summary reads as the form does.</summary>
    public IReadOnlyList<FilterProblem> Problems { get; }

    /// <summary>Whether the user narrowed the timeline from what the page shows unasked.</summary>
    public bool IsNarrowed => From is not null || To is not null || !Kinds.SequenceEqual(Timeline.DefaultKinds);

    public string? ProblemWith(string field) => Problems.FirstOrDefault(p => p.Field == field)?.Message;

    public static TimelineFilter Read(TimelineQuery? query)
    {
        query ??= new TimelineQuery();
        var known = Timeline.Kinds.Select(k => k.Kind).ToList();
        var asked = (query.Kind ?? []).Where(known.Contains).Distinct().ToList();
        var kinds = asked.Count > 0 ? known.Where(asked.Contains).ToList() : [.. Timeline.DefaultKinds];
        var problems = new List<FilterProblem>();
        var from = ReadDate("from", "The start date", query.FromDay, query.FromMonth, query.FromYear, problems);
        var to = ReadDate("to", "The end date", query.ToDay, query.ToMonth, query.ToYear, problems);
        if (from is { } start && to is { } end && end < start)
        {
            problems.Add(new FilterProblem("to", "to-day", "The end date must be the same as or after the start date"));
            to = null;
        }

        return new TimelineFilter(query, kinds, from, to, problems);
    }

    /// <summary>The entries of the chosen kinds whose UK date lies between the dates.</summary>
    public IReadOnlyList<TimelineEntry> Apply(IReadOnlyList<TimelineEntry> entries)
    {
        var since = From is { } start ? UkCalendar.StartOf(start) : DateTimeOffset.MinValue;
        var until = To is { } end ? UkCalendar.StartOf(end.AddDays(1)) : DateTimeOffset.MaxValue;
        return entries.Where(e => Kinds.Contains(e.Kind) && e.SortAt >= since && e.SortAt < until).ToList();
    }

    private static DateOnly? ReadDate(string field, string label, string? day, string? month, string? year, List<FilterProblem> problems)
    {
        var parts = new[] { ("day", day?.Trim()), ("month", month?.Trim()), ("year", year?.Trim()) };
        if (parts.All(p => string.IsNullOrEmpty(p.Item2)))
        {
            return null;
        }

        if (parts.FirstOrDefault(p => string.IsNullOrEmpty(p.Item2)) is ({ } missing, _))
        {
            problems.Add(new FilterProblem(field, $"{field}-{missing}", $"{label} must include a {missing}"));
            return null;
        }

        if (!int.TryParse(parts[0].Item2, NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            || !int.TryParse(parts[1].Item2, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(parts[2].Item2, NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            problems.Add(new FilterProblem(field, $"{field}-day", $"{label} must be a real date, for example 27 3 2024"));
            return null;
        }

        var date = new DateOnly(y, m, d);
        if (DateFilter.Problem(date, label) is { } range)
        {
            problems.Add(new FilterProblem(field, $"{field}-day", range));
            return null;
        }

        return date;
    }
}
