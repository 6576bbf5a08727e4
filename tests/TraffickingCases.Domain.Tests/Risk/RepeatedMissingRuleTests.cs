using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>RR-03: repeated episodes in the last 30 days (high at three); each new episode is a new occurrence.</summary>
public class RepeatedMissingRuleTests
{
    private static readonly TimeSpan OneMinute = TimeSpan.FromMinutes(1);

    private readonly RepeatedMissingRule _rule = new();

    private static DateTimeOffset DaysAgo(double days) => Now - TimeSpan.FromDays(days);

    [Fact]
    public void No_episodes_raise_nothing()
    {
        Assert.Null(_rule.Judge(NewChild()));
    }

    [Fact]
    public void One_episode_in_30_days_raises_nothing()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(5));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Two_episodes_in_30_days_raise_medium()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(30) + OneMinute);
        var latest = child.MissingForAnHour(Noon("2025-06-10"));

        var finding = Fires(_rule.Judge(child), "RR-03", Severity.Medium);

        Assert.Equal(
            "2 missing episodes in the last 30 days; latest went missing 2025-06-10 12:00",
            finding.Evidence);
        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Two_episodes_when_the_earlier_is_just_outside_30_days_raise_nothing()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(30) - OneMinute);
        child.MissingForAnHour(DaysAgo(5));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Three_episodes_in_30_days_raise_high()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(25));
        child.MissingForAnHour(DaysAgo(12));
        child.MissingForAnHour(DaysAgo(5));

        var finding = Fires(_rule.Judge(child), "RR-03", Severity.High);

        Assert.StartsWith("3 missing episodes in the last 30 days; latest", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_episode_still_going_on_counts()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(20));
        var ongoing = child.WentMissing(HoursBefore(Now, 3));

        var finding = Fires(_rule.Judge(child), "RR-03", Severity.Medium);

        Assert.Equal(ongoing.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Episodes_outside_the_window_raise_nothing_however_many()
    {
        // ECPAT UK's typical child who goes missing: about 8 a year. A yearly count would flag them all year.
        var child = NewChild();
        for (var i = 0; i < 9; i++)
        {
            child.MissingForAnHour(DaysAgo(31 + (30 * i)));
        }

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Older_episodes_do_not_add_to_the_count()
    {
        var child = NewChild();
        for (var i = 0; i < 5; i++)
        {
            child.MissingForAnHour(DaysAgo(35 + (20 * i)));
        }

        child.MissingForAnHour(DaysAgo(20));
        child.MissingForAnHour(DaysAgo(1));

        var finding = Fires(_rule.Judge(child), "RR-03", Severity.Medium);

        Assert.StartsWith("2 missing episodes in the last 30 days; latest", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_windows_and_counts_are_configurable()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(40));
        child.MissingForAnHour(DaysAgo(10));

        Assert.Null(_rule.Judge(child));
        var finding = Fires(_rule.Judge(child, thresholds: new RuleThresholds { MissingShortWindowDays = 60 }), "RR-03", Severity.Medium);
        Assert.StartsWith("2 missing episodes in the last 60 days; latest", finding.Evidence, StringComparison.Ordinal);
        Fires(_rule.Judge(child, thresholds: new RuleThresholds { MissingShortWindowDays = 60, MissingShortWindowHighCount = 2 }), "RR-03", Severity.High);
        Assert.Null(_rule.Judge(child, thresholds: new RuleThresholds { MissingShortWindowDays = 60, MissingShortWindowCount = 3, MissingShortWindowHighCount = 3 }));
    }

    [Fact]
    public void Each_new_episode_is_a_new_occurrence()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(25));
        var second = child.MissingForAnHour(DaysAgo(15));
        var before = Fires(_rule.Judge(child), "RR-03", Severity.Medium);

        var third = child.MissingForAnHour(DaysAgo(2));
        var after = Fires(_rule.Judge(child), "RR-03", Severity.High);

        Assert.Equal(second.Id.ToString(), before.OccurrenceKey);
        Assert.Equal(third.Id.ToString(), after.OccurrenceKey);
    }

    [Fact]
    public void An_episode_recorded_ahead_does_not_count_until_it_begins()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(20));
        var ahead = child.WentMissing(Now.AddHours(2), Now.AddHours(3), recordedAt: Now.AddHours(4));

        Assert.Null(_rule.Judge(child));
        Assert.Equal(ahead.Id.ToString(), Fires(_rule.Judge(child, Now.AddHours(2)), "RR-03", Severity.Medium).OccurrenceKey);
    }

    [Fact]
    public void A_flag_for_an_earlier_episode_ends_when_a_later_one_raises_its_own()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(25));
        var second = child.MissingForAnHour(DaysAgo(15));
        child.MissingForAnHour(DaysAgo(2));

        Assert.Equal("A later episode raised its own flag", _rule.EndReason(child, second.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_when_too_few_episodes_are_left_in_the_window()
    {
        var child = NewChild();
        child.MissingForAnHour(DaysAgo(25));
        var latest = child.MissingForAnHour(DaysAgo(10));
        Fires(_rule.Judge(child), "RR-03", Severity.Medium);

        Assert.Null(_rule.Judge(child, Now.AddDays(6)));
        Assert.Equal("Fewer than 2 episodes in the last 30 days", _rule.EndReason(child, latest.Id.ToString(), Now.AddDays(6)));
    }
}
