using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>When the rules added in issue 12 (RR-13 to RR-19) next change with time alone.</summary>
public partial class NextChangeTests
{
    [Fact]
    public void RR13_starts_when_the_new_episode_begins_and_ends_30_days_later()
    {
        var child = NewChild();
        child.Returned(Noon("2025-06-14"));
        var again = child.WentMissing(Now.AddHours(2), Now.AddHours(3), recordedAt: Now.AddHours(4));
        var rule = new MissingAgainRule();

        ChangesAt(rule, child, again.WentMissingAt);
        ChangesAt(rule, child, again.WentMissingAt.AddDays(30), now: again.WentMissingAt);
        Assert.Null(rule.NextChange(child, again.WentMissingAt.AddDays(30)));
    }

    [Fact]
    public void RR14_ends_30_days_after_the_return()
    {
        var child = NewChild();
        var episode = child.Returned(Noon("2025-06-01"), concerns: "Disclosed being taken to a flat in another city");

        ChangesAt(new ReturnInterviewDisclosureRule(), child, episode.ReturnedAt!.Value.AddDays(30));
    }

    [Fact]
    public void RR14_concerns_on_an_episode_still_going_on_do_not_end_with_time()
    {
        var child = NewChild();
        child.RecordEpisode(new MissingEpisodeDetails { WentMissingAt = Noon("2025-06-01"), Concerns = "Seen with older men" });
        var rule = new ReturnInterviewDisclosureRule();

        Fires(rule.Judge(child, Noon("2026-06-01")), "RR-14", Severity.High);
        Assert.Null(rule.NextChange(child));
    }

    [Fact]
    public void RR15_ends_when_the_first_of_three_moves_leaves_the_365_days()
    {
        var child = NewChild();
        child.PlaceIn(PlacementType.Foster, D("2021-03-01"), D("2024-08-31"));
        child.PlaceIn(PlacementType.Foster, D("2024-09-01"), D("2024-12-31"));
        child.PlaceIn(PlacementType.Foster, D("2025-01-01"), D("2025-03-31"));
        child.PlaceIn(PlacementType.Foster, D("2025-04-01"));

        ChangesAt(new PlacementInstabilityRule(), child, Utc("2025-08-31T23:00:00Z"));
    }

    [Fact]
    public void RR15_an_out_of_area_placement_ends_the_day_after_its_end_date()
    {
        var child = NewChild();
        child.PlaceIn(new PlacementDetails { Type = PlacementType.Foster, StartDate = D("2025-06-10"), EndDate = D("2025-06-30"), OutOfArea = true });

        ChangesAt(new PlacementInstabilityRule(), child, Utc("2025-06-30T23:00:00Z"));
    }

    [Fact]
    public void RR15_an_out_of_area_placement_stops_being_flagged_after_its_first_30_days()
    {
        var child = NewChild();
        child.PlaceIn(new PlacementDetails { Type = PlacementType.Foster, StartDate = D("2025-06-01"), OutOfArea = true });

        ChangesAt(new PlacementInstabilityRule(), child, Utc("2025-06-30T23:00:00Z"));
        Assert.Null(new PlacementInstabilityRule().Judge(child, Utc("2025-06-30T23:00:00Z")));
    }

    [Fact]
    public void RR15_an_out_of_area_placement_stops_counting_at_18()
    {
        var child = NewChild(D("2007-07-01"));
        child.PlaceIn(new PlacementDetails { Type = PlacementType.Foster, StartDate = D("2025-06-10"), OutOfArea = true });

        ChangesAt(new PlacementInstabilityRule(), child, Utc("2025-06-30T23:00:00Z"));
    }

    [Fact]
    public void RR16_a_disputed_age_stops_at_18_with_no_case_open_and_never_while_one_is_open()
    {
        var closed = TestData.Register(TestData.ChildDetails(D("2007-07-01"), DobPrecision.Disputed), Now);
        var open = TestData.Register(TestData.ChildDetails(D("2007-07-01"), DobPrecision.Disputed), Now);
        open.Refer(D("2025-03-03"));

        ChangesAt(new AgeDisputeRule(), closed, Utc("2025-06-30T23:00:00Z"));
        Assert.Null(new AgeDisputeRule().NextChange(open));
    }

