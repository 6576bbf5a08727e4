using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class RuleSetTests
{
    public static TheoryData<string> ThresholdNames() =>
        [.. typeof(RuleThresholds).GetProperties().Where(p => p.PropertyType == typeof(int)).Select(p => p.Name)];

    [Fact]
    public void The_rule_set_has_exactly_RR_01_to_RR_12_in_order()
    {
        var expected = Enumerable.Range(1, 12).Select(n => $"RR-{n:00}");

        Assert.Equal(expected, RuleSet.All.Select(r => r.Code));
    }

    [Fact]
    public void Every_rule_explains_itself()
    {
        var defaults = new RuleThresholds();

        Assert.All(RuleSet.All, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Title), $"{rule.Code} title");
            Assert.False(string.IsNullOrWhiteSpace(rule.Rationale), $"{rule.Code} rationale");
            Assert.False(string.IsNullOrWhiteSpace(rule.Source), $"{rule.Code} source");
            Assert.False(string.IsNullOrWhiteSpace(rule.SeverityText), $"{rule.Code} severity text");
            Assert.False(string.IsNullOrWhiteSpace(rule.Thresholds(defaults)), $"{rule.Code} thresholds");
        });
    }

    [Theory]
    [InlineData("RR-01", typeof(RepeatReferralRule))]
    [InlineData("RR-02", typeof(MissingDuringOpenCaseRule))]
    [InlineData("RR-03", typeof(RepeatedMissingRule))]
    [InlineData("RR-04", typeof(MissingNowRule))]
    [InlineData("RR-05", typeof(ReturnInterviewOverdueRule))]
    [InlineData("RR-06", typeof(ReasonableGroundsOverdueRule))]
    [InlineData("RR-07", typeof(SupportWaitingRule))]
    [InlineData("RR-08", typeof(RiskyPlacementRule))]
    [InlineData("RR-09", typeof(NoGuardianRule))]
    [InlineData("RR-10", typeof(TurningEighteenRule))]
    [InlineData("RR-11", typeof(FutureExploitationConcernRule))]
    [InlineData("RR-12", typeof(CriminalExploitationMissingRule))]
    public void Find_returns_the_rule_for_its_code(string code, Type expected)
    {
        var rule = RuleSet.Find(code);

        Assert.NotNull(rule);
        Assert.IsType(expected, rule);
        Assert.Equal(code, rule.Code);
    }

    [Theory]
    [InlineData("RR-13")]
    [InlineData("MANUAL")]
    [InlineData("rr-01")]
    public void Find_returns_nothing_for_an_unknown_code(string code)
    {
        Assert.Null(RuleSet.Find(code));
    }

    [Theory]
    [InlineData("RR-01", "high within 365 days")]
    [InlineData("RR-03", "2+ in 90 days (high at 3+), or 8+ in 365 days")]
    [InlineData("RR-04", "medium after 24 hours, high after 72 hours")]
    [InlineData("RR-05", "72 hours after return")]
    [InlineData("RR-06", "5 working days")]
    [InlineData("RR-07", "legal and immigration legal advice: 20 working days; mental health: 28 days")]
    [InlineData("RR-08", "supported accommodation under age 16")]
    [InlineData("RR-09", "10 working days after the referral")]
    [InlineData("RR-10", "100 days before the 18th birthday")]
    [InlineData("RR-12", "aged 15–17; missing in the last 90 days")]
    public void Thresholds_describe_the_default_numbers(string code, string text)
    {
        Assert.Contains(text, RuleSet.Find(code)!.Thresholds(new RuleThresholds()), StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_describe_the_configured_numbers()
    {
        var thresholds = new RuleThresholds { RepeatReferralHighWithinDays = 30, MissingNowMediumHours = 12, MissingNowHighHours = 48, LegalSupportDueWorkingDays = 15 };

        Assert.Equal("high within 30 days", RuleSet.Find("RR-01")!.Thresholds(thresholds));
        Assert.Equal("medium after 12 hours, high after 48 hours", RuleSet.Find("RR-04")!.Thresholds(thresholds));
        Assert.Contains("15 working days", RuleSet.Find("RR-07")!.Thresholds(thresholds), StringComparison.Ordinal);
    }

    [Fact]
    public void A_child_with_no_history_has_no_findings()
    {
        Assert.Empty(RuleSet.Evaluate(new RuleContext(NewChild(), true, Now, new RuleThresholds())));
    }

    [Fact]
    public void The_defaults_have_no_problems()
    {
        Assert.Empty(new RuleThresholds().Problems());
    }

    [Theory]
    [MemberData(nameof(ThresholdNames))]
    public void A_zero_threshold_is_a_problem_naming_the_setting(string name)
    {
        var thresholds = new RuleThresholds();
        typeof(RuleThresholds).GetProperty(name)!.SetValue(thresholds, 0);

        Assert.Contains($"Rules:{name} must be 1 or more (it is 0)", thresholds.Problems());
    }

    [Fact]
    public void A_negative_threshold_is_a_problem()
    {
        var thresholds = new RuleThresholds { ReasonableGroundsDueWorkingDays = -5 };

        var problem = Assert.Single(thresholds.Problems());
        Assert.Equal("Rules:ReasonableGroundsDueWorkingDays must be 1 or more (it is -5)", problem);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(12)]
    public void High_missing_hours_not_above_medium_hours_is_a_problem(int highHours)
    {
        var thresholds = new RuleThresholds { MissingNowMediumHours = 24, MissingNowHighHours = highHours };

        var problem = Assert.Single(thresholds.Problems());
        Assert.StartsWith($"Rules:MissingNowHighHours ({highHours}) must be more than Rules:MissingNowMediumHours (24)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void High_missing_hours_just_above_medium_hours_is_fine()
    {
        Assert.Empty(new RuleThresholds { MissingNowMediumHours = 24, MissingNowHighHours = 25 }.Problems());
    }

    [Fact]
    public void A_high_count_below_the_count_in_the_short_window_is_a_problem()
    {
        var thresholds = new RuleThresholds { MissingShortWindowCount = 4, MissingShortWindowHighCount = 3 };

        var problem = Assert.Single(thresholds.Problems());
        Assert.Contains("Rules:MissingShortWindowHighCount (3)", problem, StringComparison.Ordinal);
        Assert.Empty(new RuleThresholds { MissingShortWindowCount = 3, MissingShortWindowHighCount = 3 }.Problems());
    }

    [Fact]
    public void A_criminal_exploitation_minimum_age_over_17_is_a_problem()
    {
        Assert.Contains("Rules:CriminalExploitationMinimumAge (18)", Assert.Single(new RuleThresholds { CriminalExploitationMinimumAge = 18 }.Problems()), StringComparison.Ordinal);
        Assert.Empty(new RuleThresholds { CriminalExploitationMinimumAge = 17 }.Problems());
    }

    [Fact]
    public void A_supported_accommodation_age_over_18_is_a_problem()
    {
        Assert.Contains("Rules:SupportedAccommodationMinimumAge (19)", Assert.Single(new RuleThresholds { SupportedAccommodationMinimumAge = 19 }.Problems()), StringComparison.Ordinal);
        Assert.Empty(new RuleThresholds { SupportedAccommodationMinimumAge = 18 }.Problems());
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var thresholds = new RuleThresholds { IctgDueWorkingDays = 0, MissingNowHighHours = 10, CriminalExploitationMinimumAge = 20 };

        var problems = thresholds.Problems();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Rules:IctgDueWorkingDays", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Rules:MissingNowHighHours", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Rules:CriminalExploitationMinimumAge", StringComparison.Ordinal));
    }
}
