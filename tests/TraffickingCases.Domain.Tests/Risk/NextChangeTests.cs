using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// When each rule's answer next changes with time alone: exactly at the instant returned — the same answer one
/// tick before, a different one at it — or never.
/// </summary>
public class NextChangeTests
{
    /// <summary>Asserts the rule's next change is <paramref name="expected"/>, and that its answer really changes there and not before.</summary>
    private static void ChangesAt(IRiskRule rule, Child child, DateTimeOffset expected, DateTimeOffset? now = null, bool inIctgArea = false)
    {
        var at = now ?? Now;
        Assert.Equal(expected, rule.NextChange(child, at, inIctgArea));
        Assert.Equal(Answer(rule.Judge(child, at, inIctgArea)), Answer(rule.Judge(child, expected.AddTicks(-1), inIctgArea)));
        Assert.NotEqual(Answer(rule.Judge(child, at, inIctgArea)), Answer(rule.Judge(child, expected, inIctgArea)));
    }

    private static (Severity, string)? Answer(Finding? finding) => finding is null ? null : (finding.Severity, finding.OccurrenceKey);

    private static DateTimeOffset Utc(string iso) => TestData.Instant(iso);

    [Fact]
    public void RR01_a_repeat_referral_never_changes_with_time()
    {
        var child = NewChild();
        child.Refer(D("2024-09-02"));
        child.Refer(D("2025-03-03"));

        Assert.Null(new RepeatReferralRule().NextChange(child));
    }

    [Fact]
    public void RR02_missing_during_an_open_case_never_changes_with_time()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        child.MissingForAnHour(Noon("2025-04-01"));

