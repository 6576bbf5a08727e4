using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class NoGuardianRuleTests
{
    private readonly NoGuardianRule _rule = new();

    [Fact]
    public void In_an_ICTG_area_no_guardian_by_the_10th_working_day_after_a_Christmas_referral_raises_nothing()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));

        Assert.Null(_rule.Judge(child, Noon("2025-01-06"), inIctgArea: true));
        Assert.Null(_rule.Judge(child, Noon("2025-01-07"), inIctgArea: true));
    }

    [Fact]
    public void In_an_ICTG_area_no_guardian_after_10_working_days_raises_medium()
    {
        var child = NewChild();
        var referral = child.Refer(D("2024-12-19"));

        var finding = Fires(_rule.Judge(child, Noon("2025-01-08"), inIctgArea: true), "RR-09", Severity.Medium);

        Assert.Equal("No ICTG support started 11 working days after the referral of 2024-12-19 (due by 2025-01-07); none requested", finding.Evidence);
        Assert.Equal(referral.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void Outside_an_ICTG_area_no_guardian_raises_nothing()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));

        Assert.Null(_rule.Judge(child, inIctgArea: false));
    }

    [Fact]
    public void A_guardian_requested_but_not_started_is_still_flagged_and_the_request_date_given()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));
        child.AskFor(SupportType.Ictg, D("2024-12-20"));

        var finding = Fires(_rule.Judge(child, Noon("2025-01-08"), inIctgArea: true), "RR-09", Severity.Medium);

        Assert.EndsWith("; requested 2024-12-20", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Once_ICTG_support_has_started_nothing_is_raised_even_if_it_started_late()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));
        child.AskFor(SupportType.Ictg, D("2024-12-20"), startedOn: D("2025-02-10"));

        Assert.Null(_rule.Judge(child, inIctgArea: true));
    }

    [Fact]
    public void Other_support_started_does_not_count_as_a_guardian()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));
        child.AskFor(SupportType.LegalAdvice, D("2024-12-20"), startedOn: D("2024-12-23"));

        Fires(_rule.Judge(child, inIctgArea: true), "RR-09", Severity.Medium);
    }

    [Fact]
    public void No_referral_raises_nothing()
    {
        Assert.Null(_rule.Judge(NewChild(), inIctgArea: true));
    }

    [Fact]
    public void The_count_restarts_from_the_latest_referral()
    {
        var child = NewChild();
        child.Refer(D("2024-01-10"));
        child.Refer(D("2025-06-10"));

        Assert.Null(_rule.Judge(child, inIctgArea: true));
    }

    [Fact]
    public void Over_Easter_the_due_date_skips_Good_Friday_and_Easter_Monday()
    {
        var child = NewChild();
        child.Refer(D("2025-04-14"));

        Assert.Null(_rule.Judge(child, Noon("2025-04-30"), inIctgArea: true));
        var finding = Fires(_rule.Judge(child, Noon("2025-05-01"), inIctgArea: true), "RR-09", Severity.Medium);

        Assert.Contains("11 working days after the referral of 2025-04-14 (due by 2025-04-30)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_young_person_of_18_raises_nothing()
    {
        var child = ChildAged(18);
        child.Refer(D("2025-03-03"));

        Fires(_rule.Judge(child, Noon("2025-04-01"), inIctgArea: true), "RR-09", Severity.Medium);
        Assert.Null(_rule.Judge(child, inIctgArea: true));
    }

    [Fact]
    public void The_working_days_are_configurable()
    {
        var child = NewChild();
        child.Refer(D("2025-06-10"));

        Assert.Null(_rule.Judge(child, inIctgArea: true));
        var finding = Fires(_rule.Judge(child, inIctgArea: true, thresholds: new RuleThresholds { IctgDueWorkingDays = 2 }), "RR-09", Severity.Medium);
        Assert.Contains("(due by 2025-06-12)", finding.Evidence, StringComparison.Ordinal);
    }
}
