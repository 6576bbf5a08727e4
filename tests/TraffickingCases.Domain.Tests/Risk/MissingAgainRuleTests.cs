using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// RR-13: missing again within 7 days of the return, or before the return interview; high when both; flagged for 30 days
/// from the new episode, each episode its own occurrence.
/// </summary>
public class MissingAgainRuleTests
{
    private static readonly DateTimeOffset FirstReturn = Noon("2025-06-06");

    private readonly MissingAgainRule _rule = new();

    [Fact]
    public void A_single_episode_raises_nothing()
    {
        var child = NewChild();
        child.Returned(FirstReturn);

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_again_two_days_after_returning_with_no_interview_raises_high()
    {
        var child = NewChild();
        child.Returned(FirstReturn);
        var again = child.MissingForAnHour(Noon("2025-06-08"));

        var finding = Fires(_rule.Judge(child), "RR-13", Severity.High);

        Assert.Equal("Went missing again 2025-06-08 12:00, 2 days after returning on 2025-06-06 12:00, before the return interview", finding.Evidence);
        Assert.Equal(again.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Missing_again_soon_after_an_interview_was_completed_raises_medium()
    {
        var child = NewChild();
        child.Returned(FirstReturn, completed: FirstReturn.AddHours(20));
        child.MissingForAnHour(Noon("2025-06-08"));

        var finding = Fires(_rule.Judge(child), "RR-13", Severity.Medium);

        Assert.Equal("Went missing again 2025-06-08 12:00, 2 days after returning on 2025-06-06 12:00", finding.Evidence);
    }

    [Fact]
    public void Missing_again_ten_days_later_before_any_interview_raises_medium()
    {
        var child = NewChild();
        var returned = Noon("2025-05-20");
        child.Returned(returned);
        child.MissingForAnHour(Noon("2025-05-30"));

        var finding = Fires(_rule.Judge(child), "RR-13", Severity.Medium);

        Assert.Equal("Went missing again 2025-05-30 12:00, before the return interview after the return on 2025-05-20 12:00", finding.Evidence);
    }

    [Fact]
    public void Missing_again_weeks_after_a_return_with_no_interview_recorded_is_not_before_an_outstanding_interview()
    {
        var child = NewChild();
        child.Returned(Noon("2025-05-20"));
        child.MissingForAnHour(Noon("2025-06-10"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_again_weeks_later_after_the_interview_raises_nothing()
    {
        var child = NewChild();
        var returned = Noon("2025-05-20");
        child.Returned(returned, completed: returned.AddHours(30));
        child.MissingForAnHour(Noon("2025-06-10"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_declined_interview_is_not_outstanding()
    {
        var late = NewChild();
        late.Returned(Noon("2025-05-20"), declined: true);
        late.MissingForAnHour(Noon("2025-06-10"));
        var soon = NewChild();
        soon.Returned(FirstReturn, declined: true);
        soon.MissingForAnHour(Noon("2025-06-08"));

        Assert.Null(_rule.Judge(late));
        Fires(_rule.Judge(soon), "RR-13", Severity.Medium);
    }

    [Fact]
    public void An_interview_completed_after_the_child_went_missing_again_was_still_outstanding_then()
    {
        var child = NewChild();
        var returned = Noon("2025-05-20");
        child.Returned(returned, completed: Noon("2025-06-01"));
        child.MissingForAnHour(Noon("2025-05-30"));

        var finding = Fires(_rule.Judge(child), "RR-13", Severity.Medium);

        Assert.Contains("before the return interview", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_7_days_after_the_return_is_soon_and_a_minute_more_is_not()
    {
        var soon = NewChild();
        soon.Returned(FirstReturn, completed: FirstReturn.AddHours(1));
        soon.MissingForAnHour(FirstReturn.AddDays(7));
        var notSoon = NewChild();
        notSoon.Returned(FirstReturn, completed: FirstReturn.AddHours(1));
        notSoon.MissingForAnHour(FirstReturn.AddDays(7).AddMinutes(1));

        Fires(_rule.Judge(soon), "RR-13", Severity.Medium);
        Assert.Null(_rule.Judge(notSoon));
    }

    [Fact]
    public void A_child_still_missing_again_is_flagged()
    {
        var child = NewChild();
        child.Returned(FirstReturn);
        var ongoing = child.WentMissing(Noon("2025-06-08"));

        Assert.Equal(ongoing.Id.ToString(), Fires(_rule.Judge(child), "RR-13", Severity.High).OccurrenceKey);
    }

    [Fact]
    public void The_flag_lasts_30_days_from_the_new_episode()
    {
        var child = NewChild();
        child.Returned(FirstReturn);
        var again = child.MissingForAnHour(Noon("2025-06-08"));
        var end = again.WentMissingAt.AddDays(30);

        Fires(_rule.Judge(child, end.AddTicks(-1)), "RR-13", Severity.High);
        Assert.Null(_rule.Judge(child, end));
    }

    [Fact]
    public void An_episode_recorded_ahead_raises_nothing_until_it_begins()
    {
        var child = NewChild();
        child.Returned(FirstReturn);
        var ahead = child.WentMissing(Now.AddHours(2), recordedAt: Now.AddHours(3));

        Assert.Null(_rule.Judge(child));
        Assert.Equal(ahead.Id.ToString(), Fires(_rule.Judge(child, ahead.WentMissingAt), "RR-13", Severity.Medium).OccurrenceKey);
    }

    [Fact]
    public void Each_episode_is_its_own_occurrence()
    {
        var child = NewChild();
        child.Returned(Noon("2025-06-01"));
        var second = child.Returned(Noon("2025-06-04"));
        var before = _rule.Judge(child);
        var third = child.MissingForAnHour(Noon("2025-06-10"));
        var after = _rule.Judge(child);

        Assert.Equal(second.Id.ToString(), before!.OccurrenceKey);
        Assert.Equal(third.Id.ToString(), after!.OccurrenceKey);
    }

    [Fact]
    public void Only_the_latest_two_episodes_are_compared()
    {
        var child = NewChild();
        child.Returned(Noon("2025-05-01"));
        child.Returned(Noon("2025-05-03"));
        var returned = Noon("2025-05-20");
        child.Returned(returned, completed: returned.AddHours(2));
        child.MissingForAnHour(Noon("2025-06-10"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void The_days_are_configurable()
    {
        var child = NewChild();
        child.Returned(FirstReturn, completed: FirstReturn.AddHours(1));
        var again = child.MissingForAnHour(Noon("2025-06-08"));

        Assert.Null(_rule.Judge(child, thresholds: new RuleThresholds { MissingAgainWithinDays = 1 }));
        Assert.Null(_rule.Judge(child, again.WentMissingAt.AddDays(5), thresholds: new RuleThresholds { MissingAgainFlagDays = 5 }));
        Fires(_rule.Judge(child, again.WentMissingAt.AddDays(5).AddTicks(-1), thresholds: new RuleThresholds { MissingAgainFlagDays = 5 }), "RR-13", Severity.Medium);
    }

    [Fact]
    public void A_flag_ends_30_days_after_its_episode_began()
    {
        var child = NewChild();
        child.Returned(FirstReturn);
        var again = child.MissingForAnHour(Noon("2025-06-08"));

        Assert.Equal("Older than 30 days", _rule.EndReason(child, again.Id.ToString(), again.WentMissingAt.AddDays(30)));
    }

    [Fact]
    public void A_flag_for_an_earlier_episode_ends_when_a_later_one_raises_its_own()
    {
        var child = NewChild();
        child.Returned(Noon("2025-06-01"));
        var second = child.Returned(Noon("2025-06-04"));
        child.MissingForAnHour(Noon("2025-06-10"));

        Assert.Equal("A later episode raised its own flag, or the dates changed", _rule.EndReason(child, second.Id.ToString()));
    }
}
