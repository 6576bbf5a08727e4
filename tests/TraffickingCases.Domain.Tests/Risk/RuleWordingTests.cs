using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class RuleWordingTests
{
    [Fact]
    public void A_reasonable_grounds_decision_is_not_called_overdue_on_a_bank_holiday()
    {
        var child = NewChild();
        child.Refer(D("2024-12-17"), recordedAt: Noon("2024-12-17"));
        var rule = new ReasonableGroundsOverdueRule();

        Assert.Null(rule.Judge(child, Noon("2024-12-25")));
        Assert.Null(rule.Judge(child, Noon("2024-12-26")));
        var finding = Fires(rule.Judge(child, Noon("2024-12-27")), "RR-06", Severity.Medium);
        Assert.StartsWith("Reasonable Grounds decision pending 6 working days after the referral of 2024-12-17", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overdue_return_interview_says_its_due_time_in_hours()
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
            child.MissingForAnHour(Now.AddDays(-350 + (i * 40)));
        }

        var finding = Fires(new RepeatedMissingRule().Judge(child), "RR-03", Severity.Medium);

        Assert.StartsWith("1 missing episode in the last 90 days and 8 in the last 365 days", finding.Evidence, StringComparison.Ordinal);
    }
}
