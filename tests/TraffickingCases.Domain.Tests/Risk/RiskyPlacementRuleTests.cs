using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>RR-08: under 18 only; hotels, unregulated placements and unregistered supported accommodation are unlawful and high.</summary>
public class RiskyPlacementRuleTests
{
    private readonly RiskyPlacementRule _rule = new();

    private static Placement Supported(Child child, bool? ofstedRegistered, DateOnly? start = null, DateOnly? end = null) =>
        child.PlaceIn(new PlacementDetails
        {
            Type = PlacementType.SupportedAccommodation, StartDate = start ?? D("2025-06-01"), EndDate = end, OfstedRegistered = ofstedRegistered,
        });

    [Fact]
    public void A_current_hotel_placement_is_unlawful_and_high()
    {
        var child = NewChild();
        var placement = child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-08", Severity.High);

        Assert.Equal("Placed in a hotel since 2025-06-01: unlawful for a child since ECPAT UK v Kent (July 2023)", finding.Evidence);
        Assert.Equal(placement.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Unregulated_accommodation_under_16_is_unlawful_and_high()
    {
        var child = NewChild();
        child.PlaceIn(PlacementType.Unregulated, D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-08", Severity.High);

        Assert.Equal("Placed in unregulated accommodation since 2025-06-01: unlawful for a child (under 16 since September 2021)", finding.Evidence);
    }

    [Fact]
    public void Unregulated_accommodation_at_17_is_unlawful_and_high()
    {
        var child = ChildAged(17);
        child.PlaceIn(PlacementType.Unregulated, D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-08", Severity.High);

        Assert.EndsWith("unlawful for a child (16–17 since 28 October 2023)", finding.Evidence, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(true)]
    [InlineData(false)]
    public void Supported_accommodation_under_16_is_unlawful_and_high_even_if_registered(bool? registered)
    {
        var child = NewChild(Today.AddYears(-16).AddDays(1));
        Supported(child, registered);

        var finding = Fires(_rule.Judge(child), "RR-08", Severity.High);

        Assert.Equal("Placed in supported accommodation since 2025-06-01 at age 15: unlawful under 16 (since September 2021)", finding.Evidence);
    }

    [Fact]
    public void Supported_accommodation_not_registered_with_Ofsted_at_16_or_17_is_unlawful_and_high()
    {
        var child = ChildAged(17);
        Supported(child, ofstedRegistered: false);

        var finding = Fires(_rule.Judge(child), "RR-08", Severity.High);

        Assert.Equal("Placed in supported accommodation since 2025-06-01 that is not Ofsted-registered: unlawful for a 16–17-year-old since 28 October 2023", finding.Evidence);
    }

    [Fact]
    public void Supported_accommodation_at_16_or_17_whose_registration_is_not_recorded_is_medium()
    {
        var child = ChildAged(16);
        Supported(child, ofstedRegistered: null);

        var finding = Fires(_rule.Judge(child), "RR-08", Severity.Medium);

        Assert.Equal(
            "Placed in supported accommodation since 2025-06-01; its Ofsted registration is not recorded (required for 16–17-year-olds since 28 October 2023)",
            finding.Evidence);
    }

    [Fact]
    public void Ofsted_registered_supported_accommodation_at_16_or_17_raises_nothing()
    {
        var child = ChildAged(17);
        Supported(child, ofstedRegistered: true);

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Registered_supported_accommodation_is_lawful_from_the_16th_birthday()
    {
        var child = NewChild(Today.AddYears(-16));
        Supported(child, ofstedRegistered: true);

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, Now.AddDays(-1)), "RR-08", Severity.High);
    }

    [Theory]
    [InlineData(PlacementType.HomeOfficeHotel)]
    [InlineData(PlacementType.Unregulated)]
    [InlineData(PlacementType.SupportedAccommodation)]
    public void At_18_or_over_nothing_is_raised(PlacementType type)
    {
        var child = ChildAged(18);
        child.PlaceIn(type, D("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_hotel_placement_stops_counting_on_the_18th_birthday()
    {
        var child = NewChild(Today.AddYears(-18));
        child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, Now.AddDays(-1)), "RR-08", Severity.High);
    }

    [Fact]
    public void With_no_date_of_birth_a_hotel_is_still_high_and_unrecorded_registration_medium()
    {
        var hotel = TestData.ChildWithUnknownDateOfBirth();
        hotel.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));
        var supported = TestData.ChildWithUnknownDateOfBirth();
        Supported(supported, ofstedRegistered: null);

        Fires(_rule.Judge(hotel), "RR-08", Severity.High);
        Fires(_rule.Judge(supported), "RR-08", Severity.Medium);
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
    public void Of_two_current_placements_the_one_that_started_last_is_judged()
    {
        var child = NewChild();
        child.PlaceIn(PlacementType.Foster, D("2025-01-01"));
        var hotel = child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));
        var foster = NewChild();
        foster.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-01-01"));
        foster.PlaceIn(PlacementType.Foster, D("2025-06-01"));

        Assert.Equal(hotel.Id.ToString(), Fires(_rule.Judge(child), "RR-08", Severity.High).OccurrenceKey);
        Assert.Null(_rule.Judge(foster));
    }

    [Fact]
    public void Each_placement_is_its_own_occurrence()
    {
        var child = NewChild();
        var first = child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-01-01"), D("2025-03-31"));
        var second = child.PlaceIn(PlacementType.Unregulated, D("2025-04-01"));

        Assert.Equal(first.Id.ToString(), _rule.Judge(child, Noon("2025-03-01"))!.OccurrenceKey);
        Assert.Equal(second.Id.ToString(), _rule.Judge(child)!.OccurrenceKey);
    }

    [Fact]
    public void Every_high_finding_is_worded_as_unlawful()
    {
        var children = new[] { PlacementType.HomeOfficeHotel, PlacementType.Unregulated, PlacementType.SupportedAccommodation }
            .Select(type =>
            {
                var child = NewChild();
                child.PlaceIn(type, D("2025-06-01"));
                return child;
            });

        Assert.All(children, child =>
        {
            var finding = Fires(_rule.Judge(child), "RR-08", Severity.High);
            Assert.Contains("unlawful", finding.Evidence, StringComparison.Ordinal);
            Assert.DoesNotContain("unsuitable", finding.Evidence, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void A_flag_ends_on_turning_18()
    {
        var child = NewChild(Today.AddYears(-18));
        var placement = child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));

        Assert.Equal("Turned 18", _rule.EndReason(child, placement.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_when_the_placement_ends()
    {
        var child = NewChild();
        var placement = child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-01-01"), D("2025-06-10"));

        Assert.Equal("Placement ended 2025-06-10", _rule.EndReason(child, placement.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_when_the_accommodation_is_recorded_as_registered()
    {
        var child = ChildAged(17);
        var placement = Supported(child, ofstedRegistered: null);
        child.UpdatePlacement(placement.Id, placement.ToDetails() with { OfstedRegistered = true }, Now);

        Assert.Null(_rule.Judge(child));
        Assert.Equal("Recorded as Ofsted-registered", _rule.EndReason(child, placement.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_when_a_later_placement_is_current()
    {
        var child = NewChild();
        var hotel = child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-01-01"));
        child.PlaceIn(PlacementType.Foster, D("2025-06-01"));

        Assert.Equal("A later placement is current", _rule.EndReason(child, hotel.Id.ToString()));
    }
}
