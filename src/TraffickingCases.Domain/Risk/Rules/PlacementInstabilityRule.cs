using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-15: a child under 18 moved placement three or more times in 12 months, or placed out of area now.</summary>
public sealed class PlacementInstabilityRule : IRiskRule
{
    public string Code => "RR-15";

    public string Title => "Placement moves, or placed out of area";

    public RuleKind Kind => RuleKind.StaticVulnerability;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) =>
        $"While the moves in the last {t.PlacementMovesWindowDays} days reach the count, or while the out-of-area placement is current; under 18 only; a new placement raises a new flag";

    public string Rationale =>
        "Frequent moves and placements far from home cut a child off from the adults who know them and are published risk factors for going missing and being exploited again.";

    public string Source => "ECPAT UK and Missing People, When Harm Remains (2022); DfE, Children missing from care statutory guidance (2014), on out-of-area placements";

    public string Thresholds(RuleThresholds t) => $"{t.PlacementMovesCount}+ placements starting in {t.PlacementMovesWindowDays} days; a current placement recorded as out of area";

    public Finding? Evaluate(RuleContext context)
    {
        if (context.Age is >= 18)
        {
            return null;
        }

        var t = context.Thresholds;
        var starts = Starts(context);
        var current = context.Child.Placements.Where(p => p.IsCurrentOn(context.Today)).OrderByDescending(p => p.StartDate).FirstOrDefault();
        var outOfArea = current is { OutOfArea: true };
        if (starts.Count < t.PlacementMovesCount && !outOfArea)
        {
            return null;
        }

        var parts = new List<string>();
        if (starts.Count >= t.PlacementMovesCount)
        {
            parts.Add($"{Evidence.Count(starts.Count, "placement")} started in the last {t.PlacementMovesWindowDays} days (latest {Evidence.Date(starts[^1].StartDate)})");
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
        : Evaluate(context) is null ? "Fewer moves in the window, and no current out-of-area placement"
        : "A later placement raised its own flag";

    public DateTimeOffset? NextChange(RuleContext context)
    {
        var flips = new List<DateTimeOffset>();
        foreach (var p in context.Child.Placements)
        {
            flips.Add(ChangeTimes.From(p.StartDate));
            flips.Add(ChangeTimes.From(p.StartDate.AddDays(context.Thresholds.PlacementMovesWindowDays)));
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

    private static List<Placement> Starts(RuleContext context) =>
        context.Child.Placements
            .Where(p => p.StartDate <= context.Today && p.StartDate > context.Today.AddDays(-context.Thresholds.PlacementMovesWindowDays))
            .OrderBy(p => p.StartDate).ToList();
}
