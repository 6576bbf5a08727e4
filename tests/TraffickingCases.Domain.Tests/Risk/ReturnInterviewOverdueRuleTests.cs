using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class ReturnInterviewOverdueRuleTests
{
    private readonly ReturnInterviewOverdueRule _rule = new();

    private static MissingEpisode Returned(Child child, DateTimeOffset returnedAt, DateTimeOffset? offered = null, DateTimeOffset? completed = null, bool declined = false) =>
        child.RecordEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = returnedAt.AddHours(-6),
            ReturnedAt = returnedAt,
            ReturnInterviewOfferedAt = offered,
            ReturnInterviewCompletedAt = completed,
            ReturnInterviewDeclined = declined,
        });

    [Fact]
    public void No_return_yet_raises_nothing()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 200));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Just_under_72_hours_after_return_without_an_interview_raises_nothing()
    {
        var child = NewChild();
        Returned(child, HoursBefore(Now, 71.99));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Exactly_72_hours_after_return_without_an_interview_raises_nothing()
    {
        var child = NewChild();
        Returned(child, HoursBefore(Now, 72));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Just_over_72_hours_after_return_without_an_interview_raises_medium()
    {
        var child = NewChild();
        var episode = Returned(child, HoursBefore(Now, 72).AddMinutes(-1));

        var finding = Fires(_rule.Judge(child), "RR-05", Severity.Medium);

        Assert.StartsWith("Returned 2025-06-12 12:59; return interview not offered or completed after 72 hours", finding.Evidence, StringComparison.Ordinal);
        Assert.Equal(episode.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void An_interview_offered_but_not_completed_is_overdue_and_says_when_it_was_offered()
    {
        var child = NewChild();
        var returned = HoursBefore(Now, 100);
        Returned(child, returned, offered: returned.AddHours(10));

        var finding = Fires(_rule.Judge(child), "RR-05", Severity.Medium);

        Assert.Contains("offered 2025-06-11 19:00 but not completed after 100 hours", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interview_completed_exactly_72_hours_after_return_raises_nothing()
    {
        var child = NewChild();
        var returned = HoursBefore(Now, 200);
        Returned(child, returned, completed: returned.AddHours(72));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void An_interview_completed_after_72_hours_raises_medium()
    {
        var child = NewChild();
        var returned = HoursBefore(Now, 200);
        Returned(child, returned, completed: returned.AddHours(80));

        var finding = Fires(_rule.Judge(child), "RR-05", Severity.Medium);

        Assert.Contains("was completed 80 hours after return", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interview_completed_a_minute_late_raises_medium()
    {
        var child = NewChild();
        var returned = HoursBefore(Now, 200);
        Returned(child, returned, completed: returned.AddHours(72).AddMinutes(1));

        Fires(_rule.Judge(child), "RR-05", Severity.Medium);
    }

    [Fact]
    public void A_declined_interview_raises_nothing()
    {
        var child = NewChild();
        Returned(child, HoursBefore(Now, 500), declined: true);

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Only_the_latest_return_is_judged()
    {
        var child = NewChild();
        Returned(child, HoursBefore(Now, 500));
        var latest = HoursBefore(Now, 100);
        Returned(child, latest, completed: latest.AddHours(2));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void The_due_hours_are_configurable()
    {
        var child = NewChild();
        Returned(child, HoursBefore(Now, 25));

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, thresholds: new RuleThresholds { ReturnInterviewDueHours = 24 }), "RR-05", Severity.Medium);
    }
}
