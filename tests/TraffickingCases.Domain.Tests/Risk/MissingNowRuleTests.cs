using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class MissingNowRuleTests
{
    private readonly MissingNowRule _rule = new();

    [Fact]
    public void A_child_who_is_not_missing_raises_nothing()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 200), HoursBefore(Now, 100));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_for_just_under_24_hours_raises_nothing()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 23.99));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_for_exactly_24_hours_raises_nothing()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 24));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_for_just_over_24_hours_raises_medium()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 24).AddMinutes(-1));

        var finding = Fires(_rule.Judge(child), "RR-04", Severity.Medium);

        Assert.Equal("Missing since 2025-06-14 12:59 (24 hours); no report to police recorded", finding.Evidence);
        Assert.Equal(episode.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Missing_for_exactly_72_hours_stays_medium()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 72));

        var finding = Fires(_rule.Judge(child), "RR-04", Severity.Medium);

        Assert.Contains("(72 hours)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_for_just_over_72_hours_raises_high()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 72).AddMinutes(-1));

        var finding = Fires(_rule.Judge(child), "RR-04", Severity.High);

        Assert.Contains("(72 hours)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_police_report_and_reference_are_in_the_evidence()
    {
        var child = NewChild();
        child.RecordEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = HoursBefore(Now, 80),
            ReportedToPoliceAt = HoursBefore(Now, 79),
            PoliceReference = "PR-123",
        });

        var finding = Fires(_rule.Judge(child), "RR-04", Severity.High);

        Assert.Equal("Missing since 2025-06-12 05:00 (80 hours); reported to police 2025-06-12 06:00 (PR-123)", finding.Evidence);
    }

    [Fact]
    public void The_same_episode_goes_from_medium_to_high_as_time_passes()
    {
        var child = NewChild();
        var wentMissing = HoursBefore(Now, 30);
        var episode = child.WentMissing(wentMissing);

        Assert.Null(_rule.Judge(child, now: wentMissing.AddHours(24)));
        var medium = Fires(_rule.Judge(child, now: wentMissing.AddHours(25)), "RR-04", Severity.Medium);
        var high = Fires(_rule.Judge(child, now: wentMissing.AddHours(73)), "RR-04", Severity.High);

        Assert.Equal(episode.Id.ToString(), medium.OccurrenceKey);
        Assert.Equal(medium.OccurrenceKey, high.OccurrenceKey);
    }

    [Theory]
    [InlineData(12, null)]
    [InlineData(13, Severity.Medium)]
    [InlineData(48, Severity.Medium)]
    [InlineData(49, Severity.High)]
    public void The_hours_are_configurable(double hoursMissing, Severity? expected)
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, hoursMissing));
        var thresholds = new RuleThresholds { MissingNowMediumHours = 12, MissingNowHighHours = 48 };

        var finding = _rule.Judge(child, thresholds: thresholds);

        Assert.Equal(expected, finding?.Severity);
    }
}
