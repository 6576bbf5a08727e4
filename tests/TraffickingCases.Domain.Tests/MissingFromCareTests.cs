using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Tests;

/// <summary>Recording a return, the return interview's due time and lateness, and the Philomena Protocol profile.</summary>
public class MissingFromCareTests
{
    private static readonly DateTimeOffset WentMissing = TestData.Utc(2025, 6, 10, 20);
    private static readonly DateTimeOffset Returned = TestData.Utc(2025, 6, 12, 13);
    private static readonly TimeSpan Within72Hours = TimeSpan.FromHours(72);

    private readonly Child _child = TestData.Child();

    // Recording the return

    [Fact]
    public void Recording_the_return_closes_the_episode_and_keeps_its_other_details()
    {
        var episode = _child.RecordMissingEpisode(TestData.Missing(WentMissing) with { PoliceReference = "NS-123", Concerns = "Seen with older men" }, TestData.Now);

        _child.RecordReturn(episode.Id, new ReturnDetails { ReturnedAt = Returned, WhereaboutsKnown = true, ReturnInterviewOfferedAt = Returned.AddHours(2) }, TestData.Now);

        Assert.Null(_child.CurrentMissingEpisode);
        Assert.Equal(Returned, episode.ReturnedAt);
        Assert.True(episode.WhereaboutsKnown);
        Assert.Equal(Returned.AddHours(2), episode.ReturnInterviewOfferedAt);
        Assert.Equal("NS-123", episode.PoliceReference);
        Assert.Equal("Seen with older men", episode.Concerns);
    }

    [Fact]
    public void Recording_a_return_without_its_time_is_refused()
    {
        var episode = _child.RecordMissingEpisode(TestData.Missing(WentMissing), TestData.Now);

        Refusal.Expect(() => _child.RecordReturn(episode.Id, new ReturnDetails(), TestData.Now), nameof(ReturnDetails.ReturnedAt), "Enter when the child returned");
        Assert.True(episode.IsOngoing);
    }

    [Fact]
    public void Recording_a_return_before_the_child_went_missing_is_refused()
    {
        var episode = _child.RecordMissingEpisode(TestData.Missing(WentMissing), TestData.Now);

        Refusal.Expect(() => _child.RecordReturn(episode.Id, new ReturnDetails { ReturnedAt = WentMissing.AddHours(-1) }, TestData.Now),
            nameof(ReturnDetails.ReturnedAt), "The return must be after the time the child went missing");
        Assert.True(episode.IsOngoing);
    }

    [Fact]
    public void Recording_the_return_of_an_episode_already_closed_is_refused_and_changes_nothing()
    {
        var episode = _child.RecordMissingEpisode(TestData.Missing(WentMissing, Returned), TestData.Now);

        Refusal.Expect(() => _child.RecordReturn(episode.Id, new ReturnDetails { ReturnedAt = Returned.AddHours(5) }, TestData.Now),
            nameof(ReturnDetails.ReturnedAt), "The return was already recorded (12 June 2025 14:00)");
        Assert.Equal(Returned, episode.ReturnedAt);
    }

    [Fact]
    public void Recording_the_return_of_an_episode_the_child_does_not_have_is_not_found()
    {
        Assert.Throws<KeyNotFoundException>(() => _child.RecordReturn(Guid.NewGuid(), new ReturnDetails { ReturnedAt = Returned }, TestData.Now));
    }

    // The return interview

    [Fact]
    public void No_return_interview_is_due_while_the_child_is_still_missing()
    {
        var episode = _child.RecordMissingEpisode(TestData.Missing(WentMissing), TestData.Now);

        var status = episode.ReturnInterviewAt(TestData.Now, Within72Hours);

        Assert.Equal(ReturnInterviewState.StillMissing, status.State);
        Assert.False(status.IsOutstanding);
        Assert.Equal(string.Empty, status.Describe());
    }

    [Fact]
    public void The_return_interview_is_due_72_hours_after_the_return_shown_in_uk_time()
    {
        var episode = _child.RecordMissingEpisode(TestData.Missing(WentMissing, Returned), TestData.Now);

        var status = episode.ReturnInterviewAt(Returned.AddHours(1), Within72Hours);

        Assert.Equal(ReturnInterviewState.Due, status.State);
        Assert.Equal(Returned.AddHours(72), status.DueBy);
        Assert.Equal("Return interview due by 15 Jun 14:00", status.Describe());
    }

    [Fact]
    public void At_its_due_time_the_return_interview_is_still_due_and_a_minute_later_overdue()
    {
        var episode = _child.RecordMissingEpisode(TestData.Missing(WentMissing, Returned), TestData.Now);

        Assert.Equal(ReturnInterviewState.Due, episode.ReturnInterviewAt(Returned.AddHours(72), Within72Hours).State);
        var late = episode.ReturnInterviewAt(Returned.AddHours(72).AddMinutes(1), Within72Hours);
        Assert.Equal(ReturnInterviewState.Overdue, late.State);
        Assert.Equal("Return interview overdue by 1 hour", late.Describe());
    }

