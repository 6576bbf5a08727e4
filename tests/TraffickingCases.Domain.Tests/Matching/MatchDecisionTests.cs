using TraffickingCases.Domain.Matching;

namespace TraffickingCases.Domain.Tests.Matching;

public class MatchDecisionTests
{
    private static readonly Guid Lower = Guid.Parse("0197a000-0000-7000-8000-0000000000a1");
    private static readonly Guid Higher = Guid.Parse("0197a000-0000-7000-8000-0000000000b2");
    private static readonly DateTimeOffset DecidedAt = TestData.Now.AddHours(3);

    private static MatchDecision Decide(Guid child, Guid other, MatchDecisionKind kind = MatchDecisionKind.NotSame,
        string reason = "Different mothers named on the birth certificates") =>
        MatchDecision.Decide(child, other, kind, TestData.OrganisationId, reason, "manager-1", "Alex Manager", DecidedAt);

    [Fact]
    public void The_pair_is_stored_smaller_id_first_whichever_order_it_is_given_in()
    {
        var forwards = Decide(Lower, Higher);
        var backwards = Decide(Higher, Lower);

        Assert.Equal(Lower, forwards.ChildAId);
        Assert.Equal(Higher, forwards.ChildBId);
        Assert.Equal(forwards.ChildAId, backwards.ChildAId);
        Assert.Equal(forwards.ChildBId, backwards.ChildBId);
    }

    [Fact]
    public void Ordered_puts_the_smaller_id_first()
    {
        Assert.Equal((Lower, Higher), MatchDecision.Ordered(Higher, Lower));
        Assert.Equal((Lower, Higher), MatchDecision.Ordered(Lower, Higher));
    }

    [Fact]
    public void The_decision_records_its_kind_who_when_why_and_the_organisation()
    {
        var decision = Decide(Higher, Lower, MatchDecisionKind.SameHeldElsewhere, "  Same child; Kent holds the other record  ");

        Assert.NotEqual(Guid.Empty, decision.Id);
        Assert.Equal(MatchDecisionKind.SameHeldElsewhere, decision.Kind);
        Assert.Equal(TestData.OrganisationId, decision.OrganisationId);
        Assert.Equal("Same child; Kent holds the other record", decision.Reason);
        Assert.Equal("manager-1", decision.DecidedById);
        Assert.Equal("Alex Manager", decision.DecidedByName);
        Assert.Equal(DecidedAt, decision.DecidedAt);
    }

    [Fact]
    public void Each_decision_has_its_own_id()
    {
        Assert.NotEqual(Decide(Lower, Higher).Id, Decide(Lower, Higher).Id);
    }

    [Theory]
    [InlineData(MatchDecisionKind.NotSame, "Enter why these are not the same child")]
    [InlineData(MatchDecisionKind.SameHeldElsewhere, "Enter why these are the same child")]
    public void A_decision_without_a_reason_is_refused_with_words_for_its_kind(MatchDecisionKind kind, string message)
    {
        var refused = Refusal.Expect(() => Decide(Lower, Higher, kind, "   "), "Reason", message);

        Assert.Equal(message, Assert.Single(refused.Errors).Message);
    }

    [Fact]
    public void A_reason_over_2000_characters_is_refused()
    {
        Refusal.Expect(() => Decide(Lower, Higher, reason: new string('x', MatchDecision.MaxReasonLength + 1)),
            "Reason", "The reason must be 2000 characters or fewer");
    }

    [Fact]
    public void A_record_cannot_be_decided_against_itself()
    {
        Refusal.Expect(() => Decide(Lower, Lower), "Pair", "A record cannot be compared with itself");
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        Refusal.Expect(() => Decide(Lower, Higher, (MatchDecisionKind)7), "Kind", "Choose a decision");
    }

    [Fact]
    public void Other_returns_the_other_record_of_the_pair()
    {
        var decision = Decide(Higher, Lower);

        Assert.Equal(Higher, decision.Other(Lower));
        Assert.Equal(Lower, decision.Other(Higher));
    }
}
