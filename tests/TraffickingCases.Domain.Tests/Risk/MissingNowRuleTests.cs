using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// RR-04 from hour 0: medium only when reported to police, graded very low, low or medium, and whereabouts known; high at once
/// otherwise; high for every child at 24 hours; a strategy discussion due at 72 hours; ends when the child returns.
/// </summary>
public class MissingNowRuleTests
{
    private readonly MissingNowRule _rule = new();

    /// <summary>A child missing since <paramref name="hoursAgo"/> hours before now, reported to police an hour later when asked.</summary>
    private static (Child Child, MissingEpisode Episode) MissingFor(double hoursAgo, bool reported = false, PoliceRiskGrading? grading = null,
        bool whereaboutsKnown = false, string? reference = null)
    {
        var child = NewChild();
        var went = HoursBefore(Now, hoursAgo);
        var episode = child.RecordEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = went,
            ReportedToPoliceAt = reported ? went.AddMinutes(30) : null,
            PoliceReference = reference,
            PoliceRiskGrading = grading,
            WhereaboutsKnown = whereaboutsKnown,
        });
        return (child, episode);
    }

    [Fact]
    public void A_child_who_is_not_missing_raises_nothing()
    {
        var child = NewChild();
        child.WentMissing(HoursBefore(Now, 200), HoursBefore(Now, 100));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_for_one_hour_with_no_police_report_raises_high_at_once()
    {
        var (child, episode) = MissingFor(1);

        var finding = Fires(_rule.Judge(child), "RR-04", Severity.High);

        Assert.StartsWith("Missing since 2025-06-15 12:00 (", finding.Evidence, StringComparison.Ordinal);
        Assert.EndsWith("); no report to police recorded; whereabouts not known", finding.Evidence, StringComparison.Ordinal);
        Assert.Equal(episode.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void At_the_very_moment_the_child_goes_missing_the_flag_is_raised()
    {
        var (child, episode) = MissingFor(0);

        var finding = Fires(_rule.Judge(child), "RR-04", Severity.High);

        Assert.Equal(episode.Id.ToString(), finding.OccurrenceKey);
    }

    [Theory]
    [InlineData(PoliceRiskGrading.VeryLow)]
    [InlineData(PoliceRiskGrading.Low)]
    [InlineData(PoliceRiskGrading.Medium)]
    public void Reported_graded_low_to_medium_with_whereabouts_known_is_medium_for_the_first_day(PoliceRiskGrading grading)
    {
        var (child, _) = MissingFor(2, reported: true, grading: grading, whereaboutsKnown: true);

        Fires(_rule.Judge(child), "RR-04", Severity.Medium);
    }

    [Fact]
    public void Graded_high_by_the_police_is_high_at_once()
    {
        var (child, _) = MissingFor(2, reported: true, grading: PoliceRiskGrading.High, whereaboutsKnown: true);

        var finding = Fires(_rule.Judge(child), "RR-04", Severity.High);

        Assert.Contains("graded high risk", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Reported_without_a_grading_is_high_at_once()
    {
        var (child, _) = MissingFor(2, reported: true, whereaboutsKnown: true);

        var finding = Fires(_rule.Judge(child), "RR-04", Severity.High);

        Assert.Contains("no police risk grading recorded", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Whereabouts_not_known_is_high_at_once_whatever_the_grading()
    {
        var (child, _) = MissingFor(2, reported: true, grading: PoliceRiskGrading.VeryLow, whereaboutsKnown: false);

        Fires(_rule.Judge(child), "RR-04", Severity.High);
    }

    [Fact]
    public void A_grading_without_a_police_report_is_high()
    {
        var (child, _) = MissingFor(2, grading: PoliceRiskGrading.Low, whereaboutsKnown: true);

        Fires(_rule.Judge(child), "RR-04", Severity.High);
    }

    [Fact]
    public void The_police_report_reference_grading_and_whereabouts_are_in_the_evidence()
    {
        var (child, _) = MissingFor(5, reported: true, grading: PoliceRiskGrading.VeryLow, whereaboutsKnown: true, reference: "PR-123");

        var finding = Fires(_rule.Judge(child), "RR-04", Severity.Medium);

        Assert.Equal(
            "Missing since 2025-06-15 08:00 (5 hours); reported to police 2025-06-15 08:30 (PR-123), graded very low risk; whereabouts known",
            finding.Evidence);
    }

    [Fact]
    public void A_reassuring_episode_is_medium_until_24_hours_then_high()
    {
        var (child, episode) = MissingFor(30, reported: true, grading: PoliceRiskGrading.Low, whereaboutsKnown: true);

        Fires(_rule.Judge(child, episode.WentMissingAt.AddHours(24).AddTicks(-1)), "RR-04", Severity.Medium);
        Fires(_rule.Judge(child, episode.WentMissingAt.AddHours(24)), "RR-04", Severity.High);
    }

    [Fact]
    public void Every_child_still_missing_at_24_hours_is_high()
    {
        var (child, _) = MissingFor(24, reported: true, grading: PoliceRiskGrading.VeryLow, whereaboutsKnown: true);

        Fires(_rule.Judge(child), "RR-04", Severity.High);
    }

    [Fact]
    public void At_72_hours_the_flag_says_a_strategy_discussion_is_due_and_not_before()
    {
        var (child, episode) = MissingFor(80);

        var before = Fires(_rule.Judge(child, episode.WentMissingAt.AddHours(72).AddTicks(-1)), "RR-04", Severity.High);
        var at = Fires(_rule.Judge(child, episode.WentMissingAt.AddHours(72)), "RR-04", Severity.High);

        Assert.DoesNotContain("strategy discussion", before.Evidence, StringComparison.Ordinal);
        Assert.EndsWith("(72 hours); no report to police recorded; whereabouts not known; a strategy discussion is due", at.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_episode_keeps_one_occurrence_as_it_escalates()
    {
        var (child, episode) = MissingFor(80, reported: true, grading: PoliceRiskGrading.Low, whereaboutsKnown: true);

        var keys = new[] { 1, 25, 73 }.Select(h => _rule.Judge(child, episode.WentMissingAt.AddHours(h))!.OccurrenceKey).Distinct();

        Assert.Equal(new[] { episode.Id.ToString() }, keys);
    }

    [Fact]
    public void An_episode_recorded_ahead_raises_nothing_until_it_begins()
    {
        var child = NewChild();
        var ahead = child.WentMissing(Now.AddHours(2), recordedAt: Now.AddHours(3));

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, ahead.WentMissingAt), "RR-04", Severity.High);
    }

    [Fact]
    public void After_the_return_nothing_is_raised_and_the_flag_ends_saying_when_the_child_returned()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 10), HoursBefore(Now, 2));

        Assert.Null(_rule.Judge(child));
        Assert.Equal("Returned 2025-06-15 11:00", _rule.EndReason(child, episode.Id.ToString()));
    }

    [Theory]
    [InlineData(11.9, Severity.Medium, false)]
    [InlineData(12, Severity.High, false)]
    [InlineData(47.9, Severity.High, false)]
    [InlineData(48, Severity.High, true)]
    public void The_hours_are_configurable(double hoursMissing, Severity expected, bool strategy)
    {
        var (child, _) = MissingFor(hoursMissing, reported: true, grading: PoliceRiskGrading.Low, whereaboutsKnown: true);
        var thresholds = new RuleThresholds { MissingNowHighHours = 12, MissingStrategyDiscussionHours = 48 };

        var finding = Fires(_rule.Judge(child, thresholds: thresholds), "RR-04", expected);

        Assert.Equal(strategy, finding.Evidence.Contains("strategy discussion", StringComparison.Ordinal));
    }
}
