using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Tests.Risk;
using static TraffickingCases.Domain.Tests.Matching.MergeTestData;

namespace TraffickingCases.Domain.Tests.Matching;

public class ChildMergeUndoTests
{
    private const string UndoReason = "Different children: the dates of birth were confused";

    private readonly Child _survivor = Survivor(d => d with { OtherNames = ["Ali"] });
    private readonly Child _merged = Duplicate(d => d with { OtherNames = ["ali", "Abu Ali"] });

    [Fact]
    public void Undoing_moves_back_exactly_the_records_the_merge_moved()
    {
        var ownReferral = _survivor.Refer(TestData.Date("2025-01-10"));
        var ownNote = _survivor.AddNote("First visit", "caseworker-1", "Jo Smith", TestData.Now);
        var referral = _merged.Refer(TestData.Date("2025-03-03"));
        var episode = _merged.MissingForAnHour(TestData.Utc(2025, 6, 1, 20));
        var placement = _merged.PlaceIn(PlacementType.Foster, TestData.Date("2025-04-01"));
        var support = _merged.AskFor(SupportType.MentalHealth, TestData.Date("2025-04-02"));
        var note = _merged.AddNote("Seen at the station", "caseworker-2", "Kim Lee", TestData.Now);
        var merge = Merge(_survivor, _merged);
        var sinceMerge = _survivor.AddNote("Visited after the merge", "caseworker-1", "Jo Smith", MergedAt);
        var referralSinceMerge = _survivor.AddReferral(TestData.Referral(TestData.Date("2025-06-01")), MergedAt);

        Undo(merge, _survivor, _merged);

        Assert.Same(referral, Assert.Single(_merged.Referrals));
        Assert.Same(episode, Assert.Single(_merged.MissingEpisodes));
        Assert.Same(placement, Assert.Single(_merged.Placements));
        Assert.Same(support, Assert.Single(_merged.SupportRequests));
        Assert.Same(note, Assert.Single(_merged.Notes));
        Assert.All(new[] { referral.ChildId, episode.ChildId, placement.ChildId, support.ChildId, note.ChildId },
            id => Assert.Equal(_merged.Id, id));
        Assert.Equal(new[] { ownReferral.Id, referralSinceMerge.Id }, _survivor.Referrals.Select(r => r.Id));
        Assert.Equal(new[] { ownNote.Id, sinceMerge.Id }, _survivor.Notes.Select(n => n.Id));
        Assert.Equal(_survivor.Id, sinceMerge.ChildId);
        Assert.Equal(_survivor.Id, referralSinceMerge.ChildId);
        Assert.Empty(_survivor.MissingEpisodes);
        Assert.Empty(_survivor.Placements);
        Assert.Empty(_survivor.SupportRequests);
    }

    [Fact]
    public void Undoing_removes_the_names_the_merge_added_and_restores_the_search_keys()
    {
        var keysBefore = _survivor.MatchKeys.ToList();
        var merge = Merge(_survivor, _merged);
        Assert.Equal(new[] { "Ali", "Ameer Hadad", "Abu Ali" }, _survivor.OtherNames);

        Undo(merge, _survivor, _merged);

        Assert.Equal(new[] { "Ali" }, _survivor.OtherNames);
        Assert.Equal(keysBefore, _survivor.MatchKeys);
        Assert.Equal(new[] { "ali", "Abu Ali" }, _merged.OtherNames);
    }

    [Fact]
    public void Undoing_makes_the_merged_record_a_record_again_and_marks_the_merge_undone()
    {
        var merge = Merge(_survivor, _merged);

        Undo(merge, _survivor, _merged, reason: $"  {UndoReason}  ");

        Assert.Null(_merged.MergedIntoId);
        Assert.Null(_merged.MergedAt);
        Assert.False(_merged.IsMerged);
        Assert.True(merge.IsUndone);
        Assert.Equal(UndoneAt, merge.UndoneAt);
        Assert.Equal(ManagerId, merge.UndoneById);
        Assert.Equal(ManagerName, merge.UndoneByName);
        Assert.Equal(UndoReason, merge.UndoReason);
        Assert.Equal(Reason, merge.Reason);
        Assert.Equal(UndoneAt, _merged.LastActivityAt);
        Assert.Equal(UndoneAt, _survivor.LastActivityAt);
    }