    [Fact]
    public void RR17_starts_on_the_18th_birthday_and_ends_90_days_after_it_for_a_withdrawal_before_it()
    {
        var child = NewChild(D("2007-07-01"));
        child.Refer(TestData.Referral(D("2025-03-03")) with { WithdrawnOn = D("2025-06-10"), WithdrawalReason = "Did not consent" });
        var rule = new AtEighteenWithoutAdultSupportRule();

        ChangesAt(rule, child, Utc("2025-06-30T23:00:00Z"));
        ChangesAt(rule, child, Utc("2025-09-29T23:00:00Z"), now: Noon("2025-07-01"));
    }

    [Fact]
    public void RR17_a_withdrawal_dated_after_the_moment_judged_starts_the_flag_on_its_date()
    {
        var child = NewChild(D("2007-05-01"));
        child.Refer(TestData.Referral(D("2025-03-03")) with { WithdrawnOn = D("2025-06-10"), WithdrawalReason = "Did not consent" });

        ChangesAt(new AtEighteenWithoutAdultSupportRule(), child, Utc("2025-06-09T23:00:00Z"), now: Noon("2025-06-01"));
    }

    [Fact]
    public void RR17_a_later_withdrawal_coming_into_effect_is_a_new_occurrence()
    {
        var child = NewChild(D("2007-05-01"));
        child.Refer(TestData.Referral(D("2025-01-06")) with { WithdrawnOn = D("2025-05-10"), WithdrawalReason = "Did not consent" });
        var later = child.Refer(TestData.Referral(D("2025-03-03")) with { WithdrawnOn = D("2025-06-10"), WithdrawalReason = "Did not consent" });

        ChangesAt(new AtEighteenWithoutAdultSupportRule(), child, Utc("2025-06-09T23:00:00Z"), now: Noon("2025-06-01"));
        Assert.Equal(later.Id.ToString(), new AtEighteenWithoutAdultSupportRule().Judge(child, Noon("2025-06-10"))!.OccurrenceKey);
    }

    [Fact]
    public void RR18_an_episode_after_the_decision_raises_the_flag_when_it_begins()
    {
        var child = NewChild();
        child.Refer(TestData.Referral(D("2025-03-03")) with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-06-01") });
        var episode = child.WentMissing(Now.AddHours(5), recordedAt: Now.AddHours(6));

        ChangesAt(new ProtectionEndedWhileAtRiskRule(), child, episode.WentMissingAt);
    }

    [Fact]
    public void RR18_ends_30_days_after_the_decision()
    {
        var child = NewChild();
        child.Refer(TestData.Referral(D("2025-03-03")) with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-06-01"), FutureExploitationConcern = true });

        ChangesAt(new ProtectionEndedWhileAtRiskRule(), child, Utc("2025-07-01T23:00:00Z"));
    }

    [Fact]
    public void RR19_a_return_there_ends_7_days_after_going_missing_and_a_referral_30_days_after()
    {
        var went = Noon("2025-06-10");
        var missing = new LinkedEvent(Guid.NewGuid(), LinkedEventKind.WentMissing, "Kent County Council", "KCC-4471", went, false);
        var referred = new LinkedEvent(Guid.NewGuid(), LinkedEventKind.Referred, "Kent County Council", "KCC-4471", Noon("2025-06-01"), false);
        var rule = new LinkedRecordEventRule();

        ChangesAt(rule, NewChild(), went.AddDays(7), linked: [missing]);
        ChangesAt(rule, NewChild(), Noon("2025-07-01"), linked: [referred]);
    }

    [Fact]
    public void RR19_an_event_there_after_the_moment_judged_starts_the_flag_when_it_happens()
    {
        var at = Now.AddHours(5);
        var missing = new LinkedEvent(Guid.NewGuid(), LinkedEventKind.WentMissing, "Kent County Council", "KCC-4471", at, true);

        ChangesAt(new LinkedRecordEventRule(), NewChild(), at, linked: [missing]);
    }
}
