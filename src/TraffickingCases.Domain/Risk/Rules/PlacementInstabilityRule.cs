using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-15: a child under 18 moved placement three or more times in 12 months (the first placement is not a move), or newly placed out of area.</summary>
public sealed class PlacementInstabilityRule : IRiskRule
{
    public string Code => "RR-15";

    public string Title => "Placement moves, or placed out of area";

    public RuleKind Kind => RuleKind.StaticVulnerability;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) =>
        $"While the moves in the last {t.PlacementMovesWindowDays} days reach the count, or for the first {t.OutOfAreaRecentDays} days of a current out-of-area placement; under 18 only; a new placement raises a new flag";

    public string Rationale =>
        "Frequent moves and placements far from home cut a child off from the adults who know them and are published risk factors for going missing and being exploited again. A move out of area is flagged while it is new, when the host area's services must be told and the child is most likely to go missing; many looked-after children live out of area for years, and a standing flag for it would say nothing about now.";

    public string Source => "ECPAT UK and Missing People, When Harm Remains (2022); DfE, Children missing from care statutory guidance (2014), on out-of-area placements";

    public string Thresholds(RuleThresholds t) => $"{t.PlacementMovesCount}+ moves (a placement starting after another) in {t.PlacementMovesWindowDays} days; a current placement recorded as out of area that started in the last {t.OutOfAreaRecentDays} days";

    public Finding? Evaluate(RuleContext context)
    {
        if (context.Age is >= 18)
        {
            return null;
        }

        var t = context.Thresholds;
        var starts = Starts(context);
        var current = context.Placements.Where(p => p.IsCurrentOn(context.Today)).OrderByDescending(p => p.StartDate).FirstOrDefault();
        // Out of area raises the flag only while new; beside the moves it is always said.
        var outOfArea = current is { OutOfArea: true };
        var newlyOutOfArea = outOfArea && current!.StartDate > context.Today.AddDays(-t.OutOfAreaRecentDays);
        if (starts.Count < t.PlacementMovesCount && !newlyOutOfArea)
        {
            return null;
        }

        var parts = new List<string>();
        if (starts.Count >= t.PlacementMovesCount)
        {
            parts.Add($"{Evidence.Count(starts.Count, "placement move")} in the last {t.PlacementMovesWindowDays} days (latest {Evidence.Date(starts[^1].StartDate)})");
        }

        if (outOfArea)
        {
            parts.Add($"placed out of area{(current!.Area is { } area ? $" ({area})" : string.Empty)} since {Evidence.Date(current.StartDate)}");
        }

        var text = string.Join("; ", parts);
        var key = (starts.Count >= t.PlacementMovesCount ? starts[^1] : current!).Id.ToString();
        return new Finding(Code, Severity.Medium, char.ToUpperInvariant(text[0]) + text[1..], key);
    }

    public string EndReason(RuleContext context, string occurrenceKey) =>
        context.Age is >= 18 ? "Turned 18"
        : Evaluate(context) is null ? "Fewer moves in the window, and no new out-of-area placement"
        : "A later placement raised its own flag";

    public DateTimeOffset? NextChange(RuleContext context)
    {
        var flips = new List<DateTimeOffset>();
        foreach (var p in context.Placements)
        {
            flips.Add(ChangeTimes.From(p.StartDate));
            flips.Add(ChangeTimes.From(p.StartDate.AddDays(context.Thresholds.PlacementMovesWindowDays)));
            flips.Add(ChangeTimes.From(p.StartDate.AddDays(context.Thresholds.OutOfAreaRecentDays)));
            if (p.EndDate is { } end)
            {
                flips.Add(ChangeTimes.From(end.AddDays(1)));
            }
        }

        if (context.Child.DateOfBirth is { } dob)
        {
            flips.Add(ChangeTimes.Aged(dob, 18));
        }

        return ChangeTimes.First(this, context, flips);
    }

    /// <summary>The moves in the window: placements that started in it, other than the child's first placement.</summary>
    private static List<Placement> Starts(RuleContext context)
    {
        var first = context.Placements.OrderBy(p => p.StartDate).ThenBy(p => p.CreatedAt).FirstOrDefault();
        return context.Placements
            .Where(p => p != first && p.StartDate <= context.Today && p.StartDate > context.Today.AddDays(-context.Thresholds.PlacementMovesWindowDays))
            .OrderBy(p => p.StartDate).ToList();
    }
}
