namespace TraffickingCases.Domain.Children;

/// <summary>How sure the record is of a child's date of birth.</summary>
public enum DobPrecision
{
    Exact,
    Estimated,
    Disputed,
}

public enum Gender
{
    Female,
    Male,
    Other,
    Unknown,
}

/// <summary>The exploitation types on an NRM referral; any combination may be recorded.</summary>
[Flags]
public enum ExploitationTypes
{
    None = 0,
    Criminal = 1,
    Sexual = 2,
    Labour = 4,
    DomesticServitude = 8,
    OrganHarvesting = 16,
    Other = 32,
    NotKnown = 64,
}

public enum ExploitationLocation
{
    Uk,
    Overseas,
    UkAndOverseas,
    NotKnown,
}

/// <summary>Who makes the NRM decisions for a referral.</summary>
public enum CompetentAuthority
{
    /// <summary>Single Competent Authority.</summary>
    Sca,

    /// <summary>Immigration Enforcement Competent Authority.</summary>
    Ieca,

    /// <summary>A devolved child decision-making pilot panel.</summary>
    DevolvedPilot,
}

public enum DecisionOutcome
{
    Pending,
    Positive,
    Negative,
}

/// <summary>The police's grading of the risk to a missing child.</summary>
public enum PoliceRiskGrading
{
    VeryLow,
    Low,
    Medium,
    High,
}

public enum PlacementType
{
    Family,
    Kinship,
    Foster,
    ChildrensHome,
    SupportedAccommodation,
    Unregulated,
    HomeOfficeHotel,
    Secure,
    Other,
}

public enum SupportType
{
    LegalAdvice,
    ImmigrationLegalAdvice,
    MentalHealth,
    Ictg,
    Education,
    Other,
}
