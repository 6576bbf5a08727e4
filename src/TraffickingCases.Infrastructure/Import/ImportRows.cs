using TraffickingCases.Domain.Children;
using F = TraffickingCases.Infrastructure.Import.ImportFormats;

namespace TraffickingCases.Infrastructure.Import;

/// <summary>How each import file's row becomes the domain's details, and which column each domain field came from.</summary>
internal static class ImportRows
{
    public static ReferralDetails ReadReferral(CsvRow row)
    {
        var types = ExploitationTypes.None;
        foreach (var code in row.List("exploitation_types"))
        {
            if (F.ExploitationTypeCodes.TryGetValue(code.ToLowerInvariant(), out var type))
            {
                types |= type;
            }
            else
            {
                row.Error("exploitation_types", $"'{code}' must be one of {string.Join(", ", F.ExploitationTypeCodes.Keys)}");
            }
        }

        var withdrawnOn = row.Date("withdrawn_on");
        var suspended = row.Bool("suspended") ?? false;
        if (suspended && withdrawnOn is null && row.Text("withdrawn_on") is null)
        {
            row.Error("suspended", "a suspended case needs the date it was suspended in withdrawn_on (and why in withdrawal_reason)");
        }

        return new ReferralDetails
        {
            ReferralDate = row.RequiredDate("referral_date", "the referral date"),
            FirstResponderType = row.RequiredChoice("first_responder_type", F.OrganisationTypes, "the first responder type"),
            FirstResponderOrganisation = row.RequiredText("first_responder_organisation", "the first responder organisation"),
            ExploitationTypes = types,
            CountyLines = row.Bool("county_lines") ?? false,
            ExploitationLocation = row.Choice("exploitation_location", F.ExploitationLocations) ?? ExploitationLocation.NotKnown,
            FutureExploitationConcern = row.Bool("future_exploitation_concern") ?? false,
            CompetentAuthority = row.RequiredChoice("competent_authority", F.CompetentAuthorities, "the competent authority"),
            RgOutcome = row.Choice("rg_decision", F.Decisions) ?? DecisionOutcome.Pending,
            RgDecisionDate = row.Date("rg_decision_date"),
            CgOutcome = row.Choice("cg_decision", F.Decisions) ?? DecisionOutcome.Pending,
            CgDecisionDate = row.Date("cg_decision_date"),
            WithdrawnOn = withdrawnOn,
            WithdrawalReason = row.Text("withdrawal_reason"),
            Suspended = suspended,
            AdultSupportReferredOn = row.Date("adult_support_referred_on"),
        };
    }

    public static MissingEpisodeDetails ReadMissingEpisode(CsvRow row)
    {
        var wentMissing = row.Time("missing_from");
        if (row.Text("missing_from") is null)
        {
            row.Error("missing_from", "enter when the child went missing");
        }

        return new MissingEpisodeDetails
        {
            WentMissingAt = wentMissing ?? default,
            ReturnedAt = row.Time("returned_at"),
            WhereaboutsKnown = row.Bool("whereabouts_known") ?? false,
            ReportedToPoliceAt = row.Time("reported_to_police_at"),
            PoliceReference = row.Text("police_reference"),
            PoliceRiskGrading = row.Choice("risk_level", F.RiskLevels),
            ReturnInterviewOfferedAt = row.Time("return_interview_offered_at"),
            ReturnInterviewCompletedAt = row.Time("return_interview_completed_at"),
            ReturnInterviewDeclined = row.Bool("return_interview_declined") ?? false,
            Concerns = row.Text("concerns"),
        };
    }

    public static PlacementDetails ReadPlacement(CsvRow row) => new()
    {
        Type = row.RequiredChoice("placement_type", F.PlacementTypes, "the placement type"),
        StartDate = row.RequiredDate("start_date", "the start date"),
        EndDate = row.Date("end_date"),
        Area = row.Text("area"),
        OutOfArea = row.Bool("out_of_area"),
        OfstedRegistered = row.Bool("ofsted_registered"),
    };

