using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// When each rule's answer next changes with time alone: exactly at the instant returned — the same answer one
/// tick before, a different one at it — or never.
/// </summary>
public partial class NextChangeTests
{
    /// <summary>Asserts the rule's next change is <paramref name="expected"/>, and that its answer really changes there and not before.</summary>
    private static void ChangesAt(IRiskRule rule, Child child, DateTimeOffset expected, DateTimeOffset? now = null, bool inIctgArea = false,
        IReadOnlyList<LinkedEvent>? linked = null)
    {
        var at = now ?? Now;
        Assert.Equal(expected, rule.NextChange(child, at, inIctgArea, linked: linked));
        Assert.Equal(Answer(rule.Judge(child, at, inIctgArea, linked: linked)), Answer(rule.Judge(child, expected.AddTicks(-1), inIctgArea, linked: linked)));
        Assert.NotEqual(Answer(rule.Judge(child, at, inIctgArea, linked: linked)), Answer(rule.Judge(child, expected, inIctgArea, linked: linked)));
    }

    /// <summary>What a sweep compares, and RR-04's strategy discussion, which a manager must see on time.</summary>
    private static (Severity, string, bool)? Answer(Finding? finding) =>
        finding is null ? null : (finding.Severity, finding.OccurrenceKey, finding.Evidence.Contains("strategy discussion is due", StringComparison.Ordinal));

    private static DateTimeOffset Utc(string iso) => TestData.Instant(iso);

    [Fact]
    public void RR01_a_recent_repeat_referral_turns_medium_after_365_days_while_a_case_is_open()
    {
        var child = NewChild();
        child.Refer(D("2024-09-02"));
        child.Refer(D("2025-03-03"));

        ChangesAt(new RepeatReferralRule(), child, Utc("2026-03-04T00:00:00Z"));
        Fires(new RepeatReferralRule().Judge(child, Utc("2026-03-04T00:00:00Z")), "RR-01", Severity.Medium);
        Assert.Null(new RepeatReferralRule().NextChange(child, Utc("2026-03-04T00:00:00Z")));
    }

    [Fact]
    public void RR01_with_every_case_closed_the_flag_ends_after_365_days()
    {
        var child = NewChild();
        child.ReferClosed(D("2024-09-02"));
        child.ReferClosed(D("2025-03-03"));

        ChangesAt(new RepeatReferralRule(), child, Utc("2026-03-04T00:00:00Z"));
        Assert.Null(new RepeatReferralRule().Judge(child, Utc("2026-03-04T00:00:00Z")));
    }

    [Fact]
    public void RR02_ends_when_the_episode_leaves_the_30_days()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        var episode = child.MissingForAnHour(Noon("2025-06-01"));

