using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// One flag per child, rule and occurrence: raised when new, confirmed while it holds, ended with the rule's reason when it
/// stops holding; a flag a person closed is not raised again for the same occurrence until its condition has ended.
/// </summary>
public class FlagReconcilerTests
{
    private static readonly Guid ChildId = Guid.Parse("0197a000-0000-7000-8000-0000000000c2");

    private readonly List<Flag> _flags = [];
    private readonly List<string> _asked = [];

    /// <summary>Reconciles as the rules service does, keeping the raised flags with the child's others; a flag ends "Ended by RR-xx".</summary>
    private ReconcileResult Reconcile(DateTimeOffset at, params Finding[] findings)
    {
        var result = FlagReconciler.Reconcile(ChildId, findings, _flags, at, flag =>
        {
            _asked.Add($"{flag.RuleCode}/{flag.OccurrenceKey}");
            return $"Ended by {flag.RuleCode}";
        });
        _flags.AddRange(result.Raised);
        return result;
    }

    [Fact]
    public void A_new_finding_raises_an_open_flag()
    {
        var result = Reconcile(Now, Finding("RR-01", Severity.High, "referral-2", "2nd NRM referral"));

        var flag = Assert.Single(result.Raised);
        Assert.Equal(0, result.Ended);
        Assert.Equal(ChildId, flag.ChildId);
        Assert.Equal("RR-01", flag.RuleCode);
        Assert.Equal(Severity.High, flag.Severity);
        Assert.Equal("2nd NRM referral", flag.Evidence);
        Assert.Equal("referral-2", flag.OccurrenceKey);
        Assert.Equal(FlagStatus.Open, flag.Status);
        Assert.Equal(Now, flag.RaisedAt);
        Assert.True(flag.IsLive);
    }

    [Fact]
    public void The_same_finding_again_confirms_the_open_flag_and_raises_no_duplicate()
    {
        Reconcile(Now, Finding("RR-04", Severity.Medium, "episode-1", "Missing (2 hours)"));
        var later = Now.AddHours(48);

        var result = Reconcile(later, Finding("RR-04", Severity.High, "episode-1", "Missing (50 hours)"));

        Assert.Empty(result.Raised);
        Assert.Equal(0, result.Ended);
        var flag = Assert.Single(_flags);
        Assert.Equal(later, flag.LastConfirmedAt);
        Assert.Equal(Now, flag.RaisedAt);
        Assert.Equal("Missing (50 hours)", flag.Evidence);
        Assert.Equal(Severity.High, flag.Severity);
        Assert.Contains(flag.Events, e => e.Action == FlagAction.SeverityChanged && e.Note == "Medium to High");
    }

    [Fact]
    public void An_acknowledged_flag_is_confirmed_not_duplicated()
    {
        Reconcile(Now, Finding("RR-08", Severity.High, "placement-1"));
        _flags[0].Acknowledge("user-7", "Sam Patel", "Moving the child", Now);

        var result = Reconcile(Now.AddHours(1), Finding("RR-08", Severity.High, "placement-1"));

        Assert.Empty(result.Raised);
        Assert.Single(_flags);
        Assert.Equal(FlagStatus.Acknowledged, _flags[0].Status);
    }

    [Fact]
    public void A_finding_that_stops_holding_ends_its_flag_with_the_rules_reason()
    {
        Reconcile(Now, Finding("RR-04", Severity.High, "episode-1"));
        var later = Now.AddHours(5);

        var result = Reconcile(later);

        Assert.Equal(1, result.Ended);
        Assert.Empty(result.Raised);
        var flag = Assert.Single(_flags);
        Assert.False(flag.IsOpen);
        Assert.Equal(FlagStatus.Ended, flag.Status);
        Assert.Equal("Ended by RR-04", flag.EndReason);
        Assert.Equal(later, flag.ClosedAt);
        Assert.Equal(later, flag.ConditionClearedAt);
        Assert.Equal(FlagAction.Ended, flag.Events[^1].Action);
        Assert.Equal(new[] { "RR-04/episode-1" }, _asked);
    }

    [Fact]
    public void An_acknowledged_flag_ends_too_and_keeps_the_acknowledgement_in_its_history()
    {
        Reconcile(Now, Finding("RR-04", Severity.High, "episode-1"));
        _flags[0].Acknowledge("user-7", "Sam Patel", "Police informed", Now.AddMinutes(30));

        Reconcile(Now.AddHours(5));

        Assert.Equal(FlagStatus.Ended, _flags[0].Status);
        Assert.Equal(new[] { FlagAction.Raised, FlagAction.Acknowledged, FlagAction.Ended }, _flags[0].Events.Select(e => e.Action));
    }

