using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// RR-15: three or more placement moves in 12 months (a placement starting after another; the child's first placement is
/// entering care, not a move), or a current placement out of area in its first 30 days; under 18 only.
/// </summary>
public class PlacementInstabilityRuleTests
{
    private readonly PlacementInstabilityRule _rule = new();

    private static Placement Foster(Child child, string start, string? end = null, bool? outOfArea = null, string? area = null) =>
        child.PlaceIn(new PlacementDetails
        {
            Type = PlacementType.Foster, StartDate = D(start), EndDate = end is null ? null : D(end), OutOfArea = outOfArea, Area = area,
        });

    /// <summary>The child's first placement, years before the window: entering care, not a move.</summary>
    private static Placement FirstPlacement(Child child) => Foster(child, "2021-03-01", "2024-08-31");

    [Fact]
    public void Two_moves_in_12_months_raise_nothing()
    {
        var child = NewChild();
        FirstPlacement(child);
        Foster(child, "2025-01-10", "2025-03-31");
        Foster(child, "2025-04-01");

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Three_moves_in_12_months_raise_medium_keyed_by_the_latest()
    {
        var child = NewChild();
        FirstPlacement(child);
        Foster(child, "2024-09-01", "2024-12-31");
        Foster(child, "2025-01-01", "2025-03-31");
        var latest = Foster(child, "2025-04-01");

        var finding = Fires(_rule.Judge(child), "RR-15", Severity.Medium);

        Assert.Equal("3 placement moves in the last 365 days (latest 2025-04-01)", finding.Evidence);
        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void The_first_placement_is_not_counted_as_a_move()
    {
        var child = NewChild();
        Foster(child, "2024-09-01", "2024-12-31");
        Foster(child, "2025-01-01", "2025-03-31");
        Foster(child, "2025-04-01");

        // Three placements started in the window, but the first is the child entering care: two moves.
        Assert.Null(_rule.Judge(child));
        var finding = Fires(_rule.Judge(child, thresholds: new RuleThresholds { PlacementMovesCount = 2 }), "RR-15", Severity.Medium);
        Assert.Equal("2 placement moves in the last 365 days (latest 2025-04-01)", finding.Evidence);
    }

    [Fact]
    public void The_first_placement_is_the_earliest_to_start_whatever_order_they_were_recorded_in()
    {
        var child = NewChild();
        Foster(child, "2025-04-01");
        Foster(child, "2025-01-01", "2025-03-31");
        Foster(child, "2024-09-01", "2024-12-31");

        Assert.Null(_rule.Judge(child));

        FirstPlacement(child);

        Assert.Equal("3 placement moves in the last 365 days (latest 2025-04-01)", Fires(_rule.Judge(child), "RR-15", Severity.Medium).Evidence);
    }

    [Fact]
    public void A_placement_that_started_exactly_365_days_ago_no_longer_counts()
    {
        var counted = NewChild();
        FirstPlacement(counted);
        Foster(counted, "2024-06-16", "2024-12-31");
        Foster(counted, "2025-01-01", "2025-03-31");
        Foster(counted, "2025-04-01");
        var notCounted = NewChild();
        FirstPlacement(notCounted);
        Foster(notCounted, "2024-06-15", "2024-12-31");
        Foster(notCounted, "2025-01-01", "2025-03-31");
        Foster(notCounted, "2025-04-01");

        Fires(_rule.Judge(counted), "RR-15", Severity.Medium);
        Assert.Null(_rule.Judge(notCounted));
    }

    [Fact]
    public void A_current_placement_out_of_area_raises_medium_naming_the_area()
    {
        var child = NewChild();
        var placement = Foster(child, "2025-06-01", outOfArea: true, area: "Kent");

        var finding = Fires(_rule.Judge(child), "RR-15", Severity.Medium);

        Assert.Equal("Placed out of area (Kent) since 2025-06-01", finding.Evidence);
        Assert.Equal(placement.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void An_out_of_area_placement_without_an_area_recorded_is_still_raised()
    {
        var child = NewChild();
        Foster(child, "2025-06-01", outOfArea: true);

        Assert.Equal("Placed out of area since 2025-06-01", Fires(_rule.Judge(child), "RR-15", Severity.Medium).Evidence);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(null)]
    public void A_placement_in_area_or_not_recorded_raises_nothing(bool? outOfArea)
    {
        var child = NewChild();
        Foster(child, "2025-06-01", outOfArea: outOfArea, area: "Leeds");

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void An_out_of_area_placement_that_has_ended_raises_nothing()
    {
        var child = NewChild();
        Foster(child, "2025-01-01", "2025-05-31", outOfArea: true);
        Foster(child, "2025-06-01");

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Moves_and_an_out_of_area_placement_are_said_together_keyed_by_the_latest_move()
    {
        var child = NewChild();
        FirstPlacement(child);
        Foster(child, "2024-09-01", "2024-12-31");
        Foster(child, "2025-01-01", "2025-05-31");
        var latest = Foster(child, "2025-06-01", outOfArea: true, area: "Kent");

        var finding = Fires(_rule.Judge(child), "RR-15", Severity.Medium);

        Assert.Equal("3 placement moves in the last 365 days (latest 2025-06-01); placed out of area (Kent) since 2025-06-01", finding.Evidence);
        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void An_out_of_area_placement_is_flagged_for_its_first_30_days_only()
    {
        var child = NewChild();
        var placement = Foster(child, "2025-06-01", outOfArea: true);

        Fires(_rule.Judge(child, Noon("2025-06-30")), "RR-15", Severity.Medium);
        Assert.Null(_rule.Judge(child, Noon("2025-07-01")));
        Assert.Equal("Fewer moves in the window, and no new out-of-area placement", _rule.EndReason(child, placement.Id.ToString(), Noon("2025-07-01")));
        Fires(_rule.Judge(child, Noon("2025-07-10"), thresholds: new RuleThresholds { OutOfAreaRecentDays = 60 }), "RR-15", Severity.Medium);
    }

    [Fact]
    public void After_its_first_days_an_out_of_area_placement_is_still_named_beside_the_moves()
    {
        var child = NewChild();
        FirstPlacement(child);
        Foster(child, "2024-09-01", "2024-12-31");
        Foster(child, "2025-01-01", "2025-03-31");
        var latest = Foster(child, "2025-04-01", outOfArea: true, area: "Kent");

        var finding = Fires(_rule.Judge(child), "RR-15", Severity.Medium);

        Assert.Equal("3 placement moves in the last 365 days (latest 2025-04-01); placed out of area (Kent) since 2025-04-01", finding.Evidence);
        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void A_new_placement_raises_a_new_occurrence()
    {
        var child = NewChild();
        FirstPlacement(child);
        Foster(child, "2024-09-01", "2024-12-31");
        Foster(child, "2025-01-01", "2025-03-31");
        var third = Foster(child, "2025-04-01", "2025-05-31");
        var before = Fires(_rule.Judge(child), "RR-15", Severity.Medium).OccurrenceKey;

        var fourth = Foster(child, "2025-06-01");

        Assert.Equal(third.Id.ToString(), before);
        Assert.Equal(fourth.Id.ToString(), Fires(_rule.Judge(child), "RR-15", Severity.Medium).OccurrenceKey);
        Assert.Equal("A later placement raised its own flag", _rule.EndReason(child, before));
    }

    [Fact]
    public void A_placement_recorded_ahead_counts_from_its_first_day()
    {
        var child = NewChild();
        FirstPlacement(child);
        Foster(child, "2025-01-01", "2025-03-31");
        Foster(child, "2025-04-01", "2025-06-19");
        child.PlaceIn(new PlacementDetails { Type = PlacementType.Foster, StartDate = D("2025-06-20") }, Noon("2025-06-20"));

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, Noon("2025-06-20")), "RR-15", Severity.Medium);
    }

    [Fact]
    public void At_18_nothing_is_raised_and_the_flag_ends_saying_so()
    {
        var child = ChildAged(18);
        var placement = Foster(child, "2025-04-20", outOfArea: true);

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, Now.AddDays(-41)), "RR-15", Severity.Medium);
        Assert.Equal("Turned 18", _rule.EndReason(child, placement.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_when_the_moves_fall_out_of_the_window()
    {
        var child = NewChild();
        FirstPlacement(child);
        Foster(child, "2024-09-01", "2024-12-31");
        Foster(child, "2025-01-01", "2025-03-31");
        var latest = Foster(child, "2025-04-01");
        Fires(_rule.Judge(child), "RR-15", Severity.Medium);

        Assert.Null(_rule.Judge(child, Noon("2025-09-01")));
        Assert.Equal("Fewer moves in the window, and no new out-of-area placement", _rule.EndReason(child, latest.Id.ToString(), Noon("2025-09-01")));
    }

    [Fact]
    public void The_count_and_window_are_configurable()
    {
        var child = NewChild();
        FirstPlacement(child);
        Foster(child, "2025-01-01", "2025-03-31");
        Foster(child, "2025-04-01");

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, thresholds: new RuleThresholds { PlacementMovesCount = 2 }), "RR-15", Severity.Medium);
        Assert.Null(_rule.Judge(child, thresholds: new RuleThresholds { PlacementMovesCount = 2, PlacementMovesWindowDays = 100 }));
    }
}
