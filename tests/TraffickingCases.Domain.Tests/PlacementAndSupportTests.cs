using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Tests;

public class PlacementTests
{
    private readonly Child _child = TestData.Child();

    private Placement Add(PlacementDetails details) => _child.AddPlacement(details, TestData.Now);

    [Fact]
    public void Placement_ending_before_it_starts_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Placement(TestData.Date("2025-02-10"), TestData.Date("2025-02-09"))),
            nameof(PlacementDetails.EndDate), "The end date must be on or after the start date");
        Assert.Empty(_child.Placements);
    }

    [Fact]
    public void Placement_of_a_type_outside_the_list_is_refused()
    {
        Refusal.Expect(
            () => _child.AddPlacement(TestData.Placement(TestData.Date("2025-01-10")) with { Type = (PlacementType)99 }, TestData.Now),
            nameof(PlacementDetails.Type), "Choose the type of placement");
    }

    [Fact]
    public void Placement_without_a_start_date_is_refused()
    {
        Refusal.Expect(
            () => _child.AddPlacement(TestData.Placement(default), TestData.Now),
            nameof(PlacementDetails.StartDate), "Enter the start date");
    }

    [Fact]
    public void Placement_starting_before_the_child_was_born_is_refused_and_on_the_day_of_birth_is_accepted()
    {
        Refusal.Expect(
            () => _child.AddPlacement(TestData.Placement(TestData.DefaultDateOfBirth.AddDays(-1)), TestData.Now),
            nameof(PlacementDetails.StartDate), "The start date must be on or after the child's date of birth");

        var placement = _child.AddPlacement(TestData.Placement(TestData.DefaultDateOfBirth), TestData.Now);

        Assert.Equal(TestData.DefaultDateOfBirth, placement.StartDate);
    }

    [Fact]
    public void Placement_ending_on_the_day_it_starts_is_accepted()
    {
        var placement = Add(TestData.Placement(TestData.Date("2025-02-10"), TestData.Date("2025-02-10")));

        Assert.Equal(placement.StartDate, placement.EndDate);
    }

    [Fact]
    public void Placement_starting_in_the_future_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Placement(TestData.Today.AddDays(1))),
            nameof(PlacementDetails.StartDate), "The start date must be today or in the past");
    }

    [Fact]
    public void Placement_starting_today_is_accepted()
    {
        var placement = Add(TestData.Placement(TestData.Today));

        Assert.True(placement.IsCurrentOn(TestData.Today));
    }

    [Theory]
    [InlineData("2025-01-09", false)]
    [InlineData("2025-01-10", true)]
    [InlineData("2025-02-10", true)]
    [InlineData("2025-02-11", false)]
    public void A_placement_is_current_from_its_start_date_to_its_end_date_inclusive(string date, bool expected)
    {
        var placement = Add(TestData.Placement(TestData.Date("2025-01-10"), TestData.Date("2025-02-10")));

        Assert.Equal(expected, placement.IsCurrentOn(TestData.Date(date)));
    }

    [Fact]
    public void A_placement_with_no_end_date_is_current_from_its_start_onwards()
    {
        var placement = Add(TestData.Placement(TestData.Date("2025-01-10")));

        Assert.False(placement.IsCurrentOn(TestData.Date("2025-01-09")));
        Assert.True(placement.IsCurrentOn(TestData.Date("2030-01-01")));
    }

    [Fact]
    public void Ending_a_placement_is_recorded_on_the_same_placement()
    {
        var placement = Add(TestData.Placement(TestData.Date("2025-01-10")));

        _child.UpdatePlacement(placement.Id, placement.ToDetails() with { EndDate = TestData.Date("2025-05-31") }, TestData.Now);

        Assert.Equal(TestData.Date("2025-05-31"), Assert.Single(_child.Placements).EndDate);
        Assert.False(placement.IsCurrentOn(TestData.Today));
    }
}

public class SupportRequestTests
{
    private readonly Child _child = TestData.Child();

    private SupportRequest Request(SupportRequestDetails details) => _child.RequestSupport(details, TestData.Now);

    [Fact]
    public void Support_starting_before_it_was_requested_is_refused()
    {
        Refusal.Expect(
            () => Request(TestData.Support(TestData.Date("2025-06-01"), TestData.Date("2025-05-31"))),
            nameof(SupportRequestDetails.StartedOn), "Support cannot start before it was requested");
        Assert.Empty(_child.SupportRequests);
    }

    [Fact]
    public void Support_starting_the_day_it_was_requested_is_accepted_with_no_wait()
    {
        var request = Request(TestData.Support(TestData.Date("2025-06-01"), TestData.Date("2025-06-01")));

        Assert.False(request.IsWaiting);
        Assert.Equal(0, request.WaitingDays(TestData.Today));
    }

    [Fact]
    public void Support_starting_in_the_future_is_refused()
    {
        Refusal.Expect(
            () => Request(TestData.Support(TestData.Date("2025-06-01"), TestData.Today.AddDays(1))),
            nameof(SupportRequestDetails.StartedOn), "The start date must be today or in the past");
    }

    [Fact]
    public void Support_requested_in_the_future_is_refused()
    {
        Refusal.Expect(
            () => Request(TestData.Support(TestData.Today.AddDays(1))),
            nameof(SupportRequestDetails.RequestedOn), "The request date must be today or in the past");
    }

    [Fact]
    public void A_child_still_waiting_has_waited_until_today()
    {
        var request = Request(TestData.Support(TestData.Date("2025-06-01")));

        Assert.True(request.IsWaiting);
        Assert.Equal(14, request.WaitingDays(TestData.Today));
        Assert.Equal(15, request.WaitingDays(TestData.Today.AddDays(1)));
    }

    [Fact]
    public void Once_support_starts_the_wait_stops_counting()
    {
        var request = Request(TestData.Support(TestData.Date("2025-06-01"), TestData.Date("2025-06-05")));

        Assert.Equal(4, request.WaitingDays(TestData.Today));
        Assert.Equal(4, request.WaitingDays(TestData.Today.AddDays(100)));
    }
}