    [Fact]
    public void An_ended_flag_is_counted_once_not_on_every_sweep()
    {
        Reconcile(Now, Finding("RR-04", Severity.Medium, "episode-1"));
        var endedAt = Now.AddHours(5);
        Reconcile(endedAt);

        var result = Reconcile(Now.AddHours(6));

        Assert.Equal(0, result.Ended);
        Assert.Equal(endedAt, _flags[0].ClosedAt);
        Assert.Single(_flags[0].Events, e => e.Action == FlagAction.Ended);
        Assert.Single(_asked);
    }

    [Fact]
    public void An_ended_flags_occurrence_holding_again_raises_a_new_flag()
    {
        Reconcile(Now, Finding("RR-08", Severity.High, "placement-1"));
        Reconcile(Now.AddDays(1));

        var result = Reconcile(Now.AddDays(2), Finding("RR-08", Severity.High, "placement-1"));

        var raised = Assert.Single(result.Raised);
        Assert.NotEqual(_flags[0].Id, raised.Id);
        Assert.Equal(FlagStatus.Ended, _flags[0].Status);
        Assert.Single(_flags, f => f.IsOpen);
    }

    [Fact]
    public void A_new_occurrence_raises_a_new_flag_even_when_the_earlier_one_is_acknowledged()
    {
        Reconcile(Now, Finding("RR-04", Severity.High, "episode-1"));
        _flags[0].Acknowledge("user-7", "Sam Patel", "Strategy meeting booked", Now.AddHours(1));

        var result = Reconcile(Now.AddDays(3), Finding("RR-04", Severity.High, "episode-2"));

        var raised = Assert.Single(result.Raised);
        Assert.Equal("episode-2", raised.OccurrenceKey);
        Assert.Equal(Now.AddDays(3), raised.RaisedAt);
        Assert.Equal(FlagStatus.Open, raised.Status);
        Assert.Equal(1, result.Ended);
        Assert.Equal(FlagStatus.Ended, _flags[0].Status);
    }

    [Fact]
    public void Two_occurrences_of_one_rule_are_two_flags()
    {
        var result = Reconcile(Now, Finding("RR-19", Severity.High, "event-1"), Finding("RR-19", Severity.Medium, "event-2"));

        Assert.Equal(2, result.Raised.Count);
        Assert.Empty(Reconcile(Now.AddHours(1), Finding("RR-19", Severity.High, "event-1"), Finding("RR-19", Severity.Medium, "event-2")).Raised);
    }

    [Fact]
    public void After_a_flag_is_resolved_the_same_finding_does_not_raise_it_again()
    {
        Reconcile(Now, Finding("RR-08", Severity.High, "placement-1"));
        _flags[0].Resolve("user-9", "Alex Manager", "Move agreed for next week; accepted", Now.AddHours(1));

        var result = Reconcile(Now.AddHours(2), Finding("RR-08", Severity.High, "placement-1"));

        Assert.Empty(result.Raised);
        Assert.Equal(0, result.Ended);
        Assert.Single(_flags);
        Assert.Equal(FlagStatus.Resolved, _flags[0].Status);
        Assert.Null(_flags[0].EndReason);
    }

    [Fact]
    public void After_a_flag_is_dismissed_the_same_finding_does_not_raise_it_again()
    {
        Reconcile(Now, Finding("RR-16", Severity.Medium, "age-dispute"));
        _flags[0].Dismiss("user-9", "Alex Manager", "Age assessment settled it", Now.AddHours(1));

        var result = Reconcile(Now.AddDays(1), Finding("RR-16", Severity.Medium, "age-dispute"));

        Assert.Empty(result.Raised);
    }

    [Fact]
    public void After_a_flag_is_resolved_a_new_occurrence_raises_a_new_flag()
    {
        Reconcile(Now, Finding("RR-04", Severity.Medium, "episode-1"));
        _flags[0].Resolve("user-9", "Alex Manager", "Police have located the child", Now.AddHours(1));

        var result = Reconcile(Now.AddDays(3), Finding("RR-04", Severity.Medium, "episode-2"));

        var raised = Assert.Single(result.Raised);
        Assert.Equal("episode-2", raised.OccurrenceKey);
        Assert.NotEqual(_flags[0].Id, raised.Id);
        Assert.True(raised.IsOpen);
        Assert.Equal(FlagStatus.Resolved, _flags[0].Status);
    }

    [Fact]
    public void A_closed_flag_records_when_its_condition_ends_without_counting_as_ended()
    {
        Reconcile(Now, Finding("RR-04", Severity.Medium, "episode-1"));
        _flags[0].Resolve("user-9", "Alex Manager", "Found", Now.AddHours(1));

        var result = Reconcile(Now.AddHours(2));

        Assert.Equal(0, result.Ended);
        Assert.Equal(FlagStatus.Resolved, _flags[0].Status);
        Assert.Equal(Now.AddHours(2), _flags[0].ConditionClearedAt);
        Assert.Null(_flags[0].EndReason);
        Assert.Empty(_asked);
    }

