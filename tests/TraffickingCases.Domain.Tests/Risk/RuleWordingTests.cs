using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>The wording practitioners found wrong (issue 12), and small points of wording in evidence.</summary>
public class RuleWordingTests
{
    private static string Text(IRiskRule rule) => string.Join(" ", rule.Title, rule.SeverityText, rule.Rationale, rule.Source, rule.Lifetime(new RuleThresholds()));

    [Fact]
    public void A_reasonable_grounds_decision_is_not_called_overdue_on_a_bank_holiday()
    {
        var child = NewChild();
        child.Refer(D("2024-12-17"), recordedAt: Noon("2024-12-17"));
        var rule = new ReasonableGroundsOverdueRule();

        Assert.Null(rule.Judge(child, Noon("2024-12-25")));
        Assert.Null(rule.Judge(child, Noon("2024-12-26")));
        var finding = Fires(rule.Judge(child, Noon("2024-12-27")), "RR-06", Severity.Low);
        Assert.StartsWith("Reasonable Grounds decision pending 6 working days after the referral of 2024-12-17", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_outstanding_return_interview_says_its_due_time_in_hours()
    {
        var child = NewChild();
        var returned = Noon("2025-06-10");
        child.WentMissing(returned.AddHours(-10), returned);

        var finding = Fires(new ReturnInterviewOverdueRule().Judge(child), "RR-05", Severity.Medium);

        Assert.EndsWith("(due within 72 hours)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void One_missing_episode_is_written_in_the_singular()
    {
        var child = NewChild();
        for (var i = 0; i < 8; i++)
        {
            child.MissingForAnHour(Now.AddDays(-300 + (i * 40)));
        }

        var finding = Fires(new RepeatedMissingRule().Judge(child, thresholds: new RuleThresholds { MissingShortWindowCount = 1 }), "RR-03", Severity.Medium);

        Assert.StartsWith("1 missing episode in the last 30 days; latest", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void RR05_never_says_not_offered_or_completed()
    {
        Assert.DoesNotContain("not offered or completed", Text(new ReturnInterviewOverdueRule()), StringComparison.Ordinal);
        Assert.Contains("decline", new ReturnInterviewOverdueRule().Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void RR06_does_not_say_a_child_has_no_support_while_waiting_and_calls_five_days_a_target()
    {
        var rule = new ReasonableGroundsOverdueRule();

        Assert.DoesNotContain("no recovery period", Text(rule), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("no NRM support", Text(rule), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("where possible", rule.Rationale, StringComparison.Ordinal);
        Assert.Contains("local authority", rule.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void RR04_does_not_imply_nothing_is_needed_for_a_day()
    {
        var rule = new MissingNowRule();

        Assert.Contains("hour 0", rule.SeverityText, StringComparison.Ordinal);
        Assert.Contains("before 24 hours pass", rule.Rationale, StringComparison.Ordinal);
        Assert.Contains("needs action at once", rule.Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void RR01_and_RR12_do_not_overclaim()
    {
        Assert.DoesNotContain("clearest published sign", Text(new RepeatReferralRule()), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("no validated predictor", new RepeatReferralRule().Rationale, StringComparison.Ordinal);
        Assert.DoesNotContain("most often re-referred", new CriminalExploitationWeighting().Rationale, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RR10_says_support_past_18_is_being_piloted()
    {
        Assert.Contains("piloted", new TurningEighteenRule().Rationale, StringComparison.Ordinal);
    }

    [Fact]
    public void RR07_thresholds_are_shown_as_local_settings()
    {
        var rule = new SupportWaitingRule();

        Assert.StartsWith("local settings:", rule.Thresholds(new RuleThresholds()), StringComparison.Ordinal);
        Assert.Contains("local settings", rule.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void RR08_is_worded_as_unlawful_not_unsuitable()
    {
        var rule = new RiskyPlacementRule();

        Assert.Contains("unlawful", rule.Title, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("unsuitable", rule.Title + rule.SeverityText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Every_rule_and_weighting_cites_a_source()
    {
        Assert.All(RuleSet.All, r => Assert.True(r.Source.Length > 20, $"{r.Code}: {r.Source}"));
        Assert.All(RuleSet.Weightings, w => Assert.True(w.Source.Length > 20, $"{w.Code}: {w.Source}"));
    }
}
