using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Domain.Tests;

/// <summary>Guards the exhaustive switches in <see cref="Labels"/>: a new enum member must get its own words.</summary>
public class LabelsTests
{
    private static void EveryValueHasItsOwnLabel<T>(Func<T, string> label)
        where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var labels = values.Select(v => label(v)).ToList();

        Assert.All(labels, l => Assert.False(string.IsNullOrWhiteSpace(l), $"A {typeof(T).Name} has an empty label"));
        Assert.Equal(values.Length, labels.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_date_of_birth_precision_has_a_label() => EveryValueHasItsOwnLabel<DobPrecision>(Labels.Of);

    [Fact]
    public void Every_gender_has_a_label() => EveryValueHasItsOwnLabel<Gender>(Labels.Of);

    [Fact]
    public void Every_exploitation_location_has_a_label() => EveryValueHasItsOwnLabel<ExploitationLocation>(Labels.Of);

    [Fact]
    public void Every_competent_authority_has_a_label() => EveryValueHasItsOwnLabel<CompetentAuthority>(Labels.Of);

    [Fact]
    public void Every_decision_outcome_has_a_label() => EveryValueHasItsOwnLabel<DecisionOutcome>(Labels.Of);

    [Fact]
    public void Every_police_risk_grading_has_a_label() => EveryValueHasItsOwnLabel<PoliceRiskGrading>(Labels.Of);

    [Fact]
    public void Every_placement_type_has_a_label() => EveryValueHasItsOwnLabel<PlacementType>(Labels.Of);

    [Fact]
    public void Every_support_type_has_a_label() => EveryValueHasItsOwnLabel<SupportType>(Labels.Of);

    [Fact]
    public void Every_organisation_type_has_a_label() => EveryValueHasItsOwnLabel<OrganisationType>(Labels.Of);

    [Fact]
    public void Every_single_exploitation_type_is_listed_once_and_has_a_label()
    {
        var singles = Enum.GetValues<ExploitationTypes>().Where(t => t != ExploitationTypes.None).ToList();

        Assert.Equal(singles.Order(), Labels.SingleExploitationTypes.Order());
        Assert.Equal(Labels.SingleExploitationTypes.Count, Labels.SingleExploitationTypes.Select(Labels.OfSingle).Distinct().Count());
        Assert.Equal("Domestic servitude", Labels.OfSingle(ExploitationTypes.DomesticServitude));
    }

    [Fact]
    public void Combined_exploitation_types_read_in_form_order()
    {
        Assert.Equal("Criminal, Labour", Labels.Of(ExploitationTypes.Labour | ExploitationTypes.Criminal));
        Assert.Equal("Not known", Labels.Of(ExploitationTypes.NotKnown));
        Assert.Equal("None recorded", Labels.Of(ExploitationTypes.None));
    }
}

public class LabelsInSentenceTests
{
    [Theory]
    [InlineData("Foster care", "foster care")]
    [InlineData("Home Office hotel", "Home Office hotel")]
    [InlineData("Independent Child Trafficking Guardian", "Independent Child Trafficking Guardian")]
    [InlineData("UK", "UK")]
    [InlineData("NGO", "NGO")]
    [InlineData("Children's home", "children's home")]
    [InlineData("Waiting for RG decision", "waiting for RG decision")]
    [InlineData("Positive", "positive")]
    public void A_label_in_a_sentence_keeps_the_capitals_of_proper_nouns_and_abbreviations(string label, string expected)
    {
        Assert.Equal(expected, TraffickingCases.Domain.Children.Labels.InSentence(label));
    }
}
