using System.Text.RegularExpressions;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

/// <summary>The reasons a caseworker reads, and the technical explanation beside them.</summary>
public partial class MatchReasonsTests
{
    private static readonly Matcher Matcher = new(new MatchSettings());

    private static MatchResult Compare(PersonRecord a, PersonRecord b) => Matcher.Compare(a, b, MatchModel.BuiltIn, MatcherRankTests.Register);

    [Fact]
    public void A_family_name_spelled_differently_names_both_spellings()
    {
        var result = Compare(Person("Besnik", "Shehu", "2008-02-14"), Person("Besnik", "Shehou", "2008-02-14"));

        var reason = Assert.Single(result.Reasons, r => r.Contains("spelled differently", StringComparison.Ordinal));
        Assert.Contains("Shehu", reason, StringComparison.Ordinal);
        Assert.Contains("Shehou", reason, StringComparison.Ordinal);
        Assert.StartsWith("Family name", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_name_spelled_differently_names_both_spellings()
    {
        var result = Compare(Person("Shehu", "Hoxha", "2008-02-14"), Person("Shehou", "Hoxha", "2008-02-14"));

        Assert.Contains("Given name spelled differently (Shehu, Shehou)", result.Reasons);
        Assert.Contains("Same family name (Hoxha)", result.Reasons);
    }

    [Fact]
    public void A_transliteration_is_the_same_name_written_another_way()
    {
        var result = Compare(Person("Mohammed", "Ahmed", "2008-03-05", nationality: "SDN"), Person("Muhammad", "Ahmed", "2008-03-05", nationality: "SDN"));

        Assert.Contains(result.Reasons, r => r.Contains("written another way", StringComparison.Ordinal) && r.Contains("Mohammed", StringComparison.Ordinal) && r.Contains("Muhammad", StringComparison.Ordinal));
    }

    [Fact]
    public void Swapped_names_say_which_part_each_is_in()
    {
        var result = Compare(Person("Yonas", "Tesfay", "2008-04-20", nationality: "ERI"), Person("Tesfay", "Yonas", "2008-04-20", nationality: "ERI"));

        Assert.Contains(result.Reasons, r => r.StartsWith("Yonas is a given name in one record", StringComparison.Ordinal));
    }

    [Fact]
    public void An_estimated_date_many_children_share_says_so()
    {
        var result = Compare(
            MatcherRankTests.Sudanese("Suleiman Eltayeb", "Hmid", "2010-01-01", DobPrecision.Estimated),
            MatcherRankTests.Sudanese("Ibrahim Hamid", "Suleiman", "2010-01-01", DobPrecision.Estimated));

        Assert.Contains("Same date of birth, but an estimate many children share", result.Reasons);
        Assert.Contains(result.Reasons, r => r.StartsWith("Each record has a name the other lacks", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rare_exact_date_is_simply_the_same_date()
    {
        var result = Compare(Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxha", "2008-02-14"));

        Assert.Contains("Same date of birth", result.Reasons);
        Assert.DoesNotContain(result.Reasons, r => r.Contains("many children", StringComparison.Ordinal));
    }

    public static TheoryData<string> Pairs => new() { "spelled", "estimate", "hosseins", "twins", "swapped", "gender" };

    private static IReadOnlyList<MatchResult> Results(string pair) => pair switch
    {
        "spelled" => [Compare(Person("Shehu", "Hoxha", "2008-02-14"), Person("Shehou", "Hoxha", "2008-02-14"))],
        "estimate" => [Compare(
            MatcherRankTests.Sudanese("Suleiman Eltayeb", "Hmid", "2010-01-01", DobPrecision.Estimated),
            MatcherRankTests.Sudanese("Ibrahim Hamid", "Suleiman", "2010-01-01", DobPrecision.Estimated))],
        "hosseins" => Matcher.Rank(MatcherRankTests.Hossein, MatcherRankTests.SixHosseins, MatchModel.BuiltIn, MatcherRankTests.Register),
        "twins" => Matcher.Rank(Person("Ardit", "Hoxha", "2008-02-14"), [Person("Ardit", "Hoxha", "2008-02-14"), Person("Ardit", "Hoxha", "2008-02-14")], MatchModel.BuiltIn, MatcherRankTests.Register),
        "swapped" => [Compare(Person("Mohammed", "Ahmed", "2008-03-05", nationality: "SDN"), Person("Muhammad", "Ahmad", "2008-05-03", nationality: "SUD"))],
        _ => [Compare(Person("Ardit", "Hoxha", "2008-02-14", gender: Gender.Female), Person("Ardit", "Hoxha", "2009-02-14", nationality: "XKX"))],
    };

    [GeneratedRegex(@"\d[.,]\d")]
    private static partial Regex DecimalNumber();

    [GeneratedRegex(@"[+-]\d+\.\d")]
    private static partial Regex SignedWeight();

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Reasons_carry_no_weights(string pair)
    {
        foreach (var result in Results(pair))
        {
            Assert.NotEmpty(result.Reasons);
            foreach (var reason in result.Reasons)
            {
                Assert.DoesNotContain("bits", reason, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("weight", reason, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("log", reason, StringComparison.OrdinalIgnoreCase);
                Assert.False(DecimalNumber().IsMatch(reason), reason);
                Assert.False(string.IsNullOrWhiteSpace(reason));
                Assert.True(char.IsUpper(reason[0]) || char.IsDigit(reason[0]) || char.IsUpper(reason.TrimStart()[0]), reason);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void The_technical_explanation_carries_the_weights(string pair)
    {
        foreach (var result in Results(pair))
        {
            Assert.True(SignedWeight().IsMatch(result.Explanation), result.Explanation);
            Assert.Contains("names:", result.Explanation, StringComparison.Ordinal);
            Assert.Contains("prior:", result.Explanation, StringComparison.Ordinal);
            Assert.Contains("calibration:", result.Explanation, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_different_gender_and_nationality_are_reasons()
    {
        var result = Results("gender")[0];

        Assert.Contains("Different gender recorded", result.Reasons);
        Assert.Contains(result.Reasons, r => r.StartsWith("Nationalities often confused", StringComparison.Ordinal) && r.Contains("ALB", StringComparison.Ordinal) && r.Contains("XKX", StringComparison.Ordinal));
    }

    [Fact]
    public void Several_rivals_are_counted_in_the_reason()
    {
        var query = Person("Ardit", "Hoxha", "2008-02-14");
        var results = Matcher.Rank(query, [query, query, query], MatchModel.BuiltIn, MatcherRankTests.Register);

        Assert.All(results, r => Assert.Contains("2 other records are about as alike, so none can be called likely", r.Reasons));
    }
}