        ChangesAt(new MissingDuringOpenCaseRule(), child, episode.WentMissingAt.AddDays(30));
    }

    [Fact]
    public void RR02_a_future_dated_episode_is_a_new_occurrence_when_it_begins()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        child.MissingForAnHour(Noon("2025-06-01"));
        var next = child.WentMissing(Now.AddDays(2), Now.AddDays(2).AddHours(1), recordedAt: Now.AddDays(3));

        ChangesAt(new MissingDuringOpenCaseRule(), child, next.WentMissingAt);
    }

    [Fact]
    public void RR02_with_no_case_open_never_changes()
    {
        var child = NewChild();
        child.ReferClosed(D("2025-03-03"), decided: D("2025-05-01"));
        child.MissingForAnHour(Noon("2025-04-01"));

        Assert.Null(new MissingDuringOpenCaseRule().NextChange(child));
    }

    [Fact]
    public void RR03_changes_when_the_second_episode_leaves_the_30_days()
    {
        var child = NewChild();
        child.MissingForAnHour(Now.AddDays(-10));
        var older = child.MissingForAnHour(Now.AddDays(-25));

        ChangesAt(new RepeatedMissingRule(), child, older.WentMissingAt.AddDays(30));
        Assert.Null(new RepeatedMissingRule().Judge(child, older.WentMissingAt.AddDays(30)));
    }

    [Fact]
    public void RR03_skips_an_episode_leaving_that_leaves_the_flag_as_it_was()
    {
        var child = NewChild();
        child.MissingForAnHour(Now.AddDays(-5));
        child.MissingForAnHour(Now.AddDays(-10));
        var third = child.MissingForAnHour(Now.AddDays(-20));
        child.MissingForAnHour(Now.AddDays(-28));

        // At 28 + 30 days the count goes from 4 to 3: still high. At 20 + 30 it drops to 2: medium.
        ChangesAt(new RepeatedMissingRule(), child, third.WentMissingAt.AddDays(30));
        Fires(new RepeatedMissingRule().Judge(child, third.WentMissingAt.AddDays(30)), "RR-03", Severity.Medium);
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
    public void RR03_a_year_of_older_episodes_does_not_hold_the_flag_once_the_recent_ones_leave_the_30_days()
    {
        var child = NewChild();
        for (var i = 0; i < 8; i++)
        {
            child.MissingForAnHour(Now.AddDays(-40 - (40 * i)));
        }

        var older = child.MissingForAnHour(Now.AddDays(-25));
        child.MissingForAnHour(Now.AddDays(-10));

        ChangesAt(new RepeatedMissingRule(), child, older.WentMissingAt.AddDays(30));
        Assert.Null(new RepeatedMissingRule().Judge(child, older.WentMissingAt.AddDays(30)));
    }

    [Fact]
    public void RR04_a_reassuring_episode_turns_high_at_24_hours_then_calls_for_a_strategy_discussion_at_72_then_never_changes()
    {
        var child = NewChild();
        var episode = child.RecordEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = HoursBefore(Now, 10), ReportedToPoliceAt = HoursBefore(Now, 9), PoliceRiskGrading = PoliceRiskGrading.Low, WhereaboutsKnown = true,
        });
        var rule = new MissingNowRule();

        ChangesAt(rule, child, episode.WentMissingAt.AddHours(24));
        ChangesAt(rule, child, episode.WentMissingAt.AddHours(72), now: episode.WentMissingAt.AddHours(30));
        Assert.Null(rule.NextChange(child, episode.WentMissingAt.AddHours(72)));
    }

    [Fact]
    public void RR04_an_episode_high_from_the_start_is_due_again_no_later_than_the_strategy_discussion()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 10));
        var rule = new MissingNowRule();

        Assert.True(rule.NextChange(child) <= episode.WentMissingAt.AddHours(72));
        ChangesAt(rule, child, episode.WentMissingAt.AddHours(72), now: episode.WentMissingAt.AddHours(24));
    }

    [Fact]
    public void RR04_an_episode_recorded_ahead_raises_the_flag_when_it_begins()
    {
        var child = NewChild();
        var episode = child.WentMissing(Now.AddHours(2), recordedAt: Now.AddHours(3));

        ChangesAt(new MissingNowRule(), child, episode.WentMissingAt);
    }

    [Fact]
    public void RR04_a_child_who_is_not_missing_never_changes()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 10), HoursBefore(Now, 5));

        Assert.Null(new MissingNowRule().NextChange(child));
    }

    [Fact]
    public void RR05_is_raised_just_after_72_hours_from_the_return_and_ends_just_after_14_days()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 20), HoursBefore(Now, 10));
        var returned = episode.ReturnedAt!.Value;
        var rule = new ReturnInterviewOverdueRule();

        ChangesAt(rule, child, returned.AddHours(72).AddTicks(1));
        ChangesAt(rule, child, returned.AddDays(14).AddTicks(1), now: returned.AddHours(72).AddTicks(1));
        Assert.Null(rule.NextChange(child, returned.AddDays(14).AddTicks(1)));
    }

    [Fact]
    public void RR05_a_completed_or_declined_interview_never_changes()
    {
        var completed = NewChild();
        completed.Returned(HoursBefore(Now, 10), completed: HoursBefore(Now, 1));
        var declined = NewChild();
        declined.Returned(HoursBefore(Now, 10), declined: true);

        Assert.Null(new ReturnInterviewOverdueRule().NextChange(completed));
        Assert.Null(new ReturnInterviewOverdueRule().NextChange(declined));
    }

    [Fact]
    public void RR06_an_Easter_referral_is_low_at_midnight_after_the_fifth_working_day_and_medium_after_the_25th()
    {
        var child = NewChild();
        child.Refer(D("2025-04-17"));
        var rule = new ReasonableGroundsOverdueRule();

        // Good Friday and Easter Monday skipped: the fifth working day is Monday 28 April; overdue from Tuesday, BST.
        ChangesAt(rule, child, Utc("2025-04-28T23:00:00Z"), now: Noon("2025-04-17"));
        // The 25th working day (5 May a bank holiday too) is Wednesday 28 May; medium from Thursday.
        ChangesAt(rule, child, Utc("2025-05-28T23:00:00Z"), now: Noon("2025-04-29"));
        Assert.Null(rule.NextChange(child, Noon("2025-05-29")));
    }

    [Fact]
    public void RR06_once_a_decision_is_overdue_and_medium_a_later_referral_falling_due_changes_nothing()
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
    public void RR08_registered_supported_accommodation_becomes_lawful_on_the_16th_birthday()
    {
        var child = NewChild(D("2009-07-01"));
        child.PlaceIn(new PlacementDetails { Type = PlacementType.SupportedAccommodation, StartDate = D("2025-05-01"), OfstedRegistered = true });

        ChangesAt(new RiskyPlacementRule(), child, Utc("2025-06-30T23:00:00Z"));
        Assert.Null(new RiskyPlacementRule().Judge(child, Utc("2025-06-30T23:00:00Z")));
    }

    [Fact]
    public void RR08_supported_accommodation_whose_registration_is_not_recorded_turns_medium_on_the_16th_birthday()
    {
        var child = NewChild(D("2009-07-01"));
        child.PlaceIn(PlacementType.SupportedAccommodation, D("2025-05-01"));

        ChangesAt(new RiskyPlacementRule(), child, Utc("2025-06-30T23:00:00Z"));
        Fires(new RiskyPlacementRule().Judge(child, Utc("2025-06-30T23:00:00Z")), "RR-08", Severity.Medium);
    }

    [Fact]
    public void RR08_a_hotel_placement_stops_on_the_18th_birthday()
    {
        var child = NewChild(D("2007-07-01"));
        child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-05-01"));

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
    public void RR09_no_service_referral_falls_due_after_5_working_days_then_the_flag_stops_at_18()
    {
        var child = NewChild(D("2007-09-30"));
        child.Refer(D("2025-06-10"));
        var rule = new NoGuardianRule();

        ChangesAt(rule, child, Utc("2025-06-17T23:00:00Z"), inIctgArea: true);
        ChangesAt(rule, child, Utc("2025-09-29T23:00:00Z"), now: Noon("2025-07-01"), inIctgArea: true);
        Assert.Null(rule.NextChange(child, inIctgArea: false));
    }

    [Fact]
    public void RR09_the_allocation_falls_due_10_working_days_after_the_service_referral()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-06-10"));
        child.AskFor(SupportType.Ictg, D("2025-06-12"));

        ChangesAt(new NoGuardianRule(), child, Utc("2025-06-26T23:00:00Z"), inIctgArea: true);
        Assert.Equal($"{referral.Id}:not-allocated", new NoGuardianRule().Judge(child, Utc("2025-06-26T23:00:00Z"), inIctgArea: true)!.OccurrenceKey);
    }

    [Fact]
    public void RR09_with_no_case_open_never_changes()
    {
        var child = NewChild();
        child.ReferClosed(D("2025-06-01"));

        Assert.Null(new NoGuardianRule().NextChange(child, inIctgArea: true));
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
    public void The_rule_set_changes_at_the_first_rule_to_change()
    {
        var child = NewChild();
        child.AskFor(SupportType.LegalAdvice, D("2025-05-20"));
        var episode = child.RecordEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = HoursBefore(Now, 10), ReportedToPoliceAt = HoursBefore(Now, 9), PoliceRiskGrading = PoliceRiskGrading.Low, WhereaboutsKnown = true,
        });

        Assert.Equal(episode.WentMissingAt.AddHours(24), RuleSet.NextChange(new RuleContext(child, false, Now, new RuleThresholds())));
    }

    [Fact]
    public void The_rule_set_never_changes_for_a_history_time_cannot_change()
    {
        var child = NewChild();
        child.ReferClosed(D("2024-03-01"), types: ExploitationTypes.Sexual);
        child.ReferClosed(D("2024-04-01"), types: ExploitationTypes.Sexual);
        child.MissingForAnHour(Noon("2024-05-01"));

        Assert.Null(RuleSet.NextChange(new RuleContext(child, false, Now, new RuleThresholds())));
    }

    [Fact]
    public void A_context_at_another_moment_has_that_moments_date_and_keeps_the_linked_events()
    {
        var linked = new LinkedEvent(Guid.NewGuid(), LinkedEventKind.Referred, "Kent County Council", "KCC-4471", Now, false);
        var context = Context(NewChild(), linked: [linked]);

        var later = context.At(Noon("2025-06-20"));

        Assert.Equal(D("2025-06-20"), later.Today);
        Assert.Equal([linked], later.LinkedEvents);
    }
}