    [Fact]
    public void Undoing_moves_the_flags_back_with_a_moved_event_and_leaves_the_survivors_own_flags()
    {
        var ours = RuleFlag(_survivor, "RR-04");
        var openRule = RuleFlag(_merged, "RR-08");
        var manual = Flag.RaiseManually(_merged.Id, Severity.Low, "Phone taken by an older boy", "caseworker-2", "Kim Lee", TestData.Now);
        var merge = Merge(_survivor, _merged, [ours], [openRule, manual]);
        var raisedSince = RuleFlag(_survivor, "RR-01");

        Undo(merge, _survivor, _merged, [ours, openRule, manual, raisedSince]);

        Assert.All(new[] { openRule, manual }, flag =>
        {
            Assert.Equal(_merged.Id, flag.ChildId);
            Assert.True(flag.IsOpen);
            var moved = flag.Events.Where(e => e.Action == FlagAction.Moved).ToList();
            Assert.Equal(2, moved.Count);
            Assert.Equal(UndoneAt, moved[1].At);
            Assert.Equal("Moved back to TC-000002: the merge into TC-000001 was undone", moved[1].Note);
            Assert.Null(flag.ConditionClearedAt);
        });
        Assert.Equal(_survivor.Id, ours.ChildId);
        Assert.Equal(_survivor.Id, raisedSince.ChildId);
        Assert.DoesNotContain(ours.Events, e => e.Action == FlagAction.Moved);
        Assert.DoesNotContain(raisedSince.Events, e => e.Action == FlagAction.Moved);
    }

    [Fact]
    public void A_flag_the_merge_closed_is_released_so_the_rules_raise_it_again_on_its_own_record()
    {
        // Both records have an age dispute: the same rule and occurrence, so the merge keeps the survivor's flag and closes the other.
        var survivor = Survivor(d => d with { DobPrecision = DobPrecision.Disputed });
        var merged = Duplicate(d => d with { DobPrecision = DobPrecision.Disputed });
        var survivorFlags = Reconcile(survivor, [], TestData.Now);
        var mergedFlags = Reconcile(merged, [], TestData.Now);
        var ours = Assert.Single(survivorFlags, f => f.RuleCode == "RR-16");
        var theirs = Assert.Single(mergedFlags, f => f.RuleCode == "RR-16");

        var merge = Merge(survivor, merged, survivorFlags, mergedFlags);
        Assert.Equal(new[] { theirs.Id }, merge.ClosedFlagIds);
        var combined = Reconcile(survivor, [.. survivorFlags, .. mergedFlags], MergedAt);
        Assert.Same(ours, Assert.Single(combined, f => f.RuleCode == "RR-16" && f.IsOpen));
        Assert.Null(theirs.ConditionClearedAt);

        Undo(merge, survivor, merged, combined);

        Assert.Equal(merged.Id, theirs.ChildId);
        Assert.Equal(FlagStatus.Resolved, theirs.Status);
        Assert.Equal(UndoneAt, theirs.ConditionClearedAt);
        Assert.Equal(FlagAction.ConditionCleared, theirs.Events[^1].Action);
        Assert.Equal(FlagAction.Moved, theirs.Events[^2].Action);

        var later = UndoneAt.AddMinutes(5);
        var back = combined.Where(f => f.ChildId == merged.Id).ToList();
        var result = FlagReconciler.Reconcile(merged.Id, Findings(merged, later), back, later, EndReason(merged, later));

        var raised = Assert.Single(result.Raised, f => f.RuleCode == "RR-16");
        Assert.Equal(merged.Id, raised.ChildId);
        Assert.Equal("age-dispute", raised.OccurrenceKey);
        Assert.True(raised.IsOpen);
        Assert.NotEqual(theirs.Id, raised.Id);
    }

    [Fact]
    public void Without_the_release_the_rules_would_treat_the_flag_closed_by_the_merge_as_already_decided()
    {
        // The same history as above, but the closed flag is not released: nothing is raised. This is what
        // ReleaseAfterUnmerge exists to prevent.
        var placement = _merged.PlaceIn(PlacementType.HomeOfficeHotel, TestData.Date("2025-06-02"));
        var flags = Reconcile(_merged, [], TestData.Now);
        flags.Single(f => f.RuleCode == "RR-08").Resolve(ManagerId, ManagerName, "Closed by a merge", MergedAt);

        var result = FlagReconciler.Reconcile(_merged.Id, Findings(_merged, UndoneAt), flags, UndoneAt, EndReason(_merged, UndoneAt));

        Assert.DoesNotContain(result.Raised, f => f.RuleCode == "RR-08");
        Assert.Equal(placement.Id.ToString(), flags.Single(f => f.RuleCode == "RR-08").OccurrenceKey);
    }

    [Fact]
    public void A_flag_a_person_closed_before_the_merge_is_moved_back_but_not_released()
    {
        var closedByHand = RuleFlag(_merged, "RR-11");
        closedByHand.Dismiss("manager-2", "Sam Patel", "Recorded in error", TestData.Now);
        var merge = Merge(_survivor, _merged, [], [closedByHand]);

        Undo(merge, _survivor, _merged, [closedByHand]);

        Assert.Equal(_merged.Id, closedByHand.ChildId);
        Assert.Null(closedByHand.ConditionClearedAt);
        Assert.DoesNotContain(closedByHand.Events, e => e.Action == FlagAction.ConditionCleared);
    }

