using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Risk;

/// <summary>
/// How a rule works out when its answer next changes with time alone. A rule lists the instants at which one of
/// the comparisons it makes with <c>Now</c> or <c>Today</c> flips; between two of them its answer cannot change.
/// The first listed instant at which the answer really differs is the next change, so a flip that leaves the
/// answer as it was (a fourth episode leaving a window that needs two) costs an evaluation, not a wasted sweep.
/// </summary>
internal static class ChangeTimes
{
    /// <summary>The first of <paramref name="flips"/> after <c>context.Now</c> at which the rule's answer differs, in UTC; null when none does.</summary>
    public static DateTimeOffset? First(IRiskRule rule, RuleContext context, IEnumerable<DateTimeOffset> flips)
    {
        var ahead = flips.Where(f => f > context.Now).Select(f => f.ToUniversalTime()).Distinct().Order().ToList();
        if (ahead.Count == 0)
        {
            return null;
        }

        var now = Answer(rule.Evaluate(context));
        foreach (var at in ahead)
        {
            if (Answer(rule.Evaluate(context.At(at))) != now)
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>The first instant at which <c>Now &gt; instant</c> holds.</summary>
    public static DateTimeOffset JustAfter(DateTimeOffset instant) => instant.AddTicks(1);

    /// <summary>The first instant at which <c>Today &gt;= date</c> holds.</summary>
    public static DateTimeOffset From(DateOnly date) => UkCalendar.StartOf(date);

    /// <summary>The first instant at which <c>WorkingDays.Between(start, Today) &gt; days</c> holds.</summary>
    public static DateTimeOffset MoreWorkingDaysThan(DateOnly start, int days) => From(WorkingDays.Add(start, days + 1));

    /// <summary>The first instant at which the child's age reaches <paramref name="years"/>.</summary>
    public static DateTimeOffset Aged(DateOnly dateOfBirth, int years) => From(UkCalendar.Birthday(dateOfBirth, years));

    private static (Severity Severity, string Key)? Answer(Finding? finding) =>
        finding is null ? null : (finding.Severity, finding.OccurrenceKey);
}