    [Fact]
    public void A_condition_that_ends_after_its_flag_was_closed_and_then_returns_raises_a_new_flag()
    {
        Reconcile(Now, Finding("RR-08", Severity.High, "placement-1"));
        _flags[0].Resolve("user-9", "Alex Manager", "Move planned", Now.AddHours(1));
        Reconcile(Now.AddDays(1));

        var result = Reconcile(Now.AddDays(2), Finding("RR-08", Severity.High, "placement-1"));

        Assert.Single(result.Raised);
        Assert.Equal(2, _flags.Count(f => f.RuleCode == "RR-08"));
    }

    [Fact]
    public void A_flag_raised_again_is_then_confirmed_not_raised_a_third_time()
    {
        Reconcile(Now, Finding("RR-08", Severity.Medium, "placement-1"));
        _flags[0].Resolve("user-9", "Alex Manager", "Found", Now.AddHours(1));
        Reconcile(Now.AddDays(1));
        Reconcile(Now.AddDays(2), Finding("RR-08", Severity.Medium, "placement-1"));

        var result = Reconcile(Now.AddDays(3), Finding("RR-08", Severity.High, "placement-1"));

        Assert.Empty(result.Raised);
        Assert.Equal(2, _flags.Count);
        Assert.Equal(Severity.High, _flags[1].Severity);
    }

    [Fact]
    public void Manual_and_possible_same_child_flags_are_left_alone_by_the_sweep()
    {
        var manual = Flag.RaiseManually(ChildId, Severity.High, "Seen with a known exploiter", "user-7", "Sam Patel", Now);
        var match = Flag.RaiseMatch(ChildId, Guid.NewGuid(), Severity.Medium, "Possibly the same child", 0.6, 0, Now);
        _flags.AddRange([manual, match]);

        var result = Reconcile(Now.AddHours(1));

        Assert.Equal(0, result.Ended);
        Assert.Empty(result.Raised);
        Assert.All(_flags, f => Assert.Equal(FlagStatus.Open, f.Status));
        Assert.All(_flags, f => Assert.Single(f.Events));
        Assert.Empty(_asked);
    }

    [Fact]
    public void Each_rule_has_its_own_flag_and_only_the_rule_that_stopped_holding_ends()
    {
        var first = Reconcile(Now, Finding("RR-04", Severity.High, "episode-1"), Finding("RR-08", Severity.High, "placement-1"));
        Assert.Equal(2, first.Raised.Count);

        var result = Reconcile(Now.AddHours(1), Finding("RR-08", Severity.High, "placement-1"));

        Assert.Equal(1, result.Ended);
        Assert.Equal(FlagStatus.Ended, _flags.Single(f => f.RuleCode == "RR-04").Status);
        Assert.Equal(FlagStatus.Open, _flags.Single(f => f.RuleCode == "RR-08").Status);
    }

    [Fact]
    public void A_flag_of_a_rule_that_no_longer_exists_ends_with_the_change_of_rules()
    {
        var child = NewChild();
        _flags.Add(Flag.Raise(child.Id, Finding("RR-11", Severity.Medium, "referral-1"), Now));

        FlagReconciler.Reconcile(child.Id, [], _flags, Now, f => RuleSet.EndReason(Context(child), f.RuleCode, f.OccurrenceKey));

        Assert.Equal("Rule changed: this rule no longer raises flags of its own", _flags[0].EndReason);
    }

    [Fact]
    public void A_childs_history_evaluated_by_the_rule_set_raises_flags_then_ends_the_missing_flag_when_the_child_returns()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 80));
        child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));

        var findings = EvaluateAll(child);
        var raised = FlagReconciler.Reconcile(child.Id, findings, _flags, Now, f => RuleSet.EndReason(Context(child), f.RuleCode, f.OccurrenceKey));
        _flags.AddRange(raised.Raised);

        Assert.Equal(new[] { "RR-04", "RR-08" }, findings.Select(f => f.Code));
        Assert.All(findings, f => Assert.True(f.Live));
        Assert.Equal(2, raised.Raised.Count);
        Assert.All(_flags, f => Assert.Equal(child.Id, f.ChildId));
        Assert.Equal(Severity.High, RiskLevels.Derive(_flags));

        var later = Now.AddHours(2);
        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnedAt = Now.AddHours(1) }, later);
        var afterReturn = EvaluateAll(child, later);
        var ended = FlagReconciler.Reconcile(child.Id, afterReturn, _flags, later, f => RuleSet.EndReason(Context(child, later), f.RuleCode, f.OccurrenceKey));

        Assert.Equal(new[] { "RR-08" }, afterReturn.Select(f => f.Code));
        Assert.Empty(ended.Raised);
        Assert.Equal(1, ended.Ended);
        var missing = _flags.Single(f => f.RuleCode == "RR-04");
        Assert.Equal(FlagStatus.Ended, missing.Status);
        Assert.Equal("Returned 2025-06-15 14:00", missing.EndReason);
    }
}