        Assert.Null(new MissingDuringOpenCaseRule().NextChange(child));
    }

    [Fact]
    public void RR03_changes_when_the_second_episode_leaves_the_90_days()
    {
        var child = NewChild();
        child.MissingForAnHour(Now.AddDays(-10));
        var older = child.MissingForAnHour(Now.AddDays(-80));

        ChangesAt(new RepeatedMissingRule(), child, older.WentMissingAt.AddDays(90));
        Assert.Null(new RepeatedMissingRule().Judge(child, older.WentMissingAt.AddDays(90)));
    }

    [Fact]
    public void RR03_skips_an_episode_leaving_that_leaves_the_flag_as_it_was()
    {
        var child = NewChild();
        child.MissingForAnHour(Now.AddDays(-5));
        child.MissingForAnHour(Now.AddDays(-10));
        var third = child.MissingForAnHour(Now.AddDays(-20));
        child.MissingForAnHour(Now.AddDays(-85));

        // At 85 + 90 days the count goes from 4 to 3: still high. At 20 + 90 it drops to 2: medium.
        ChangesAt(new RepeatedMissingRule(), child, third.WentMissingAt.AddDays(90));
        Fires(new RepeatedMissingRule().Judge(child, third.WentMissingAt.AddDays(90)), "RR-03", Severity.Medium);
    }

    [Fact]
    public void RR03_a_future_dated_episode_changes_the_flag_when_it_begins()
    {
        var child = NewChild();
        child.MissingForAnHour(Now.AddDays(-10));
        child.MissingForAnHour(Now.AddDays(-20));
        var next = child.WentMissing(Now.AddDays(2), Now.AddDays(2).AddHours(1), recordedAt: Now.AddDays(3));

        ChangesAt(new RepeatedMissingRule(), child, next.WentMissingAt);
        Assert.Equal(next.Id.ToString(), new RepeatedMissingRule().Judge(child, next.WentMissingAt)!.OccurrenceKey);
    }

    [Fact]
    public void RR03_eight_episodes_in_a_year_stop_counting_when_the_oldest_leaves_the_365_days()
    {
        var child = NewChild();
        var episodes = Enumerable.Range(0, 8).Select(n => child.MissingForAnHour(Now.AddDays(-100 - (30 * n)))).ToList();

        ChangesAt(new RepeatedMissingRule(), child, episodes[^1].WentMissingAt.AddDays(365));
    }

    [Fact]
    public void RR04_changes_just_after_24_hours_then_just_after_72_then_never()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 10));
        var rule = new MissingNowRule();

        ChangesAt(rule, child, episode.WentMissingAt.AddHours(24).AddTicks(1));
        ChangesAt(rule, child, episode.WentMissingAt.AddHours(72).AddTicks(1), now: episode.WentMissingAt.AddHours(30));
        Assert.Null(rule.NextChange(child, episode.WentMissingAt.AddHours(73)));
    }

    [Fact]
    public void RR04_a_child_who_is_not_missing_never_changes()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 10), HoursBefore(Now, 5));

        Assert.Null(new MissingNowRule().NextChange(child));
    }

    [Fact]
    public void RR05_changes_just_after_72_hours_from_the_return()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 20), HoursBefore(Now, 10));

        ChangesAt(new ReturnInterviewOverdueRule(), child, episode.ReturnedAt!.Value.AddHours(72).AddTicks(1));
        Assert.Null(new ReturnInterviewOverdueRule().NextChange(child, episode.ReturnedAt.Value.AddHours(72).AddTicks(1)));
    }

    [Fact]
    public void RR05_a_completed_or_declined_interview_never_changes()
    {
        var completed = NewChild();
        completed.RecordEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = HoursBefore(Now, 20), ReturnedAt = HoursBefore(Now, 10), ReturnInterviewCompletedAt = HoursBefore(Now, 1),
        });
        var declined = NewChild();
        declined.RecordEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = HoursBefore(Now, 20), ReturnedAt = HoursBefore(Now, 10), ReturnInterviewDeclined = true,
        });

        Assert.Null(new ReturnInterviewOverdueRule().NextChange(completed));
        Assert.Null(new ReturnInterviewOverdueRule().NextChange(declined));
    }

    [Fact]
    public void RR06_an_Easter_referral_becomes_overdue_at_midnight_after_the_fifth_working_day()
    {
        var child = NewChild();
        child.Refer(D("2025-04-17"));

        // Good Friday and Easter Monday skipped: the fifth working day is Monday 28 April; overdue from Tuesday, BST.
        ChangesAt(new ReasonableGroundsOverdueRule(), child, Utc("2025-04-28T23:00:00Z"), now: Noon("2025-04-17"));
    }

    [Fact]
    public void RR06_once_a_decision_is_overdue_a_later_referral_falling_due_changes_nothing()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        child.Refer(D("2025-06-12"));

        Assert.Null(new ReasonableGroundsOverdueRule().NextChange(child));
    }

    [Fact]
    public void RR07_each_waiting_request_changes_the_flag_when_it_passes_its_days()
    {
        var child = NewChild();
        child.AskFor(SupportType.LegalAdvice, D("2025-05-20"));
        child.AskFor(SupportType.MentalHealth, D("2025-06-01"));
        child.AskFor(SupportType.Education, D("2025-01-01"));
        var rule = new SupportWaitingRule();

        // Legal advice: 20 working days after 20 May (26 May a bank holiday) is 18 June; late from 19 June.
        ChangesAt(rule, child, Utc("2025-06-18T23:00:00Z"));
        // Mental health: more than 28 days after 1 June from 30 June.
        ChangesAt(rule, child, Utc("2025-06-29T23:00:00Z"), now: Utc("2025-06-18T23:00:00Z"));
        Assert.Null(rule.NextChange(child, Utc("2025-06-29T23:00:00Z")));
    }

    [Fact]
    public void RR08_supported_accommodation_stops_counting_on_the_16th_birthday()
    {
        var child = NewChild(D("2009-07-01"));
        child.PlaceIn(PlacementType.SupportedAccommodation, D("2025-05-01"));

        ChangesAt(new RiskyPlacementRule(), child, Utc("2025-06-30T23:00:00Z"));
    }

    [Fact]
    public void RR08_a_hotel_placement_stops_the_day_after_it_ends_and_a_foster_one_never_counts()
    {
        var hotel = NewChild();
        hotel.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-05-01"), D("2025-06-20"));
        var foster = NewChild();
        foster.PlaceIn(PlacementType.Foster, D("2025-05-01"), D("2025-06-20"));

        ChangesAt(new RiskyPlacementRule(), hotel, Utc("2025-06-20T23:00:00Z"));
        Assert.Null(new RiskyPlacementRule().NextChange(foster));
    }

    [Fact]
    public void RR08_a_hotel_placement_recorded_ahead_starts_counting_on_its_first_day()
    {
        var child = NewChild();
        child.AddPlacement(new PlacementDetails { Type = PlacementType.HomeOfficeHotel, StartDate = D("2025-06-20") }, Noon("2025-06-20"));

        ChangesAt(new RiskyPlacementRule(), child, Utc("2025-06-19T23:00:00Z"));
    }

    [Fact]
    public void RR09_the_guardian_falls_due_after_10_working_days_then_the_flag_stops_at_18()
    {
        var child = NewChild(D("2007-09-30"));
        child.Refer(D("2025-06-10"));
        var rule = new NoGuardianRule();

        ChangesAt(rule, child, Utc("2025-06-24T23:00:00Z"), inIctgArea: true);
        ChangesAt(rule, child, Utc("2025-09-29T23:00:00Z"), now: Noon("2025-07-01"), inIctgArea: true);
        Assert.Null(rule.NextChange(child, inIctgArea: false));
    }

    [Fact]
    public void RR10_starts_100_days_before_the_18th_birthday_and_stops_on_it()
    {
        var child = NewChild(D("2007-09-30"));
        child.Refer(D("2025-03-03"));
        var rule = new TurningEighteenRule();

        ChangesAt(rule, child, Utc("2025-06-21T23:00:00Z"));
        ChangesAt(rule, child, Utc("2025-09-29T23:00:00Z"), now: Noon("2025-07-01"));
        Assert.Null(rule.NextChange(child, Noon("2025-09-30")));
    }

    [Fact]
    public void RR10_a_29_February_child_turns_18_on_1_March()
    {
        var child = NewChild(D("2008-02-29"));
        child.Refer(D("2025-03-03"));

        ChangesAt(new TurningEighteenRule(), child, Utc("2026-03-01T00:00:00Z"), now: Noon("2026-02-28"));
    }

    [Fact]
    public void RR10_with_no_open_case_never_changes()
    {
        var child = NewChild(D("2007-09-30"));
        child.Refer(TestData.Referral() with { WithdrawnOn = D("2025-04-01"), WithdrawalReason = "Moved away" });

        Assert.Null(new TurningEighteenRule().NextChange(child));
    }

    [Fact]
    public void RR11_a_concern_of_future_exploitation_never_changes_with_time()
    {
        var child = NewChild();
        child.Refer(TestData.Referral() with { FutureExploitationConcern = true });

        Assert.Null(new FutureExploitationConcernRule().NextChange(child));
    }

    [Fact]
    public void RR12_starts_on_the_15th_birthday()
    {
        var child = NewChild(D("2010-07-01"));
        child.Refer(D("2025-03-03"));
        child.MissingForAnHour(Noon("2025-06-01"));

        ChangesAt(new CriminalExploitationMissingRule(), child, Utc("2025-06-30T23:00:00Z"));
    }

    [Fact]
    public void RR12_stops_when_the_latest_episode_leaves_the_90_days()
    {
        var child = ChildAged(16);
        child.Refer(D("2025-03-03"));
        child.MissingForAnHour(Noon("2025-03-20"));
        var latest = child.MissingForAnHour(Noon("2025-04-01"));

        ChangesAt(new CriminalExploitationMissingRule(), child, latest.WentMissingAt.AddDays(90));
    }

    [Fact]
    public void RR12_stops_on_the_18th_birthday()
    {
        var child = NewChild(D("2007-07-01"));
        child.Refer(D("2025-03-03"));
        child.MissingForAnHour(Noon("2025-06-01"));

        ChangesAt(new CriminalExploitationMissingRule(), child, Utc("2025-06-30T23:00:00Z"));
    }

    [Fact]
    public void RR12_a_future_dated_episode_starts_it_when_it_begins()
    {
        var child = ChildAged(16);
        child.Refer(D("2025-03-03"));
        var episode = child.WentMissing(Now.AddDays(2), Now.AddDays(2).AddHours(1), recordedAt: Now.AddDays(3));

        ChangesAt(new CriminalExploitationMissingRule(), child, episode.WentMissingAt);
    }

    [Fact]
    public void RR12_without_criminal_exploitation_never_changes()
    {
        var child = ChildAged(16);
        child.Refer(D("2025-03-03"), ExploitationTypes.Sexual);
        child.MissingForAnHour(Noon("2025-06-01"));

        Assert.Null(new CriminalExploitationMissingRule().NextChange(child));
    }

    [Fact]
    public void The_rule_set_changes_at_the_first_rule_to_change()
    {
        var child = NewChild();
        child.AskFor(SupportType.LegalAdvice, D("2025-05-20"));
        var episode = child.WentMissing(HoursBefore(Now, 10));

        Assert.Equal(episode.WentMissingAt.AddHours(24).AddTicks(1), RuleSet.NextChange(new RuleContext(child, false, Now, new RuleThresholds())));
    }

    [Fact]
    public void The_rule_set_never_changes_for_a_history_time_cannot_change()
    {
        var child = NewChild();
        child.Refer(TestData.Referral() with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-03-10"), FutureExploitationConcern = true });
        child.Refer(TestData.Referral(D("2025-04-01")) with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-04-08") });

        Assert.Null(RuleSet.NextChange(new RuleContext(child, false, Now, new RuleThresholds())));
    }

    [Fact]
    public void A_context_at_another_moment_has_that_moments_date()
    {
        var context = new RuleContext(NewChild(), false, Now, new RuleThresholds());

        Assert.Equal(D("2025-06-20"), context.At(Noon("2025-06-20")).Today);
    }
}
