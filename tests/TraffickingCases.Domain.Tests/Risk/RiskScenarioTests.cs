using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// Issue 12's goals at the level of the domain: a child's history recorded as it happens, the rules run as the sweep runs
/// them (at each change and at each next change), and the flags a manager would see.
/// </summary>
public class RiskScenarioTests
{
    /// <summary>A child's flags kept as the rules service keeps them, swept on demand or at each next change.</summary>
    private sealed class Sweeper(Child child, bool inIctgArea = false)
    {
        public List<Flag> Flags { get; } = [];

        public IEnumerable<Flag> Open => Flags.Where(f => f.IsOpen);

        public ReconcileResult Sweep(DateTimeOffset at)
        {
            var context = Context(child, at, inIctgArea);
            var result = FlagReconciler.Reconcile(child.Id, RuleSet.Evaluate(context), Flags, at,
                flag => RuleSet.EndReason(context, flag.RuleCode, flag.OccurrenceKey));
            Flags.AddRange(result.Raised);
            return result;
        }

        /// <summary>Sweeps at every next change from <paramref name="from"/> up to <paramref name="until"/>, as the scheduled sweep would.</summary>
        public void SweepUntil(DateTimeOffset from, DateTimeOffset until)
        {
            var at = from;
            while (RuleSet.NextChange(Context(child, at, inIctgArea)) is { } next && next <= until)
            {
                Sweep(next);
                at = next;
            }
        }

        public Flag Single(string code) => Assert.Single(Flags, f => f.RuleCode == code);
    }

