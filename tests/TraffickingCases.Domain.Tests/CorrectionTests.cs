using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests;

/// <summary>Correcting mistakes: a record marked as entered in error stays but counts for nothing; a record moves to the right child.</summary>
public class CorrectionTests
{
    private static readonly DateTimeOffset Later = Now.AddHours(1);

    [Fact]
    public void Marking_a_record_as_entered_in_error_keeps_it_with_who_when_and_why()
    {
        var child = NewChild();
        var episode = child.WentMissing(Noon("2025-06-10"), Noon("2025-06-11"));

        child.MarkEnteredInError(HistoryRecordKind.MissingEpisode, episode.Id, "  Recorded twice  ", "user-1", "Sam Caseworker", Later);

        var kept = Assert.Single(child.MissingEpisodes);
        Assert.True(kept.IsEnteredInError);
        Assert.Equal("Recorded twice", kept.EnteredInErrorReason);
        Assert.Equal("Sam Caseworker", kept.EnteredInErrorByName);
        Assert.Equal("user-1", kept.EnteredInErrorById);
        Assert.Equal(Later, kept.EnteredInErrorAt);
        Assert.Equal(Later, child.LastActivityAt);
    }

    [Theory]
    [InlineData("", "Enter why this record was entered in error")]
    [InlineData("   ", "Enter why this record was entered in error")]
    public void Marking_needs_a_reason(string reason, string message)
    {
        var child = NewChild();
        var note = child.AddNote("Met at school", "user-1", "Sam", Now);

        var e = Assert.Throws<DomainValidationException>(() => child.MarkEnteredInError(HistoryRecordKind.Note, note.Id, reason, "user-1", "Sam", Later));

        Assert.Equal(new ValidationError("Reason", message), Assert.Single(e.Errors));
        Assert.False(note.IsEnteredInError);
    }

    [Fact]
    public void A_reason_over_2000_characters_is_refused()
    {
        var child = NewChild();
        var placement = child.PlaceIn(PlacementType.Foster, D("2025-04-01"));

        var e = Assert.Throws<DomainValidationException>(() =>
            child.MarkEnteredInError(HistoryRecordKind.Placement, placement.Id, new string('x', 2001), "user-1", "Sam", Later));

        Assert.Equal("The reason must be 2000 characters or fewer", Assert.Single(e.Errors).Message);
    }

    [Fact]
    public void A_record_cannot_be_marked_twice()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-03-03"));
        child.MarkEnteredInError(HistoryRecordKind.Referral, referral.Id, "Wrong child", "user-1", "Sam", Later);

        var e = Assert.Throws<DomainValidationException>(() =>
            child.MarkEnteredInError(HistoryRecordKind.Referral, referral.Id, "Again", "user-2", "Jo", Later.AddHours(1)));

