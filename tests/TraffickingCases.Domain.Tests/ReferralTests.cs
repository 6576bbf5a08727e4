using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Tests;

public class ReferralTests
{
    private readonly Child _child = TestData.Child(dob: TestData.Date("2010-03-01"));

    private NrmReferral Add(ReferralDetails details) => _child.AddReferral(details, TestData.Now);

    private NrmReferral Add(Child child, ReferralDetails details) => child.AddReferral(details, TestData.Now);

    // Referral date

    [Fact]
    public void Referral_date_before_the_date_of_birth_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral(date: TestData.Date("2010-02-28"))),
            nameof(ReferralDetails.ReferralDate), "Referral date must be on or after the child's date of birth");
        Assert.Empty(_child.Referrals);
    }

    [Fact]
    public void Referral_on_the_date_of_birth_is_accepted()
    {
        var referral = Add(TestData.Referral(date: TestData.Date("2010-03-01")));

        Assert.Equal(TestData.Date("2010-03-01"), referral.ReferralDate);
    }

    [Fact]
    public void Referral_date_in_the_future_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral(date: TestData.Today.AddDays(1))),
            nameof(ReferralDetails.ReferralDate), "Referral date must be today or in the past");
    }

    [Fact]
    public void Referral_dated_today_is_accepted()
    {
        var referral = Add(TestData.Referral(date: TestData.Today));

        Assert.Equal(TestData.Today, referral.ReferralDate);
        Assert.Single(_child.Referrals);
    }

    [Fact]
    public void Referral_without_a_date_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral() with { ReferralDate = default }),
            nameof(ReferralDetails.ReferralDate), "Enter the referral date");
    }

    // A child referral needs a child

    [Fact]
    public void Referral_the_day_before_the_18th_birthday_is_accepted()
    {
        // 17 years and 364 days old on the referral date.
        var child = TestData.Child(dob: TestData.Date("2007-06-16"));

        var referral = Add(child, TestData.Referral(date: TestData.Date("2025-06-15")));

        Assert.Equal(17, child.AgeOn(referral.ReferralDate));
    }

    [Fact]
    public void Referral_on_the_18th_birthday_is_refused()
    {
        var child = TestData.Child(dob: TestData.Date("2007-06-15"));

        Refusal.Expect(
            () => Add(child, TestData.Referral(date: TestData.Date("2025-06-15"))),
            nameof(ReferralDetails.ReferralDate), "The child was 18 or over on the referral date");
    }

    [Fact]
    public void Referral_at_18_is_refused_when_the_date_of_birth_is_only_estimated()
    {
        var child = TestData.Child(TestData.Date("2007-01-01"), DobPrecision.Estimated);

        Refusal.Expect(
            () => Add(child, TestData.Referral(date: TestData.Date("2025-03-03"))),
            nameof(ReferralDetails.ReferralDate), "unless the date of birth is disputed");
    }

    [Fact]
    public void Referral_at_18_is_accepted_when_the_date_of_birth_is_disputed()
    {
        var child = TestData.Child(TestData.Date("2007-01-01"), DobPrecision.Disputed);

        var referral = Add(child, TestData.Referral(date: TestData.Date("2025-03-03")));

        Assert.Equal(18, child.AgeOn(referral.ReferralDate));
    }

    [Fact]
    public void Referral_is_accepted_when_the_date_of_birth_is_unknown()
    {
        var child = TestData.ChildWithUnknownDateOfBirth();

        var referral = Add(child, TestData.Referral(date: TestData.Date("2025-03-03")));

        Assert.Same(referral, Assert.Single(child.Referrals));
    }

    // Exploitation types

    [Fact]
    public void Referral_without_an_exploitation_type_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral(types: ExploitationTypes.None)),
            nameof(ReferralDetails.ExploitationTypes), "Choose at least one exploitation type");
    }

    [Fact]
    public void Not_known_combined_with_another_exploitation_type_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral(types: ExploitationTypes.NotKnown | ExploitationTypes.Criminal)),
            nameof(ReferralDetails.ExploitationTypes), "'Not known' cannot be chosen with another exploitation type");
    }

    [Theory]
    [InlineData(ExploitationTypes.NotKnown)]
    [InlineData(ExploitationTypes.Criminal | ExploitationTypes.Sexual | ExploitationTypes.Labour)]
    public void Not_known_alone_or_any_combination_of_known_types_is_accepted(ExploitationTypes types)
    {
        var referral = Add(TestData.Referral(types: types));

        Assert.Equal(types, referral.ExploitationTypes);
    }

    [Fact]
    public void County_lines_without_criminal_exploitation_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral(types: ExploitationTypes.Labour) with { CountyLines = true }),
            nameof(ReferralDetails.CountyLines), "County lines can only be recorded with criminal exploitation");
    }

    [Fact]
    public void County_lines_with_criminal_exploitation_is_accepted()
    {
        var referral = Add(TestData.Referral(types: ExploitationTypes.Criminal | ExploitationTypes.Labour) with { CountyLines = true });

        Assert.True(referral.CountyLines);
    }

    // Reasonable Grounds decision

    [Theory]
    [InlineData(DecisionOutcome.Positive)]
    [InlineData(DecisionOutcome.Negative)]
    public void A_Reasonable_Grounds_decision_without_a_date_is_refused(DecisionOutcome outcome)
    {
        Refusal.Expect(
            () => Add(TestData.Referral() with { RgOutcome = outcome, RgDecisionDate = null }),
            nameof(ReferralDetails.RgDecisionDate), "Enter the date of the Reasonable Grounds decision");
    }

    [Theory]
    [InlineData(DecisionOutcome.Positive)]
    [InlineData(DecisionOutcome.Negative)]
    public void A_Reasonable_Grounds_decision_with_a_date_is_accepted(DecisionOutcome outcome)
    {
        var referral = Add(TestData.Referral() with { RgOutcome = outcome, RgDecisionDate = TestData.Date("2025-03-07") });

        Assert.Equal(outcome, referral.RgOutcome);
        Assert.Equal(TestData.Date("2025-03-07"), referral.RgDecisionDate);
    }

    [Fact]
    public void A_pending_Reasonable_Grounds_decision_with_a_date_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral() with { RgOutcome = DecisionOutcome.Pending, RgDecisionDate = TestData.Date("2025-03-07") }),
            nameof(ReferralDetails.RgDecisionDate), "Remove the Reasonable Grounds decision date");
    }

    [Fact]
    public void A_Reasonable_Grounds_decision_before_the_referral_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.PositiveRg(TestData.DefaultReferralDate.AddDays(-1))),
            nameof(ReferralDetails.RgDecisionDate), "decision date must be on or after the referral date");
    }

    [Fact]
    public void A_Reasonable_Grounds_decision_on_the_referral_date_is_accepted()
    {
        var referral = Add(TestData.PositiveRg(TestData.DefaultReferralDate));

        Assert.Equal(TestData.DefaultReferralDate, referral.RgDecisionDate);
    }

    [Fact]
    public void A_Reasonable_Grounds_decision_in_the_future_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.PositiveRg(TestData.Today.AddDays(1))),
            nameof(ReferralDetails.RgDecisionDate), "decision date must be today or in the past");
    }

    // Conclusive Grounds decision

    [Theory]
    [InlineData(DecisionOutcome.Negative)]
    [InlineData(DecisionOutcome.Pending)]
    public void A_Conclusive_Grounds_decision_without_a_positive_Reasonable_Grounds_decision_is_refused(DecisionOutcome rg)
    {
        var details = TestData.Referral() with
        {
            RgOutcome = rg,
            RgDecisionDate = rg == DecisionOutcome.Pending ? null : TestData.Date("2025-03-07"),
            CgOutcome = DecisionOutcome.Positive,
            CgDecisionDate = TestData.Date("2025-05-01"),
        };

        Refusal.Expect(() => Add(details), nameof(ReferralDetails.CgOutcome),
            "can only follow a positive Reasonable Grounds decision");
    }

    [Fact]
    public void A_Conclusive_Grounds_decision_29_days_after_Reasonable_Grounds_is_refused()
    {
        var rg = TestData.Date("2025-03-07");

        Refusal.Expect(
            () => Add(TestData.PositiveRg(rg) with { CgOutcome = DecisionOutcome.Positive, CgDecisionDate = rg.AddDays(29) }),
            nameof(ReferralDetails.CgDecisionDate), "at least 30 days after the Reasonable Grounds decision");
    }

    [Theory]
    [InlineData(DecisionOutcome.Positive)]
    [InlineData(DecisionOutcome.Negative)]
    public void A_Conclusive_Grounds_decision_30_days_after_Reasonable_Grounds_is_accepted(DecisionOutcome cg)
    {
        var rg = TestData.Date("2025-03-07");

        var referral = Add(TestData.PositiveRg(rg) with { CgOutcome = cg, CgDecisionDate = rg.AddDays(30) });

        Assert.Equal(cg, referral.CgOutcome);
        Assert.Equal(TestData.Date("2025-04-06"), referral.CgDecisionDate);
    }

    [Fact]
    public void A_Conclusive_Grounds_decision_without_a_date_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.PositiveRg(TestData.Date("2025-03-07")) with { CgOutcome = DecisionOutcome.Positive }),
            nameof(ReferralDetails.CgDecisionDate), "Enter the date of the Conclusive Grounds decision");
    }

    [Fact]
    public void A_Conclusive_Grounds_decision_in_the_future_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.PositiveRg(TestData.Date("2025-03-07")) with
            {
                CgOutcome = DecisionOutcome.Positive,
                CgDecisionDate = TestData.Today.AddDays(1),
            }),
            nameof(ReferralDetails.CgDecisionDate), "Conclusive Grounds decision date must be today or in the past");
    }

    // Withdrawal or suspension

    [Fact]
    public void Withdrawal_without_a_reason_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral() with { WithdrawnOn = TestData.Date("2025-04-01"), WithdrawalReason = "  " }),
            nameof(ReferralDetails.WithdrawalReason), "Enter why the case was withdrawn or suspended");
    }

    [Fact]
    public void Withdrawal_before_the_referral_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral() with
            {
                WithdrawnOn = TestData.DefaultReferralDate.AddDays(-1),
                WithdrawalReason = "Turned 18 and did not consent",
            }),
            nameof(ReferralDetails.WithdrawnOn), "must be on or after the referral date");
    }

    [Fact]
    public void A_withdrawal_reason_without_a_date_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral() with { WithdrawalReason = "Turned 18 and did not consent" }),
            nameof(ReferralDetails.WithdrawnOn), "Enter the date the case was withdrawn or suspended");
    }

    [Fact]
    public void Withdrawal_on_the_referral_date_with_a_reason_is_accepted_and_closes_the_case()
    {
        var referral = Add(TestData.Referral() with
        {
            WithdrawnOn = TestData.DefaultReferralDate,
            WithdrawalReason = "  Turned 18 and did not consent  ",
        });

        Assert.Equal("Turned 18 and did not consent", referral.WithdrawalReason);
        Assert.False(referral.IsOpen);
    }

    // Reconsideration

    [Fact]
    public void Reconsideration_before_any_decision_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral() with { ReconsiderationRequestedOn = TestData.Date("2025-04-01") }),
            nameof(ReferralDetails.ReconsiderationRequestedOn), "Reconsideration can only be requested after a decision");
    }

    [Fact]
    public void Reconsideration_dated_before_the_decision_is_refused()
    {
        Refusal.Expect(
            () => Add(TestData.Referral() with
            {
                RgOutcome = DecisionOutcome.Negative,
                RgDecisionDate = TestData.Date("2025-03-07"),
                ReconsiderationRequestedOn = TestData.Date("2025-03-06"),
            }),
            nameof(ReferralDetails.ReconsiderationRequestedOn), "on or after the decision it asks to reconsider");
    }

    [Fact]
    public void Reconsideration_after_a_negative_decision_is_accepted()
    {
        var referral = Add(TestData.Referral() with
        {
            RgOutcome = DecisionOutcome.Negative,
            RgDecisionDate = TestData.Date("2025-03-07"),
            ReconsiderationRequestedOn = TestData.Date("2025-03-20"),
        });

        Assert.Equal(TestData.Date("2025-03-20"), referral.ReconsiderationRequestedOn);
    }

    // Open or closed

    [Theory]
    [InlineData(DecisionOutcome.Pending, DecisionOutcome.Pending, false, true)]
    [InlineData(DecisionOutcome.Positive, DecisionOutcome.Pending, false, true)]
    [InlineData(DecisionOutcome.Positive, DecisionOutcome.Positive, false, false)]
    [InlineData(DecisionOutcome.Positive, DecisionOutcome.Negative, false, false)]
    [InlineData(DecisionOutcome.Negative, DecisionOutcome.Pending, false, false)]
    [InlineData(DecisionOutcome.Pending, DecisionOutcome.Pending, true, false)]
    [InlineData(DecisionOutcome.Positive, DecisionOutcome.Pending, true, false)]
    public void A_case_is_open_while_it_waits_for_a_decision_it_can_still_get(
        DecisionOutcome rg, DecisionOutcome cg, bool withdrawn, bool expectedOpen)
    {
        var referral = Add(TestData.Referral() with
        {
            RgOutcome = rg,
            RgDecisionDate = rg == DecisionOutcome.Pending ? null : TestData.Date("2025-03-07"),
            CgOutcome = cg,
            CgDecisionDate = cg == DecisionOutcome.Pending ? null : TestData.Date("2025-05-01"),
            WithdrawnOn = withdrawn ? TestData.Date("2025-05-20") : null,
            WithdrawalReason = withdrawn ? "Turned 18 and did not consent" : null,
        });

        Assert.Equal(expectedOpen, referral.IsOpen);
    }

    // Changing a referral

    [Fact]
    public void Recording_a_decision_on_an_existing_referral_closes_it()
    {
        var referral = Add(TestData.Referral());

        _child.UpdateReferral(referral.Id, referral.ToDetails() with
        {
            RgOutcome = DecisionOutcome.Negative,
            RgDecisionDate = TestData.Date("2025-03-07"),
        }, TestData.Now);

        Assert.Equal(DecisionOutcome.Negative, referral.RgOutcome);
        Assert.False(referral.IsOpen);
    }

    [Fact]
    public void A_refused_change_leaves_the_referral_as_it_was()
    {
        var referral = Add(TestData.PositiveRg(TestData.Date("2025-03-07")));

        Refusal.Expect(
            () => _child.UpdateReferral(referral.Id, referral.ToDetails() with
            {
                CgOutcome = DecisionOutcome.Positive,
                CgDecisionDate = TestData.Date("2025-03-10"),
            }, TestData.Now),
            nameof(ReferralDetails.CgDecisionDate), "at least 30 days");

        Assert.Equal(DecisionOutcome.Pending, referral.CgOutcome);
        Assert.Null(referral.CgDecisionDate);
        Assert.True(referral.IsOpen);
    }
}