    [Fact]
    public void A_child_missing_for_one_hour_with_no_police_report_has_a_high_flag_at_once()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 1));
        var sweeper = new Sweeper(child);

        var raised = Assert.Single(sweeper.Sweep(Now).Raised);

        Assert.Equal("RR-04", raised.RuleCode);
        Assert.Equal(Severity.High, raised.Severity);
        Assert.True(raised.IsLive);
        Assert.Equal(episode.Id.ToString(), raised.OccurrenceKey);
        Assert.Equal(Severity.High, RiskLevels.Derive(sweeper.Flags));
    }

    [Fact]
    public void An_episode_two_years_ago_on_a_closed_case_has_no_finding()
    {
        var child = NewChild();
        child.ReferClosed(D("2023-05-01"), decided: D("2023-08-01"));
        child.Returned(Noon("2023-06-16"));

        Assert.Empty(EvaluateAll(child));
        Assert.All(RuleSet.All, rule => Assert.Null(rule.NextChange(Context(child))));
    }

    [Fact]
    public void Every_flag_raised_for_an_episode_two_years_ago_ended_by_itself_with_a_reason()
    {
        var registered = Noon("2023-05-01");
        var child = TestData.Register(TestData.ChildDetails(), registered);
        var referral = child.AddReferral(TestData.Referral(D("2023-05-01")), registered);
        var returned = Noon("2023-06-16");
        child.RecordMissingEpisode(TestData.Missing(returned.AddHours(-20), returned), returned);
        var sweeper = new Sweeper(child);
        sweeper.Sweep(returned);
        sweeper.SweepUntil(returned, Noon("2023-06-25"));
        // One missing flag at a time: the open case's, with the outstanding interview in its evidence.
        Assert.Contains(". Also: RR-05 ", sweeper.Single("RR-02").Evidence, StringComparison.Ordinal);
        sweeper.SweepUntil(Noon("2023-06-25"), Noon("2023-07-01"));
        var decided = Noon("2023-07-01");
        child.UpdateReferral(referral.Id, referral.ToDetails() with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2023-07-01") }, decided);
        sweeper.Sweep(decided);

        sweeper.SweepUntil(decided, Now);

        Assert.Empty(sweeper.Open);
        Assert.Equal("Case closed", sweeper.Single("RR-02").EndReason);
        Assert.DoesNotContain(sweeper.Flags, f => f.RuleCode == "RR-05");
        Assert.Equal("Reasonable Grounds decision made 2023-07-01", sweeper.Single("RR-06").EndReason);
        Assert.Equal("Older than 30 days, or the decision changed", sweeper.Single("RR-18").EndReason);
        Assert.All(sweeper.Flags, f => Assert.Equal(FlagStatus.Ended, f.Status));
        Assert.Equal(Severity.Low, RiskLevels.Derive(sweeper.Flags));
    }

    [Fact]
    public void A_manager_s_dismissal_of_the_missing_flag_stands_when_another_missing_rule_takes_the_same_episode_over()
    {
        var went = Noon("2025-06-01");
        var child = TestData.Register(TestData.ChildDetails(), went);
        child.AddReferral(TestData.Referral(D("2025-05-01")), went);
        var sweeper = new Sweeper(child);
        var episode = child.RecordMissingEpisode(TestData.Missing(went), went);
        sweeper.Sweep(went.AddHours(1));
        sweeper.Single("RR-04").Dismiss("manager-1", "Alex Manager", "Recorded in error: he was at school", went.AddHours(2));

        // He is back; "missing while the case is open" would now lead the same episode's flag.
        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnedAt = went.AddHours(3) }, went.AddHours(3));
        sweeper.Sweep(went.AddHours(3));
        sweeper.Sweep(went.AddHours(4));

        Assert.DoesNotContain(sweeper.Open, f => MissingFlags.IsMissingRule(f.RuleCode));
        Assert.DoesNotContain(sweeper.Flags, f => f.RuleCode == "RR-02");

        // A new episode is a new occurrence: flagged again.
        var again = Noon("2025-06-05");
        child.RecordMissingEpisode(TestData.Missing(again), again);
        var raised = Assert.Single(sweeper.Sweep(again.AddHours(1)).Raised);
        Assert.Equal("RR-04", raised.RuleCode);
    }

    [Fact]
    public void A_second_episode_after_an_acknowledged_missing_flag_raises_a_new_flag_and_the_first_ended_when_the_child_returned()
    {
        var firstWent = Noon("2025-06-01");
        var child = TestData.Register(TestData.ChildDetails(), firstWent);
        var sweeper = new Sweeper(child);
        var first = child.RecordMissingEpisode(TestData.Missing(firstWent), firstWent);
        sweeper.Sweep(firstWent.AddHours(1));
        var firstFlag = sweeper.Single("RR-04");
        firstFlag.Acknowledge("manager-1", "Alex Manager", "Police informed; strategy meeting booked", firstWent.AddHours(2));
        var back = firstWent.AddHours(5);
        child.UpdateMissingEpisode(first.Id, first.ToDetails() with { ReturnedAt = back }, back);
        sweeper.Sweep(back);

        var secondWent = Noon("2025-06-03");
        var second = child.RecordMissingEpisode(TestData.Missing(secondWent), secondWent);
        var result = sweeper.Sweep(secondWent);

        Assert.Equal(FlagStatus.Ended, firstFlag.Status);
        Assert.Equal("Returned 2025-06-01 17:00", firstFlag.EndReason);
        Assert.Contains(firstFlag.Events, e => e.Action == FlagAction.Acknowledged);
        var newFlag = Assert.Single(result.Raised, f => f.RuleCode == "RR-04");
        Assert.Equal(second.Id.ToString(), newFlag.OccurrenceKey);
        Assert.Equal(secondWent, newFlag.RaisedAt);
        Assert.Equal(FlagStatus.Open, newFlag.Status);
        Assert.Equal(Severity.High, newFlag.Severity);
        Assert.Contains("; RR-13 went missing again 2025-06-03 12:00, 1 day after returning", newFlag.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Raised, f => f.RuleCode == "RR-13");
    }

    [Fact]
    public void A_guardian_referral_and_then_the_service_starting_leave_no_stale_flag()
    {
        var referredOn = Noon("2025-05-01");
        var child = TestData.Register(TestData.ChildDetails() with { ParentalResponsibilityInUk = false }, referredOn);
        var referral = child.AddReferral(TestData.Referral(D("2025-05-01")), referredOn);
        var sweeper = new Sweeper(child, inIctgArea: true);
        sweeper.SweepUntil(referredOn, Noon("2025-05-12"));
        var notReferred = sweeper.Single("RR-09");
        Assert.Equal($"{referral.Id}:not-referred", notReferred.OccurrenceKey);
        Assert.EndsWith("a Direct Worker (no one in the UK holds parental responsibility)", notReferred.Evidence, StringComparison.Ordinal);

        var requestedAt = Noon("2025-05-12");
        var request = child.RequestSupport(new SupportRequestDetails { Type = SupportType.Ictg, RequestedOn = D("2025-05-12") }, requestedAt);
        sweeper.Sweep(requestedAt);
        Assert.Equal("Referred to the ICTG service", notReferred.EndReason);
        sweeper.SweepUntil(requestedAt, Noon("2025-06-02"));
        var notAllocated = Assert.Single(sweeper.Open, f => f.RuleCode == "RR-09");
        Assert.Equal($"{referral.Id}:not-allocated", notAllocated.OccurrenceKey);

        var startedAt = Noon("2025-06-02");
        child.UpdateSupportRequest(request.Id, request.ToDetails() with { StartedOn = D("2025-06-02") }, startedAt);
        sweeper.Sweep(startedAt);
        sweeper.SweepUntil(startedAt, Now);

        Assert.DoesNotContain(sweeper.Open, f => f.RuleCode == "RR-09");
        Assert.Equal("Guardian service started", notAllocated.EndReason);
    }

    [Fact]
    public void Static_vulnerabilities_alone_never_make_a_child_high_and_a_live_sign_does()
    {
        var child = TestData.Register(TestData.ChildDetails(TestData.Date("2007-08-01"), DobPrecision.Disputed), Now);
        child.Refer(D("2025-03-03"));
        var sweeper = new Sweeper(child, inIctgArea: true);
        sweeper.Sweep(Now);

        Assert.Equal(["RR-06", "RR-09", "RR-10", "RR-16"], sweeper.Flags.Select(f => f.RuleCode).Order(StringComparer.Ordinal));
        Assert.All(sweeper.Flags, f => Assert.False(f.IsLive));
        Assert.Equal(Severity.Medium, RiskLevels.Derive(sweeper.Flags));

        child.RecordMissingEpisode(TestData.Missing(HoursBefore(Now, 1)), Now);
        sweeper.Sweep(Now);

        Assert.Equal(Severity.High, RiskLevels.Derive(sweeper.Flags));
    }

    [Fact]
    public void A_young_person_over_18_in_a_hotel_has_no_placement_flag()
    {
        var child = ChildAged(19);
        child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));

        Assert.DoesNotContain(EvaluateAll(child), f => f.Code == "RR-08");
    }

    [Fact]
    public void A_possible_same_child_flag_never_raises_the_level()
    {
        var child = NewChild();
        var sweeper = new Sweeper(child);
        sweeper.Flags.Add(Flag.RaiseMatch(child.Id, Guid.NewGuid(), Severity.High, "Likely the same child", 0.98, 0, Now));

        sweeper.Sweep(Now);

        Assert.Single(sweeper.Open);
        Assert.Equal(Severity.Low, RiskLevels.Derive(sweeper.Flags));
    }
}