        Assert.Equal("This record is already marked as entered in error", Assert.Single(e.Errors).Message);
        Assert.Equal("Wrong child", referral.EnteredInErrorReason);
    }

    [Fact]
    public void A_record_entered_in_error_cannot_be_changed()
    {
        var child = NewChild();
        var request = child.AskFor(SupportType.LegalAdvice, D("2025-05-01"));
        child.MarkEnteredInError(HistoryRecordKind.SupportRequest, request.Id, "Duplicate", "user-1", "Sam", Later);

        var e = Assert.Throws<DomainValidationException>(() =>
            child.UpdateSupportRequest(request.Id, TestData.Support(D("2025-05-01"), D("2025-05-20")), Later));

        Assert.Contains("cannot be changed", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
        Assert.Null(request.StartedOn);
    }

    [Fact]
    public void An_unknown_record_is_not_found()
    {
        var child = NewChild();

        Assert.Throws<KeyNotFoundException>(() => child.MarkEnteredInError(HistoryRecordKind.Referral, Guid.NewGuid(), "x", "u", "n", Later));
    }

    [Fact]
    public void An_errored_missing_episode_no_longer_counts_for_repeated_missing()
    {
        var child = NewChild();
        child.MissingForAnHour(Noon("2025-06-01"));
        var second = child.MissingForAnHour(Noon("2025-06-10"));
        Assert.NotNull(new RepeatedMissingRule().Judge(child));

        child.MarkEnteredInError(HistoryRecordKind.MissingEpisode, second.Id, "Recorded twice", "user-1", "Sam", Now);

        Assert.Null(new RepeatedMissingRule().Judge(child));
        Assert.DoesNotContain(EvaluateAll(child), f => f.Code == "RR-03");
    }

    [Fact]
    public void An_errored_referral_no_longer_counts_as_a_repeat_referral()
    {
        var child = NewChild();
        child.Refer(D("2025-01-06"));
        var second = child.Refer(D("2025-05-06"));
        Assert.NotNull(new RepeatReferralRule().Judge(child));

        child.MarkEnteredInError(HistoryRecordKind.Referral, second.Id, "Entered for the wrong child", "user-1", "Sam", Now);

        Assert.Null(new RepeatReferralRule().Judge(child));
    }

    [Fact]
    public void A_child_is_not_missing_now_by_an_episode_entered_in_error_and_can_be_recorded_missing_again()
    {
        var child = NewChild();
        var open = child.WentMissing(Now.AddHours(-30));
        Assert.NotNull(new MissingNowRule().Judge(child));

        child.MarkEnteredInError(HistoryRecordKind.MissingEpisode, open.Id, "Was at school all day", "user-1", "Sam", Now);

        Assert.Null(child.CurrentMissingEpisode);
        Assert.Null(new MissingNowRule().Judge(child));
        var again = child.WentMissing(Now.AddHours(-2));
        Assert.Same(again, child.CurrentMissingEpisode);
    }

    [Fact]
    public void Moving_a_record_takes_it_from_one_child_to_the_other()
    {
        var from = NewChild();
        var to = NewChild();
        var episode = from.MissingForAnHour(Noon("2025-06-10"));

        from.MoveRecordTo(to, HistoryRecordKind.MissingEpisode, episode.Id, Later);

        Assert.Empty(from.MissingEpisodes);
        Assert.Same(episode, Assert.Single(to.MissingEpisodes));
        Assert.Equal(to.Id, episode.ChildId);
        Assert.Equal(Later, from.LastActivityAt);
        Assert.Equal(Later, to.LastActivityAt);
    }

    [Fact]
    public void Moving_a_missing_episode_moves_the_repeated_missing_finding_with_it()
    {
        var from = NewChild();
        var to = NewChild();
        from.MissingForAnHour(Noon("2025-06-01"));
        var second = from.MissingForAnHour(Noon("2025-06-10"));
        to.MissingForAnHour(Noon("2025-06-05"));

        from.MoveRecordTo(to, HistoryRecordKind.MissingEpisode, second.Id, Later);

        Assert.Null(new RepeatedMissingRule().Judge(from, Later));
        var finding = new RepeatedMissingRule().Judge(to, Later);
        Assert.NotNull(finding);
        Assert.Equal(second.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void A_note_moves_too()
    {
        var from = NewChild();
        var to = NewChild();
        var note = from.AddNote("Spoke to foster carer", "user-1", "Sam", Now);

        from.MoveRecordTo(to, HistoryRecordKind.Note, note.Id, Later);

        Assert.Empty(from.Notes);
        Assert.Equal(to.Id, Assert.Single(to.Notes).ChildId);
    }

    [Fact]
    public void A_record_does_not_move_to_another_organisations_child()
    {
        var from = NewChild();
        var elsewhere = Child.Register("TC-000999", TestData.ChildDetails(), Guid.NewGuid(), null, Now);
        var placement = from.PlaceIn(PlacementType.Foster, D("2025-04-01"));

        var e = Assert.Throws<DomainValidationException>(() => from.MoveRecordTo(elsewhere, HistoryRecordKind.Placement, placement.Id, Later));

        Assert.Equal(new ValidationError("TargetReference", "No child of your organisation has the reference TC-000999"), Assert.Single(e.Errors));
        Assert.Same(placement, Assert.Single(from.Placements));
    }

    [Fact]
    public void A_record_does_not_move_to_the_child_it_is_on()
    {
        var child = NewChild();
        var placement = child.PlaceIn(PlacementType.Foster, D("2025-04-01"));

        var e = Assert.Throws<DomainValidationException>(() => child.MoveRecordTo(child, HistoryRecordKind.Placement, placement.Id, Later));

        Assert.StartsWith("This record is already on", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_entered_in_error_cannot_be_moved()
    {
        var from = NewChild();
        var to = NewChild();
        var placement = from.PlaceIn(PlacementType.Foster, D("2025-04-01"));
        from.MarkEnteredInError(HistoryRecordKind.Placement, placement.Id, "Never placed there", "user-1", "Sam", Now);

        Assert.Throws<DomainValidationException>(() => from.MoveRecordTo(to, HistoryRecordKind.Placement, placement.Id, Later));
        Assert.Single(from.Placements);
        Assert.Empty(to.Placements);
    }

    [Fact]
    public void A_record_that_cannot_belong_to_the_target_stays_and_says_why()
    {
        var from = NewChild();
        var to = NewChild();
        var episode = from.MissingForAnHour(Noon("2025-06-10"));
        to.WentMissing(Noon("2025-06-09"), Noon("2025-06-12"));

        var e = Assert.Throws<DomainValidationException>(() => from.MoveRecordTo(to, HistoryRecordKind.MissingEpisode, episode.Id, Later));

        var error = Assert.Single(e.Errors);
        Assert.Equal("TargetReference", error.Field);
        Assert.StartsWith("This missing episode cannot be moved to TC-000001: this overlaps the episode", error.Message, StringComparison.Ordinal);
        Assert.Same(episode, Assert.Single(from.MissingEpisodes));
        Assert.Equal(from.Id, episode.ChildId);
    }

    [Fact]
    public void A_referral_from_after_the_targets_18th_birthday_does_not_move()
    {
        var from = NewChild();
        var adult = NewChild(D("2005-01-01"));
        var referral = from.Refer(D("2025-03-03"));

        var e = Assert.Throws<DomainValidationException>(() => from.MoveRecordTo(adult, HistoryRecordKind.Referral, referral.Id, Later));

        Assert.Contains("18 or over", Assert.Single(e.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_date_of_birth_change_is_not_held_back_by_a_record_entered_in_error()
    {
        var child = NewChild(D("2010-03-01"));
        var placement = child.PlaceIn(PlacementType.Foster, D("2011-01-01"));
        child.MarkEnteredInError(HistoryRecordKind.Placement, placement.Id, "Another child's placement", "user-1", "Sam", Now);

        child.UpdateDetails(TestData.ChildDetails(D("2012-05-05")), Later);

        Assert.Equal(D("2012-05-05"), child.DateOfBirth);
    }

    [Fact]
    public void The_rules_context_shows_only_standing_records()
    {
        var child = NewChild();
        var kept = child.Refer(D("2025-01-06"));
        var errored = child.Refer(D("2025-05-06"));
        child.MarkEnteredInError(HistoryRecordKind.Referral, errored.Id, "Wrong child", "user-1", "Sam", Now);

        var context = Context(child);

        Assert.Equal([kept], context.Referrals);
        Assert.Equal(2, child.Referrals.Count);
    }
}
