using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class FlagReconcilerTests
{
    private static readonly Guid ChildId = Guid.Parse("0197a000-0000-7000-8000-0000000000c2");

    private readonly List<Flag> _flags = [];

    /// <summary>Reconciles as the rules service does, keeping the raised flags with the child's others.</summary>
    private ReconcileResult Reconcile(DateTimeOffset at, params Finding[] findings)
    {
        var result = FlagReconciler.Reconcile(ChildId, findings, _flags, at);
        _flags.AddRange(result.Raised);
        return result;
    }

    [Fact]
    public void A_new_finding_raises_an_open_flag()
    {
        var result = Reconcile(Now, Finding("RR-01", Severity.High, "referral-2", "2nd NRM referral"));

        var flag = Assert.Single(result.Raised);
        Assert.Equal(0, result.Cleared);
        Assert.Equal(ChildId, flag.ChildId);
        Assert.Equal("RR-01", flag.RuleCode);
        Assert.Equal(Severity.High, flag.Severity);
        Assert.Equal("2nd NRM referral", flag.Evidence);
        Assert.Equal("referral-2", flag.OccurrenceKey);
        Assert.Equal(FlagStatus.Open, flag.Status);
        Assert.Equal(Now, flag.RaisedAt);
    }

    [Fact]
    public void The_same_finding_again_confirms_the_open_flag_and_raises_no_duplicate()
    {
        Reconcile(Now, Finding("RR-04", Severity.Medium, "episode-1", "Missing (25 hours)"));
        var later = Now.AddHours(48);

        var result = Reconcile(later, Finding("RR-04", Severity.High, "episode-1", "Missing (73 hours)"));

        Assert.Empty(result.Raised);
        Assert.Equal(0, result.Cleared);
        var flag = Assert.Single(_flags);
        Assert.Equal(later, flag.LastConfirmedAt);
        Assert.Equal(Now, flag.RaisedAt);
        Assert.Equal("Missing (73 hours)", flag.Evidence);
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
    public void A_finding_that_disappears_marks_the_flag_condition_cleared_but_leaves_it_open()
    {
        Reconcile(Now, Finding("RR-04", Severity.Medium, "episode-1"));
        var later = Now.AddHours(5);

        var result = Reconcile(later);

        Assert.Equal(1, result.Cleared);
        Assert.Empty(result.Raised);
        var flag = Assert.Single(_flags);
        Assert.True(flag.IsOpen);
        Assert.Equal(FlagStatus.Open, flag.Status);
        Assert.Equal(later, flag.ConditionClearedAt);
        Assert.Equal(FlagAction.ConditionCleared, flag.Events[^1].Action);
    }

    [Fact]
    public void A_cleared_flag_is_counted_as_cleared_once_not_on_every_sweep()
    {
        Reconcile(Now, Finding("RR-04", Severity.Medium, "episode-1"));
        var clearedAt = Now.AddHours(5);
        Reconcile(clearedAt);

        var result = Reconcile(Now.AddHours(6));

        Assert.Equal(0, result.Cleared);
        Assert.Equal(clearedAt, _flags[0].ConditionClearedAt);
        Assert.Single(_flags[0].Events, e => e.Action == FlagAction.ConditionCleared);
    }

    [Fact]
    public void The_condition_returning_on_an_open_cleared_flag_unclears_it_without_a_new_flag()
    {
        Reconcile(Now, Finding("RR-11", Severity.Medium, "referral-1"));
        Reconcile(Now.AddHours(1));

        var result = Reconcile(Now.AddHours(2), Finding("RR-11", Severity.Medium, "referral-1", "Concern recorded again"));

        Assert.Empty(result.Raised);
        var flag = Assert.Single(_flags);
        Assert.Null(flag.ConditionClearedAt);
        Assert.True(flag.IsOpen);
        Assert.Equal(FlagAction.ConditionReturned, flag.Events[^1].Action);
        Assert.Equal("Concern recorded again", flag.Evidence);
    }

    [Fact]
    public void After_a_flag_is_resolved_the_same_finding_does_not_raise_it_again()
    {
        Reconcile(Now, Finding("RR-08", Severity.High, "placement-1"));
        _flags[0].Resolve("user-9", "Alex Manager", "Move agreed for next week; accepted", Now.AddHours(1));

        var result = Reconcile(Now.AddHours(2), Finding("RR-08", Severity.High, "placement-1"));

        Assert.Empty(result.Raised);
        Assert.Equal(0, result.Cleared);
        Assert.Single(_flags);
        Assert.Equal(FlagStatus.Resolved, _flags[0].Status);
    }

    [Fact]
    public void After_a_flag_is_dismissed_the_same_finding_does_not_raise_it_again()
    {
        Reconcile(Now, Finding("RR-11", Severity.Medium, "referral-1"));
        _flags[0].Dismiss("user-9", "Alex Manager", "Concern was recorded in error", Now.AddHours(1));

        var result = Reconcile(Now.AddDays(1), Finding("RR-11", Severity.Medium, "referral-1"));

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
    public void When_the_condition_cleared_before_the_flag_was_closed_its_return_raises_a_new_flag()
    {
        Reconcile(Now, Finding("RR-11", Severity.Medium, "referral-1"));
        Reconcile(Now.AddHours(1));
        _flags[0].Resolve("user-9", "Alex Manager", "Concern removed from the referral", Now.AddHours(2));

        var result = Reconcile(Now.AddHours(3), Finding("RR-11", Severity.Medium, "referral-1"));

        var raised = Assert.Single(result.Raised);
        Assert.Equal("referral-1", raised.OccurrenceKey);
        Assert.Null(raised.ConditionClearedAt);
        Assert.Equal(2, _flags.Count);
        Assert.Single(_flags, f => f.IsOpen);
    }

    [Fact]
    public void A_flag_raised_again_is_then_confirmed_not_raised_a_third_time()
    {
        Reconcile(Now, Finding("RR-04", Severity.Medium, "episode-1"));
        _flags[0].Resolve("user-9", "Alex Manager", "Found", Now.AddHours(1));
        Reconcile(Now.AddDays(3), Finding("RR-04", Severity.Medium, "episode-2"));

        var result = Reconcile(Now.AddDays(4), Finding("RR-04", Severity.High, "episode-2"));

        Assert.Empty(result.Raised);
        Assert.Equal(2, _flags.Count);
        Assert.Equal(Severity.High, _flags[1].Severity);
    }

    [Fact]
    public void A_closed_flag_records_when_its_condition_ends_without_counting_as_cleared()
    {
        Reconcile(Now, Finding("RR-04", Severity.Medium, "episode-1"));
        _flags[0].Resolve("user-9", "Alex Manager", "Found", Now.AddHours(1));

        var result = Reconcile(Now.AddHours(2));

        Assert.Equal(0, result.Cleared);
        Assert.Equal(FlagStatus.Resolved, _flags[0].Status);
        Assert.Equal(Now.AddHours(2), _flags[0].ConditionClearedAt);
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
    public void Manual_flags_are_left_alone_by_the_sweep()
    {
        var manual = Flag.RaiseManually(ChildId, Severity.High, "Seen with a known exploiter", "user-7", "Sam Patel", Now);
        _flags.Add(manual);

        var result = Reconcile(Now.AddHours(1));

        Assert.Equal(0, result.Cleared);
        Assert.Empty(result.Raised);
        Assert.Null(manual.ConditionClearedAt);
        Assert.Single(manual.Events);
    }

    [Fact]
    public void Each_rule_has_its_own_flag_and_only_the_rule_that_stopped_holding_is_cleared()
    {
        var first = Reconcile(Now, Finding("RR-04", Severity.High, "episode-1"), Finding("RR-08", Severity.High, "placement-1"));
        Assert.Equal(2, first.Raised.Count);

        var result = Reconcile(Now.AddHours(1), Finding("RR-08", Severity.High, "placement-1"));

        Assert.Equal(1, result.Cleared);
        Assert.NotNull(_flags.Single(f => f.RuleCode == "RR-04").ConditionClearedAt);
        Assert.Null(_flags.Single(f => f.RuleCode == "RR-08").ConditionClearedAt);
    }

    [Fact]
    public void A_childs_history_evaluated_by_the_rule_set_raises_flags_then_clears_them_when_the_child_returns()
    {
        var child = NewChild();
        var wentMissing = HoursBefore(Now, 80);
        var episode = child.WentMissing(wentMissing);
        child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));

        var findings = RuleSet.Evaluate(new RuleContext(child, false, Now, new RuleThresholds()));
        var raised = FlagReconciler.Reconcile(child.Id, findings, _flags, Now);
        _flags.AddRange(raised.Raised);

        Assert.Equal(new[] { "RR-04", "RR-08" }, findings.Select(f => f.Code));
        Assert.Equal(2, raised.Raised.Count);
        Assert.All(_flags, f => Assert.Equal(child.Id, f.ChildId));
        Assert.Equal(Severity.High, RiskLevels.Derive(_flags));

        var later = Now.AddHours(2);
        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnedAt = Now.AddHours(1) }, later);
        var afterReturn = RuleSet.Evaluate(new RuleContext(child, false, later, new RuleThresholds()));
        var cleared = FlagReconciler.Reconcile(child.Id, afterReturn, _flags, later);

        Assert.Equal(new[] { "RR-08" }, afterReturn.Select(f => f.Code));
        Assert.Empty(cleared.Raised);
        Assert.Equal(1, cleared.Cleared);
        Assert.NotNull(_flags.Single(f => f.RuleCode == "RR-04").ConditionClearedAt);
    }
}
