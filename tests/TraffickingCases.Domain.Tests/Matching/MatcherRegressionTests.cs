using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

/// <summary>Two outcomes the first version of the matcher got wrong (found by these tests, then fixed).</summary>
public class MatcherRegressionTests
{
    private static readonly Matcher Matcher = new(new MatchSettings());

    [Fact]
    public void The_same_age_count_does_not_subtract_a_candidate_of_another_age()
    {
        var query = Person("Ardit", "Hoxha", "2008-02-14");
        var results = Matcher.Rank(query,
            [Person("Ardit", "Hoxha", "2012-05-05"), Person("Ardit", "Hoxha", "2008-03-01"), Person("Ardit", "Hoxha", "2008-06-01")],
            MatchModel.BuiltIn, MatcherRankTests.Register);

        // Beside the 2012 record, two other children (both born 2008) have this name and about this age.
        Assert.Contains("2 other children have this name and about this age", results[0].Reasons);
        Assert.Contains("1 other child has this name and about this age", results[1].Reasons);
    }

    [Fact]
    public void Cousins_with_the_same_estimated_1_January_date_are_not_likely_in_a_register_where_that_date_is_rare()
    {
        // The register as the issue put it: 20,000 records, only 2010-01-01 common (400), every other date held by 3.
        var register = new RegisterCounts(20000, d => d == D("2010-01-01") ? 400 : 3);
        var a = Person("Henok Okbay", "Tesfay", "2007-01-01", DobPrecision.Estimated, Gender.Male, "ERI");
        var b = Person("Henok Okbay", "Mehari", "2007-01-01", DobPrecision.Estimated, Gender.Male, "ERI");

        var result = Matcher.Compare(a, b, MatchModel.BuiltIn, register);

        Assert.True(result.Band != MatchBand.Likely, $"{result.Probability}: {result.Explanation}");
    }
}
