using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>RR-01: high within 12 months of the latest referral, medium after that while a case is open, nothing otherwise.</summary>
public class RepeatReferralRuleTests
{
    private readonly RepeatReferralRule _rule = new();

    [Fact]
    public void A_single_referral_raises_nothing()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_child_with_no_referrals_raises_nothing()
    {
        Assert.Null(_rule.Judge(NewChild()));
    }

    [Fact]
    public void A_second_referral_within_12_months_raises_high_with_exact_evidence()
    {
        var child = NewChild();
        child.Refer(D("2024-10-11"), ExploitationTypes.Labour);
        var latest = child.Refer(D("2025-03-02"), ExploitationTypes.Criminal);

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.High);

        Assert.Equal(
            "2nd NRM referral on 2025-03-02; previous referral 2024-10-11 (142 days earlier); exploitation recorded as labour, now criminal",
            finding.Evidence);
        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void The_same_exploitation_is_said_so()
    {
        var child = NewChild();
        child.Refer(D("2025-01-01"), ExploitationTypes.Sexual | ExploitationTypes.Criminal);
        child.Refer(D("2025-05-01"), ExploitationTypes.Sexual | ExploitationTypes.Criminal);

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.High);

        Assert.EndsWith("(120 days earlier); same exploitation (criminal, sexual)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_latest_referral_exactly_365_days_ago_is_still_high()
    {
        var child = NewChild();
        child.Refer(D("2024-01-10"));
        child.Refer(D("2024-06-15"));

        Fires(_rule.Judge(child), "RR-01", Severity.High);
    }

    [Fact]
    public void The_latest_referral_366_days_ago_with_a_case_open_is_medium()
    {
        var child = NewChild();
        child.Refer(D("2024-01-10"));
        child.Refer(D("2024-06-14"));

        Fires(_rule.Judge(child), "RR-01", Severity.Medium);
    }

    [Fact]
    public void The_latest_referral_366_days_ago_with_no_case_open_raises_nothing()
    {
        var child = NewChild();
        child.ReferClosed(D("2024-01-10"));
        child.ReferClosed(D("2024-06-14"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void A_recent_repeat_referral_is_high_even_when_every_case_is_closed()
    {
        var child = NewChild();
        child.ReferClosed(D("2024-10-01"));
        child.ReferClosed(D("2025-04-01"));

        Fires(_rule.Judge(child), "RR-01", Severity.High);
    }

    [Fact]
    public void A_change_of_exploitation_no_longer_makes_an_old_repeat_referral_high()
    {
        var child = NewChild();
        child.Refer(D("2022-01-10"), ExploitationTypes.Sexual);
        child.Refer(D("2023-06-01"), ExploitationTypes.Sexual | ExploitationTypes.Criminal);

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.Medium);

        Assert.Contains("exploitation recorded as sexual, now criminal, sexual", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_open_case_keeps_an_old_repeat_referral_at_medium_even_the_earlier_one()
    {
        var child = NewChild();
        child.Refer(D("2023-01-10"));
        child.ReferClosed(D("2023-06-01"));

        Fires(_rule.Judge(child), "RR-01", Severity.Medium);
    }

    [Fact]
    public void Only_the_latest_two_referrals_are_compared_and_the_count_is_ordinal()
    {
        var child = NewChild();
        child.Refer(D("2022-01-10"));
        child.Refer(D("2022-02-10"));
        var latest = child.Refer(D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.High);

        Assert.StartsWith("3rd NRM referral on 2025-06-01; previous referral 2022-02-10", finding.Evidence, StringComparison.Ordinal);
        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Referrals_are_ordered_by_referral_date_not_by_when_they_were_recorded()
    {
        var child = NewChild();
        var latest = child.Refer(D("2025-05-01"), ExploitationTypes.Sexual);
        child.Refer(D("2025-01-01"), ExploitationTypes.Labour);

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.High);

        Assert.StartsWith("2nd NRM referral on 2025-05-01; previous referral 2025-01-01 (120 days earlier); exploitation recorded as labour, now sexual",
            finding.Evidence, StringComparison.Ordinal);
        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Each_new_referral_is_its_own_occurrence()
    {
        var child = NewChild();
        child.Refer(D("2024-09-01"));
        var second = child.Refer(D("2025-01-01"));
        var before = Fires(_rule.Judge(child), "RR-01", Severity.High);

        var third = child.Refer(D("2025-06-01"));
        var after = Fires(_rule.Judge(child), "RR-01", Severity.High);

        Assert.Equal(second.Id.ToString(), before.OccurrenceKey);
        Assert.Equal(third.Id.ToString(), after.OccurrenceKey);
    }

    [Theory]
    [InlineData("2025-06-01", Severity.High)]
    [InlineData("2025-05-16", Severity.High)]
    [InlineData("2025-05-15", Severity.Medium)]
    public void The_high_window_is_configurable(string latest, Severity expected)
    {
        var child = NewChild();
        child.Refer(D("2025-01-01"));
        child.Refer(D(latest));
        var thresholds = new RuleThresholds { RepeatReferralHighWithinDays = 30 };

        Fires(_rule.Judge(child, thresholds: thresholds), "RR-01", expected);
    }

    [Fact]
    public void A_flag_for_an_earlier_referral_ends_naming_the_later_one()
    {
        var child = NewChild();
        child.Refer(D("2024-09-01"));
        var second = child.Refer(D("2025-01-01"));
        child.Refer(D("2025-06-01"));

        Assert.Equal("A later referral (2025-06-01) raised its own flag", _rule.EndReason(child, second.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_when_the_latest_referral_is_old_and_no_case_is_open()
    {
        var child = NewChild();
        child.ReferClosed(D("2024-01-10"));
        var latest = child.ReferClosed(D("2024-06-14"));

        Assert.Equal("Latest referral older than 365 days and no case open", _rule.EndReason(child, latest.Id.ToString()));
    }
}