    [Fact]
    public void Undoing_raises_a_new_possible_same_child_flag_on_each_record_pointing_at_the_other()
    {
        var ours = Flag.RaiseMatch(_survivor.Id, _merged.Id, Severity.High, "Likely the same child", null, null, TestData.Now);
        var theirs = Flag.RaiseMatch(_merged.Id, _survivor.Id, Severity.High, "Likely the same child", null, null, TestData.Now);
        var merge = Merge(_survivor, _merged, [ours], [theirs]);

        var raised = Undo(merge, _survivor, _merged, [ours, theirs]);

        Assert.Equal(2, raised.Count);
        var onSurvivor = Assert.Single(raised, f => f.ChildId == _survivor.Id);
        var onMerged = Assert.Single(raised, f => f.ChildId == _merged.Id);
        Assert.Equal(_merged.Id.ToString(), onSurvivor.OccurrenceKey);
        Assert.Equal(_survivor.Id.ToString(), onMerged.OccurrenceKey);
        Assert.All(raised, flag =>
        {
            Assert.Equal(Flag.MatchCode, flag.RuleCode);
            Assert.Equal(FlagStatus.Open, flag.Status);
            Assert.Equal(Severity.Medium, flag.Severity);
            Assert.Equal(UndoneAt, flag.RaisedAt);
            Assert.Equal(
                "The merge of TC-000002 into TC-000001 was undone by Alex Manager. Decide again whether these are the same child.",
                flag.Evidence);
            Assert.NotEqual(ours.Id, flag.Id);
            Assert.NotEqual(theirs.Id, flag.Id);
        });
        Assert.Equal(FlagStatus.Resolved, ours.Status);
        Assert.Equal(FlagStatus.Resolved, theirs.Status);
        Assert.Equal(_merged.Id, theirs.ChildId);
    }

    [Fact]
    public void Undoing_a_merge_twice_is_refused()
    {
        var merge = Merge(_survivor, _merged);
        Undo(merge, _survivor, _merged);

        Refusal.Expect(() => Undo(merge, _survivor, _merged, at: UndoneAt.AddHours(1)), "Reason", "This merge has already been undone");
        Assert.Equal(UndoneAt, merge.UndoneAt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Undoing_without_a_reason_is_refused_and_changes_nothing(string reason)
    {
        var referral = _merged.Refer(TestData.Date("2025-03-03"));
        var merge = Merge(_survivor, _merged);

        Refusal.Expect(() => Undo(merge, _survivor, _merged, reason: reason), "Reason", "Enter why you are undoing the merge");

        Assert.False(merge.IsUndone);
        Assert.Equal(_survivor.Id, _merged.MergedIntoId);
        Assert.Equal(_survivor.Id, referral.ChildId);
        Assert.Contains("Ameer Hadad", _survivor.OtherNames);
    }

    [Fact]
    public void Undoing_with_records_the_merge_did_not_join_is_refused()
    {
        var merge = Merge(_survivor, _merged);
        var other = NewRecord("TC-000003", "Amir", "Hadad");

        Assert.Throws<InvalidOperationException>(() => Undo(merge, _survivor, other));
        Assert.Throws<InvalidOperationException>(() => Undo(merge, _merged, _survivor));
        Assert.False(merge.IsUndone);
        Assert.True(_merged.IsMerged);
    }

    [Fact]
    public void After_undoing_the_two_records_can_be_merged_again()
    {
        _merged.Refer(TestData.Date("2025-03-03"));
        var first = Merge(_survivor, _merged);
        Undo(first, _survivor, _merged);

        var second = Merge(_survivor, _merged, at: UndoneAt.AddHours(1));

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(_survivor.Id, _merged.MergedIntoId);
        Assert.Single(_survivor.Referrals);
        Assert.Equal(new[] { "Ali", "Ameer Hadad", "Abu Ali" }, _survivor.OtherNames);
    }

    [Fact]
    public void An_undo_reason_over_2000_characters_is_refused()
    {
        var merge = Merge(_survivor, _merged);

        var refused = Assert.Throws<DomainValidationException>(() => Undo(merge, _survivor, _merged, reason: new string('x', 2001)));

        Assert.Contains(refused.Errors, e => e.Field == "Reason" && e.Message == "The reason must be 2000 characters or fewer");
        Assert.False(merge.IsUndone);
    }

    /// <summary>Runs the rules on the child and returns its flags with any raised, as the rules service keeps them.</summary>
    private static List<Flag> Reconcile(Child child, List<Flag> flags, DateTimeOffset at)
    {
        var result = FlagReconciler.Reconcile(child.Id, Findings(child, at), flags, at, EndReason(child, at));
        return [.. flags, .. result.Raised];
    }
}
