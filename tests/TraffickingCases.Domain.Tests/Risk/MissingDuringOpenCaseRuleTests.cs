using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>RR-02: an episode in the last 30 days, during an NRM case, while a case is still open.</summary>
public class MissingDuringOpenCaseRuleTests
{
    private readonly MissingDuringOpenCaseRule _rule = new();

    [Fact]
    public void Missing_recently_while_the_RG_decision_is_pending_raises_high()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        var episode = child.MissingForAnHour(Noon("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Equal(
            "Went missing 2025-06-01 12:00 while the NRM case referred on 2025-03-03 was open (Reasonable Grounds decision pending)",
            finding.Evidence);
        Assert.Equal(episode.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Missing_on_the_referral_date_counts_as_during_the_case()
    {
        var child = NewChild();
        child.Refer(D("2025-06-01"));
        child.MissingForAnHour(Noon("2025-06-01"));

        Fires(_rule.Judge(child), "RR-02", Severity.High);
    }

    [Fact]
    public void Missing_only_before_the_referral_raises_nothing()
    {
        var child = NewChild();
        child.MissingForAnHour(Noon("2025-06-01"));
        child.Refer(D("2025-06-02"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_with_no_referral_raises_nothing()
    {
        var child = NewChild();
        child.MissingForAnHour(Noon("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_after_a_positive_RG_while_the_CG_decision_is_pending_says_so()
    {
        var child = NewChild();
        child.Refer(TestData.PositiveRg(D("2025-03-10")));
        child.MissingForAnHour(Noon("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Contains("(positive Reasonable Grounds, Conclusive Grounds pending)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_on_the_day_of_the_positive_RG_counts_as_after_it()
    {
        var child = NewChild();
        child.Refer(TestData.PositiveRg(D("2025-06-01")));
        child.MissingForAnHour(Noon("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Contains("(positive Reasonable Grounds, Conclusive Grounds pending)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_after_a_negative_RG_raises_nothing()
    {
        var child = NewChild();
        child.ReferClosed(D("2025-03-03"), decided: D("2025-03-10"));
        child.MissingForAnHour(Noon("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_before_a_later_negative_RG_raises_nothing_once_the_case_is_closed()
    {
        var child = NewChild();
        child.ReferClosed(D("2025-03-03"), decided: D("2025-06-10"));
        child.MissingForAnHour(Noon("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_during_a_case_since_closed_raises_high_while_another_case_is_open()
    {
        var child = NewChild();
        child.ReferClosed(D("2025-03-03"), decided: D("2025-06-05"));
        child.Refer(D("2025-06-10"));
        child.MissingForAnHour(Noon("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Contains("while the NRM case referred on 2025-03-03 was open (Reasonable Grounds decision pending)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_before_the_CG_decision_raises_nothing_once_the_CG_decision_is_made()
    {
        var child = NewChild();
        child.Refer(TestData.PositiveRg(D("2025-03-10")) with { CgOutcome = DecisionOutcome.Positive, CgDecisionDate = D("2025-06-10") });
        child.MissingForAnHour(Noon("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_after_the_case_was_withdrawn_raises_nothing()
    {
        var child = NewChild();
        child.Refer(TestData.Referral() with { WithdrawnOn = D("2025-05-20"), WithdrawalReason = "Family returned home" });
        child.MissingForAnHour(Noon("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void An_episode_two_years_ago_on_a_closed_case_raises_nothing()
    {
        var child = NewChild();
        child.ReferClosed(D("2023-05-01"), decided: D("2023-08-01"));
        child.MissingForAnHour(Noon("2023-06-15"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void An_episode_two_years_ago_raises_nothing_even_while_the_case_is_open()
    {
        var child = NewChild();
        child.Refer(D("2023-05-01"));
        child.MissingForAnHour(Noon("2023-06-15"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void An_episode_just_inside_30_days_raises_high_and_one_exactly_30_days_ago_raises_nothing()
    {
        var inside = NewChild();
        inside.Refer(D("2025-05-01"));
        inside.MissingForAnHour(Now.AddDays(-30).AddMinutes(1));
        var outside = NewChild();
        outside.Refer(D("2025-05-01"));
        outside.MissingForAnHour(Now.AddDays(-30));

        Fires(_rule.Judge(inside), "RR-02", Severity.High);
        Assert.Null(_rule.Judge(outside));
    }

    [Fact]
    public void The_latest_episode_during_an_open_case_is_the_occurrence()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        child.MissingForAnHour(Noon("2025-05-20"));
        var latest = child.MissingForAnHour(Noon("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
        Assert.StartsWith("Went missing 2025-06-01 12:00", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_later_episode_between_cases_does_not_hide_an_earlier_one_during_a_case()
    {
        var child = NewChild();
        child.Refer(TestData.Referral(D("2025-03-03")) with { WithdrawnOn = D("2025-05-25"), WithdrawalReason = "Moved area" });
        child.Refer(D("2025-06-10"));
        var during = child.MissingForAnHour(Noon("2025-05-20"));
        child.MissingForAnHour(Noon("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Equal(during.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void The_recent_days_are_configurable()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        child.MissingForAnHour(Noon("2025-05-01"));

        Assert.Null(_rule.Judge(child));
        Assert.Null(_rule.Judge(child, thresholds: new RuleThresholds { MissingDuringOpenCaseRecentDays = 40 }));
        Fires(_rule.Judge(child, thresholds: new RuleThresholds { MissingDuringOpenCaseRecentDays = 60 }), "RR-02", Severity.High);
    }

    [Fact]
    public void A_flag_ends_with_Case_closed_when_the_case_closes()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-03-03"));
        var episode = child.MissingForAnHour(Noon("2025-06-01"));
        Fires(_rule.Judge(child), "RR-02", Severity.High);

        child.UpdateReferral(referral.Id, referral.ToDetails() with { WithdrawnOn = D("2025-06-10"), WithdrawalReason = "Consent withdrawn" }, Now);

        Assert.Null(_rule.Judge(child));
        Assert.Equal("Case closed", _rule.EndReason(child, episode.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_when_its_episode_is_older_than_30_days()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        var episode = child.MissingForAnHour(Noon("2025-06-01"));
        var later = episode.WentMissingAt.AddDays(30);

        Fires(_rule.Judge(child, later.AddMinutes(-1)), "RR-02", Severity.High);
        Assert.Null(_rule.Judge(child, later));
        Assert.Equal("Episode older than 30 days", _rule.EndReason(child, episode.Id.ToString(), later));
    }

    [Fact]
    public void A_flag_for_an_earlier_episode_ends_when_a_later_one_raises_its_own()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        var first = child.MissingForAnHour(Noon("2025-05-20"));
        child.MissingForAnHour(Noon("2025-06-01"));

        Assert.Equal("A later episode raised its own flag", _rule.EndReason(child, first.Id.ToString()));
    }
}
