using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>The rules as a set: their codes, kinds, explanations and settings, and the one way findings are worked out.</summary>
public class RuleSetTests
{
    private static readonly string[] LiveIndicators = ["RR-01", "RR-02", "RR-03", "RR-04", "RR-05", "RR-08", "RR-13", "RR-14", "RR-18", "RR-19"];

    public static TheoryData<string> ThresholdNames() =>
        [.. typeof(RuleThresholds).GetProperties().Where(p => p.PropertyType == typeof(int)).Select(p => p.Name)];

    [Fact]
    public void The_rule_set_has_RR_01_to_RR_20_in_order_without_the_weightings_RR_11_and_RR_12()
    {
        var expected = Enumerable.Range(1, 20).Where(n => n is not (11 or 12)).Select(n => $"RR-{n:00}");

        Assert.Equal(expected, RuleSet.All.Select(r => r.Code));
    }

    [Fact]
    public void Every_rule_explains_itself_with_its_lifetime_and_source()
    {
        var defaults = new RuleThresholds();

        Assert.All(RuleSet.All, rule =>
        {
            Assert.False(string.IsNullOrWhiteSpace(rule.Title), $"{rule.Code} title");
            Assert.False(string.IsNullOrWhiteSpace(rule.Rationale), $"{rule.Code} rationale");
            Assert.False(string.IsNullOrWhiteSpace(rule.Source), $"{rule.Code} source");
            Assert.False(string.IsNullOrWhiteSpace(rule.SeverityText), $"{rule.Code} severity text");
            Assert.False(string.IsNullOrWhiteSpace(rule.Thresholds(defaults)), $"{rule.Code} thresholds");
            Assert.False(string.IsNullOrWhiteSpace(rule.Lifetime(defaults)), $"{rule.Code} lifetime");
        });
    }