    [Theory]
    [InlineData(5, "5 hours")]
    [InlineData(24, "1 day")]
    [InlineData(47, "1 day")]
    [InlineData(48, "2 days")]
    [InlineData(24 * 10 + 3, "10 days")]
    public void Lateness_reads_in_hours_then_whole_days(int hoursLate, string expected)
    {
        var episode = _child.RecordMissingEpisode(TestData.Missing(WentMissing, Returned), TestData.Now);

        var status = episode.ReturnInterviewAt(Returned.AddHours(72 + hoursLate), Within72Hours);

        Assert.Equal($"Return interview overdue by {expected}", status.Describe());
        Assert.Equal(TimeSpan.FromHours(hoursLate), status.Overdue);
    }

    [Fact]
    public void The_timescale_comes_from_the_rules_setting()
    {
        var episode = _child.RecordMissingEpisode(TestData.Missing(WentMissing, Returned), TestData.Now);

        var status = episode.ReturnInterviewAt(Returned.AddHours(30), TimeSpan.FromHours(24));

        Assert.Equal(ReturnInterviewState.Overdue, status.State);
        Assert.Equal(Returned.AddHours(24), status.DueBy);
    }

    [Fact]
    public void A_completed_or_declined_return_interview_is_not_outstanding_however_late()
    {
        var completed = _child.RecordMissingEpisode(TestData.Missing(WentMissing, Returned) with { ReturnInterviewCompletedAt = Returned.AddHours(48) }, TestData.Now);
        var declined = _child.RecordMissingEpisode(TestData.Missing(Returned.AddHours(50), Returned.AddHours(52)) with { ReturnInterviewDeclined = true }, TestData.Now);
        var later = TestData.Now.AddDays(10);

        Assert.Equal(ReturnInterviewState.Completed, completed.ReturnInterviewAt(later, Within72Hours).State);
        Assert.Equal(ReturnInterviewState.Declined, declined.ReturnInterviewAt(later, Within72Hours).State);
        Assert.False(completed.ReturnInterviewAt(later, Within72Hours).IsOutstanding);
        Assert.Equal(string.Empty, declined.ReturnInterviewAt(later, Within72Hours).Describe());
    }

    // The Philomena Protocol profile

    [Fact]
    public void A_new_profile_is_empty_until_written()
    {
        var profile = new MissingProfile(_child.Id, "user-1", "Sam Caseworker", TestData.Now);

        Assert.True(profile.IsEmpty);
    }

    [Fact]
    public void The_profile_keeps_each_part_trimmed_and_an_empty_part_as_not_recorded()
    {
        var profile = new MissingProfile(_child.Id, "user-1", "Sam Caseworker", TestData.Now);

        profile.Update(new MissingProfileDetails { Description = "  Tall, slim, scar on left hand \n", Associates = "   ", PhoneNumbers = "07700 900123" }, "user-2", "Alex Manager", TestData.Now.AddHours(1));

        Assert.Equal("Tall, slim, scar on left hand", profile.Description);
        Assert.Null(profile.Associates);
        Assert.Null(profile.Places);
        Assert.Equal("07700 900123", profile.PhoneNumbers);
        Assert.Equal("user-2", profile.UpdatedById);
        Assert.Equal("Alex Manager", profile.UpdatedByName);
        Assert.Equal(TestData.Now.AddHours(1), profile.UpdatedAt);
        Assert.False(profile.IsEmpty);
    }

    [Fact]
    public void Every_part_longer_than_4000_characters_is_refused_at_once_and_nothing_changes()
    {
        var profile = new MissingProfile(_child.Id, "user-1", "Sam Caseworker", TestData.Now);
        profile.Update(new MissingProfileDetails { Description = "Short" }, "user-1", "Sam Caseworker", TestData.Now);
        var tooLong = new string('x', MissingProfile.MaxLength + 1);

        var refused = Assert.Throws<Common.DomainValidationException>(() => profile.Update(
            new MissingProfileDetails { Description = tooLong, Places = tooLong, PhoneNumbers = new string('1', MissingProfile.MaxLength) }, "user-2", "Alex", TestData.Now));

        Assert.Equal(
            [nameof(MissingProfileDetails.Description), nameof(MissingProfileDetails.Places)],
            refused.Errors.Select(e => e.Field));
        Assert.Equal("Places must be 4000 characters or fewer", refused.Errors[1].Message);
        Assert.Equal("Short", profile.Description);
        Assert.Equal("user-1", profile.UpdatedById);
    }
}
