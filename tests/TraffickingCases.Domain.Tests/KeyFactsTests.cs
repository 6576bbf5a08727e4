using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Tests;

/// <summary>The facts the top of the child's page leads with (issue 14).</summary>
public class KeyFactsTests
{
    [Fact]
    public void A_pending_conclusive_grounds_decision_counts_the_days_since_the_referral()
    {
        var child = TestData.Child();
        child.AddReferral(TestData.PositiveRg(TestData.Date("2025-03-10")), TestData.Now);

        var position = child.NrmPositionOn(TestData.Today);

        Assert.Equal(NrmStage.AwaitingConclusiveGrounds, position.Stage);
        Assert.Equal(TestData.Today.DayNumber - TestData.DefaultReferralDate.DayNumber, position.DaysWaiting);
    }

    [Fact]
    public void The_latest_referral_decides_the_stage_and_a_decided_one_waits_no_days()
    {
        var child = TestData.Child();
        child.AddReferral(TestData.Referral(TestData.Date("2024-01-05")) with
        {
            RgOutcome = DecisionOutcome.Positive, RgDecisionDate = TestData.Date("2024-01-10"),
            CgOutcome = DecisionOutcome.Positive, CgDecisionDate = TestData.Date("2024-06-10"),
        }, TestData.Now);

        Assert.Equal(new NrmPosition(NrmStage.PositiveConclusiveGrounds, child.Referrals[0], null), child.NrmPositionOn(TestData.Today));

        child.AddReferral(TestData.Referral(TestData.Date("2025-06-14")), TestData.Now);
        var position = child.NrmPositionOn(TestData.Today);
        Assert.Equal(NrmStage.AwaitingReasonableGrounds, position.Stage);
        Assert.Equal(1, position.DaysWaiting);
        Assert.Same(child.Referrals[1], position.Referral);
    }

    [Fact]
    public void A_child_with_no_referral_has_no_stage_to_wait_for()
    {
        Assert.Equal(new NrmPosition(NrmStage.NoReferral, null, null), TestData.Child().NrmPositionOn(TestData.Today));
    }

    [Fact]
    public void The_current_placement_is_the_latest_started_of_those_not_ended()
    {
        var child = TestData.Child();
        child.AddPlacement(TestData.Placement(TestData.Date("2024-01-01"), TestData.Date("2024-12-31")), TestData.Now);
        var current = child.AddPlacement(TestData.Placement(TestData.Date("2025-01-01")) with { Type = PlacementType.HomeOfficeHotel }, TestData.Now);

        Assert.Same(current, child.PlacementOn(TestData.Today));
        Assert.Equal(PlacementType.Foster, child.PlacementOn(TestData.Date("2024-06-01"))!.Type);
        Assert.Null(child.PlacementOn(TestData.Date("2023-06-01")));
    }

    [Fact]
    public void A_placement_that_ended_before_today_is_not_current()
    {
        var child = TestData.Child();
        child.AddPlacement(TestData.Placement(TestData.Date("2024-01-01"), TestData.Today.AddDays(-1)), TestData.Now);

        Assert.Null(child.PlacementOn(TestData.Today));
    }

    [Fact]
    public void The_guardian_is_not_referred_then_referred_then_allocated_as_the_ictg_request_goes()
    {
        var child = TestData.Child();
        child.RequestSupport(TestData.Support(TestData.Date("2025-04-01")), TestData.Now);
        Assert.Equal(new GuardianPosition(GuardianStatus.NotReferred, null), child.Guardian);

        var ictg = child.RequestSupport(TestData.Support(TestData.Date("2025-04-02")) with { Type = SupportType.Ictg }, TestData.Now);
        Assert.Equal(new GuardianPosition(GuardianStatus.Referred, ictg), child.Guardian);

        child.UpdateSupportRequest(ictg.Id, ictg.ToDetails() with { StartedOn = TestData.Date("2025-05-01") }, TestData.Now);
        Assert.Equal(GuardianStatus.Allocated, child.Guardian.Status);
        Assert.Equal(TestData.Date("2025-05-01"), child.Guardian.Request!.StartedOn);
    }

    [Fact]
    public void The_child_missing_now_is_the_open_episode_and_none_once_returned()
    {
        var child = TestData.Child();
        var episode = child.RecordMissingEpisode(TestData.Missing(TestData.Utc(2025, 6, 15, 8)), TestData.Now);
        Assert.Same(episode, child.OngoingMissingEpisode);

        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnedAt = TestData.Utc(2025, 6, 15, 11) }, TestData.Now);
        Assert.Null(child.OngoingMissingEpisode);
    }

    [Theory]
    [InlineData("2010-03-01", "2028-03-01")]
    [InlineData("2008-02-29", "2026-03-01")]
    public void The_eighteenth_birthday_is_the_first_day_the_child_is_18(string dob, string birthday)
    {
        Assert.Equal(TestData.Date(birthday), TestData.Child(TestData.Date(dob)).EighteenthBirthday);
        Assert.Null(TestData.ChildWithUnknownDateOfBirth().EighteenthBirthday);
    }
}