    [Fact]
    public void Each_rule_declares_whether_it_is_a_live_indicator_or_a_static_vulnerability()
    {
        Assert.Equal(LiveIndicators, RuleSet.All.Where(r => r.Kind == RuleKind.LiveIndicator).Select(r => r.Code));
        Assert.Equal(["RR-06", "RR-07", "RR-09", "RR-10", "RR-15", "RR-16", "RR-17", "RR-20"],
            RuleSet.All.Where(r => r.Kind == RuleKind.StaticVulnerability).Select(r => r.Code));
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
    [InlineData("RR-13", typeof(MissingAgainRule))]
    [InlineData("RR-14", typeof(ReturnInterviewDisclosureRule))]
    [InlineData("RR-15", typeof(PlacementInstabilityRule))]
    [InlineData("RR-16", typeof(AgeDisputeRule))]
    [InlineData("RR-17", typeof(AtEighteenWithoutAdultSupportRule))]
    [InlineData("RR-18", typeof(ProtectionEndedWhileAtRiskRule))]
    [InlineData("RR-19", typeof(LinkedRecordEventRule))]
    [InlineData("RR-20", typeof(SupervisionReviewOverdueRule))]
    public void Find_returns_the_rule_for_its_code(string code, Type expected)
    {
        var rule = RuleSet.Find(code);

        Assert.NotNull(rule);
        Assert.IsType(expected, rule);
        Assert.Equal(code, rule.Code);
    }

    [Theory]
    [InlineData("RR-11")]
    [InlineData("RR-12")]
    [InlineData("RR-21")]
    [InlineData("RR-00")]
    [InlineData("MANUAL")]
    [InlineData("rr-01")]
    public void Find_returns_nothing_for_a_code_that_is_not_a_rule(string code)
    {
        Assert.Null(RuleSet.Find(code));
    }

    [Fact]
    public void The_end_reason_of_a_rule_no_longer_in_the_set_says_the_rules_changed()
    {
        var context = Context(NewChild());

        Assert.Equal("Rule changed: this rule no longer raises flags of its own", RuleSet.EndReason(context, "RR-12", "episode-1"));
    }

    [Fact]
    public void The_end_reason_of_a_rule_in_the_set_is_the_rules_own()
    {
        var child = NewChild();
        var episode = child.WentMissing(HoursBefore(Now, 10), HoursBefore(Now, 2));

        Assert.Equal("Returned 2025-06-15 11:00", RuleSet.EndReason(Context(child), "RR-04", episode.Id.ToString()));
    }

    [Theory]
    [InlineData("RR-01", "high within 365 days of the latest referral")]
    [InlineData("RR-02", "episodes in the last 30 days")]
    [InlineData("RR-03", "2+ in 30 days (high at 3+)")]
    [InlineData("RR-04", "high for all after 24 hours; strategy discussion due after 72 hours")]
    [InlineData("RR-05", "due 72 hours after return; flagged until 14 days after return")]
    [InlineData("RR-06", "low after 5 working days; medium after a further 20")]
    [InlineData("RR-07", "local settings: legal and immigration legal advice 20 working days; mental health 28 days")]
    [InlineData("RR-08", "under 16: no supported accommodation; 16–17: Ofsted-registered supported accommodation only")]
    [InlineData("RR-09", "referral to the service due 5 working days after the NRM referral; allocation due 10 working days after the service referral")]
    [InlineData("RR-10", "100 days before the 18th birthday")]
    [InlineData("RR-13", "within 7 days of the return, or before the return interview while it is outstanding (14 days); flagged for 30 days")]
    [InlineData("RR-14", "concerns recorded on an episode in the last 30 days")]
    [InlineData("RR-15", "3+ moves (a placement starting after another) in 365 days; a current placement recorded as out of area that started in the last 30 days")]
    [InlineData("RR-17", "flagged for 90 days")]
    [InlineData("RR-18", "missing or concerns within 30 days before the decision or since; flagged for 30 days")]
    [InlineData("RR-19", "missing: while missing and 7 days; referral: 30 days")]
    public void Thresholds_describe_the_default_numbers(string code, string text)
    {
        Assert.Contains(text, RuleSet.Find(code)!.Thresholds(new RuleThresholds()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RR-01", "until 365 days after the latest one, and after that while a case is open")]
    [InlineData("RR-02", "While the case is open and the episode began in the last 30 days")]
    [InlineData("RR-03", "While 2 or more episodes began in the last 30 days; each new episode raises a new flag")]
    [InlineData("RR-04", "until they return; each episode is its own flag")]
    [InlineData("RR-05", "From 72 hours after the return until the interview is completed or declined, or 14 days after the return")]
    [InlineData("RR-06", "Until the decision is made or the referral is withdrawn or suspended")]
    [InlineData("RR-07", "Until every late request has started")]
    [InlineData("RR-08", "While the placement is current and the child is under 18")]
    [InlineData("RR-09", "it stops when the case closes")]
    [InlineData("RR-10", "From 100 days before the 18th birthday until the birthday, while a case is open")]
    [InlineData("RR-13", "30 days from the start of the new episode")]
    [InlineData("RR-14", "30 days from the return")]
    [InlineData("RR-15", "or for the first 30 days of a current out-of-area placement; under 18 only; a new placement raises a new flag")]
    [InlineData("RR-16", "under 18 by it, or a case is open")]
    [InlineData("RR-17", "for 90 days, until a referral to adult support is recorded")]
    [InlineData("RR-18", "30 days from the decision or withdrawal")]
    [InlineData("RR-19", "While missing there and 7 days after the episode began; 30 days after a referral there")]
    public void Each_rule_says_what_ends_its_flags(string code, string text)
    {
        Assert.Contains(text, RuleSet.Find(code)!.Lifetime(new RuleThresholds()), StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_and_lifetimes_describe_the_configured_numbers()
    {
        var thresholds = new RuleThresholds
        {
            RepeatReferralHighWithinDays = 30, MissingNowHighHours = 12, MissingStrategyDiscussionHours = 48, LegalSupportDueWorkingDays = 15,
            MissingDuringOpenCaseRecentDays = 60, ReturnInterviewOutstandingDays = 10, MissingShortWindowDays = 45, RecentEventDays = 50,
            OutOfAreaRecentDays = 21,
        };

        Assert.Equal("high within 30 days of the latest referral", RuleSet.Find("RR-01")!.Thresholds(thresholds));
        Assert.Equal("high for all after 12 hours; strategy discussion due after 48 hours", RuleSet.Find("RR-04")!.Thresholds(thresholds));
        Assert.Contains("15 working days", RuleSet.Find("RR-07")!.Thresholds(thresholds), StringComparison.Ordinal);
        Assert.Contains("30 days after the latest one", RuleSet.Find("RR-01")!.Lifetime(thresholds), StringComparison.Ordinal);
        Assert.Contains("in the last 60 days", RuleSet.Find("RR-02")!.Lifetime(thresholds), StringComparison.Ordinal);
        Assert.Contains("or 10 days after the return", RuleSet.Find("RR-05")!.Lifetime(thresholds), StringComparison.Ordinal);
        Assert.Equal("2+ in 45 days (high at 3+)", RuleSet.Find("RR-03")!.Thresholds(thresholds));
        Assert.Contains("began in the last 45 days", RuleSet.Find("RR-03")!.Lifetime(thresholds), StringComparison.Ordinal);
        Assert.Contains("in the last 50 days", RuleSet.Find("RR-14")!.Thresholds(thresholds), StringComparison.Ordinal);
        Assert.Contains("that started in the last 21 days", RuleSet.Find("RR-15")!.Thresholds(thresholds), StringComparison.Ordinal);
        Assert.Contains("for the first 21 days of a current out-of-area placement", RuleSet.Find("RR-15")!.Lifetime(thresholds), StringComparison.Ordinal);
    }

    [Fact]
    public void A_child_with_no_history_has_no_findings()
    {
        Assert.Empty(RuleSet.Evaluate(new RuleContext(NewChild(), true, Now, new RuleThresholds())));
    }

    [Fact]
    public void Findings_are_in_code_order_and_marked_live_by_their_rules_kind()
    {
        var child = NewChild();
        child.Refer(D("2025-03-03"));
        child.WentMissing(HoursBefore(Now, 3));
        child.PlaceIn(PlacementType.HomeOfficeHotel, D("2025-06-01"));

        var findings = EvaluateAll(child, inIctgArea: true);

        // RR-02 and RR-04 read the same episode: one flag, led by "missing now".
        Assert.Equal(new[] { "RR-04", "RR-06", "RR-08", "RR-09" }, findings.Select(f => f.Code));
        Assert.Contains("Also: RR-02 went missing", findings[0].Evidence, StringComparison.Ordinal);
        Assert.All(findings, f => Assert.Equal(LiveIndicators.Contains(f.Code), f.Live));
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
    public void Strategy_discussion_hours_not_above_the_high_hours_is_a_problem(int strategyHours)
    {
        var thresholds = new RuleThresholds { MissingNowHighHours = 24, MissingStrategyDiscussionHours = strategyHours };

        var problem = Assert.Single(thresholds.Problems());
        Assert.StartsWith($"Rules:MissingStrategyDiscussionHours ({strategyHours}) must be more than Rules:MissingNowHighHours (24)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Strategy_discussion_hours_just_above_the_high_hours_is_fine()
    {
        Assert.Empty(new RuleThresholds { MissingNowHighHours = 24, MissingStrategyDiscussionHours = 25 }.Problems());
    }

    [Theory]
    [InlineData(3, 72)]
    [InlineData(2, 72)]
    public void Flagging_an_interview_for_no_longer_than_it_takes_to_fall_due_is_a_problem(int days, int dueHours)
    {
        var thresholds = new RuleThresholds { ReturnInterviewOutstandingDays = days, ReturnInterviewDueHours = dueHours };

        Assert.StartsWith($"Rules:ReturnInterviewOutstandingDays ({days}) must be longer than Rules:ReturnInterviewDueHours ({dueHours} hours)",
            Assert.Single(thresholds.Problems()), StringComparison.Ordinal);
        Assert.Empty(new RuleThresholds { ReturnInterviewOutstandingDays = 4, ReturnInterviewDueHours = 72 }.Problems());
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
    public void Every_problem_is_listed_at_once()
    {
        var thresholds = new RuleThresholds { IctgDueWorkingDays = 0, MissingStrategyDiscussionHours = 10, CriminalExploitationMinimumAge = 20 };

        var problems = thresholds.Problems();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Rules:IctgDueWorkingDays", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Rules:MissingStrategyDiscussionHours", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Rules:CriminalExploitationMinimumAge", StringComparison.Ordinal));
    }
}
