using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Tests.Risk;
using static TraffickingCases.Domain.Tests.Matching.MergeTestData;

namespace TraffickingCases.Domain.Tests.Matching;

public class ChildMergerTests
{
    private static readonly DateTimeOffset WentMissing = TestData.Utc(2025, 6, 1, 20);
    private static readonly DateTimeOffset Returned = TestData.Utc(2025, 6, 3, 9);

    // What moves

    [Fact]
    public void Every_record_of_the_merged_child_moves_to_the_survivor()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        var ownReferral = survivor.Refer(TestData.Date("2025-01-10"));
        var referral = merged.Refer(TestData.Date("2025-03-03"));
        var episode = merged.WentMissing(WentMissing, Returned);
        var placement = merged.PlaceIn(PlacementType.Foster, TestData.Date("2025-04-01"));
        var support = merged.AskFor(SupportType.LegalAdvice, TestData.Date("2025-04-02"));
        var note = merged.AddNote("Seen at the station with an older man", "caseworker-2", "Jo Smith", TestData.Now);

        var merge = Merge(survivor, merged);

        Assert.Equal(new[] { ownReferral.Id, referral.Id }, survivor.Referrals.Select(r => r.Id));
        Assert.Same(episode, Assert.Single(survivor.MissingEpisodes));
        Assert.Same(placement, Assert.Single(survivor.Placements));
        Assert.Same(support, Assert.Single(survivor.SupportRequests));
        Assert.Same(note, Assert.Single(survivor.Notes));
        Assert.All(survivor.Referrals, r => Assert.Equal(survivor.Id, r.ChildId));
        Assert.Equal(survivor.Id, episode.ChildId);
        Assert.Equal(survivor.Id, placement.ChildId);
        Assert.Equal(survivor.Id, support.ChildId);
        Assert.Equal(survivor.Id, note.ChildId);
        Assert.Empty(merged.Referrals);
        Assert.Empty(merged.MissingEpisodes);
        Assert.Empty(merged.Placements);
        Assert.Empty(merged.SupportRequests);
        Assert.Empty(merged.Notes);
        Assert.Equal(
            new[] { referral.Id, episode.Id, placement.Id, support.Id, note.Id }.Order(),
            merge.MovedRecordIds.Order());
        Assert.DoesNotContain(ownReferral.Id, merge.MovedRecordIds);
    }

    [Fact]
    public void The_merged_record_redirects_to_the_survivor_and_both_show_activity()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        merged.Refer(TestData.Date("2025-03-03"));

        Merge(survivor, merged);

        Assert.Equal(survivor.Id, merged.MergedIntoId);
        Assert.True(merged.IsMerged);
        Assert.Equal(MergedAt, merged.MergedAt);
        Assert.Null(survivor.MergedIntoId);
        Assert.False(survivor.IsMerged);
        Assert.Equal(MergedAt, survivor.LastActivityAt);
        Assert.Equal(MergedAt, merged.LastActivityAt);
    }

    [Fact]
    public void The_merge_records_who_when_why_and_the_two_records()
    {
        var survivor = Survivor();
        var merged = Duplicate();

        var merge = Merge(survivor, merged, reason: "  Same child: confirmed by the social worker  ");

        Assert.NotEqual(Guid.Empty, merge.Id);
        Assert.Equal(TestData.OrganisationId, merge.OrganisationId);
        Assert.Equal(survivor.Id, merge.SurvivorId);
        Assert.Equal("TC-000001", merge.SurvivorReference);
        Assert.Equal(merged.Id, merge.MergedId);
        Assert.Equal("TC-000002", merge.MergedReference);
        Assert.Equal("Same child: confirmed by the social worker", merge.Reason);
        Assert.Equal(ManagerId, merge.ById);
        Assert.Equal(ManagerName, merge.ByName);
        Assert.Equal(MergedAt, merge.At);
        Assert.False(merge.IsUndone);
        Assert.Null(merge.UndoneAt);
    }

    // Names

    [Fact]
    public void The_merged_childs_full_name_and_other_names_become_the_survivors_other_names_without_duplicates()
    {
        var survivor = Survivor(d => d with { OtherNames = ["Ali"] });
        var merged = Duplicate(d => d with { OtherNames = ["ali", "AMIR HADDAD", "Abu Ali", "Ameer"] });

        var merge = Merge(survivor, merged);

        Assert.Equal(new[] { "Ali", "Ameer Hadad", "Abu Ali", "Ameer" }, survivor.OtherNames);
        Assert.Equal(new[] { "Ameer Hadad", "Abu Ali", "Ameer" }, merge.AddedNames);
        Assert.Equal("Amir", survivor.GivenNames);
        Assert.Equal("Haddad", survivor.FamilyName);
    }

    [Fact]
    public void A_merged_child_with_the_survivors_own_name_adds_no_name()
    {
        var survivor = Survivor();
        var merged = NewRecord("TC-000002", "AMIR", "haddad");

        var merge = Merge(survivor, merged);

        Assert.Empty(survivor.OtherNames);
        Assert.Empty(merge.AddedNames);
    }

    [Fact]
    public void The_survivors_search_keys_include_the_merged_childs_names()
    {
        var survivor = Survivor();
        var merged = NewRecord("TC-000002", "Yusuf", "Karimi", d => d with { OtherNames = ["Joe Kareem"] });
        Assert.DoesNotContain(merged.MatchKeys, k => survivor.MatchKeys.Contains(k));

        Merge(survivor, merged);

        Assert.Subset(survivor.MatchKeys.ToHashSet(), merged.MatchKeys.ToHashSet());
        Assert.Equal(NameNormaliser.SearchKeys("Amir", "Haddad", ["Yusuf Karimi", "Joe Kareem"]), survivor.MatchKeys);
        Assert.Equal(NameNormaliser.MatchName("Amir", "Haddad"), survivor.MatchName);
    }

    // The rules after a merge

    [Fact]
    public void Two_records_with_one_referral_each_make_a_repeat_referral_once_merged()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        survivor.Refer(TestData.Date("2025-01-10"), ExploitationTypes.Labour);
        var later = merged.Refer(TestData.Date("2025-05-01"), ExploitationTypes.Criminal);
        Assert.DoesNotContain(Findings(survivor, MergedAt), f => f.Code == "RR-01");
        Assert.DoesNotContain(Findings(merged, MergedAt), f => f.Code == "RR-01");

        Merge(survivor, merged);

        var finding = Assert.Single(Findings(survivor, MergedAt), f => f.Code == "RR-01");
        Assert.Equal(Severity.High, finding.Severity);
        Assert.Equal(later.Id.ToString(), finding.OccurrenceKey);
        Assert.StartsWith("2nd NRM referral on 2025-05-01; previous referral 2025-01-10", finding.Evidence, StringComparison.Ordinal);
    }

    // Flags

    [Fact]
    public void The_possible_same_child_flags_between_the_two_records_are_resolved_as_the_same_child()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        var ours = Flag.RaiseMatch(survivor.Id, merged.Id, Severity.High, "Likely the same child", null, null, TestData.Now);
        var theirs = Flag.RaiseMatch(merged.Id, survivor.Id, Severity.High, "Likely the same child", null, null, TestData.Now);

        var merge = Merge(survivor, merged, [ours], [theirs]);

        foreach (var flag in new[] { ours, theirs })
        {
            Assert.Equal(FlagStatus.Resolved, flag.Status);
            Assert.Equal(MergedAt, flag.ClosedAt);
            var resolved = Assert.Single(flag.Events, e => e.Action == FlagAction.Resolved);
            Assert.Equal("Same child: TC-000002 merged into TC-000001", resolved.Note);
            Assert.Equal(ManagerId, resolved.ByUserId);
            Assert.Equal(ManagerName, resolved.ByName);
        }

        Assert.Equal(survivor.Id, ours.ChildId);
        Assert.DoesNotContain(ours.Events, e => e.Action == FlagAction.Moved);
        Assert.Equal(survivor.Id, theirs.ChildId);
        Assert.Equal(FlagAction.Moved, theirs.Events[^1].Action);
        Assert.Equal(new[] { theirs.Id }, merge.MovedFlagIds);
        Assert.Empty(merge.ClosedFlagIds);
    }

    [Fact]
    public void Possible_same_child_flags_about_a_third_record_stay_open()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        var third = Guid.CreateVersion7();
        var ours = Flag.RaiseMatch(survivor.Id, third, Severity.Medium, "Maybe the same child", null, null, TestData.Now);
        var theirs = Flag.RaiseMatch(merged.Id, third, Severity.Medium, "Maybe the same child", null, null, TestData.Now);

        Merge(survivor, merged, [ours], [theirs]);

        Assert.Equal(FlagStatus.Open, ours.Status);
        Assert.Equal(FlagStatus.Open, theirs.Status);
        Assert.Equal(survivor.Id, theirs.ChildId);
        Assert.Equal(third.ToString(), theirs.OccurrenceKey);
    }

    [Fact]
    public void An_open_rule_flag_the_survivor_also_has_open_for_the_same_occurrence_is_resolved_and_listed_as_closed_by_the_merge()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        var ours = RuleFlag(survivor, "RR-16", "age-dispute");
        var theirs = RuleFlag(merged, "RR-16", "age-dispute");

        var merge = Merge(survivor, merged, [ours], [theirs]);

        Assert.Equal(FlagStatus.Open, ours.Status);
        Assert.Equal(FlagStatus.Resolved, theirs.Status);
        Assert.Equal(new[] { theirs.Id }, merge.ClosedFlagIds);
        Assert.Equal(new[] { theirs.Id }, merge.MovedFlagIds);
        Assert.Equal(survivor.Id, theirs.ChildId);
        var resolved = Assert.Single(theirs.Events, e => e.Action == FlagAction.Resolved);
        Assert.Equal("TC-000002 merged into TC-000001, which has its own open RR-16 flag", resolved.Note);
        Assert.Equal(ManagerId, resolved.ByUserId);
    }

    [Fact]
    public void An_open_rule_flag_for_another_occurrence_of_the_same_rule_moves_open()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        var ours = RuleFlag(survivor, "RR-08", "placement-1");
        var theirs = RuleFlag(merged, "RR-08", "placement-2");

        var merge = Merge(survivor, merged, [ours], [theirs]);

        Assert.Equal(FlagStatus.Open, ours.Status);
        Assert.Equal(FlagStatus.Open, theirs.Status);
        Assert.Empty(merge.ClosedFlagIds);
        Assert.Equal(new[] { theirs.Id }, merge.MovedFlagIds);
        Assert.Equal(survivor.Id, theirs.ChildId);
    }

    [Fact]
    public void After_a_merge_the_child_s_current_unlawful_placement_keeps_an_open_flag()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        survivor.PlaceIn(PlacementType.HomeOfficeHotel, TestData.Date("2025-06-01"));
        var current = merged.PlaceIn(PlacementType.HomeOfficeHotel, TestData.Date("2025-06-02"));
        var ours = Flag.Raise(survivor.Id, Assert.Single(Findings(survivor, TestData.Now), f => f.Code == "RR-08"), TestData.Now);
        var theirs = Flag.Raise(merged.Id, Assert.Single(Findings(merged, TestData.Now), f => f.Code == "RR-08"), TestData.Now);
        List<Flag> flags = [ours, theirs];

        Merge(survivor, merged, [ours], [theirs]);
        FlagReconciler.Reconcile(survivor.Id, Findings(survivor, MergedAt), flags, MergedAt, EndReason(survivor, MergedAt));

        var open = Assert.Single(flags, f => f.RuleCode == "RR-08" && f.IsOpen);
        Assert.Same(theirs, open);
        Assert.Equal(current.Id.ToString(), open.OccurrenceKey);
        Assert.Equal("A later placement is current", ours.EndReason);
    }

    [Fact]
    public void An_acknowledged_survivor_flag_still_counts_as_its_open_flag_for_the_occurrence()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        var ours = RuleFlag(survivor, "RR-16", "age-dispute");
        ours.Acknowledge("manager-2", "Sam Patel", "Police informed", TestData.Now);
        var theirs = RuleFlag(merged, "RR-16", "age-dispute");

        var merge = Merge(survivor, merged, [ours], [theirs]);

        Assert.Equal(FlagStatus.Resolved, theirs.Status);
        Assert.Equal(new[] { theirs.Id }, merge.ClosedFlagIds);
    }

    [Fact]
    public void Other_flags_of_the_merged_child_move_to_the_survivor_as_they_are()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        var ourClosedRule = RuleFlag(survivor, "RR-04");
        ourClosedRule.Resolve("manager-2", "Sam Patel", "Found", TestData.Now);
        var ourManual = Flag.RaiseManually(survivor.Id, Severity.High, "Seen with a known exploiter", "caseworker-1", "Jo Smith", TestData.Now);
        var openRule = RuleFlag(merged, "RR-04");
        var manual = Flag.RaiseManually(merged.Id, Severity.Low, "Phone taken by an older boy", "caseworker-2", "Kim Lee", TestData.Now);
        var closedRule = RuleFlag(merged, "RR-11");
        closedRule.Dismiss("manager-2", "Sam Patel", "Recorded in error", TestData.Now);

        var merge = Merge(survivor, merged, [ourClosedRule, ourManual], [openRule, manual, closedRule]);

        Assert.Equal(FlagStatus.Open, openRule.Status);
        Assert.Equal(FlagStatus.Open, manual.Status);
        Assert.Equal(FlagStatus.Dismissed, closedRule.Status);
        Assert.Empty(merge.ClosedFlagIds);
        Assert.Equal(new[] { openRule.Id, manual.Id, closedRule.Id }, merge.MovedFlagIds);
        Assert.All(new[] { openRule, manual, closedRule }, flag =>
        {
            Assert.Equal(survivor.Id, flag.ChildId);
            var moved = Assert.Single(flag.Events, e => e.Action == FlagAction.Moved);
            Assert.Equal(MergedAt, moved.At);
            Assert.Null(moved.ByUserId);
            Assert.Equal("Moved from TC-000002 when it was merged into TC-000001", moved.Note);
        });
        Assert.All(new[] { ourClosedRule, ourManual }, flag => Assert.DoesNotContain(flag.Events, e => e.Action == FlagAction.Moved));
    }

    // Refusals

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_merge_without_a_reason_is_refused(string reason)
    {
        var survivor = Survivor();
        var merged = Duplicate();

        Refusal.Expect(() => Merge(survivor, merged, reason: reason), "Reason", "Enter why these records are the same child");
        Assert.False(merged.IsMerged);
    }

    [Fact]
    public void A_reason_over_2000_characters_is_refused()
    {
        Refusal.Expect(() => Merge(Survivor(), Duplicate(), reason: new string('x', ChildMerge.MaxReasonLength + 1)),
            "Reason", "The reason must be 2000 characters or fewer");
    }

    [Fact]
    public void A_reason_of_exactly_2000_characters_is_accepted()
    {
        var merge = Merge(Survivor(), Duplicate(), reason: new string('x', ChildMerge.MaxReasonLength));

        Assert.Equal(ChildMerge.MaxReasonLength, merge.Reason.Length);
    }

    [Fact]
    public void Merging_a_record_into_itself_is_refused()
    {
        var child = Survivor();

        Refusal.Expect(() => Merge(child, child), "Survivor", "Choose two different records");
        Assert.False(child.IsMerged);
    }

    [Fact]
    public void Records_of_different_organisations_are_not_merged()
    {
        var survivor = Survivor();
        var merged = Duplicate(organisationId: OtherOrganisationId);

        Refusal.Expect(() => Merge(survivor, merged), "Survivor", "Records held by different organisations cannot be merged");
    }

    [Fact]
    public void A_record_already_merged_cannot_be_merged_again()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        var third = NewRecord("TC-000003", "Amir", "Hadad");
        Merge(third, merged);

        Refusal.Expect(() => Merge(survivor, merged), "Survivor", "TC-000002 has already been merged into another record");
    }

    [Fact]
    public void A_record_already_merged_cannot_survive_a_merge()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        var third = NewRecord("TC-000003", "Amir", "Hadad");
        Merge(third, survivor);

        Refusal.Expect(() => Merge(survivor, merged), "Survivor", "TC-000001 has already been merged into another record");
    }

    [Fact]
    public void A_merged_referral_before_the_survivors_date_of_birth_is_refused()
    {
        var survivor = Survivor(d => d with { DateOfBirth = TestData.Date("2011-05-01") });
        var merged = Duplicate();
        merged.Refer(TestData.Date("2011-04-30"));

        Refusal.Expect(() => Merge(survivor, merged), "Survivor",
            "TC-000002's referral of 30 April 2011 is before TC-000001's date of birth (1 May 2011)");
    }

    [Fact]
    public void A_merged_referral_on_the_survivors_date_of_birth_is_accepted()
    {
        var survivor = Survivor(d => d with { DateOfBirth = TestData.Date("2011-05-01") });
        var merged = Duplicate();
        merged.Refer(TestData.Date("2011-05-01"));

        Merge(survivor, merged);

        Assert.Single(survivor.Referrals);
    }

    [Theory]
    [InlineData(PlacementType.Foster)]
    [InlineData(PlacementType.Secure)]
    public void A_merged_placement_before_the_survivors_date_of_birth_is_refused(PlacementType type)
    {
        var survivor = Survivor(d => d with { DateOfBirth = TestData.Date("2011-05-01") });
        var merged = Duplicate();
        merged.PlaceIn(type, TestData.Date("2011-01-10"));

        Refusal.Expect(() => Merge(survivor, merged), "Survivor",
            "TC-000002 has a placement, missing episode or support request on 10 January 2011, before TC-000001's date of birth");
    }

    [Fact]
    public void A_merged_missing_episode_or_support_request_before_the_survivors_date_of_birth_is_refused()
    {
        var survivor = Survivor(d => d with { DateOfBirth = TestData.Date("2011-05-01") });
        var merged = Duplicate();
        merged.AskFor(SupportType.Education, TestData.Date("2011-03-01"));
        merged.MissingForAnHour(TestData.Utc(2011, 2, 1, 12));

        Refusal.Expect(() => Merge(survivor, merged), "Survivor", "has a placement, missing episode or support request on 1 February 2011");
    }

    [Fact]
    public void A_merged_referral_when_the_survivors_date_of_birth_makes_the_child_an_adult_is_refused()
    {
        var survivor = Survivor(d => d with { DateOfBirth = TestData.Date("2007-03-03") });
        var merged = Duplicate();
        merged.Refer(TestData.Date("2025-03-03"));

        Refusal.Expect(() => Merge(survivor, merged), "Survivor",
            "With TC-000001's date of birth the child was 18 or over at TC-000002's referral of 3 March 2025");
        Assert.Single(merged.Referrals);
    }

    [Fact]
    public void A_merged_referral_the_day_before_the_survivors_eighteenth_birthday_is_accepted()
    {
        var survivor = Survivor(d => d with { DateOfBirth = TestData.Date("2007-03-04") });
        var merged = Duplicate();
        merged.Refer(TestData.Date("2025-03-03"));

        Merge(survivor, merged);

        Assert.Single(survivor.Referrals);
    }

    [Fact]
    public void An_adult_age_at_a_merged_referral_is_accepted_when_the_survivors_date_of_birth_is_disputed()
    {
        var survivor = Survivor(d => d with { DateOfBirth = TestData.Date("2007-03-03"), DobPrecision = DobPrecision.Disputed });
        var merged = Duplicate();
        var referral = merged.Refer(TestData.Date("2025-03-03"));

        Merge(survivor, merged);

        Assert.Equal(survivor.Id, Assert.Single(survivor.Referrals).ChildId);
        Assert.Equal(survivor.Id, referral.ChildId);
    }

    [Fact]
    public void A_survivor_without_a_date_of_birth_takes_any_dated_records()
    {
        var survivor = Survivor(d => d with { DateOfBirth = null });
        var merged = Duplicate(d => d with { DateOfBirth = TestData.Date("2005-01-01"), DobPrecision = DobPrecision.Disputed });
        merged.Refer(TestData.Date("2024-01-10"));

        Merge(survivor, merged);

        Assert.Single(survivor.Referrals);
    }

    [Fact]
    public void Overlapping_missing_episodes_are_refused()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        survivor.WentMissing(WentMissing, Returned);
        merged.WentMissing(WentMissing.AddHours(10), Returned.AddHours(10));

        Refusal.Expect(() => Merge(survivor, merged), "Survivor",
            "TC-000002's missing episode from 2 June 2025 overlaps TC-000001's from 1 June 2025");
    }

    [Fact]
    public void Two_ongoing_missing_episodes_are_refused()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        survivor.WentMissing(TestData.Utc(2025, 6, 10, 8));
        merged.WentMissing(TestData.Utc(2025, 6, 14, 8));

        Refusal.Expect(() => Merge(survivor, merged), "Survivor", "a child is missing once at a time");
    }

    [Fact]
    public void An_ongoing_episode_that_began_after_an_ended_one_does_not_overlap_it_but_one_that_began_before_does()
    {
        var survivor = Survivor();
        survivor.WentMissing(WentMissing, Returned);
        var after = Duplicate();
        after.WentMissing(Returned.AddHours(1));
        var before = NewRecord("TC-000003", "Amir", "Hadad");
        before.WentMissing(WentMissing.AddHours(-1));

        Refusal.Expect(() => Merge(survivor, before), "Survivor", "overlaps");
        Merge(survivor, after);

        Assert.Equal(2, survivor.MissingEpisodes.Count);
    }

    [Fact]
    public void An_episode_that_begins_when_the_other_ends_is_not_an_overlap()
    {
        var survivor = Survivor();
        var merged = Duplicate();
        survivor.WentMissing(WentMissing, Returned);
        merged.WentMissing(Returned, Returned.AddHours(5));

        Merge(survivor, merged);

        Assert.Equal(2, survivor.MissingEpisodes.Count);
    }

    [Fact]
    public void More_than_50_other_names_together_are_refused()
    {
        var survivor = Survivor(d => d with { OtherNames = Names("Own", 30) });
        var merged = Duplicate(d => d with { OtherNames = Names("Alias", 20) });

        Refusal.Expect(() => Merge(survivor, merged), "Survivor",
            "Together the records have more than 50 other names; remove some from TC-000002 before merging");
        Assert.Equal(30, survivor.OtherNames.Count);
    }

    [Fact]
    public void Exactly_50_other_names_together_are_accepted()
    {
        var survivor = Survivor(d => d with { OtherNames = Names("Own", 30) });
        var merged = Duplicate(d => d with { OtherNames = Names("Alias", 19) });

        Merge(survivor, merged);

        Assert.Equal(50, survivor.OtherNames.Count);
    }

    [Fact]
    public void Names_the_survivor_already_has_do_not_count_towards_the_50()
    {
        var survivor = Survivor(d => d with { OtherNames = Names("Own", 40) });
        var merged = Duplicate(d => d with { OtherNames = [.. Names("OWN", 30), .. Names("Alias", 9)] });

        var merge = Merge(survivor, merged);

        Assert.Equal(50, survivor.OtherNames.Count);
        Assert.Equal(10, merge.AddedNames.Count);
    }

    [Fact]
    public void A_refused_merge_changes_neither_record_nor_any_flag()
    {
        var survivor = Survivor(d => d with { OtherNames = ["Ali"] });
        var merged = Duplicate(d => d with { OtherNames = ["Abu Ali"] });
        survivor.WentMissing(TestData.Utc(2025, 6, 10, 8));
        merged.WentMissing(TestData.Utc(2025, 6, 14, 8));
        var referral = merged.Refer(TestData.Date("2025-03-03"));
        var note = merged.AddNote("Called the school", "caseworker-2", "Jo Smith", TestData.Now);
        var ours = Flag.RaiseMatch(survivor.Id, merged.Id, Severity.High, "Likely the same child", null, null, TestData.Now);
        var theirs = Flag.RaiseMatch(merged.Id, survivor.Id, Severity.High, "Likely the same child", null, null, TestData.Now);
        var ourRule = RuleFlag(survivor, "RR-04");
        var theirRule = RuleFlag(merged, "RR-04");
        var keys = survivor.MatchKeys.ToList();

        Assert.Throws<DomainValidationException>(() => Merge(survivor, merged, [ours, ourRule], [theirs, theirRule]));

        Assert.Equal(new[] { "Ali" }, survivor.OtherNames);
        Assert.Equal(keys, survivor.MatchKeys);
        Assert.Empty(survivor.Referrals);
        Assert.Empty(survivor.Notes);
        Assert.Single(survivor.MissingEpisodes);
        Assert.Same(referral, Assert.Single(merged.Referrals));
        Assert.Same(note, Assert.Single(merged.Notes));
        Assert.Equal(merged.Id, referral.ChildId);
        Assert.Equal(merged.Id, note.ChildId);
        Assert.Null(merged.MergedIntoId);
        Assert.Equal(TestData.Now, survivor.LastActivityAt);
        Assert.Equal(TestData.Now, merged.LastActivityAt);
        Assert.All(new[] { ours, theirs, ourRule, theirRule }, flag =>
        {
            Assert.Equal(FlagStatus.Open, flag.Status);
            Assert.Single(flag.Events);
        });
        Assert.Equal(merged.Id, theirs.ChildId);
        Assert.Equal(merged.Id, theirRule.ChildId);
    }

    [Fact]
    public void A_merge_that_would_give_the_survivor_an_other_name_over_the_limit_is_refused()
    {
        var survivor = Survivor();
        var merged = NewRecord("TC-000002", new string('a', 150), new string('b', 100));

        var refused = Assert.Throws<DomainValidationException>(() => Merge(survivor, merged));

        Assert.Contains(refused.Errors, e => e.Message.Contains("longer than 200 characters", StringComparison.Ordinal));
        Assert.False(merged.IsMerged);
        Assert.Empty(survivor.OtherNames);
    }

    private static List<string> Names(string prefix, int count) =>
        [.. Enumerable.Range(1, count).Select(n => $"{prefix} Name{n}")];
}
