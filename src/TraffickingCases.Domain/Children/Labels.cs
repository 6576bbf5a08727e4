using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Domain.Children;

/// <summary>The words a caseworker reads for each closed set.</summary>
public static class Labels
{
    /// <summary>
    /// A label as it reads inside a sentence: the first letter lower-cased ("Placed: foster care"), unless it starts
    /// with a proper noun or an abbreviation, which keep their capitals ("Placed: Home Office hotel", "UK").
    /// </summary>
    public static string InSentence(string label)
    {
        var words = label.Split(' ');
        var first = words[0];
        var properNoun = first.Length > 1 && first.All(c => !char.IsLetter(c) || char.IsUpper(c))
            || (words.Length > 1 && words[1].Length > 0 && char.IsUpper(words[1][0]));
        return properNoun || label.Length == 0 ? label : char.ToLowerInvariant(label[0]) + label[1..];
    }

    public static string Of(DobPrecision value) => value switch
    {
        DobPrecision.Exact => "Exact",
        DobPrecision.Estimated => "Estimated",
        DobPrecision.Disputed => "Disputed",
    };

    public static string Of(Gender value) => value switch
    {
        Gender.Female => "Female",
        Gender.Male => "Male",
        Gender.Other => "Other",
        Gender.Unknown => "Not known",
    };

    public static string Of(ExploitationLocation value) => value switch
    {
        ExploitationLocation.Uk => "UK",
        ExploitationLocation.Overseas => "Overseas",
        ExploitationLocation.UkAndOverseas => "UK and overseas",
        ExploitationLocation.NotKnown => "Not known",
    };

    public static string Of(CompetentAuthority value) => value switch
    {
        CompetentAuthority.Sca => "Single Competent Authority",
        CompetentAuthority.Ieca => "Immigration Enforcement Competent Authority",
        CompetentAuthority.DevolvedPilot => "Devolved decision-making pilot",
    };

    public static string Of(DecisionOutcome value) => value switch
    {
        DecisionOutcome.Pending => "Pending",
        DecisionOutcome.Positive => "Positive",
        DecisionOutcome.Negative => "Negative",
    };

    public static string Of(NrmStage value) => value switch
    {
        NrmStage.NoReferral => "No referral",
        NrmStage.AwaitingReasonableGrounds => "Waiting for RG decision",
        NrmStage.NegativeReasonableGrounds => "Negative RG",
        NrmStage.AwaitingConclusiveGrounds => "Waiting for CG decision",
        NrmStage.PositiveConclusiveGrounds => "Positive CG",
        NrmStage.NegativeConclusiveGrounds => "Negative CG",
        NrmStage.Withdrawn => "Withdrawn or suspended",
    };

    public static string Of(PoliceRiskGrading value) => value switch
    {
        PoliceRiskGrading.VeryLow => "Very low",
        PoliceRiskGrading.Low => "Low",
        PoliceRiskGrading.Medium => "Medium",
        PoliceRiskGrading.High => "High",
    };

    public static string Of(PlacementType value) => value switch
    {
        PlacementType.Family => "Family",
        PlacementType.Kinship => "Kinship care",
        PlacementType.Foster => "Foster care",
        PlacementType.ChildrensHome => "Children's home",
        PlacementType.SupportedAccommodation => "Supported accommodation",
        PlacementType.Unregulated => "Unregulated accommodation",
        PlacementType.HomeOfficeHotel => "Home Office hotel",
        PlacementType.Secure => "Secure accommodation",
        PlacementType.Other => "Other",
    };

    public static string Of(SupportType value) => value switch
    {
        SupportType.LegalAdvice => "Legal advice",
        SupportType.ImmigrationLegalAdvice => "Immigration legal advice",
        SupportType.MentalHealth => "Mental health",
        SupportType.Ictg => "Independent Child Trafficking Guardian",
        SupportType.Education => "Education",
        SupportType.Other => "Other",
    };

    public static string Of(OrganisationType value) => value switch
    {
        OrganisationType.LocalAuthority => "Local authority",
        OrganisationType.Police => "Police",
        OrganisationType.GovernmentAgency => "Government agency",
        OrganisationType.Ngo => "NGO",
    };

    /// <summary>The single exploitation types in the order the NRM form lists them.</summary>
    public static readonly IReadOnlyList<ExploitationTypes> SingleExploitationTypes =
    [
        ExploitationTypes.Criminal, ExploitationTypes.Sexual, ExploitationTypes.Labour,
        ExploitationTypes.DomesticServitude, ExploitationTypes.OrganHarvesting, ExploitationTypes.Other,
        ExploitationTypes.NotKnown,
    ];

    public static string OfSingle(ExploitationTypes value) => value switch
    {
        ExploitationTypes.Criminal => "Criminal",
        ExploitationTypes.Sexual => "Sexual",
        ExploitationTypes.Labour => "Labour",
        ExploitationTypes.DomesticServitude => "Domestic servitude",
        ExploitationTypes.OrganHarvesting => "Organ harvesting",
        ExploitationTypes.Other => "Other",
        ExploitationTypes.NotKnown => "Not known",
        _ => value.ToString(),
    };

    public static string Of(ExploitationTypes value) =>
        value == ExploitationTypes.None
            ? "None recorded"
            : string.Join(", ", SingleExploitationTypes.Where(t => value.HasFlag(t)).Select(OfSingle));
}
