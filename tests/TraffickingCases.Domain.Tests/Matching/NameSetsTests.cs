using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

public class NameSetsTests
{
    private static PersonRecord P(string given, string family, params string[] aliases) =>
        Person(given, family, "2008-02-14", DobPrecision.Exact, Gender.Male, "ALB", aliases);

    public static TheoryData<string, string, string, string, NameAgreement> Cases => new()
    {
        // Given and family names swapped.
        { "Yonas", "Tesfay", "Tesfay", "Yonas", NameAgreement.AllSame },
        { "Minh", "Nguyen", "Nguyen", "Minh", NameAgreement.AllSame },

        // Transliterations and diacritics, normalised.
        { "Mohammed", "Ahmed", "Muhammad", "Ahmed", NameAgreement.AllSame },
        { "Văn Minh", "Nguyễn", "Van Minh", "Nguyen", NameAgreement.AllSame },
        { "Ardit", "Hoxhë", "Ardit", "Hoxhe", NameAgreement.AllSame },

        // A phonetic or typo spelling.
        { "Ardit", "Hoxha", "Ardit", "Hoxhe", NameAgreement.AllSpelledDifferently },
        { "Besnik", "Shehu", "Besnik", "Shehou", NameAgreement.AllSpelledDifferently },

        // A dropped middle name, an added grandfather's name.
        { "Ardit Besnik", "Hoxha", "Ardit", "Hoxha", NameAgreement.SubsetSame },
        { "Yonas", "Tesfay", "Yonas", "Tesfay Gebremedhin", NameAgreement.SubsetSame },
        { "Ardit Besnik", "Hoxha", "Ardit", "Hoxhe", NameAgreement.SubsetSpelledDifferently },

        // Two names of several in common: a shared father's name, brothers, cousins.
        { "Suleiman Eltayeb", "Hmid", "Ibrahim Hamid", "Suleiman", NameAgreement.TwoOfSeveral },
        { "Henok Okbay", "Tesfay", "Henok Okbay", "Mehari", NameAgreement.TwoOfSeveral },

        // Brothers.
        { "Jack", "Smith", "Oliver", "Smith", NameAgreement.OneName },

        { "Jack", "Smith", "Ardit", "Hoxha", NameAgreement.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Names_compared_as_sets_of_words_agree_at_the_expected_level(string g1, string f1, string g2, string f2, NameAgreement expected)
    {
        var result = NameSets.Compare(P(g1, f1), P(g2, f2));

        Assert.True(expected == result.Agreement,
            $"{g1} {f1} / {g2} {f2}: expected {expected}, got {result.Agreement} (matched {string.Join(", ", result.Matched.Select(m => $"{m.Query}~{m.Candidate} {m.Level}"))})");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_comparison_is_symmetric(string g1, string f1, string g2, string f2, NameAgreement expected)
    {
        _ = expected;
        Assert.Equal(NameSets.Compare(P(g1, f1), P(g2, f2)).Agreement, NameSets.Compare(P(g2, f2), P(g1, f1)).Agreement);
    }

    [Fact]
    public void Tesfay_and_Tesfai_are_one_spelling_family_in_the_variants_data()
    {
        // The variants data groups these, so they count as the same name, not a different spelling.
        Assert.Equal(NameAgreement.AllSame, NameSets.Compare(P("Yonas", "Tesfay"), P("Yonas", "Tesfai")).Agreement);
    }

    [Fact]
    public void A_nickname_alias_on_one_record_does_not_stop_all_names_agreeing()
    {
        var withNickname = P("Ibrahim", "Hassan", "Abu");
        var without = P("Ibrahim", "Hassan");

        Assert.Equal(NameAgreement.AllSame, NameSets.Compare(withNickname, without).Agreement);
        Assert.Equal(NameAgreement.AllSame, NameSets.Compare(without, withNickname).Agreement);
    }

    [Fact]
    public void An_alias_can_pair_with_a_family_name()
    {
        // One record has the father's name as the family name; the other kept it as another name.
        var result = NameSets.Compare(P("Yonas", "Tesfay"), P("Yonas", "Gebremedhin", "Tesfay"));

        Assert.Contains(result.Matched, m => m.Query == "Tesfay" && m.CandidateRole == NameRole.Other);
        Assert.NotEqual(NameAgreement.OneName, result.Agreement);
    }

    [Fact]
    public void Two_of_several_lists_the_names_each_record_lacks()
    {
        var result = NameSets.Compare(P("Henok Okbay", "Tesfay"), P("Henok Okbay", "Mehari"));

        Assert.Equal(["Tesfay"], result.OnlyInQuery);
        Assert.Equal(["Mehari"], result.OnlyInCandidate);
        Assert.False(result.SameName);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("  ", "-")]
    public void A_record_with_no_names_is_missing(string given, string family)
    {
        Assert.Equal(NameAgreement.Missing, NameSets.Compare(P(given, family), P("Ardit", "Hoxha")).Agreement);
        Assert.Equal(NameAgreement.Missing, NameSets.Compare(P("Ardit", "Hoxha"), P(given, family)).Agreement);
    }

    [Fact]
    public void A_record_with_only_an_alias_is_missing()
    {
        Assert.Equal(NameAgreement.Missing, NameSets.Compare(P(string.Empty, string.Empty, "Ardit"), P("Ardit", "Hoxha")).Agreement);
    }

    [Fact]
    public void Short_words_agree_only_when_they_are_the_same()
    {
        Assert.Equal(NameAgreement.OneName, NameSets.Compare(P("Minh", "Le"), P("Minh", "Li")).Agreement);
    }
}
