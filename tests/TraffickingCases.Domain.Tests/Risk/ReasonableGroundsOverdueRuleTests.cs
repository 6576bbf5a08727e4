using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>RR-06: low once the Reasonable Grounds decision passes its 5-working-day target, medium after a further 20 working days.</summary>
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
    public void Pending_on_the_sixth_working_day_raises_low_calling_five_days_a_target_where_possible()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-06-02"));

        var finding = Fires(_rule.Judge(child, Noon("2025-06-10")), "RR-06", Severity.Low);

        Assert.Equal("Reasonable Grounds decision pending 6 working days after the referral of 2025-06-02 (target 2025-06-09, where possible)", finding.Evidence);
        Assert.Equal(referral.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Low_until_a_further_20_working_days_have_passed_then_medium()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-05-01"));

        // The 25th working day after 1 May (5 and 26 May are bank holidays) is 9 June.
        Fires(_rule.Judge(child, Noon("2025-06-09")), "RR-06", Severity.Low);
        var medium = Fires(_rule.Judge(child, Noon("2025-06-10")), "RR-06", Severity.Medium);

        Assert.StartsWith("Reasonable Grounds decision pending 26 working days", medium.Evidence, StringComparison.Ordinal);
        Assert.Equal(referral.Id.ToString(), medium.OccurrenceKey);
    }

    [Fact]
    public void A_Christmas_referral_skips_the_weekend_and_both_bank_holidays()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));

        Assert.Null(_rule.Judge(child, Noon("2024-12-27")));
        Assert.Null(_rule.Judge(child, Noon("2024-12-30")));
        var finding = Fires(_rule.Judge(child, Noon("2024-12-31")), "RR-06", Severity.Low);

        Assert.Equal("Reasonable Grounds decision pending 6 working days after the referral of 2024-12-19 (target 2024-12-30, where possible)", finding.Evidence);
    }

    [Fact]
    public void An_Easter_referral_skips_Good_Friday_and_Easter_Monday()
    {
        var child = NewChild();
        child.Refer(D("2025-04-14"));

        Assert.Null(_rule.Judge(child, Noon("2025-04-22")));
        Assert.Null(_rule.Judge(child, Noon("2025-04-23")));
        var finding = Fires(_rule.Judge(child, Noon("2025-04-24")), "RR-06", Severity.Low);

        Assert.Contains("pending 6 working days", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("(target 2025-04-23, where possible)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decided_RG_raises_nothing()
    {
        var child = NewChild();
        child.ReferClosed(D("2025-03-03"), decided: D("2025-05-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_withdrawn_or_suspended_referral_raises_nothing(bool suspended)
    {
        var child = NewChild();
        child.Refer(TestData.Referral(D("2025-03-03")) with { WithdrawnOn = D("2025-03-05"), WithdrawalReason = "Referred in error", Suspended = suspended });

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
        var thresholds = new RuleThresholds { ReasonableGroundsDueWorkingDays = 3, ReasonableGroundsEscalateWorkingDays = 2 };

        Assert.Null(_rule.Judge(child, Noon("2025-06-05"), thresholds: thresholds));
        var low = Fires(_rule.Judge(child, Noon("2025-06-06"), thresholds: thresholds), "RR-06", Severity.Low);
        Fires(_rule.Judge(child, Noon("2025-06-09"), thresholds: thresholds), "RR-06", Severity.Low);
        Fires(_rule.Judge(child, Noon("2025-06-10"), thresholds: thresholds), "RR-06", Severity.Medium);
        Assert.Contains("(target 2025-06-05, where possible)", low.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_ends_saying_when_the_decision_was_made()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-05-01"));
        child.UpdateReferral(referral.Id, referral.ToDetails() with { RgOutcome = DecisionOutcome.Positive, RgDecisionDate = D("2025-06-12") }, Now);

        Assert.Null(_rule.Judge(child));
        Assert.Equal("Reasonable Grounds decision made 2025-06-12", _rule.EndReason(child, referral.Id.ToString()));
    }

    [Theory]
    [InlineData(false, "Case withdrawn 2025-06-12")]
    [InlineData(true, "Case suspended 2025-06-12")]
    public void A_flag_ends_saying_the_case_was_withdrawn_or_suspended(bool suspended, string expected)
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-05-01"));
        child.UpdateReferral(referral.Id, referral.ToDetails() with { WithdrawnOn = D("2025-06-12"), WithdrawalReason = "Consent withdrawn", Suspended = suspended }, Now);

        Assert.Equal(expected, _rule.EndReason(child, referral.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_when_an_earlier_overdue_referral_is_recorded_and_flagged_instead()
    {
        var child = NewChild();
        var later = child.Refer(D("2025-05-01"));
        child.Refer(D("2025-03-03"));

        Assert.Equal("An earlier overdue referral is flagged instead", _rule.EndReason(child, later.Id.ToString()));
    }
}
