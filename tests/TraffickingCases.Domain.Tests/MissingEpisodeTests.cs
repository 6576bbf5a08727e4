using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Tests;

public class MissingEpisodeTests
{
    private static readonly DateTimeOffset WentMissing = TestData.Utc(2025, 6, 1, 20);
    private static readonly DateTimeOffset Returned = TestData.Utc(2025, 6, 3, 9);

    private readonly Child _child = TestData.Child();

    private MissingEpisode Record(MissingEpisodeDetails details) => _child.RecordMissingEpisode(details, TestData.Now);

    // When the child went missing and came back

    [Fact]
    public void Return_at_the_same_moment_the_child_went_missing_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing, WentMissing)),
            nameof(MissingEpisodeDetails.ReturnedAt), "The return must be after the time the child went missing");
        Assert.Empty(_child.MissingEpisodes);
    }

    [Fact]
    public void Return_a_minute_after_going_missing_is_accepted()
    {
        var episode = Record(TestData.Missing(WentMissing, WentMissing.AddMinutes(1)));

        Assert.Equal(WentMissing.AddMinutes(1), episode.ReturnedAt);
        Assert.False(episode.IsOngoing);
    }

    [Fact]
    public void Return_in_the_future_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing, TestData.Now.AddMinutes(1))),
            nameof(MissingEpisodeDetails.ReturnedAt), "The return must be in the past");
    }

    [Fact]
    public void Going_missing_in_the_future_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(TestData.Now.AddMinutes(1))),
            nameof(MissingEpisodeDetails.WentMissingAt), "must be in the past");
    }

    [Fact]
    public void A_child_still_missing_is_recorded_as_the_current_episode()
    {
        var episode = Record(TestData.Missing(WentMissing));

        Assert.True(episode.IsOngoing);
        Assert.Same(episode, _child.CurrentMissingEpisode);
    }

    // Return interviews

    [Fact]
    public void Return_interview_offered_before_the_return_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing, Returned) with { ReturnInterviewOfferedAt = Returned.AddMinutes(-1) }),
            nameof(MissingEpisodeDetails.ReturnInterviewOfferedAt), "cannot be offered before the child returned");
    }

    [Fact]
    public void Return_interview_completed_before_the_return_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing, Returned) with { ReturnInterviewCompletedAt = Returned.AddHours(-2) }),
            nameof(MissingEpisodeDetails.ReturnInterviewCompletedAt), "cannot be completed before the child returned");
    }

    [Fact]
    public void Return_interview_offered_and_completed_after_the_return_is_accepted()
    {
        var episode = Record(TestData.Missing(WentMissing, Returned) with
        {
            ReturnInterviewOfferedAt = Returned,
            ReturnInterviewCompletedAt = Returned.AddHours(48),
        });

        Assert.Equal(Returned, episode.ReturnInterviewOfferedAt);
        Assert.Equal(Returned.AddHours(48), episode.ReturnInterviewCompletedAt);
    }

    [Fact]
    public void Return_interview_offered_while_the_child_is_still_missing_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing) with { ReturnInterviewOfferedAt = WentMissing.AddHours(1) }),
            nameof(MissingEpisodeDetails.ReturnInterviewOfferedAt), "can only be offered after the child returns");
    }

    [Fact]
    public void Return_interview_completed_while_the_child_is_still_missing_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing) with { ReturnInterviewCompletedAt = WentMissing.AddHours(1) }),
            nameof(MissingEpisodeDetails.ReturnInterviewCompletedAt), "can only be completed after the child returns");
    }

    [Fact]
    public void Return_interview_in_the_future_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing, Returned) with { ReturnInterviewOfferedAt = TestData.Now.AddHours(1) }),
            nameof(MissingEpisodeDetails.ReturnInterviewOfferedAt), "must be in the past");
    }

    [Fact]
    public void Return_interview_both_completed_and_declined_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing, Returned) with
            {
                ReturnInterviewCompletedAt = Returned.AddHours(24),
                ReturnInterviewDeclined = true,
            }),
            nameof(MissingEpisodeDetails.ReturnInterviewDeclined), "cannot be both completed and declined");
    }

    [Fact]
    public void Return_interview_declined_before_the_child_returns_is_refused()
    {
        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing) with { ReturnInterviewDeclined = true }),
            nameof(MissingEpisodeDetails.ReturnInterviewDeclined), "can only be declined after the child returns");
    }

    [Fact]
    public void Return_interview_declined_after_the_return_is_accepted()
    {
        var episode = Record(TestData.Missing(WentMissing, Returned) with
        {
            ReturnInterviewOfferedAt = Returned.AddHours(3),
            ReturnInterviewDeclined = true,
        });

        Assert.True(episode.ReturnInterviewDeclined);
    }

    // One episode at a time

    [Fact]
    public void A_second_episode_while_the_child_is_still_missing_is_refused()
    {
        Record(TestData.Missing(WentMissing));

        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing.AddDays(2))),
            nameof(MissingEpisodeDetails.WentMissingAt), "already recorded as missing");
        Assert.Single(_child.MissingEpisodes);
    }

    [Fact]
    public void An_episode_overlapping_a_closed_episode_is_refused()
    {
        Record(TestData.Missing(WentMissing, Returned));

        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing.AddHours(-3), WentMissing.AddHours(1))),
            nameof(MissingEpisodeDetails.WentMissingAt), "overlaps the episode from");
    }

    [Fact]
    public void An_open_episode_that_began_before_a_closed_one_is_refused()
    {
        Record(TestData.Missing(WentMissing, Returned));

        Refusal.Expect(
            () => Record(TestData.Missing(WentMissing.AddDays(-1))),
            nameof(MissingEpisodeDetails.WentMissingAt), "overlaps the episode from");
    }

    [Fact]
    public void Episodes_that_do_not_overlap_are_accepted_including_back_to_back()
    {
        Record(TestData.Missing(WentMissing, Returned));
        Record(TestData.Missing(Returned, Returned.AddHours(6)));
        Record(TestData.Missing(TestData.Utc(2025, 6, 10, 22)));

        Assert.Equal(3, _child.MissingEpisodes.Count);
        Assert.Equal(TestData.Utc(2025, 6, 10, 22), _child.CurrentMissingEpisode?.WentMissingAt);
    }

    [Fact]
    public void An_earlier_episode_can_be_recorded_while_the_child_is_missing_now()
    {
        Record(TestData.Missing(TestData.Utc(2025, 6, 10, 22)));

        Record(TestData.Missing(WentMissing, Returned));

        Assert.Equal(2, _child.MissingEpisodes.Count);
    }

    // Editing an episode

    [Fact]
    public void Recording_the_return_on_the_current_episode_does_not_conflict_with_itself()
    {
        var episode = Record(TestData.Missing(WentMissing));

        _child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnedAt = Returned }, TestData.Now);

        Assert.Equal(Returned, episode.ReturnedAt);
        Assert.Null(_child.CurrentMissingEpisode);
    }

    [Fact]
    public void Editing_an_episode_so_it_overlaps_another_is_refused()
    {
        Record(TestData.Missing(WentMissing, Returned));
        var later = Record(TestData.Missing(TestData.Utc(2025, 6, 10, 22), TestData.Utc(2025, 6, 11, 8)));

        Refusal.Expect(
            () => _child.UpdateMissingEpisode(later.Id, later.ToDetails() with { WentMissingAt = Returned.AddHours(-1) }, TestData.Now),
            nameof(MissingEpisodeDetails.WentMissingAt), "overlaps the episode from");
        Assert.Equal(TestData.Utc(2025, 6, 10, 22), later.WentMissingAt);
    }

    // Duration

    [Fact]
    public void Duration_of_a_closed_episode_runs_from_going_missing_to_the_return()
    {
        var episode = Record(TestData.Missing(WentMissing, Returned));

        Assert.Equal(TimeSpan.FromHours(37), episode.DurationAt(TestData.Now));
    }

    [Fact]
    public void Duration_of_an_open_episode_runs_to_now()
    {
        var episode = Record(TestData.Missing(TestData.Utc(2025, 6, 14, 12)));

        Assert.Equal(TimeSpan.FromHours(24), episode.DurationAt(TestData.Now));
        Assert.Equal(TimeSpan.FromHours(30), episode.DurationAt(TestData.Now.AddHours(6)));
    }

    [Fact]
    public void Times_entered_with_a_UK_offset_are_kept_as_the_same_instant()
    {
        var bst = new DateTimeOffset(2025, 6, 1, 21, 0, 0, TimeSpan.FromHours(1));

        var episode = Record(TestData.Missing(bst));

        Assert.Equal(WentMissing, episode.WentMissingAt);
        Assert.Equal(TimeSpan.Zero, episode.WentMissingAt.Offset);
    }
}
