using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>RR-10: from 100 days before the 18th birthday until the birthday, while a case is open.</summary>
public class TurningEighteenRuleTests
{
    private readonly TurningEighteenRule _rule = new();

    /// <summary>A child whose 18th birthday is this many days after <see cref="RiskTestData.Today"/>, with an open case.</summary>
    private static Child EighteenIn(int days)
    {
        var child = NewChild(Today.AddDays(days).AddYears(-18));
        child.Refer(D("2025-03-03"));
        return child;
    }

    [Fact]
    public void Turning_18_in_exactly_100_days_with_an_open_case_raises_medium()
    {
        var child = EighteenIn(100);

        var finding = Fires(_rule.Judge(child), "RR-10", Severity.Medium);

        Assert.StartsWith("Turns 18 on 2025-09-23 (100 days) with an NRM case still open", finding.Evidence, StringComparison.Ordinal);
        Assert.Equal("2025-09-23", finding.OccurrenceKey);
    }

    [Fact]
    public void Turning_18_in_99_days_raises_medium()
    {
        var finding = Fires(_rule.Judge(EighteenIn(99)), "RR-10", Severity.Medium);

        Assert.Contains("(99 days)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Turning_18_in_101_days_raises_nothing()
    {
        Assert.Null(_rule.Judge(EighteenIn(101)));
    }

    [Fact]
    public void Turning_18_tomorrow_raises_medium()
    {
        var finding = Fires(_rule.Judge(EighteenIn(1)), "RR-10", Severity.Medium);

        Assert.Contains("Turns 18 on 2025-06-16", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Turning_18_today_raises_nothing()
    {
        Assert.Null(_rule.Judge(EighteenIn(0)));
    }

    [Fact]
    public void Already_18_raises_nothing()
    {
        Assert.Null(_rule.Judge(EighteenIn(-14)));
    }

    [Fact]
    public void Turning_18_soon_with_every_case_closed_raises_nothing()
    {
        var child = NewChild(Today.AddDays(50).AddYears(-18));
        child.Refer(TestData.Referral(D("2025-01-06")) with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-01-20") });
        child.Refer(TestData.PositiveRg(D("2025-03-10")) with { CgOutcome = DecisionOutcome.Positive, CgDecisionDate = D("2025-05-01") });
        child.Refer(TestData.Referral(D("2025-05-05")) with { WithdrawnOn = D("2025-05-20"), WithdrawalReason = "Consent withdrawn" });

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_positive_RG_with_CG_pending_is_an_open_case()
    {
        var child = NewChild(Today.AddDays(50).AddYears(-18));
        child.Refer(TestData.PositiveRg(D("2025-03-10")));

        Fires(_rule.Judge(child), "RR-10", Severity.Medium);
    }

    [Fact]
    public void No_referral_raises_nothing()
    {
        Assert.Null(_rule.Judge(NewChild(Today.AddDays(50).AddYears(-18))));
    }

    [Fact]
    public void No_date_of_birth_raises_nothing()
    {
        var child = TestData.Register(TestData.ChildDetails() with { DateOfBirth = null }, Now);
        child.Refer(D("2025-03-03"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_29_February_birthday_turns_18_on_1_March_in_a_common_year()
    {
        var child = NewChild(D("2008-02-29"));
        child.Refer(D("2025-03-03"));

        var finding = Fires(_rule.Judge(child, Noon("2025-11-21")), "RR-10", Severity.Medium);

        Assert.StartsWith("Turns 18 on 2026-03-01 (100 days)", finding.Evidence, StringComparison.Ordinal);
        Assert.Null(_rule.Judge(child, Noon("2025-11-20")));
    }

    [Fact]
    public void The_days_are_configurable()
    {
        var child = EighteenIn(120);

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, thresholds: new RuleThresholds { TurningEighteenWithinDays = 150 }), "RR-10", Severity.Medium);
    }

    [Fact]
    public void A_flag_ends_on_the_birthday_saying_the_young_person_turned_18()
    {
        var child = EighteenIn(10);
        var key = Fires(_rule.Judge(child), "RR-10", Severity.Medium).OccurrenceKey;

        Assert.Null(_rule.Judge(child, Now.AddDays(10)));
        Assert.Equal("Turned 18", _rule.EndReason(child, key, Now.AddDays(10)));
    }

    [Fact]
    public void A_flag_ends_when_the_case_closes()
    {
        var child = NewChild(Today.AddDays(50).AddYears(-18));
        var referral = child.Refer(D("2025-03-03"));
        var key = Fires(_rule.Judge(child), "RR-10", Severity.Medium).OccurrenceKey;

        child.UpdateReferral(referral.Id, referral.ToDetails() with { WithdrawnOn = D("2025-06-13"), WithdrawalReason = "Consent withdrawn" }, Now);

        Assert.Null(_rule.Judge(child));
        Assert.Equal("Case closed", _rule.EndReason(child, key));
    }

    [Fact]
    public void A_corrected_date_of_birth_is_a_new_occurrence_and_ends_the_old_flag()
    {
        var child = EighteenIn(50);
        var before = Fires(_rule.Judge(child), "RR-10", Severity.Medium).OccurrenceKey;

        child.UpdateDetails(TestData.ChildDetails(Today.AddDays(60).AddYears(-18)), Now);
        var after = Fires(_rule.Judge(child), "RR-10", Severity.Medium).OccurrenceKey;

        Assert.NotEqual(before, after);
        Assert.Equal("The date of birth changed", _rule.EndReason(child, before));
    }
}
