using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Tests.Matching;

/// <summary>Flag.RaiseMatch and Flag.Rescore: an RR-00 pair scored again by a newly trained model.</summary>
public class FlagRescoreTests
{
    private static readonly Guid Child = Guid.NewGuid();
    private static readonly Guid Other = Guid.NewGuid();
    private static readonly DateTimeOffset Later = TestData.Now.AddDays(3);
    private static readonly DateTimeOffset Latest = TestData.Now.AddDays(9);

    private static Flag Raised(Severity severity = Severity.Medium) =>
        Flag.RaiseMatch(Child, Other, severity, "Possibly the same child", 0.62, 0, TestData.Now);

    [Fact]
    public void Raising_a_match_keeps_its_probability_model_and_other_child()
    {
        var flag = Raised();

        Assert.Equal(Flag.MatchCode, flag.RuleCode);
        Assert.Equal(0.62, flag.MatchProbability);
        Assert.Equal(0, flag.MatchModelVersion);
        Assert.Equal(Other.ToString(), flag.OccurrenceKey);
        Assert.Equal(FlagAction.Raised, Assert.Single(flag.Events).Action);
        Assert.False(flag.IsLive);
        Assert.True(flag.IsOutsideRules);
    }

    [Fact]
    public void Rescoring_updates_probability_version_and_evidence()
    {
        var flag = Raised();

        flag.Rescore(0.71, 3, Severity.Medium, "Likely the same child", stillFlagged: true, Later);

        Assert.Equal(0.71, flag.MatchProbability);
        Assert.Equal(3, flag.MatchModelVersion);
        Assert.Equal("Likely the same child", flag.Evidence);
        Assert.Equal(Later, flag.LastConfirmedAt);
        Assert.Null(flag.ConditionClearedAt);
        var rescored = Assert.Single(flag.Events, e => e.Action == FlagAction.Rescored);
        Assert.Equal("model 0 0.620 to model 3 0.710", rescored.Note);
        Assert.DoesNotContain(flag.Events, e => e.Action is FlagAction.SeverityChanged or FlagAction.ConditionCleared or FlagAction.ConditionReturned);
        Assert.True(flag.IsOpen);
    }

    [Fact]
    public void Below_the_threshold_the_flag_ends_saying_why_and_leaves_the_queue()
    {
        var flag = Raised();

        flag.Rescore(0.04, 3, Severity.Medium, "No longer a candidate", stillFlagged: false, Later);

        Assert.Equal(FlagStatus.Ended, flag.Status);
        Assert.False(flag.IsOpen);
        Assert.Equal("No longer a likely or possible match under match model 3", flag.EndReason);
        Assert.Equal(Later, flag.ClosedAt);
        Assert.Equal(Later, flag.ConditionClearedAt);
        Assert.Equal(0.04, flag.MatchProbability);
        Assert.Equal(3, flag.MatchModelVersion);
        Assert.Equal([FlagAction.Raised, FlagAction.Rescored, FlagAction.Ended], flag.Events.Select(e => e.Action));
    }

    [Fact]
    public void A_flag_ended_by_a_rescore_is_not_rescored_again()
    {
        var flag = Raised();
        flag.Rescore(0.04, 3, Severity.Medium, "No longer a candidate", stillFlagged: false, Later);

        Assert.Throws<InvalidOperationException>(() => flag.Rescore(0.8, 4, Severity.Medium, "Possibly the same child", true, Latest));
        Assert.Equal(3, flag.MatchModelVersion);
        Assert.Equal(FlagStatus.Ended, flag.Status);
    }

    [Fact]
    public void A_severity_change_and_the_end_are_both_recorded()
    {
        var flag = Raised(Severity.High);

        flag.Rescore(0.05, 3, Severity.Medium, "No longer a candidate", stillFlagged: false, Later);

        Assert.Equal([FlagAction.Raised, FlagAction.Rescored, FlagAction.SeverityChanged, FlagAction.Ended], flag.Events.Select(e => e.Action));
        Assert.Equal(Severity.Medium, flag.Severity);
    }

    [Fact]
    public void A_severity_change_is_recorded()
    {
        var flag = Raised(Severity.Medium);

        flag.Rescore(0.98, 3, Severity.High, "Likely the same child", stillFlagged: true, Later);

        Assert.Equal(Severity.High, flag.Severity);
        var changed = Assert.Single(flag.Events, e => e.Action == FlagAction.SeverityChanged);
        Assert.Equal("Medium to High", changed.Note);
        Assert.Equal(Later, changed.At);
    }

    [Fact]
    public void Rescoring_a_flag_raised_by_hand_is_refused()
    {
        var flag = Flag.RaiseManually(Child, Severity.High, "Seen with an adult who is not his uncle", "manager-1", "Sam Patel", TestData.Now);

        Assert.Throws<InvalidOperationException>(() => flag.Rescore(0.5, 3, Severity.High, "x", true, Later));
        Assert.Null(flag.MatchProbability);
        Assert.Single(flag.Events);
    }

    [Fact]
    public void Rescoring_a_rule_s_flag_is_refused()
    {
        var flag = Flag.Raise(Child, new Finding("RR-04", Severity.High, "Missing since 2025-06-14 12:59 (24 hours)", "episode-1"), TestData.Now);

        Assert.Throws<InvalidOperationException>(() => flag.Rescore(0.5, 3, Severity.High, "x", true, Later));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Rescoring_a_closed_flag_is_refused(bool dismissed)
    {
        var flag = Raised();
        if (dismissed)
        {
            flag.Dismiss("manager-1", "Sam Patel", "Two brothers, checked with the social worker", Later);
        }
        else
        {
            flag.Resolve("manager-1", "Sam Patel", "Records merged", Later);
        }

        var events = flag.Events.Count;

        Assert.Throws<InvalidOperationException>(() => flag.Rescore(0.02, 3, Severity.Low, "No longer a candidate", false, Latest));
        Assert.Equal(events, flag.Events.Count);
        Assert.Equal(0.62, flag.MatchProbability);
        Assert.Null(flag.ConditionClearedAt);
    }

    [Fact]
    public void An_acknowledged_flag_can_be_rescored_and_keeps_the_acknowledgement_in_its_history_when_it_ends()
    {
        var flag = Raised();
        flag.Acknowledge("manager-1", "Sam Patel", null, Later);

        flag.Rescore(0.7, 3, Severity.Medium, "Possibly the same child", stillFlagged: true, Latest);
        Assert.Equal(FlagStatus.Acknowledged, flag.Status);

        flag.Rescore(0.3, 4, Severity.Medium, "No longer a candidate", stillFlagged: false, Latest.AddDays(1));

        Assert.Equal(FlagStatus.Ended, flag.Status);
        Assert.Contains(flag.Events, e => e.Action == FlagAction.Acknowledged && e.ByUserId == "manager-1");
    }

    [Fact]
    public void The_rules_never_clear_a_match_flag()
    {
        var flag = Raised();

        flag.ClearCondition(Later);

        Assert.Null(flag.ConditionClearedAt);
    }
}
