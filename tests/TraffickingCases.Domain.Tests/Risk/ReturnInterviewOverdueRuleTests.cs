using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// RR-05: flagged from 72 hours after the return until 14 days after it, while the interview is outstanding; a completed or
/// declined interview ends it; lateness itself is not flagged.
/// </summary>
public class ReturnInterviewOverdueRuleTests
{
    private readonly ReturnInterviewOverdueRule _rule = new();

    [Fact]
    public void No_return_yet_raises_nothing()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 200));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Just_under_72_hours_after_return_raises_nothing()
    {
        var child = NewChild();
        child.Returned(HoursBefore(Now, 71.99));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Exactly_72_hours_after_return_raises_nothing()
    {
        var child = NewChild();
        child.Returned(HoursBefore(Now, 72));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Just_over_72_hours_after_return_with_no_interview_raises_medium()
    {
        var child = NewChild();
        var episode = child.Returned(HoursBefore(Now, 72).AddMinutes(-1));

        var finding = Fires(_rule.Judge(child), "RR-05", Severity.Medium);

        Assert.Equal("Returned 2025-06-12 12:59; return interview not yet offered after 72 hours (due within 72 hours)", finding.Evidence);
        Assert.Equal(episode.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void An_interview_offered_but_not_completed_says_when_it_was_offered()
    {
        var child = NewChild();
        var returned = HoursBefore(Now, 100);
        child.Returned(returned, offered: returned.AddHours(10));

        var finding = Fires(_rule.Judge(child), "RR-05", Severity.Medium);

        Assert.Equal("Returned 2025-06-11 09:00; return interview offered 2025-06-11 19:00, not yet completed after 100 hours (due within 72 hours)", finding.Evidence);
    }

    [Fact]
    public void The_wording_never_says_not_offered_or_completed()
    {
        var child = NewChild();
        child.Returned(HoursBefore(Now, 100));

        Assert.DoesNotContain("not offered or completed", Fires(_rule.Judge(child), "RR-05", Severity.Medium).Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interview_completed_on_time_raises_nothing()
    {
        var child = NewChild();
        var returned = HoursBefore(Now, 100);
        child.Returned(returned, completed: returned.AddHours(72));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void An_interview_completed_late_is_not_flagged()
    {
        var child = NewChild();
        var returned = HoursBefore(Now, 200);
        child.Returned(returned, completed: returned.AddHours(80));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_declined_interview_is_never_flagged()
    {
        var child = NewChild();
        var returned = HoursBefore(Now, 100);
        child.Returned(returned, declined: true);

        Assert.Null(_rule.Judge(child));
        Assert.Null(_rule.Judge(child, returned.AddHours(73)));
        Assert.Null(_rule.NextChange(child, returned));
    }

    [Fact]
    public void Still_flagged_14_days_after_the_return_and_not_a_tick_later()
    {
        var child = NewChild();
        var episode = child.Returned(Noon("2025-05-20"));
        var lastMoment = episode.ReturnedAt!.Value.AddDays(14);

        Fires(_rule.Judge(child, lastMoment), "RR-05", Severity.Medium);
        Assert.Null(_rule.Judge(child, lastMoment.AddTicks(1)));
    }

    [Fact]
    public void A_return_over_a_year_ago_is_not_flagged()
    {
        var child = NewChild();
        child.Returned(Noon("2024-03-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Only_the_latest_return_is_judged()
    {
        var child = NewChild();
        child.Returned(HoursBefore(Now, 200));
        var latest = HoursBefore(Now, 100);
        child.Returned(latest, completed: latest.AddHours(2));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_child_missing_again_still_has_the_last_returns_interview_flagged()
    {
        var child = NewChild();
        var earlier = child.Returned(HoursBefore(Now, 100));
        child.WentMissing(HoursBefore(Now, 5));

        Assert.Equal(earlier.Id.ToString(), Fires(_rule.Judge(child), "RR-05", Severity.Medium).OccurrenceKey);
    }

    [Fact]
    public void The_due_hours_and_the_days_flagged_are_configurable()
    {
        var child = NewChild();
        child.Returned(HoursBefore(Now, 25));

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, thresholds: new RuleThresholds { ReturnInterviewDueHours = 24 }), "RR-05", Severity.Medium);
        Assert.Null(_rule.Judge(child, Now.AddDays(2), thresholds: new RuleThresholds { ReturnInterviewDueHours = 24, ReturnInterviewOutstandingDays = 2 }));
    }

    [Fact]
    public void A_flag_ends_saying_the_interview_was_completed()
    {
        var child = NewChild();
        var returned = HoursBefore(Now, 100);
        var episode = child.Returned(returned);
        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnInterviewCompletedAt = HoursBefore(Now, 1) }, Now);

        Assert.Null(_rule.Judge(child));
        Assert.Equal("Return interview completed 2025-06-15 12:00", _rule.EndReason(child, episode.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_saying_the_child_declined()
    {
        var child = NewChild();
        var episode = child.Returned(HoursBefore(Now, 100));
        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnInterviewDeclined = true }, Now);

        Assert.Equal("The child declined the return interview", _rule.EndReason(child, episode.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_after_14_days()
    {
        var child = NewChild();
        var episode = child.Returned(HoursBefore(Now, 100));

        Assert.Equal("Older than 14 days after the return", _rule.EndReason(child, episode.Id.ToString(), Now.AddDays(14)));
    }

    [Fact]
    public void A_flag_for_an_earlier_return_ends_when_a_later_return_raises_its_own()
    {
        var child = NewChild();
        var earlier = child.Returned(HoursBefore(Now, 300));
        child.Returned(HoursBefore(Now, 100));

        Assert.Equal("A later return raised its own flag", _rule.EndReason(child, earlier.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_when_the_return_is_taken_off_the_episode()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 110), HoursBefore(Now, 100));
        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnedAt = null }, Now);

        Assert.Equal("The child is recorded as missing again", _rule.EndReason(child, episode.Id.ToString()));
    }
}
