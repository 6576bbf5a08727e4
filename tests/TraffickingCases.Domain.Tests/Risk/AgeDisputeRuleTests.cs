using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>RR-16: an age dispute, while the child is under 18 by the recorded date of birth or a case is open.</summary>
public class AgeDisputeRuleTests
{
    private readonly AgeDisputeRule _rule = new();

    private static Child Disputed(DateOnly? dateOfBirth) =>
        TestData.Register(TestData.ChildDetails(precision: DobPrecision.Disputed) with { DateOfBirth = dateOfBirth }, Now);

    [Fact]
    public void A_disputed_age_under_18_raises_medium()
    {
        var child = Disputed(D("2010-03-01"));

        var finding = Fires(_rule.Judge(child), "RR-16", Severity.Medium);

        Assert.Equal(
            "Age disputed; recorded date of birth 2010-03-01 (age 15); make sure the child is treated as a child until the dispute is settled",
            finding.Evidence);
        Assert.Equal("age-dispute", finding.OccurrenceKey);
    }

    [Theory]
    [InlineData(DobPrecision.Exact)]
    [InlineData(DobPrecision.Estimated)]
    public void An_age_that_is_not_disputed_raises_nothing(DobPrecision precision)
    {
        Assert.Null(_rule.Judge(TestData.Register(TestData.ChildDetails(precision: precision), Now)));
    }

    [Fact]
    public void A_disputed_age_with_no_date_of_birth_raises_medium()
    {
        var finding = Fires(_rule.Judge(Disputed(null)), "RR-16", Severity.Medium);

        Assert.StartsWith("Age disputed; no date of birth recorded;", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void At_18_by_the_recorded_date_of_birth_with_no_case_open_nothing_is_raised()
    {
        var child = Disputed(Today.AddYears(-18));

        Assert.Null(_rule.Judge(child));
        Fires(_rule.Judge(child, Now.AddDays(-1)), "RR-16", Severity.Medium);
    }

    [Fact]
    public void At_18_or_over_with_a_case_open_it_is_still_raised()
    {
        var child = Disputed(D("2005-01-01"));
        child.Refer(D("2025-03-03"));

        var finding = Fires(_rule.Judge(child), "RR-16", Severity.Medium);

        Assert.Contains("recorded date of birth 2005-01-01 (age 20)", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_ends_when_the_age_is_no_longer_disputed()
    {
        var child = Disputed(D("2010-03-01"));
        child.UpdateDetails(TestData.ChildDetails(D("2010-03-01"), DobPrecision.Exact), Now);

        Assert.Null(_rule.Judge(child));
        Assert.Equal("Age no longer recorded as disputed", _rule.EndReason(child, "age-dispute"));
    }

    [Fact]
    public void A_flag_ends_at_18_with_no_case_open()
    {
        var child = Disputed(Today.AddYears(-18));

        Assert.Equal("18 or over by the recorded date of birth, and no case open", _rule.EndReason(child, "age-dispute"));
    }
}
