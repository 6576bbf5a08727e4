using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class MissingDuringOpenCaseRuleTests
{
    private readonly MissingDuringOpenCaseRule _rule = new();

    [Fact]
    public void Missing_after_a_referral_while_the_RG_decision_is_pending_raises_high()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        var episode = child.MissingForAnHour(Noon("2025-04-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Equal(
            "Went missing 2025-04-01 12:00 while the NRM case referred on 2025-03-03 was open (Reasonable Grounds decision pending)",
            finding.Evidence);
        Assert.Equal(episode.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Missing_on_the_referral_date_counts_as_during_the_case()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        child.MissingForAnHour(Noon("2025-03-03"));

        Fires(_rule.Judge(child), "RR-02", Severity.High);
    }

    [Fact]
    public void Missing_only_before_the_referral_raises_nothing()
    {
        var child = NewChild();
        child.MissingForAnHour(Noon("2025-03-02"));
        child.Refer(D("2025-03-03"));

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
    public void Missing_after_a_positive_RG_while_the_CG_decision_is_pending_raises_high()
    {
        var child = NewChild();
        child.Refer(TestData.PositiveRg(D("2025-03-10")));
        child.MissingForAnHour(Noon("2025-04-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Contains("(positive Reasonable Grounds, Conclusive Grounds pending)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_after_a_negative_RG_raises_nothing()
    {
        var child = NewChild();
        child.Refer(TestData.Referral() with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-03-10") });
        child.MissingForAnHour(Noon("2025-04-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_before_a_later_negative_RG_raises_high_because_the_case_was_open_then()
    {
        var child = NewChild();
        child.Refer(TestData.Referral() with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-04-10") });
        child.MissingForAnHour(Noon("2025-04-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Contains("(Reasonable Grounds decision pending)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_after_the_CG_decision_raises_nothing()
    {
        var child = NewChild();
        child.Refer(TestData.PositiveRg(D("2025-03-10")) with { CgOutcome = DecisionOutcome.Positive, CgDecisionDate = D("2025-04-20") });
        child.MissingForAnHour(Noon("2025-05-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Missing_before_the_CG_decision_raises_high()
    {
        var child = NewChild();
        child.Refer(TestData.PositiveRg(D("2025-03-10")) with { CgOutcome = DecisionOutcome.Positive, CgDecisionDate = D("2025-04-20") });
        child.MissingForAnHour(Noon("2025-04-01"));

        Fires(_rule.Judge(child), "RR-02", Severity.High);
    }

    [Fact]
    public void Missing_after_the_case_was_withdrawn_raises_nothing()
    {
        var child = NewChild();
        child.Refer(TestData.Referral() with { WithdrawnOn = D("2025-03-20"), WithdrawalReason = "Family returned home" });
        child.MissingForAnHour(Noon("2025-04-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void The_latest_episode_during_an_open_case_is_the_occurrence()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        child.MissingForAnHour(Noon("2025-04-01"));
        var latest = child.MissingForAnHour(Noon("2025-05-01"));

        var finding = Fires(_rule.Judge(child), "RR-02", Severity.High);

        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
        Assert.Contains("Went missing 2025-05-01 12:00", finding.Evidence, StringComparison.Ordinal);
    }
}
