using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// RR-09 in an ICTG area, while a case is open and the child is under 18: no referral to the guardian service after 5 working
/// days, or referred and no one allocated after 10; the wording names the role the child should have.
/// </summary>
public class NoGuardianRuleTests
{
    private readonly NoGuardianRule _rule = new();

    private static Child ChildWithParentalResponsibility(bool? inUk) =>
        TestData.Register(TestData.ChildDetails() with { ParentalResponsibilityInUk = inUk }, Now);

    [Theory]
    [InlineData("2025-06-06")]
    [InlineData("2025-06-09")]
    public void No_service_referral_up_to_the_fifth_working_day_raises_nothing(string on)
    {
        var child = NewChild();
        child.Refer(D("2025-06-02"));

        Assert.Null(_rule.Judge(child, Noon(on), inIctgArea: true));
    }

    [Fact]
    public void No_service_referral_after_5_working_days_raises_medium_not_referred()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-06-02"));

        var finding = Fires(_rule.Judge(child, Noon("2025-06-10"), inIctgArea: true), "RR-09", Severity.Medium);

        Assert.Equal("No referral to the ICTG service 6 working days after the NRM referral of 2025-06-02; the child should have a guardian", finding.Evidence);
        Assert.Equal($"{referral.Id}:not-referred", finding.OccurrenceKey);
    }

    [Fact]
    public void Over_Christmas_the_service_referral_is_due_after_the_bank_holidays()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));

        Assert.Null(_rule.Judge(child, Noon("2024-12-30"), inIctgArea: true));
        Fires(_rule.Judge(child, Noon("2024-12-31"), inIctgArea: true), "RR-09", Severity.Medium);
    }

    [Fact]
    public void Referred_to_the_service_and_not_allocated_after_10_working_days_raises_medium_not_allocated()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-06-02"));
        child.AskFor(SupportType.Ictg, D("2025-06-03"));

        Assert.Null(_rule.Judge(child, Noon("2025-06-17"), inIctgArea: true));
        var finding = Fires(_rule.Judge(child, Noon("2025-06-18"), inIctgArea: true), "RR-09", Severity.Medium);

        Assert.Equal("Referred to the ICTG service on 2025-06-03; no one allocated after 11 working days; the child should have a guardian", finding.Evidence);
        Assert.Equal($"{referral.Id}:not-allocated", finding.OccurrenceKey);
    }

    [Fact]
    public void A_service_referral_ends_the_not_referred_occurrence_and_starts_the_wait_for_allocation()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-05-01"));
        Assert.Equal($"{referral.Id}:not-referred", Fires(_rule.Judge(child, inIctgArea: true), "RR-09", Severity.Medium).OccurrenceKey);

        child.AskFor(SupportType.Ictg, D("2025-06-13"));

        Assert.Null(_rule.Judge(child, inIctgArea: true));
        Assert.Equal("Referred to the ICTG service", _rule.EndReason(child, $"{referral.Id}:not-referred", inIctgArea: true));
    }

    [Theory]
    [InlineData(true, "the child should have a Regional Practice Coordinator (someone in the UK holds parental responsibility)")]
    [InlineData(false, "the child should have a Direct Worker (no one in the UK holds parental responsibility)")]
    [InlineData(null, "the child should have a guardian")]
    public void The_wording_names_the_role_by_parental_responsibility(bool? inUk, string expected)
    {
        var child = ChildWithParentalResponsibility(inUk);
        child.Refer(D("2025-05-01"));

        var finding = Fires(_rule.Judge(child, inIctgArea: true), "RR-09", Severity.Medium);

        Assert.EndsWith(expected, finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_an_ICTG_area_nothing_is_raised()
    {
        var child = NewChild();
        child.Refer(D("2024-12-19"));

        Assert.Null(_rule.Judge(child, inIctgArea: false));
    }

    [Fact]
    public void Once_the_guardian_service_has_started_nothing_is_raised_even_if_it_started_late()
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
    public void With_every_case_closed_nothing_is_raised()
    {
        var child = NewChild();
        child.ReferClosed(D("2025-03-03"), decided: D("2025-03-10"));

        Assert.Null(_rule.Judge(child, inIctgArea: true));
    }

    [Fact]
    public void The_flag_stops_when_the_case_closes_and_says_so()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-03-03"));
        var key = Fires(_rule.Judge(child, inIctgArea: true), "RR-09", Severity.Medium).OccurrenceKey;

        child.UpdateReferral(referral.Id, referral.ToDetails() with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = D("2025-06-13") }, Now);

        Assert.Null(_rule.Judge(child, inIctgArea: true));
        Assert.Equal("Case closed", _rule.EndReason(child, key, inIctgArea: true));
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
    public void A_service_referral_before_the_latest_NRM_referral_still_counts_when_there_is_no_later_one()
    {
        var child = NewChild();
        child.Refer(D("2025-01-06"));
        child.AskFor(SupportType.Ictg, D("2025-01-15"));
        var latest = child.Refer(D("2025-06-02"));

        var finding = Fires(_rule.Judge(child, inIctgArea: true), "RR-09", Severity.Medium);

        Assert.StartsWith("Referred to the ICTG service on 2025-01-15; no one allocated", finding.Evidence, StringComparison.Ordinal);
        Assert.Equal($"{latest.Id}:not-allocated", finding.OccurrenceKey);
    }

    [Fact]
    public void A_young_person_of_18_raises_nothing_and_the_flag_ends_on_turning_18()
    {
        var child = ChildAged(18);
        child.Refer(D("2025-03-03"));

        var key = Fires(_rule.Judge(child, Noon("2025-04-01"), inIctgArea: true), "RR-09", Severity.Medium).OccurrenceKey;
        Assert.Null(_rule.Judge(child, inIctgArea: true));
        Assert.Equal("Turned 18", _rule.EndReason(child, key, inIctgArea: true));
    }

    [Fact]
    public void The_flag_ends_when_the_guardian_service_starts()
    {
        var child = NewChild();
        var referral = child.Refer(D("2025-03-03"));
        var request = child.AskFor(SupportType.Ictg, D("2025-03-05"));
        child.UpdateSupportRequest(request.Id, request.ToDetails() with { StartedOn = D("2025-06-12") }, Now);

        Assert.Equal("Guardian service started", _rule.EndReason(child, $"{referral.Id}:not-allocated", inIctgArea: true));
    }

    [Fact]
    public void A_flag_for_an_earlier_referral_ends_when_a_newer_referral_raises_its_own()
    {
        var child = NewChild();
        var earlier = child.Refer(D("2025-01-06"));
        child.Refer(D("2025-05-01"));

        Assert.Equal("A newer referral raised its own flag", _rule.EndReason(child, $"{earlier.Id}:not-referred", inIctgArea: true));
    }

    [Fact]
    public void The_working_days_are_configurable()
    {
        var child = NewChild();
        child.Refer(D("2025-06-10"));

        Assert.Null(_rule.Judge(child, inIctgArea: true));
        var finding = Fires(_rule.Judge(child, inIctgArea: true, thresholds: new RuleThresholds { IctgReferralDueWorkingDays = 2 }), "RR-09", Severity.Medium);
        Assert.Contains("3 working days after the NRM referral of 2025-06-10", finding.Evidence, StringComparison.Ordinal);

        child.AskFor(SupportType.Ictg, D("2025-06-11"));
        Assert.Null(_rule.Judge(child, inIctgArea: true));
        Fires(_rule.Judge(child, inIctgArea: true, thresholds: new RuleThresholds { IctgDueWorkingDays = 1 }), "RR-09", Severity.Medium);
    }
}
