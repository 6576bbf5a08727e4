using TraffickingCases.Domain.Risk;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>A flag's life: raised, confirmed, acknowledged, closed by a person with a reason, or ended by the rules with theirs.</summary>
public class FlagTests
{
    private static readonly Guid ChildId = Guid.Parse("0197a000-0000-7000-8000-0000000000c1");

    private static Flag RaisedFlag(Severity severity = Severity.Medium) =>
        Flag.Raise(ChildId, Finding("RR-04", severity, "episode-1", "Missing since 2025-06-14 12:59 (24 hours)"), Now);

    [Fact]
    public void A_raised_flag_is_open_with_the_finding_and_a_raised_event_by_the_rules_service()
    {
        var flag = RaisedFlag();

        Assert.Equal(FlagStatus.Open, flag.Status);
        Assert.True(flag.IsOpen);
        Assert.False(flag.IsManual);
        Assert.Equal(ChildId, flag.ChildId);
        Assert.Equal("RR-04", flag.RuleCode);
        Assert.Equal(Severity.Medium, flag.Severity);
        Assert.Equal("Missing since 2025-06-14 12:59 (24 hours)", flag.Evidence);
        Assert.Equal("episode-1", flag.OccurrenceKey);
        Assert.Equal(Now, flag.RaisedAt);
        Assert.Equal(Now, flag.LastConfirmedAt);
        Assert.Null(flag.ConditionClearedAt);
        Assert.Null(flag.ClosedAt);
        Assert.Null(flag.EndReason);
        Assert.False(flag.IsEnded);
        Assert.True(flag.IsLive);
        var raised = Assert.Single(flag.Events);
        Assert.Equal(FlagAction.Raised, raised.Action);
        Assert.Equal(flag.Id, raised.FlagId);
        Assert.Equal(Now, raised.At);
        Assert.Null(raised.ByUserId);
    }

    [Fact]
    public void Acknowledging_keeps_the_flag_open_and_records_who_when_and_the_note()
    {
        var flag = RaisedFlag();
        var at = Now.AddHours(1);

        flag.Acknowledge("user-7", "Sam Patel", "  Spoke to the police  ", at);

        Assert.Equal(FlagStatus.Acknowledged, flag.Status);
        Assert.True(flag.IsOpen);
        Assert.Null(flag.ClosedAt);
        var acknowledged = flag.Events[^1];
        Assert.Equal(FlagAction.Acknowledged, acknowledged.Action);
        Assert.Equal("user-7", acknowledged.ByUserId);
        Assert.Equal("Sam Patel", acknowledged.ByName);
        Assert.Equal(at, acknowledged.At);
        Assert.Equal("Spoke to the police", acknowledged.Note);
    }

    [Fact]
    public void Acknowledging_without_a_note_is_allowed()
    {
        var flag = RaisedFlag();

        flag.Acknowledge("user-7", "Sam Patel", "   ", Now);

        Assert.Equal(FlagStatus.Acknowledged, flag.Status);
        Assert.Null(flag.Events[^1].Note);
    }

    [Fact]
    public void Acknowledging_twice_is_refused()
    {
        var flag = RaisedFlag();
        flag.Acknowledge("user-7", "Sam Patel", null, Now);

        Refusal.Expect(() => flag.Acknowledge("user-8", "Jo Brown", null, Now), "Status", "already acknowledged");
        Assert.Equal(2, flag.Events.Count);
    }

    [Fact]
    public void Acknowledging_a_closed_flag_is_refused()
    {
        var flag = RaisedFlag();
        flag.Resolve("user-7", "Sam Patel", "Found safe", Now);

        Refusal.Expect(() => flag.Acknowledge("user-8", "Jo Brown", null, Now), "Status", "closed");
        Assert.Equal(FlagStatus.Resolved, flag.Status);
    }

    [Fact]
    public void Resolving_with_a_reason_closes_the_flag_and_records_who_when_and_why()
    {
        var flag = RaisedFlag();
        flag.Acknowledge("user-7", "Sam Patel", null, Now);
        var at = Now.AddDays(1);

        flag.Resolve("user-9", "Alex Manager", "  Child found safe and placed in foster care  ", at);

        Assert.Equal(FlagStatus.Resolved, flag.Status);
        Assert.False(flag.IsOpen);
        Assert.Equal(at, flag.ClosedAt);
        var resolved = flag.Events[^1];
        Assert.Equal(FlagAction.Resolved, resolved.Action);
        Assert.Equal("user-9", resolved.ByUserId);
        Assert.Equal("Alex Manager", resolved.ByName);
        Assert.Equal(at, resolved.At);
        Assert.Equal("Child found safe and placed in foster care", resolved.Note);
        Assert.Equal(new[] { FlagAction.Raised, FlagAction.Acknowledged, FlagAction.Resolved }, flag.Events.Select(e => e.Action));
    }

