using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// RR-11 and RR-12 raise no flag of their own: RR-11 weighs on live findings while the referral with the concern is recent or
/// open; RR-12 raises RR-02 and RR-03 to high for a criminally exploited child of 15–17.
/// </summary>
public class WeightingTests
{
    private const string ConcernNote = "; the referral of 2025-05-01 records a concern the child could be exploited again";

    private readonly FutureExploitationConcernWeighting _concern = new();
    private readonly CriminalExploitationWeighting _criminal = new();

    private static Child ChildWithConcern(DateOnly referralDate, bool open = true)
    {
        var child = NewChild();
        var details = TestData.Referral(referralDate) with { FutureExploitationConcern = true, FutureExploitationReasons = "Still in contact with the group" };
        child.Refer(open ? details : details with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = referralDate.AddDays(7) });
        return child;
    }

    // RR-11

    [Fact]
    public void With_two_medium_flags_one_of_them_live_the_concern_raises_the_live_one_to_high()
    {
        var child = ChildWithConcern(D("2025-05-01"));

        var weighed = _concern.Apply(Context(child),
            [Finding("RR-03", Severity.Medium, evidence: "Missing twice", live: true), Finding("RR-06", Severity.Medium, evidence: "Decision overdue", live: false)]);

        var live = Assert.Single(weighed, f => f.Code == "RR-03");
        Assert.Equal(Severity.High, live.Severity);
        Assert.Equal("Missing twice" + ConcernNote + " (RR-11: high with the other flags)", live.Evidence);
        Assert.Equal("occurrence-1", live.OccurrenceKey);
        var vulnerability = Assert.Single(weighed, f => f.Code == "RR-06");
        Assert.Equal(Severity.Medium, vulnerability.Severity);
        Assert.Equal("Decision overdue", vulnerability.Evidence);
    }

    [Fact]
    public void Two_medium_static_vulnerabilities_with_the_concern_stay_medium()
    {
        var child = ChildWithConcern(D("2025-05-01"));
        IReadOnlyList<Finding> findings = [Finding("RR-06", Severity.Medium, live: false), Finding("RR-16", Severity.Medium, live: false)];

        Assert.Same(findings, _concern.Apply(Context(child), findings));
    }

    [Theory]
    [InlineData(Severity.Medium)]
    [InlineData(Severity.High)]
    public void The_concern_never_lowers_or_raises_a_live_finding_beyond_medium(Severity severity)
    {
        var child = ChildWithConcern(D("2025-05-01"));

        var weighed = Assert.Single(_concern.Apply(Context(child), [Finding("RR-04", severity, evidence: "Missing", live: true)]));

        Assert.Equal(severity, weighed.Severity);
        Assert.Equal("Missing" + ConcernNote, weighed.Evidence);
    }

    [Fact]
    public void The_concern_leaves_static_vulnerabilities_alone()
    {
        var child = ChildWithConcern(D("2025-05-01"));
        var finding = Finding("RR-06", Severity.Low, evidence: "Decision overdue", live: false);

        Assert.Same(finding, Assert.Single(_concern.Apply(Context(child), [finding])));
    }

    [Fact]
    public void Without_the_concern_the_findings_are_unchanged()
    {
        var child = NewChild();
        child.Refer(D("2025-05-01"));
        IReadOnlyList<Finding> findings = [Finding("RR-04", Severity.Low, live: true)];

        Assert.Same(findings, _concern.Apply(Context(child), findings));
    }

    [Fact]
    public void Only_the_concern_on_the_latest_referral_counts()
    {
        var child = ChildWithConcern(D("2025-01-06"));
        child.Refer(D("2025-05-01"));
        IReadOnlyList<Finding> findings = [Finding("RR-04", Severity.Low, live: true)];

        Assert.Same(findings, _concern.Apply(Context(child), findings));
    }

    [Fact]
    public void The_concern_counts_for_365_days_after_a_closed_referral_and_not_a_day_more()
    {
        var child = ChildWithConcern(D("2024-06-15"), open: false);
        IReadOnlyList<Finding> findings = [Finding("RR-04", Severity.Medium, live: true), Finding("RR-15", Severity.Medium, live: false)];

        Assert.Equal(Severity.High, _concern.Apply(Context(child), findings).Single(f => f.Code == "RR-04").Severity);
        Assert.Same(findings, _concern.Apply(Context(child, Noon("2025-06-16")), findings));
        Assert.Equal(StartOf(D("2025-06-16")), _concern.NextChange(Context(child)));
    }

    [Fact]
    public void The_concern_counts_as_long_as_its_case_is_open()
    {
        var child = ChildWithConcern(D("2023-06-01"));
        IReadOnlyList<Finding> findings = [Finding("RR-04", Severity.Medium, live: true), Finding("RR-15", Severity.Medium, live: false)];

        Assert.Equal(Severity.High, _concern.Apply(Context(child), findings).Single(f => f.Code == "RR-04").Severity);
        Assert.Null(_concern.NextChange(Context(child)));
    }

    [Fact]
    public void The_concern_on_an_old_closed_referral_never_changes()
    {
        Assert.Null(_concern.NextChange(Context(ChildWithConcern(D("2023-06-01"), open: false))));
        Assert.Null(_concern.NextChange(Context(NewChild())));
    }

    [Fact]
    public void The_concern_alone_raises_no_finding_and_no_flag_of_its_own()
    {
        var child = ChildWithConcern(D("2025-05-01"));

        Assert.DoesNotContain(EvaluateAll(child), f => f.Code == "RR-11");
        Assert.Null(RuleSet.Find("RR-11"));
    }

    [Fact]
    public void Through_the_rule_set_a_missing_child_s_flag_carries_the_concern()
    {
        var child = ChildWithConcern(D("2025-05-01"));
        child.WentMissing(HoursBefore(Now, 1));

        var missing = Assert.Single(EvaluateAll(child), f => f.Code == "RR-04");

        Assert.EndsWith(ConcernNote, missing.Evidence, StringComparison.Ordinal);
    }

    // RR-12

    /// <summary>
    /// A child of the given age on <see cref="RiskTestData.Today"/> with two episodes in the last 30 days, more than the return
    /// interview's 14 days apart (so that RR-13 does not hold), after a referral whose case closed (so that RR-03 is the only
    /// missing finding that can lead), or during an open case.
    /// </summary>
    private static Child MissingTwice(DateOnly dateOfBirth, ExploitationTypes types = ExploitationTypes.Criminal, bool countyLines = false, bool open = false)
    {
        var child = NewChild(dateOfBirth);
        var referral = TestData.Referral(D("2025-03-03"), types) with { CountyLines = countyLines };
        child.Refer(open ? referral : referral with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-03-10") });
        child.MissingForAnHour(Noon("2025-05-17"));
        child.MissingForAnHour(Noon("2025-06-01"));
        return child;
    }

    [Fact]
    public void Criminal_exploitation_at_16_raises_repeated_missing_to_high_and_says_why()
    {
        var child = MissingTwice(Today.AddYears(-16).AddDays(-40));

        var findings = EvaluateAll(child);

        var repeated = Assert.Single(findings, f => f.Code == "RR-03");
        Assert.Equal(Severity.High, repeated.Severity);
        Assert.Contains("; aged 16 with criminal exploitation on the referral of 2025-03-03 (RR-12)", repeated.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Code == "RR-12");
    }

    [Fact]
    public void During_an_open_case_both_missing_findings_are_weighed_before_they_are_shown_as_one_flag()
    {
        var child = MissingTwice(Today.AddYears(-16).AddDays(-40), open: true);

        var missing = Assert.Single(EvaluateAll(child), f => MissingFlags.IsMissingRule(f.Code));

        Assert.Equal("RR-02", missing.Code);
        Assert.Equal(Severity.High, missing.Severity);
        Assert.Equal(2, missing.Evidence.Split("(RR-12)").Length - 1);
        Assert.Contains("Also: RR-03 2 missing episodes", missing.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_the_weighting_the_same_history_is_medium_repeated_missing()
    {
        var child = MissingTwice(Today.AddYears(-16).AddDays(-40), ExploitationTypes.Sexual);

        Assert.Equal(Severity.Medium, Assert.Single(EvaluateAll(child), f => f.Code == "RR-03").Severity);
    }

    [Theory]
    [InlineData(-1, false)]
    [InlineData(0, true)]
    [InlineData(365, true)]
    [InlineData((3 * 365) + 1, false)]
    public void Only_ages_15_to_17_are_weighed(int daysSinceFifteenthBirthday, bool weighed)
    {
        var child = MissingTwice(Today.AddYears(-15).AddDays(-daysSinceFifteenthBirthday));

        var repeated = Assert.Single(EvaluateAll(child), f => f.Code == "RR-03");

        Assert.Equal(weighed ? Severity.High : Severity.Medium, repeated.Severity);
        Assert.Equal(weighed, repeated.Evidence.Contains("(RR-12)", StringComparison.Ordinal));
    }

    [Fact]
    public void County_lines_is_named()
    {
        var child = MissingTwice(Today.AddYears(-16), countyLines: true);

        Assert.Contains("aged 16 with county lines on the referral of 2025-03-03", Assert.Single(EvaluateAll(child), f => f.Code == "RR-03").Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Criminal_among_other_exploitation_types_counts()
    {
        var child = MissingTwice(Today.AddYears(-16), ExploitationTypes.Criminal | ExploitationTypes.Sexual);

        Assert.Equal(Severity.High, Assert.Single(EvaluateAll(child), f => f.Code == "RR-03").Severity);
    }

    [Fact]
    public void Only_missing_findings_are_weighed()
    {
        var child = NewChild(Today.AddYears(-16));
        child.Refer(D("2025-03-03"));
        IReadOnlyList<Finding> findings = [Finding("RR-04", Severity.Medium), Finding("RR-06", Severity.Low, live: false), Finding("RR-03", Severity.Medium)];

        var weighed = _criminal.Apply(Context(child), findings);

        Assert.Equal(new[] { Severity.Medium, Severity.Low, Severity.High }, weighed.Select(f => f.Severity));
        Assert.Equal("Something found", weighed[0].Evidence);
    }

    [Fact]
    public void With_no_date_of_birth_nothing_is_weighed()
    {
        var child = TestData.ChildWithUnknownDateOfBirth();
        child.Refer(D("2025-03-03"));
        IReadOnlyList<Finding> findings = [Finding("RR-03", Severity.Medium)];

        Assert.Same(findings, _criminal.Apply(Context(child), findings));
        Assert.Null(_criminal.NextChange(Context(child)));
    }

    [Fact]
    public void The_minimum_age_is_configurable()
    {
        var child = MissingTwice(Today.AddYears(-14));

        Assert.Equal(Severity.Medium, Assert.Single(EvaluateAll(child), f => f.Code == "RR-03").Severity);
        Assert.Equal(Severity.High,
            Assert.Single(EvaluateAll(child, thresholds: new RuleThresholds { CriminalExploitationMinimumAge = 14 }), f => f.Code == "RR-03").Severity);
    }

    [Fact]
    public void The_weighting_changes_on_the_15th_and_the_18th_birthday()
    {
        var child = NewChild(D("2010-07-01"));
        child.Refer(D("2025-03-03"));

        Assert.Equal(StartOf(D("2025-07-01")), _criminal.NextChange(Context(child)));
        Assert.Equal(StartOf(D("2028-07-01")), _criminal.NextChange(Context(child, Noon("2025-07-01"))));
        Assert.Null(_criminal.NextChange(Context(child, Noon("2028-07-01"))));
    }

    [Fact]
    public void Without_criminal_exploitation_the_weighting_never_changes()
    {
        var child = NewChild(D("2010-07-01"));
        child.Refer(D("2025-03-03"), ExploitationTypes.Sexual);

        Assert.Null(_criminal.NextChange(Context(child)));
    }

    [Fact]
    public void The_weightings_are_RR_11_and_RR_12_and_explain_themselves()
    {
        Assert.Equal(new[] { "RR-11", "RR-12" }, RuleSet.Weightings.Select(w => w.Code));
        Assert.All(RuleSet.Weightings, w =>
        {
            Assert.False(string.IsNullOrWhiteSpace(w.Title));
            Assert.False(string.IsNullOrWhiteSpace(w.Effect));
            Assert.False(string.IsNullOrWhiteSpace(w.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(w.Source));
            Assert.False(string.IsNullOrWhiteSpace(w.Thresholds(new RuleThresholds())));
        });
        Assert.DoesNotContain("most often re-referred", _criminal.Rationale, StringComparison.OrdinalIgnoreCase);
    }

    private static DateTimeOffset StartOf(DateOnly date) => UkCalendar.StartOf(date);
}
