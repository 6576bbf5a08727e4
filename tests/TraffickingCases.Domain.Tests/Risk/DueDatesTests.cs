using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>"My work": what falls due on a child's record, by the rules' own timescales, and how it reads.</summary>
public class DueDatesTests
{
    private static readonly RuleThresholds Thresholds = new();

    private static ReferralDueFacts Pending(DateOnly date) => new(date, DecisionOutcome.Pending, DecisionOutcome.Pending, null);

    private static IReadOnlyList<DueItem> Due(DueFacts facts, DateTimeOffset? now = null, bool ictg = false) =>
        DueDates.For(facts, ictg, now ?? Now, Thresholds, 14);

    [Fact]
    public void The_reasonable_grounds_decision_is_due_five_working_days_after_the_referral_skipping_easter()
    {
        Assert.Equal(D("2026-03-09"), DueDates.ReasonableGroundsDecision(D("2026-03-02"), Thresholds));
        Assert.Equal(D("2026-04-09"), DueDates.ReasonableGroundsDecision(D("2026-03-31"), Thresholds));
    }

    [Fact]
    public void The_reasonable_grounds_due_date_is_the_target_the_overdue_rule_names_and_the_rule_fires_the_day_after()
    {
        var child = NewChild();
        child.Refer(D("2025-06-02"));
        var due = DueDates.ReasonableGroundsDecision(D("2025-06-02"), Thresholds);

        var rule = new ReasonableGroundsOverdueRule();
        Assert.Null(rule.Judge(child, Noon(due)));
        var finding = rule.Judge(child, Noon(due.AddDays(1)));
        Assert.NotNull(finding);
        Assert.Contains($"target {due:yyyy-MM-dd}", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pending_decision_past_its_target_reads_overdue_by_whole_days_and_one_day_is_singular()
    {
        var items = Due(new DueFacts { Referrals = [Pending(D("2025-06-02"))] });

        var item = Assert.Single(items);
        Assert.Equal(DueKind.ReasonableGroundsDecision, item.Kind);
        Assert.Equal(D("2025-06-09"), item.DueOn);
        Assert.Equal("overdue by 6 days", DueDates.Describe(item, Now));
        Assert.Equal("overdue by 1 day", DueDates.Describe(item, Noon(D("2025-06-10"))));
        Assert.Equal("due today", DueDates.Describe(item, Noon(D("2025-06-09"))));
        Assert.Equal("due in 1 day", DueDates.Describe(item, Noon(D("2025-06-08"))));
        Assert.Equal("due in 2 days", DueDates.Describe(item, Noon(D("2025-06-07"))));
    }

    [Fact]
    public void A_decision_made_or_a_referral_withdrawn_is_not_due()
    {
        var items = Due(new DueFacts
        {
            Referrals =
            [
                new(D("2025-06-02"), DecisionOutcome.Positive, DecisionOutcome.Pending, null),
                new(D("2025-06-03"), DecisionOutcome.Pending, DecisionOutcome.Pending, D("2025-06-05")),
            ],
        });

        Assert.Empty(items);
    }

    [Fact]
    public void The_return_interview_is_due_72_hours_after_the_return_and_overdue_from_that_time()
    {
        var returned = HoursBefore(Now, 80);
        var item = Assert.Single(Due(new DueFacts { LatestReturn = new(returned, null, false) }));

        Assert.Equal(DueKind.ReturnInterview, item.Kind);
        Assert.Equal(returned.AddHours(72), item.DueAt);
        Assert.Equal(UkCalendar.DateOf(returned.AddHours(72)), item.DueOn);
        Assert.True(item.IsOverdue(Now));
        Assert.Equal($"overdue since {UkCalendar.ToLondon(returned.AddHours(72)):HH:mm}", DueDates.Describe(item, Now));
        Assert.Equal("overdue by 1 day", DueDates.Describe(item, Now.AddDays(1)));
        Assert.Equal($"due today by {UkCalendar.ToLondon(returned.AddHours(72)):HH:mm}", DueDates.Describe(item, returned.AddHours(71)));
    }

    [Fact]
    public void A_return_interview_done_declined_or_older_than_the_rules_flag_lasts_is_not_listed()
    {
        Assert.Empty(Due(new DueFacts { LatestReturn = new(HoursBefore(Now, 80), HoursBefore(Now, 2), false) }));
        Assert.Empty(Due(new DueFacts { LatestReturn = new(HoursBefore(Now, 80), null, true) }));
        Assert.Empty(Due(new DueFacts { LatestReturn = new(Now.AddDays(-15), null, false) }));
    }

    [Fact]
    public void Things_due_beyond_the_look_ahead_are_left_out_but_an_18th_birthday_within_100_days_is_shown()
    {
        var items = Due(new DueFacts
        {
            DateOfBirth = Today.AddDays(90).AddYears(-18),
            SupervisionReviewOn = Today.AddDays(15),
            RiskOverrideReviewOn = Today.AddDays(14),
        });

        Assert.Equal([DueKind.RiskOverrideReview, DueKind.EighteenthBirthday], items.Select(i => i.Kind));
        Assert.Equal("in 90 days", DueDates.Describe(items[1], Now));
        Assert.Empty(Due(new DueFacts { DateOfBirth = Today.AddDays(101).AddYears(-18) }));
        Assert.Empty(Due(new DueFacts { DateOfBirth = Today.AddDays(-1).AddYears(-18) }));
    }

    [Fact]
    public void Items_are_ordered_most_overdue_first_then_soonest_due()
    {
        var items = Due(new DueFacts
        {
            Referrals = [Pending(D("2025-06-02"))],
            SupervisionReviewOn = Today.AddDays(-20),
            RiskOverrideReviewOn = Today.AddDays(3),
            SupportRequests = [new(SupportType.MentalHealth, Today.AddDays(-30), null)],
        });

        Assert.Equal(
            [DueKind.SupervisionReview, DueKind.ReasonableGroundsDecision, DueKind.SupportStart, DueKind.RiskOverrideReview],
            items.Select(i => i.Kind));
        Assert.Equal("overdue by 20 days", DueDates.Describe(items[0], Now));
        Assert.Equal("overdue by 2 days", DueDates.Describe(items[2], Now));
        Assert.Equal("due in 3 days", DueDates.Describe(items[3], Now));
    }

    [Fact]
    public void Legal_advice_is_due_in_working_days_mental_health_in_days_and_started_or_other_support_never()
    {
        Assert.Equal(WorkingDays.Add(D("2025-06-02"), 20), DueDates.SupportStart(SupportType.LegalAdvice, D("2025-06-02"), Thresholds));
        Assert.Equal(D("2025-06-30"), DueDates.SupportStart(SupportType.MentalHealth, D("2025-06-02"), Thresholds));
        Assert.Null(DueDates.SupportStart(SupportType.Education, D("2025-06-02"), Thresholds));
        Assert.Empty(Due(new DueFacts { SupportRequests = [new(SupportType.MentalHealth, Today.AddDays(-30), Today.AddDays(-1))] }));
    }

    [Fact]
    public void In_an_ictg_area_a_missing_guardian_referral_then_a_missing_allocation_fall_due_as_rr09_counts_them()
    {
        var open = new DueFacts { DateOfBirth = D("2010-03-01"), Referrals = [Pending(D("2025-06-10"))] };

        var referral = Due(open, ictg: true).Single(i => i.Kind == DueKind.GuardianReferral);
        Assert.Equal(WorkingDays.Add(D("2025-06-10"), Thresholds.IctgReferralDueWorkingDays), referral.DueOn);
        Assert.DoesNotContain(Due(open, ictg: false), i => i.Kind is DueKind.GuardianReferral or DueKind.GuardianAllocation);

        var requested = open with { SupportRequests = [new(SupportType.Ictg, D("2025-06-11"), null)] };
        var allocation = Due(requested, ictg: true).Single(i => i.Kind == DueKind.GuardianAllocation);
        Assert.Equal(WorkingDays.Add(D("2025-06-11"), Thresholds.IctgDueWorkingDays), allocation.DueOn);

        var started = open with { SupportRequests = [new(SupportType.Ictg, D("2025-06-11"), D("2025-06-12"))] };
        Assert.DoesNotContain(Due(started, ictg: true), i => i.Kind is DueKind.GuardianReferral or DueKind.GuardianAllocation);
    }

    [Theory]
    [InlineData(0.5, "under an hour")]
    [InlineData(1.2, "1 hour")]
    [InlineData(3, "3 hours")]
    [InlineData(47.9, "47 hours")]
    [InlineData(49, "2 days")]
    [InlineData(24 * 9.5, "9 days")]
    public void How_long_a_child_has_been_missing_reads_in_hours_then_days(double hours, string expected)
    {
        Assert.Equal(expected, DueDates.MissingFor(HoursBefore(Now, hours), Now));
    }
}
