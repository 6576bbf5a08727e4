using System.Globalization;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>Where the return interview after one missing episode stands.</summary>
public enum ReturnInterviewState
{
    /// <summary>The child has not returned yet: no interview is due.</summary>
    StillMissing,

    /// <summary>Returned; the interview is not done and its due time has not passed.</summary>
    Due,

    /// <summary>Returned; the interview is not done and its due time has passed.</summary>
    Overdue,

    Completed,

    Declined,
}

/// <summary>
/// The return interview of one episode at a moment: its state, when it falls due (the return plus the rules'
/// timescale, RR-05's <c>ReturnInterviewDueHours</c>) and how late it is.
/// </summary>
public sealed record ReturnInterviewStatus(ReturnInterviewState State, DateTimeOffset? DueBy, TimeSpan Overdue)
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>Still to be done: due or overdue.</summary>
    public bool IsOutstanding => State is ReturnInterviewState.Due or ReturnInterviewState.Overdue;

    /// <summary>"Return interview due by 5 Dec 14:00" or "Return interview overdue by 2 days"; empty when nothing is outstanding.</summary>
    public string Describe() => State switch
    {
        ReturnInterviewState.Due => $"Return interview due by {UkCalendar.ToLondon(DueBy!.Value).ToString("d MMM HH:mm", English)}",
        ReturnInterviewState.Overdue => $"Return interview overdue by {Lateness(Overdue)}",
        ReturnInterviewState.StillMissing or ReturnInterviewState.Completed or ReturnInterviewState.Declined => string.Empty,
    };

    /// <summary>Whole days from a day late, whole hours before that; never "0 hours" or "1 days".</summary>
    public static string Lateness(TimeSpan late)
    {
        if (late >= TimeSpan.FromDays(1))
        {
            var days = (int)late.TotalDays;
            return days == 1 ? "1 day" : $"{days} days";
        }

        var hours = Math.Max(1, (int)late.TotalHours);
        return hours == 1 ? "1 hour" : $"{hours} hours";
    }
}

/// <summary>What is recorded when a child missing now comes back.</summary>
public sealed record ReturnDetails
{
    public DateTimeOffset? ReturnedAt { get; init; }

    /// <summary>True: the child's whereabouts were known while away (away without authorisation).</summary>
    public bool WhereaboutsKnown { get; init; }

    public DateTimeOffset? ReturnInterviewOfferedAt { get; init; }
}
