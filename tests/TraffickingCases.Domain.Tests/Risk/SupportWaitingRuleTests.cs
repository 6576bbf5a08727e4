using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>RR-07: legal or mental-health support waiting past the local settings; the requests waiting make the occurrence.</summary>
public class SupportWaitingRuleTests
{
    private readonly SupportWaitingRule _rule = new();

    [Theory]
    [InlineData(SupportType.LegalAdvice)]
    [InlineData(SupportType.ImmigrationLegalAdvice)]
    public void Legal_support_requested_before_Christmas_is_not_late_on_the_20th_working_day(SupportType type)
    {
        var child = NewChild();
        child.AskFor(type, D("2024-12-19"));

        Assert.Null(_rule.Judge(child, Noon("2025-01-20")));
        Assert.Null(_rule.Judge(child, Noon("2025-01-21")));
    }

    [Fact]
    public void Legal_advice_not_started_on_the_21st_working_day_raises_medium()
    {
        var child = NewChild();
        var request = child.AskFor(SupportType.LegalAdvice, D("2024-12-19"));

        var finding = Fires(_rule.Judge(child, Noon("2025-01-22")), "RR-07", Severity.Medium);

        Assert.Equal("Legal advice requested 2024-12-19, not started after 34 days", finding.Evidence);
        Assert.Equal(request.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Immigration_legal_advice_across_Easter_and_the_early_May_holiday_is_late_only_after_20_working_days()
    {
        var child = NewChild();
        child.AskFor(SupportType.ImmigrationLegalAdvice, D("2025-04-03"));

        Assert.Null(_rule.Judge(child, Noon("2025-05-02")));
        Assert.Null(_rule.Judge(child, Noon("2025-05-06")));
        var finding = Fires(_rule.Judge(child, Noon("2025-05-07")), "RR-07", Severity.Medium);

        Assert.Equal("Immigration legal advice requested 2025-04-03, not started after 34 days", finding.Evidence);
    }

    [Fact]
    public void Legal_advice_that_has_started_raises_nothing_however_late()
    {
        var child = NewChild();
        child.AskFor(SupportType.LegalAdvice, D("2024-12-19"), startedOn: D("2025-05-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Theory]
    [InlineData("2025-05-19")]
    [InlineData("2025-05-18")]
    public void Mental_health_support_waiting_up_to_28_days_raises_nothing(string requestedOn)
    {
        var child = NewChild();
        child.AskFor(SupportType.MentalHealth, D(requestedOn));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Mental_health_support_waiting_29_days_raises_medium()
    {
        var child = NewChild();
        child.AskFor(SupportType.MentalHealth, D("2025-05-17"));

        var finding = Fires(_rule.Judge(child), "RR-07", Severity.Medium);

        Assert.Equal("Mental health requested 2025-05-17, not started after 29 days", finding.Evidence);
    }

    [Fact]
    public void Mental_health_days_are_calendar_days_so_weekends_and_holidays_count()
    {
        var child = NewChild();
        child.AskFor(SupportType.MentalHealth, D("2024-12-19"));

        Assert.Null(_rule.Judge(child, Noon("2025-01-16")));
        Fires(_rule.Judge(child, Noon("2025-01-17")), "RR-07", Severity.Medium);
    }

    [Theory]
    [InlineData(SupportType.Education)]
    [InlineData(SupportType.Ictg)]
    [InlineData(SupportType.Other)]
    public void Other_kinds_of_support_are_not_judged_by_this_rule(SupportType type)
    {
        var child = NewChild();
        child.AskFor(type, D("2024-06-01"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Every_late_request_is_listed_oldest_first_and_together_make_the_occurrence()
    {
        var child = NewChild();
        var mental = child.AskFor(SupportType.MentalHealth, D("2025-04-01"));
        var legal = child.AskFor(SupportType.LegalAdvice, D("2025-03-03"));
        child.AskFor(SupportType.LegalAdvice, D("2025-06-10"));

        var finding = Fires(_rule.Judge(child), "RR-07", Severity.Medium);

        Assert.Equal(
            "Legal advice requested 2025-03-03, not started after 104 days; mental health requested 2025-04-01, not started after 75 days",
            finding.Evidence);
        Assert.Equal(string.Join(",", new[] { mental.Id, legal.Id }.Order()), finding.OccurrenceKey);
    }

    [Fact]
    public void The_waits_are_configurable()
    {
        var child = NewChild();
        child.AskFor(SupportType.LegalAdvice, D("2025-06-05"));
        child.AskFor(SupportType.MentalHealth, D("2025-06-07"));
        var thresholds = new RuleThresholds { LegalSupportDueWorkingDays = 5, MentalHealthSupportDueDays = 7 };

        Assert.Null(_rule.Judge(child));
        var finding = Fires(_rule.Judge(child, thresholds: thresholds), "RR-07", Severity.Medium);

        Assert.Contains("Legal advice requested 2025-06-05, not started after 10 days", finding.Evidence, StringComparison.Ordinal);
        Assert.Contains("mental health requested 2025-06-07, not started after 8 days", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_ends_saying_support_started_when_every_late_request_has()
    {
        var child = NewChild();
        var legal = child.AskFor(SupportType.LegalAdvice, D("2025-03-03"));
        var key = Fires(_rule.Judge(child), "RR-07", Severity.Medium).OccurrenceKey;
        child.UpdateSupportRequest(legal.Id, legal.ToDetails() with { StartedOn = D("2025-06-13") }, Now);

        Assert.Null(_rule.Judge(child));
        Assert.Equal("Support started", _rule.EndReason(child, key));
    }

    [Fact]
    public void A_request_that_becomes_late_renews_the_flag_under_a_new_occurrence()
    {
        var child = NewChild();
        child.AskFor(SupportType.LegalAdvice, D("2025-03-03"));
        child.AskFor(SupportType.MentalHealth, D("2025-06-01"));
        var before = Fires(_rule.Judge(child), "RR-07", Severity.Medium).OccurrenceKey;

        var after = Fires(_rule.Judge(child, Noon("2025-07-01")), "RR-07", Severity.Medium).OccurrenceKey;

        Assert.NotEqual(before, after);
        Assert.Equal("The requests waiting changed; a new flag lists them", _rule.EndReason(child, before, Noon("2025-07-01")));
    }

    [Fact]
    public void A_flag_ends_when_no_request_waits_past_its_days_under_new_settings()
    {
        var child = NewChild();
        child.AskFor(SupportType.LegalAdvice, D("2025-06-05"));
        var thresholds = new RuleThresholds { LegalSupportDueWorkingDays = 5 };
        var key = Fires(_rule.Judge(child, thresholds: thresholds), "RR-07", Severity.Medium).OccurrenceKey;

        Assert.Equal("No request is waiting past its days", _rule.EndReason(child, key));
    }
}