    [Fact]
    public void Dismissing_an_open_flag_with_a_reason_closes_it()
    {
        var flag = RaisedFlag();

        flag.Dismiss("user-9", "Alex Manager", "Recorded on the wrong child", Now);

        Assert.Equal(FlagStatus.Dismissed, flag.Status);
        Assert.False(flag.IsOpen);
        Assert.Equal(Now, flag.ClosedAt);
        Assert.Equal(FlagAction.Dismissed, flag.Events[^1].Action);
        Assert.Equal("Recorded on the wrong child", flag.Events[^1].Note);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Resolving_without_a_reason_is_refused_and_changes_nothing(string reason)
    {
        var flag = RaisedFlag();

        Refusal.Expect(() => flag.Resolve("user-9", "Alex Manager", reason, Now), "Reason", "resolving");

        Assert.Equal(FlagStatus.Open, flag.Status);
        Assert.Null(flag.ClosedAt);
        Assert.Single(flag.Events);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Dismissing_without_a_reason_is_refused_and_changes_nothing(string reason)
    {
        var flag = RaisedFlag();

        Refusal.Expect(() => flag.Dismiss("user-9", "Alex Manager", reason, Now), "Reason", "dismissing");

        Assert.Equal(FlagStatus.Open, flag.Status);
        Assert.Single(flag.Events);
    }

    [Fact]
    public void A_reason_over_2000_characters_is_refused()
    {
        var flag = RaisedFlag();

        Refusal.Expect(() => flag.Resolve("user-9", "Alex Manager", new string('x', Flag.MaxReasonLength + 1), Now), "Reason", "2000");
        flag.Resolve("user-9", "Alex Manager", new string('x', Flag.MaxReasonLength), Now);
        Assert.Equal(FlagStatus.Resolved, flag.Status);
    }

    [Fact]
    public void Resolving_a_resolved_flag_is_refused()
    {
        var flag = RaisedFlag();
        flag.Resolve("user-9", "Alex Manager", "Found safe", Now);

        Refusal.Expect(() => flag.Resolve("user-9", "Alex Manager", "Again", Now.AddHours(1)), "Status", "already closed");
        Assert.Equal(Now, flag.ClosedAt);
        Assert.Equal(2, flag.Events.Count);
    }

    [Fact]
    public void Dismissing_a_resolved_flag_is_refused()
    {
        var flag = RaisedFlag();
        flag.Resolve("user-9", "Alex Manager", "Found safe", Now);

        Refusal.Expect(() => flag.Dismiss("user-9", "Alex Manager", "Changed my mind", Now), "Status", "already closed");
        Assert.Equal(FlagStatus.Resolved, flag.Status);
    }

    [Fact]
    public void Resolving_a_dismissed_flag_is_refused()
    {
        var flag = RaisedFlag();
        flag.Dismiss("user-9", "Alex Manager", "Wrong child", Now);

        Refusal.Expect(() => flag.Resolve("user-9", "Alex Manager", "Found safe", Now), "Status", "already closed");
        Assert.Equal(FlagStatus.Dismissed, flag.Status);
    }

    [Fact]
    public void Confirming_keeps_evidence_current_and_records_a_severity_change()
    {
        var flag = RaisedFlag(Severity.Medium);
        var later = Now.AddHours(50);

        flag.Confirm(Finding("RR-04", Severity.High, "episode-1", "Missing since 2025-06-14 12:59 (74 hours)"), later);

        Assert.Equal(Severity.High, flag.Severity);
        Assert.Equal("Missing since 2025-06-14 12:59 (74 hours)", flag.Evidence);
        Assert.Equal(later, flag.LastConfirmedAt);
        Assert.Equal(Now, flag.RaisedAt);
        var changed = flag.Events[^1];
        Assert.Equal(FlagAction.SeverityChanged, changed.Action);
        Assert.Equal("Medium to High", changed.Note);
        Assert.Equal(later, changed.At);
    }

    [Fact]
    public void Confirming_with_the_same_severity_adds_no_event()
    {
        var flag = RaisedFlag();

        flag.Confirm(Finding("RR-04", Severity.Medium, "episode-1", "Updated"), Now.AddHours(1));

        Assert.Single(flag.Events);
        Assert.Equal("Updated", flag.Evidence);
    }

    [Fact]
    public void Clearing_the_condition_of_an_open_flag_changes_nothing_because_an_open_flag_ends_instead()
    {
        var flag = RaisedFlag();

        flag.ClearCondition(Now.AddHours(2));

        Assert.True(flag.IsOpen);
        Assert.Null(flag.ConditionClearedAt);
        Assert.Single(flag.Events);
    }

    [Fact]
    public void Confirming_a_flag_stored_as_cleared_before_lifetimes_records_the_condition_returning()
    {
        var flag = RaisedFlag();
        typeof(Flag).GetProperty(nameof(Flag.ConditionClearedAt))!.SetValue(flag, (DateTimeOffset?)Now.AddHours(1));

        flag.Confirm(Finding("RR-04", Severity.Medium, "episode-1", "Missing again"), Now.AddHours(30));

        Assert.Null(flag.ConditionClearedAt);
        var returned = flag.Events[^1];
        Assert.Equal(FlagAction.ConditionReturned, returned.Action);
        Assert.Equal("Missing again", returned.Note);
    }

    [Fact]
    public void Confirming_keeps_whether_the_flag_is_live_current()
    {
        var flag = RaisedFlag();

        flag.Confirm(Finding("RR-04", Severity.Medium, "episode-1", live: false), Now.AddHours(1));
        Assert.False(flag.IsLive);
        flag.Confirm(Finding("RR-04", Severity.Medium, "episode-1", live: true), Now.AddHours(2));
        Assert.True(flag.IsLive);
    }

    [Fact]
    public void A_flag_is_live_or_static_as_its_finding_says()
    {
        Assert.True(Flag.Raise(ChildId, Finding("RR-04", live: true), Now).IsLive);
        Assert.False(Flag.Raise(ChildId, Finding("RR-06", live: false), Now).IsLive);
    }

    [Fact]
    public void Ending_closes_the_flag_with_the_reason_keeping_its_history()
    {
        var flag = RaisedFlag();
        flag.Acknowledge("user-7", "Sam Patel", "Police informed", Now.AddHours(1));
        var at = Now.AddHours(5);

        flag.End("  Returned 2025-06-15 18:00  ", at);

        Assert.Equal(FlagStatus.Ended, flag.Status);
        Assert.True(flag.IsEnded);
        Assert.False(flag.IsOpen);
        Assert.Equal(at, flag.ClosedAt);
        Assert.Equal(at, flag.ConditionClearedAt);
        Assert.Equal("Returned 2025-06-15 18:00", flag.EndReason);
        Assert.Equal(new[] { FlagAction.Raised, FlagAction.Acknowledged, FlagAction.Ended }, flag.Events.Select(e => e.Action));
        var ended = flag.Events[^1];
        Assert.Equal("Returned 2025-06-15 18:00", ended.Note);
        Assert.Equal(at, ended.At);
        Assert.Null(ended.ByUserId);
        Assert.Equal("Police informed", flag.Events[1].Note);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Ending_without_a_reason_records_that_it_ended(string reason)
    {
        var flag = RaisedFlag();

        flag.End(reason, Now);

        Assert.Equal("Ended", flag.EndReason);
    }

    [Fact]
    public void An_overlong_end_reason_is_cut_to_2000_characters()
    {
        var flag = RaisedFlag();

        flag.End(new string('x', Flag.MaxReasonLength + 50), Now);

        Assert.Equal(Flag.MaxReasonLength, flag.EndReason!.Length);
    }

    [Fact]
    public void A_closed_or_ended_flag_cannot_be_ended_again()
    {
        var resolved = RaisedFlag();
        resolved.Resolve("user-9", "Alex Manager", "Found safe", Now);
        var ended = RaisedFlag();
        ended.End("Returned", Now);

        Assert.Throws<InvalidOperationException>(() => resolved.End("Returned", Now.AddHours(1)));
        Assert.Throws<InvalidOperationException>(() => ended.End("Returned again", Now.AddHours(1)));
        Assert.Equal("Returned", ended.EndReason);
        Assert.Equal(FlagStatus.Resolved, resolved.Status);
        Assert.Null(resolved.EndReason);
    }

    [Fact]
    public void An_ended_flag_cannot_be_acknowledged_resolved_or_confirmed()
    {
        var flag = RaisedFlag();
        flag.End("Returned", Now);

        Refusal.Expect(() => flag.Acknowledge("user-8", "Jo Brown", null, Now), "Status", "closed");
        Refusal.Expect(() => flag.Resolve("user-8", "Jo Brown", "Found", Now), "Status", "already closed");
        Assert.Throws<InvalidOperationException>(() => flag.Confirm(Finding("RR-04"), Now));
        Assert.Equal(FlagStatus.Ended, flag.Status);
    }

    [Fact]
    public void Ending_a_flag_whose_condition_was_already_recorded_cleared_keeps_that_time()
    {
        var flag = RaisedFlag();
        typeof(Flag).GetProperty(nameof(Flag.ConditionClearedAt))!.SetValue(flag, (DateTimeOffset?)Now.AddHours(1));

        flag.End("Rule changed", Now.AddHours(3));

        Assert.Equal(Now.AddHours(1), flag.ConditionClearedAt);
    }

    [Fact]
    public void A_closed_flag_records_when_its_condition_ends_once()
    {
        var flag = RaisedFlag();
        flag.Resolve("user-9", "Alex Manager", "Found safe", Now);

        flag.ClearCondition(Now.AddHours(1));
        flag.ClearCondition(Now.AddHours(2));

        Assert.Equal(Now.AddHours(1), flag.ConditionClearedAt);
        Assert.Single(flag.Events, e => e.Action == FlagAction.ConditionCleared);
        Assert.Equal(FlagStatus.Resolved, flag.Status);
    }

    [Fact]
    public void A_closed_flag_cannot_be_confirmed_but_records_when_its_condition_ends()
    {
        var flag = RaisedFlag();
        flag.Dismiss("user-9", "Alex Manager", "Wrong child", Now);

        Assert.Throws<InvalidOperationException>(() => flag.Confirm(Finding("RR-04"), Now));
        flag.ClearCondition(Now.AddHours(1));

        Assert.Equal(FlagStatus.Dismissed, flag.Status);
        Assert.Equal(Now.AddHours(1), flag.ConditionClearedAt);
        Assert.Equal(3, flag.Events.Count);
    }

    [Fact]
    public void A_manual_flag_records_who_raised_it_and_why()
    {
        var flag = Flag.RaiseManually(ChildId, Severity.High, "  Seen with a known exploiter  ", "user-7", "Sam Patel", Now);

        Assert.True(flag.IsManual);
        Assert.True(flag.IsOutsideRules);
        Assert.True(flag.IsLive);
        Assert.Equal(Flag.ManualCode, flag.RuleCode);
        Assert.Equal(Severity.High, flag.Severity);
        Assert.Equal("Seen with a known exploiter", flag.Evidence);
        Assert.Equal(FlagStatus.Open, flag.Status);
        var raised = Assert.Single(flag.Events);
        Assert.Equal(FlagAction.Raised, raised.Action);
        Assert.Equal("user-7", raised.ByUserId);
        Assert.Equal("Sam Patel", raised.ByName);
        Assert.Equal("Seen with a known exploiter", raised.Note);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_manual_flag_needs_a_message(string message)
    {
        Refusal.Expect(() => Flag.RaiseManually(ChildId, Severity.Medium, message, "user-7", "Sam Patel", Now), "Evidence", "Enter why");
    }

    [Fact]
    public void A_manual_flag_needs_a_real_severity()
    {
        Refusal.Expect(() => Flag.RaiseManually(ChildId, (Severity)9, "Concern", "user-7", "Sam Patel", Now), "Severity", "severity");
    }

    [Fact]
    public void Each_manual_flag_is_its_own_occurrence()
    {
        var first = Flag.RaiseManually(ChildId, Severity.Low, "One", "user-7", "Sam Patel", Now);
        var second = Flag.RaiseManually(ChildId, Severity.Low, "Two", "user-7", "Sam Patel", Now);

        Assert.NotEqual(first.OccurrenceKey, second.OccurrenceKey);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public void A_manual_flag_is_never_marked_condition_cleared()
    {
        var flag = Flag.RaiseManually(ChildId, Severity.Medium, "Concern", "user-7", "Sam Patel", Now);
        flag.ClearCondition(Now.AddHours(1));
        Assert.Null(flag.ConditionClearedAt);

        flag.Resolve("user-9", "Alex Manager", "Concern addressed", Now.AddHours(2));
        flag.ClearCondition(Now.AddHours(3));

        Assert.Null(flag.ConditionClearedAt);
        Assert.Equal(2, flag.Events.Count);
    }

    [Fact]
    public void A_manual_flag_is_closed_like_any_other_with_a_reason()
    {
        var flag = Flag.RaiseManually(ChildId, Severity.Medium, "Concern", "user-7", "Sam Patel", Now);

        Refusal.Expect(() => flag.Resolve("user-9", "Alex Manager", " ", Now), "Reason", "resolving");
        flag.Resolve("user-9", "Alex Manager", "Concern addressed", Now);

        Assert.Equal(FlagStatus.Resolved, flag.Status);
    }
}
