using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class FlagDecisionTests
{
    private static readonly Guid ChildId = Guid.Parse("0197a000-0000-7000-8000-0000000000d7");

    private static Flag OpenFlag() => Flag.Raise(ChildId, Finding("RR-01", Severity.High, "referral-2", "Second referral within 12 months"), Now);

    [Fact]
    public void Deciding_to_acknowledge_keeps_the_flag_open_and_records_the_note()
    {
        var flag = OpenFlag();

        flag.Decide(FlagDecision.Acknowledge, "manager-1", "Ruth Okafor", "Strategy meeting booked", Now.AddHours(1));

        Assert.Equal(FlagStatus.Acknowledged, flag.Status);
        Assert.Equal("Strategy meeting booked", flag.Events[^1].Note);
    }

    [Fact]
    public void Acknowledging_a_flag_already_acknowledged_changes_nothing()
    {
        var flag = OpenFlag();
        flag.Decide(FlagDecision.Acknowledge, "manager-1", "Ruth Okafor", null, Now.AddHours(1));

        flag.Decide(FlagDecision.Acknowledge, "manager-2", "Tom Reid", "Seen", Now.AddHours(2));

        Assert.Equal(FlagStatus.Acknowledged, flag.Status);
        Assert.Equal(2, flag.Events.Count);
        Assert.Equal("manager-1", flag.Events[^1].ByUserId);
    }

    [Fact]
    public void Deciding_to_resolve_or_dismiss_closes_the_flag_with_the_reason()
    {
        var resolved = OpenFlag();
        var dismissed = OpenFlag();

        resolved.Decide(FlagDecision.Resolve, "manager-1", "Ruth Okafor", "Placed with a foster carer", Now.AddHours(1));
        dismissed.Decide(FlagDecision.Dismiss, "manager-1", "Ruth Okafor", "Recorded twice by mistake", Now.AddHours(1));

        Assert.Equal(FlagStatus.Resolved, resolved.Status);
        Assert.Equal(FlagAction.Resolved, resolved.Events[^1].Action);
        Assert.Equal("Placed with a foster carer", resolved.Events[^1].Note);
        Assert.Equal(FlagStatus.Dismissed, dismissed.Status);
        Assert.Equal(FlagAction.Dismissed, dismissed.Events[^1].Action);
    }

    [Fact]
    public void Closing_without_a_reason_is_refused_and_the_flag_stays_open()
    {
        var flag = OpenFlag();

        var refused = Assert.Throws<DomainValidationException>(() => flag.Decide(FlagDecision.Resolve, "manager-1", "Ruth Okafor", null, Now));

        Assert.Contains(refused.Errors, e => e.Field == "Reason");
        Assert.Equal(FlagStatus.Open, flag.Status);
    }

    [Fact]
    public void Any_decision_on_a_closed_flag_is_refused_as_already_closed()
    {
        var flag = OpenFlag();
        flag.Decide(FlagDecision.Resolve, "manager-1", "Ruth Okafor", "Dealt with", Now);

        foreach (var decision in Enum.GetValues<FlagDecision>())
        {
            Assert.Throws<DomainValidationException>(() => flag.Decide(decision, "manager-2", "Tom Reid", "Not a risk", Now.AddHours(1)));
        }

        Assert.Equal(FlagStatus.Resolved, flag.Status);
    }

    [Fact]
    public void Any_decision_on_a_flag_the_rules_ended_is_refused()
    {
        var flag = OpenFlag();
        flag.End("A later referral (2025-06-01) raised its own flag", Now);

        foreach (var decision in Enum.GetValues<FlagDecision>())
        {
            Assert.Throws<DomainValidationException>(() => flag.Decide(decision, "manager-2", "Tom Reid", "Not a risk", Now.AddHours(1)));
        }

        Assert.Equal(FlagStatus.Ended, flag.Status);
        Assert.Equal(2, flag.Events.Count);
    }

    [Fact]
    public void A_decision_that_is_not_one_of_the_three_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OpenFlag().Decide((FlagDecision)7, "manager-1", "Ruth Okafor", "x", Now));
    }
}
