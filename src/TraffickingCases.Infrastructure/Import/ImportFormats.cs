using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Infrastructure.Import;

/// <summary>The kinds of file `tc import` takes; the formats are fixed because other tools write them.</summary>
public enum ImportKind
{
    Children,
    Referrals,
    MissingEpisodes,
    Placements,
    Support,
}

/// <summary>The fixed column names and coded values of the import files.</summary>
public static class ImportFormats
{
    public static readonly IReadOnlyDictionary<ImportKind, string[]> Columns = new Dictionary<ImportKind, string[]>
    {
        [ImportKind.Children] = ["external_id", "given_names", "family_name", "other_names", "date_of_birth", "dob_precision", "gender", "nationalities", "organisation_code", "uasc"],
        [ImportKind.Referrals] = ["child_external_id", "referral_date", "first_responder_type", "first_responder_organisation", "exploitation_types", "county_lines", "exploitation_location", "future_exploitation_concern", "competent_authority", "rg_decision", "rg_decision_date", "cg_decision", "cg_decision_date"],
        [ImportKind.MissingEpisodes] = ["child_external_id", "missing_from", "returned_at", "whereabouts_known", "reported_to_police_at", "police_reference", "risk_level", "return_interview_offered_at", "return_interview_completed_at"],
        [ImportKind.Placements] = ["child_external_id", "placement_type", "start_date", "end_date"],
        [ImportKind.Support] = ["child_external_id", "support_type", "requested_on", "started_on"],
    };

    /// <summary>
    /// Columns a file may have or leave out: added after the formats above were fixed, so files written before them
    /// still import as they did. A column left out reads as an empty cell in every row.
    /// </summary>
    public static readonly IReadOnlyDictionary<ImportKind, string[]> OptionalColumns = new Dictionary<ImportKind, string[]>
    {
        [ImportKind.Children] = ["parental_responsibility_in_uk"],
        [ImportKind.Referrals] = ["withdrawn_on", "withdrawal_reason", "suspended", "adult_support_referred_on"],
        [ImportKind.MissingEpisodes] = ["return_interview_declined", "concerns"],
        [ImportKind.Placements] = ["area", "out_of_area", "ofsted_registered"],
        [ImportKind.Support] = [],
    };

    public static readonly IReadOnlyDictionary<string, DobPrecision> DobPrecisions = new Dictionary<string, DobPrecision>
    {
        ["exact"] = DobPrecision.Exact, ["estimated"] = DobPrecision.Estimated, ["disputed"] = DobPrecision.Disputed,
    };

    public static readonly IReadOnlyDictionary<string, Gender> Genders = new Dictionary<string, Gender>
    {
        ["female"] = Gender.Female, ["male"] = Gender.Male, ["other"] = Gender.Other, ["unknown"] = Gender.Unknown,
    };

    public static readonly IReadOnlyDictionary<string, OrganisationType> OrganisationTypes = new Dictionary<string, OrganisationType>
    {
        ["local_authority"] = OrganisationType.LocalAuthority, ["police"] = OrganisationType.Police,
        ["government_agency"] = OrganisationType.GovernmentAgency, ["ngo"] = OrganisationType.Ngo,
    };

    public static readonly IReadOnlyDictionary<string, ExploitationTypes> ExploitationTypeCodes = new Dictionary<string, ExploitationTypes>
    {
        ["criminal"] = ExploitationTypes.Criminal, ["sexual"] = ExploitationTypes.Sexual, ["labour"] = ExploitationTypes.Labour,
        ["domestic_servitude"] = ExploitationTypes.DomesticServitude, ["organ_harvesting"] = ExploitationTypes.OrganHarvesting,
        ["other"] = ExploitationTypes.Other, ["unknown"] = ExploitationTypes.NotKnown,
    };

    public static readonly IReadOnlyDictionary<string, ExploitationLocation> ExploitationLocations = new Dictionary<string, ExploitationLocation>
    {
        ["uk"] = ExploitationLocation.Uk, ["overseas"] = ExploitationLocation.Overseas,
        ["uk_and_overseas"] = ExploitationLocation.UkAndOverseas, ["unknown"] = ExploitationLocation.NotKnown,
    };

    public static readonly IReadOnlyDictionary<string, CompetentAuthority> CompetentAuthorities = new Dictionary<string, CompetentAuthority>
    {
        ["sca"] = CompetentAuthority.Sca, ["ieca"] = CompetentAuthority.Ieca, ["devolved_pilot"] = CompetentAuthority.DevolvedPilot,
    };

    public static readonly IReadOnlyDictionary<string, DecisionOutcome> Decisions = new Dictionary<string, DecisionOutcome>
    {
        ["pending"] = DecisionOutcome.Pending, ["positive"] = DecisionOutcome.Positive, ["negative"] = DecisionOutcome.Negative,
    };

    public static readonly IReadOnlyDictionary<string, PoliceRiskGrading> RiskLevels = new Dictionary<string, PoliceRiskGrading>
    {
        ["very_low"] = PoliceRiskGrading.VeryLow, ["low"] = PoliceRiskGrading.Low,
        ["medium"] = PoliceRiskGrading.Medium, ["high"] = PoliceRiskGrading.High,
    };

    public static readonly IReadOnlyDictionary<string, PlacementType> PlacementTypes = new Dictionary<string, PlacementType>
    {
        ["family"] = PlacementType.Family, ["kinship"] = PlacementType.Kinship, ["foster"] = PlacementType.Foster,
        ["childrens_home"] = PlacementType.ChildrensHome, ["supported_accommodation"] = PlacementType.SupportedAccommodation,
        ["unregulated"] = PlacementType.Unregulated, ["home_office_hotel"] = PlacementType.HomeOfficeHotel,
        ["secure"] = PlacementType.Secure, ["other"] = PlacementType.Other,
    };

    public static readonly IReadOnlyDictionary<string, SupportType> SupportTypes = new Dictionary<string, SupportType>
    {
        ["legal_advice"] = SupportType.LegalAdvice, ["immigration_legal"] = SupportType.ImmigrationLegalAdvice,
        ["mental_health"] = SupportType.MentalHealth, ["ictg"] = SupportType.Ictg,
        ["education"] = SupportType.Education, ["other"] = SupportType.Other,
    };

    /// <summary>The code a file uses for a value, the inverse of the maps above.</summary>
    public static string CodeOf<T>(IReadOnlyDictionary<string, T> map, T value)
        where T : struct => map.First(kv => EqualityComparer<T>.Default.Equals(kv.Value, value)).Key;

    public static string CodesOf(ExploitationTypes types) =>
        string.Join(';', ExploitationTypeCodes.Where(kv => types.HasFlag(kv.Value)).Select(kv => kv.Key));
}
