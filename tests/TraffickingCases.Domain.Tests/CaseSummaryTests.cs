using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Tests;

public class CaseSummaryTests
{
    [Fact]
    public void A_new_record_has_no_flags_no_referral_and_a_low_risk_level()
    {
        Assert.Equal(new CaseSummary(0, 0, null, Severity.Low, NrmStage.NoReferral, false, 0), CaseSummary.Empty);
    }

    [Fact]
    public void The_active_flags_give_the_count_the_highest_severity_and_the_derived_level()
    {
        var summary = CaseSummary.Of([(Severity.Low, true), (Severity.Medium, false), (Severity.Low, true)], openFlags: 4, NrmStage.AwaitingConclusiveGrounds, missingNow: true, referrals: 2);

        Assert.Equal(4, summary.OpenFlags);
        Assert.Equal(3, summary.ActiveFlags);
        Assert.Equal(Severity.Medium, summary.HighestSeverity);
        Assert.Equal(Severity.Medium, summary.RiskLevel);
        Assert.Equal(NrmStage.AwaitingConclusiveGrounds, summary.Stage);
        Assert.True(summary.MissingNow);
        Assert.Equal(2, summary.Referrals);
    }

    [Fact]
    public void Three_medium_flags_one_of_them_live_make_the_level_high_though_none_is_high()
    {
        var summary = CaseSummary.Of([(Severity.Medium, false), (Severity.Medium, true), (Severity.Medium, false)], 3, NrmStage.NoReferral, false, 0);

        Assert.Equal(Severity.Medium, summary.HighestSeverity);
        Assert.Equal(Severity.High, summary.RiskLevel);
    }

    [Fact]
    public void Static_vulnerabilities_alone_never_make_the_level_high()
    {
        var summary = CaseSummary.Of([(Severity.High, false), (Severity.Medium, false), (Severity.Medium, false)], 3, NrmStage.AwaitingReasonableGrounds, false, 1);

        Assert.Equal(Severity.High, summary.HighestSeverity);
        Assert.Equal(Severity.Medium, summary.RiskLevel);
    }

    [Theory]
    [InlineData(null, null, false, NrmStage.NoReferral)]
    [InlineData(DecisionOutcome.Pending, DecisionOutcome.Pending, false, NrmStage.AwaitingReasonableGrounds)]
    [InlineData(DecisionOutcome.Pending, DecisionOutcome.Pending, true, NrmStage.Withdrawn)]
    [InlineData(DecisionOutcome.Positive, DecisionOutcome.Positive, true, NrmStage.Withdrawn)]
    [InlineData(DecisionOutcome.Negative, DecisionOutcome.Pending, false, NrmStage.NegativeReasonableGrounds)]
    [InlineData(DecisionOutcome.Positive, DecisionOutcome.Pending, false, NrmStage.AwaitingConclusiveGrounds)]
    [InlineData(DecisionOutcome.Positive, DecisionOutcome.Positive, false, NrmStage.PositiveConclusiveGrounds)]
    [InlineData(DecisionOutcome.Positive, DecisionOutcome.Negative, false, NrmStage.NegativeConclusiveGrounds)]
    public void The_stage_follows_the_decisions_and_a_withdrawal(DecisionOutcome? rg, DecisionOutcome? cg, bool withdrawn, NrmStage expected)
    {
        Assert.Equal(expected, CaseSummary.StageOf(rg, cg, withdrawn));
    }

    [Fact]
    public void The_stage_of_a_history_is_that_of_its_latest_referral()
    {
        var child = TestData.Child();
        Assert.Equal(NrmStage.NoReferral, CaseSummary.StageOf(child.Referrals));

        child.AddReferral(TestData.PositiveRg(TestData.Date("2024-03-01")) with { ReferralDate = TestData.Date("2024-02-01") }, TestData.Now);
        Assert.Equal(NrmStage.AwaitingConclusiveGrounds, CaseSummary.StageOf(child.Referrals));

        child.AddReferral(TestData.Referral(TestData.Date("2025-05-01")), TestData.Now);
        Assert.Equal(NrmStage.AwaitingReasonableGrounds, CaseSummary.StageOf(child.Referrals));
    }

    [Theory]
    [InlineData(NrmStage.NoReferral, "No referral")]
    [InlineData(NrmStage.AwaitingReasonableGrounds, "Waiting for RG decision")]
    [InlineData(NrmStage.NegativeReasonableGrounds, "Negative RG")]
    [InlineData(NrmStage.AwaitingConclusiveGrounds, "Waiting for CG decision")]
    [InlineData(NrmStage.PositiveConclusiveGrounds, "Positive CG")]
    [InlineData(NrmStage.NegativeConclusiveGrounds, "Negative CG")]
    [InlineData(NrmStage.Withdrawn, "Withdrawn or suspended")]
    public void Each_stage_has_the_words_the_caseload_shows(NrmStage stage, string label)
    {
        Assert.Equal(label, Labels.Of(stage));
    }
}
