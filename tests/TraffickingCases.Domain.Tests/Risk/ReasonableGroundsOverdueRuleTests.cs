using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class ReasonableGroundsOverdueRuleTests
{
    private readonly ReasonableGroundsOverdueRule _rule = new();

    [Theory]
    [InlineData("2025-06-06")]
    [InlineData("2025-06-09")]
    public void Pending_up_to_the_fifth_working_day_raises_nothing(string on)
    {
        var child = NewChild();
        child.Refer(D("2025-06-02"));

        Assert.Null(_rule.Judge(child, Noon(on)));
    }

    [Fact]
    public void Pending_on_the_sixth_working_day_raises_medium()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-06-02"));

        var finding = Fires(_rule.Judge(child, Noon("2025-06-10")), "RR-06", Severity.Medium);

        Assert.Equal("Reasonable Grounds decision pending 6 working days after the referral of 2025-06-02 (due by 2025-06-09)", finding.Evidence);
        Assert.Equal(referral.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void A_Christmas_referral_skips_the_weekend_and_both_bank_holidays_so_pending_on_30_December_raises_nothing()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));

        Assert.Null(_rule.Judge(child, Noon("2024-12-27")));
        Assert.Null(_rule.Judge(child, Noon("2024-12-30")));
    }

    [Fact]
    public void A_Christmas_referral_still_pending_on_31_December_raises_medium()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));

        var finding = Fires(_rule.Judge(child, Noon("2024-12-31")), "RR-06", Severity.Medium);

        Assert.Equal("Reasonable Grounds decision pending 6 working days after the referral of 2024-12-19 (due by 2024-12-30)", finding.Evidence);
    }

    [Fact]
    public void An_Easter_referral_skips_Good_Friday_and_Easter_Monday()
    {
        var child = NewChild();
        child.Refer(D("2025-04-14"));

        Assert.Null(_rule.Judge(child, Noon("2025-04-22")));
        Assert.Null(_rule.Judge(child, Noon("2025-04-23")));
        var finding = Fires(_rule.Judge(child, Noon("2025-04-24")), "RR-06", Severity.Medium);

        Assert.Contains("(due by 2025-04-23)", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("pending 6 working days", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decided_RG_raises_nothing()
    {
        var child = NewChild();
        child.Refer(TestData.Referral(D("2025-03-03")) with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-05-01") });

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_withdrawn_referral_raises_nothing()
    {
        var child = NewChild();
        child.Refer(TestData.Referral(D("2025-03-03")) with { WithdrawnOn = D("2025-03-05"), WithdrawalReason = "Referred in error" });

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void With_two_overdue_referrals_the_older_is_reported()
    {
        var child = NewChild();
        var older = child.Refer(D("2025-03-03"));
        child.Refer(D("2025-05-01"));

        var finding = Fires(_rule.Judge(child), "RR-06", Severity.Medium);

        Assert.Equal(older.Id.ToString(), finding.OccurrenceKey);
        Assert.Contains("referral of 2025-03-03", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_working_days_are_configurable()
    {
        var child = NewChild();
        child.Refer(D("2025-06-02"));
        var thresholds = new RuleThresholds { ReasonableGroundsDueWorkingDays = 3 };

        Assert.Null(_rule.Judge(child, Noon("2025-06-05"), thresholds: thresholds));
        var finding = Fires(_rule.Judge(child, Noon("2025-06-06"), thresholds: thresholds), "RR-06", Severity.Medium);
        Assert.Contains("(due by 2025-06-05)", finding.Evidence, StringComparison.Ordinal);
    }
}
