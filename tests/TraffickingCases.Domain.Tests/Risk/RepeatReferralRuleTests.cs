using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

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
    public void Second_referral_within_a_year_with_changed_exploitation_raises_high_with_exact_evidence()
    {
        var child = NewChild();
        child.Refer(D("2023-10-11"), ExploitationTypes.Labour);
        var latest = child.Refer(D("2024-03-02"), ExploitationTypes.Criminal);

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.High);

        Assert.Equal(
            "2nd NRM referral on 2024-03-02; previous referral 2023-10-11 (143 days earlier); exploitation changed from labour to criminal",
            finding.Evidence);
        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Second_referral_364_days_later_with_the_same_exploitation_raises_high()
    {
        var child = NewChild();
        child.Refer(D("2024-06-02"));
        child.Refer(D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.High);

        Assert.Contains("(364 days earlier)", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("same exploitation (criminal)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Second_referral_exactly_365_days_later_with_the_same_exploitation_raises_high()
    {
        var child = NewChild();
        child.Refer(D("2024-06-01"));
        child.Refer(D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.High);

        Assert.Contains("(365 days earlier)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Second_referral_366_days_later_with_the_same_exploitation_raises_medium()
    {
        var child = NewChild();
        child.Refer(D("2024-05-31"), ExploitationTypes.Sexual);
        child.Refer(D("2025-06-01"), ExploitationTypes.Sexual);

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.Medium);

        Assert.Equal(
            "2nd NRM referral on 2025-06-01; previous referral 2024-05-31 (366 days earlier); same exploitation (sexual)",
            finding.Evidence);
    }

    [Fact]
    public void Second_referral_more_than_a_year_later_with_different_exploitation_raises_high()
    {
        var child = NewChild();
        child.Refer(D("2023-01-10"), ExploitationTypes.Sexual);
        child.Refer(D("2025-06-01"), ExploitationTypes.Sexual | ExploitationTypes.Criminal);

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.High);

        Assert.Contains("exploitation changed from sexual to criminal, sexual", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_latest_two_referrals_are_compared_and_the_count_is_ordinal()
    {
        var child = NewChild();
        child.Refer(D("2022-01-10"));
        child.Refer(D("2022-02-10"));
        var latest = child.Refer(D("2025-06-01"));

        var finding = Fires(_rule.Judge(child), "RR-01", Severity.Medium);

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

        Assert.StartsWith("2nd NRM referral on 2025-05-01; previous referral 2025-01-01 (120 days earlier); exploitation changed from labour to sexual",
            finding.Evidence, StringComparison.Ordinal);
        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
    }

    [Theory]
    [InlineData("2025-05-02", Severity.High)]
    [InlineData("2025-05-01", Severity.High)]
    [InlineData("2025-04-30", Severity.Medium)]
    public void The_high_window_is_configurable(string previous, Severity expected)
    {
        var child = NewChild();
        child.Refer(D(previous));
        child.Refer(D("2025-05-31"));
        var thresholds = new RuleThresholds { RepeatReferralHighWithinDays = 30 };

        Fires(_rule.Judge(child, thresholds: thresholds), "RR-01", expected);
    }
}
