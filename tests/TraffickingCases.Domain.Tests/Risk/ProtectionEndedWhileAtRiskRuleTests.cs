using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// RR-18: the latest referral ended (negative decision, withdrawn or suspended) while signs of risk remain — missing within 30
/// days before or since, concerns recorded, or the future-exploitation concern — for 30 days from the decision.
/// </summary>
public class ProtectionEndedWhileAtRiskRuleTests
{
    private readonly ProtectionEndedWhileAtRiskRule _rule = new();

    private static NrmReferral NegativeRg(Child child, string decided = "2025-06-01", bool futureConcern = false) =>
        child.Refer(TestData.Referral(D("2025-03-03")) with
        {
            RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D(decided), FutureExploitationConcern = futureConcern,
        });

    [Fact]
    public void A_negative_RG_after_a_recent_episode_raises_medium()
    {
        var child = NewChild();
        var referral = NegativeRg(child);
        child.MissingForAnHour(Noon("2025-05-20"));

        var finding = Fires(_rule.Judge(child), "RR-18", Severity.Medium);

        Assert.Equal("Negative Reasonable Grounds decision on 2025-06-01 for the referral of 2025-03-03 while the child went missing 2025-05-20 12:00", finding.Evidence);
        Assert.Equal($"{referral.Id}:{D("2025-06-01").DayNumber}", finding.OccurrenceKey);
    }

    [Fact]
    public void A_negative_CG_with_a_concern_of_future_exploitation_raises_medium()
    {
        var child = NewChild();
        child.Refer(TestData.PositiveRg(D("2025-03-10")) with
        {
            CgOutcome = DecisionOutcome.Negative, CgDecisionDate = D("2025-05-20"), FutureExploitationConcern = true,
        });

        var finding = Fires(_rule.Judge(child), "RR-18", Severity.Medium);

        Assert.Equal(
            "Negative Conclusive Grounds decision on 2025-05-20 for the referral of 2025-03-03 while the referral records a concern of future exploitation",
            finding.Evidence);
    }

    [Theory]
    [InlineData(false, "Case withdrawn on 2025-06-01")]
    [InlineData(true, "Case suspended on 2025-06-01")]
    public void A_case_withdrawn_or_suspended_while_the_child_is_missing_raises_medium(bool suspended, string expected)
    {
        var child = NewChild();
        child.Refer(TestData.Referral(D("2025-03-03")) with { WithdrawnOn = D("2025-06-01"), WithdrawalReason = "Lost contact", Suspended = suspended });
        child.WentMissing(Noon("2025-06-10"));

        var finding = Fires(_rule.Judge(child), "RR-18", Severity.Medium);

        Assert.Equal($"{expected} for the referral of 2025-03-03 while the child is missing", finding.Evidence);
    }

    [Fact]
    public void Every_sign_is_listed()
    {
        var child = NewChild();
        NegativeRg(child, futureConcern: true);
        child.Returned(Noon("2025-05-20"), concerns: "Disclosed being taken to a flat in another city");

        var finding = Fires(_rule.Judge(child), "RR-18", Severity.Medium);

        Assert.EndsWith(
            "while the child went missing 2025-05-20 06:00, concerns were recorded after an episode, the referral records a concern of future exploitation",
            finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void With_no_sign_of_risk_nothing_is_raised()
    {
        var child = NewChild();
        NegativeRg(child);

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void An_episode_more_than_30_days_before_the_decision_is_not_a_sign()
    {
        var inside = NewChild();
        NegativeRg(inside);
        inside.MissingForAnHour(Noon("2025-05-02"));
        var outside = NewChild();
        NegativeRg(outside);
        outside.MissingForAnHour(Noon("2025-05-01"));

        Fires(_rule.Judge(inside), "RR-18", Severity.Medium);
        Assert.Null(_rule.Judge(outside));
    }

    [Fact]
    public void An_episode_since_the_decision_is_a_sign()
    {
        var child = NewChild();
        NegativeRg(child);
        child.MissingForAnHour(Noon("2025-06-10"));

        Assert.Contains("while the child went missing 2025-06-10 12:00", Fires(_rule.Judge(child), "RR-18", Severity.Medium).Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_flag_lasts_30_days_from_the_decision()
    {
        var child = NewChild();
        NegativeRg(child, futureConcern: true);

        Fires(_rule.Judge(child, Noon("2025-07-01")), "RR-18", Severity.Medium);
        Assert.Null(_rule.Judge(child, Noon("2025-07-02")));
    }

    [Fact]
    public void Only_the_latest_referral_is_judged()
    {
        var child = NewChild();
        NegativeRg(child, futureConcern: true);
        child.Refer(D("2025-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_positive_or_pending_decision_raises_nothing()
    {
        var positive = NewChild();
        positive.Refer(TestData.PositiveRg(D("2025-03-10")) with { CgOutcome = DecisionOutcome.Positive, CgDecisionDate = D("2025-05-20"), FutureExploitationConcern = true });
        var pending = NewChild();
        pending.Refer(TestData.Referral(D("2025-03-03")) with { FutureExploitationConcern = true });

        Assert.Null(_rule.Judge(positive));
        Assert.Null(_rule.Judge(pending));
    }

    [Fact]
    public void The_days_are_configurable()
    {
        var child = NewChild();
        NegativeRg(child, "2025-05-01", futureConcern: true);

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, thresholds: new RuleThresholds { RecentEventDays = 60 }), "RR-18", Severity.Medium);
    }

    [Fact]
    public void A_flag_ends_30_days_after_the_decision()
    {
        var child = NewChild();
        var referral = NegativeRg(child, futureConcern: true);

        Assert.Null(_rule.Judge(child, Noon("2025-07-02")));
        Assert.Equal("Older than 30 days, or the decision changed", _rule.EndReason(child, $"{referral.Id}:{D("2025-06-01").DayNumber}", Noon("2025-07-02")));
    }

    [Fact]
    public void A_changed_decision_date_is_a_new_occurrence_and_ends_the_old_flag()
    {
        var child = NewChild();
        var referral = NegativeRg(child, futureConcern: true);
        var before = Fires(_rule.Judge(child), "RR-18", Severity.Medium).OccurrenceKey;

        child.UpdateReferral(referral.Id, referral.ToDetails() with { RgDecisionDate = D("2025-06-02") }, Now);

        Assert.NotEqual(before, Fires(_rule.Judge(child), "RR-18", Severity.Medium).OccurrenceKey);
        Assert.Equal("A later decision raised its own flag, or the decision changed", _rule.EndReason(child, before));
    }
}