    public static SupportRequestDetails ReadSupport(CsvRow row) => new()
    {
        Type = row.RequiredChoice("support_type", F.SupportTypes, "the support type"),
        RequestedOn = row.RequiredDate("requested_on", "the date support was requested"),
        StartedOn = row.Date("started_on"),
    };

    public static string ChildField(string field) => field switch
    {
        nameof(ChildDetails.GivenNames) => "given_names",
        nameof(ChildDetails.FamilyName) => "family_name",
        nameof(ChildDetails.OtherNames) => "other_names",
        nameof(ChildDetails.DateOfBirth) => "date_of_birth",
        nameof(ChildDetails.DobPrecision) => "dob_precision",
        nameof(ChildDetails.Gender) => "gender",
        nameof(ChildDetails.Nationalities) => "nationalities",
        nameof(ChildDetails.ExternalId) => "external_id",
        nameof(ChildDetails.IsUasc) => "uasc",
        nameof(ChildDetails.ParentalResponsibilityInUk) => "parental_responsibility_in_uk",
        _ => field,
    };

    public static string ReferralField(string field) => field switch
    {
        nameof(ReferralDetails.ReferralDate) => "referral_date",
        nameof(ReferralDetails.FirstResponderOrganisation) => "first_responder_organisation",
        nameof(ReferralDetails.FirstResponderType) => "first_responder_type",
        nameof(ReferralDetails.ExploitationTypes) => "exploitation_types",
        nameof(ReferralDetails.CountyLines) => "county_lines",
        nameof(ReferralDetails.ExploitationLocation) => "exploitation_location",
        nameof(ReferralDetails.CompetentAuthority) => "competent_authority",
        nameof(ReferralDetails.RgOutcome) => "rg_decision",
        nameof(ReferralDetails.RgDecisionDate) => "rg_decision_date",
        nameof(ReferralDetails.CgOutcome) => "cg_decision",
        nameof(ReferralDetails.CgDecisionDate) => "cg_decision_date",
        nameof(ReferralDetails.FutureExploitationConcern) => "future_exploitation_concern",
        nameof(ReferralDetails.WithdrawnOn) => "withdrawn_on",
        nameof(ReferralDetails.WithdrawalReason) => "withdrawal_reason",
        nameof(ReferralDetails.Suspended) => "suspended",
        nameof(ReferralDetails.AdultSupportReferredOn) => "adult_support_referred_on",
        _ => field,
    };

    public static string MissingEpisodeField(string field) => field switch
    {
        nameof(MissingEpisodeDetails.WentMissingAt) => "missing_from",
        nameof(MissingEpisodeDetails.ReturnedAt) => "returned_at",
        nameof(MissingEpisodeDetails.ReportedToPoliceAt) => "reported_to_police_at",
        nameof(MissingEpisodeDetails.PoliceReference) => "police_reference",
        nameof(MissingEpisodeDetails.PoliceRiskGrading) => "risk_level",
        nameof(MissingEpisodeDetails.ReturnInterviewOfferedAt) => "return_interview_offered_at",
        nameof(MissingEpisodeDetails.ReturnInterviewCompletedAt) => "return_interview_completed_at",
        nameof(MissingEpisodeDetails.WhereaboutsKnown) => "whereabouts_known",
        nameof(MissingEpisodeDetails.ReturnInterviewDeclined) => "return_interview_declined",
        nameof(MissingEpisodeDetails.Concerns) => "concerns",
        _ => field,
    };

    public static string PlacementField(string field) => field switch
    {
        nameof(PlacementDetails.Type) => "placement_type",
        nameof(PlacementDetails.StartDate) => "start_date",
        nameof(PlacementDetails.EndDate) => "end_date",
        nameof(PlacementDetails.Area) => "area",
        nameof(PlacementDetails.OutOfArea) => "out_of_area",
        nameof(PlacementDetails.OfstedRegistered) => "ofsted_registered",
        _ => field,
    };

    public static string SupportField(string field) => field switch
    {
        nameof(SupportRequestDetails.Type) => "support_type",
        nameof(SupportRequestDetails.RequestedOn) => "requested_on",
        nameof(SupportRequestDetails.StartedOn) => "started_on",
        _ => field,
    };
}
