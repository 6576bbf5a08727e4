using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// RR-17: once 18, a case withdrawn or suspended from 100 days before the birthday, with no referral to adult support (MSVCC),
/// for 90 days from the withdrawal.
/// </summary>
public class AtEighteenWithoutAdultSupportRuleTests
{
    /// <summary>18 since 6 May 2025.</summary>
    private readonly Child _youngPerson = ChildAged(18);

    private readonly AtEighteenWithoutAdultSupportRule _rule = new();

    private NrmReferral Ended(string on, bool suspended = false, string? adultSupport = null) =>
        _youngPerson.Refer(TestData.Referral(D("2025-01-06")) with
        {
            WithdrawnOn = D(on),
            WithdrawalReason = "Did not consent to stay in the NRM at 18",
            Suspended = suspended,
            AdultSupportReferredOn = adultSupport is null ? null : D(adultSupport),
        });

    [Fact]
    public void A_case_withdrawn_at_18_with_no_adult_support_referral_raises_medium()
    {
        var referral = Ended("2025-05-10");

        var finding = Fires(_rule.Judge(_youngPerson), "RR-17", Severity.Medium);

        Assert.Equal("NRM case referred 2025-01-06 withdrawn on 2025-05-10 at 18; no referral to adult support (MSVCC) recorded", finding.Evidence);
        Assert.Equal(referral.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void A_suspended_case_is_said_to_be_suspended()
    {
        Ended("2025-05-10", suspended: true);

        Assert.Contains("suspended on 2025-05-10", Fires(_rule.Judge(_youngPerson), "RR-17", Severity.Medium).Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_withdrawal_from_100_days_before_the_birthday_counts_and_one_a_day_earlier_does_not()
    {
        // Followed up for 150 days, so that a withdrawal 100 days before the birthday is still within its days at 18.
        var thresholds = new RuleThresholds { AtEighteenFollowUpDays = 150 };
        Ended("2025-01-26");
        var earlier = ChildAged(18);
        earlier.Refer(TestData.Referral(D("2025-01-06")) with { WithdrawnOn = D("2025-01-25"), WithdrawalReason = "Moved away" });

        Fires(_rule.Judge(_youngPerson, thresholds: thresholds), "RR-17", Severity.Medium);
        Assert.Null(_rule.Judge(earlier, thresholds: thresholds));
    }

    [Fact]
    public void A_withdrawal_well_before_the_birthday_is_followed_up_for_90_days_from_the_birthday()
    {
        Ended("2025-01-26");

        Assert.Null(_rule.Judge(_youngPerson, Noon("2025-05-05")));
        Fires(_rule.Judge(_youngPerson, Noon("2025-05-06")), "RR-17", Severity.Medium);
        Fires(_rule.Judge(_youngPerson, Noon("2025-08-04")), "RR-17", Severity.Medium);
        Assert.Null(_rule.Judge(_youngPerson, Noon("2025-08-05")));
    }

    [Fact]
    public void Before_the_18th_birthday_nothing_is_raised()
    {
        Ended("2025-04-01");

        Assert.Null(_rule.Judge(_youngPerson, Noon("2025-05-05")));
        Fires(_rule.Judge(_youngPerson, Noon("2025-05-06")), "RR-17", Severity.Medium);
    }

    [Fact]
    public void The_flag_lasts_90_days_from_the_withdrawal()
    {
        Ended("2025-05-10");

        Fires(_rule.Judge(_youngPerson, Noon("2025-08-08")), "RR-17", Severity.Medium);
        Assert.Null(_rule.Judge(_youngPerson, Noon("2025-08-09")));
    }

    [Fact]
    public void A_referral_to_adult_support_on_any_referral_raises_nothing()
    {
        Ended("2025-05-10", adultSupport: "2025-05-12");
        var other = ChildAged(18);
        other.Refer(TestData.Referral(D("2024-06-03")) with { AdultSupportReferredOn = D("2025-05-20") });
        other.Refer(TestData.Referral(D("2025-01-06")) with { WithdrawnOn = D("2025-05-10"), WithdrawalReason = "Did not consent" });

        Assert.Null(_rule.Judge(_youngPerson));
        Assert.Null(_rule.Judge(other));
    }

    [Fact]
    public void An_open_case_or_a_negative_decision_at_18_raises_nothing()
    {
        _youngPerson.Refer(D("2025-01-06"));
        var negative = ChildAged(18);
        negative.ReferClosed(D("2025-01-06"), decided: D("2025-05-10"));

        Assert.Null(_rule.Judge(_youngPerson));
        Assert.Null(_rule.Judge(negative));
    }

    [Fact]
    public void With_no_date_of_birth_nothing_is_raised()
    {
        var child = TestData.ChildWithUnknownDateOfBirth();
        child.Refer(TestData.Referral(D("2025-01-06")) with { WithdrawnOn = D("2025-05-10"), WithdrawalReason = "Did not consent" });

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void The_latest_withdrawal_is_the_occurrence()
    {
        Ended("2025-02-10");
        var latest = _youngPerson.Refer(TestData.Referral(D("2025-03-03")) with { WithdrawnOn = D("2025-05-20"), WithdrawalReason = "Did not consent" });

        Assert.Equal(latest.Id.ToString(), Fires(_rule.Judge(_youngPerson), "RR-17", Severity.Medium).OccurrenceKey);
    }

    [Fact]
    public void The_follow_up_days_are_configurable()
    {
        Ended("2025-05-10");

        Assert.Null(_rule.Judge(_youngPerson, thresholds: new RuleThresholds { AtEighteenFollowUpDays = 30 }));
    }

    [Fact]
    public void A_flag_ends_saying_when_the_young_person_was_referred_to_adult_support()
    {
        var referral = Ended("2025-05-10");
        _youngPerson.UpdateReferral(referral.Id, referral.ToDetails() with { AdultSupportReferredOn = D("2025-06-12") }, Now);

        Assert.Null(_rule.Judge(_youngPerson));
        Assert.Equal("Referred to adult support 2025-06-12", _rule.EndReason(_youngPerson, referral.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_after_90_days()
    {
        var referral = Ended("2025-05-10");

        Assert.Equal("Older than 90 days, or the case resumed", _rule.EndReason(_youngPerson, referral.Id.ToString(), Noon("2025-08-09")));
    }
}
