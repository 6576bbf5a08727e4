using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class RiskyPlacementRuleTests
{
    private readonly RiskyPlacementRule _rule = new();

    [Fact]
    public void A_current_Home_Office_hotel_placement_raises_high()
    {
        var child = NewChild();
        var placement = child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-08", Severity.High);

        Assert.Equal("Placed in a Home Office hotel since 2025-06-01", finding.Evidence);
        Assert.Equal(placement.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void A_current_unregulated_placement_raises_medium()
    {
        var child = NewChild();
        child.PlaceIn(PlacementType.Unregulated, D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-08", Severity.Medium);

        Assert.Equal("Placed in unregulated accommodation since 2025-06-01", finding.Evidence);
    }

    [Fact]
    public void Supported_accommodation_for_a_child_of_15_raises_medium()
    {
        var child = NewChild(Today.AddYears(-16).AddDays(1));
        child.PlaceIn(PlacementType.SupportedAccommodation, D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-08", Severity.Medium);

        Assert.Equal("Placed in supported accommodation since 2025-06-01 at age 15 (under 16)", finding.Evidence);
    }

    [Fact]
    public void Supported_accommodation_for_a_child_who_turned_16_today_raises_nothing()
    {
        var child = NewChild(Today.AddYears(-16));
        child.PlaceIn(PlacementType.SupportedAccommodation, D("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Supported_accommodation_for_a_child_of_17_raises_nothing()
    {
        var child = ChildAged(17);
        child.PlaceIn(PlacementType.SupportedAccommodation, D("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Supported_accommodation_with_no_date_of_birth_raises_nothing()
    {
        var child = TestData.Register(TestData.ChildDetails() with { DateOfBirth = null }, Now);
        child.PlaceIn(PlacementType.SupportedAccommodation, D("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Theory]
    [InlineData(PlacementType.Family)]
    [InlineData(PlacementType.Kinship)]
    [InlineData(PlacementType.Foster)]
    [InlineData(PlacementType.ChildrensHome)]
    [InlineData(PlacementType.Secure)]
    [InlineData(PlacementType.Other)]
    public void Other_placements_raise_nothing(PlacementType type)
    {
        var child = NewChild();
        child.PlaceIn(type, D("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_hotel_placement_that_ended_yesterday_raises_nothing()
    {
        var child = NewChild();
        child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-01-01"), Today.AddDays(-1));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_hotel_placement_ending_today_is_still_current()
    {
        var child = NewChild();
        child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-01-01"), Today);

        Fires(_rule.Judge(child), "RR-08", Severity.High);
    }

    [Fact]
    public void A_child_moved_from_a_hotel_to_foster_care_raises_nothing()
    {
        var child = NewChild();
        child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-01-01"), D("2025-05-31"));
        child.PlaceIn(PlacementType.Foster, D("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void The_supported_accommodation_age_is_configurable()
    {
        var child = ChildAged(17);
        child.PlaceIn(PlacementType.SupportedAccommodation, D("2025-06-01"));

        var finding = Fires(_rule.Judge(child, thresholds: new RuleThresholds { SupportedAccommodationMinimumAge = 18 }), "RR-08", Severity.Medium);

        Assert.Contains("at age 17 (under 18)", finding.Evidence, StringComparison.Ordinal);
    }
}
