namespace TraffickingCases.Domain.Children;

/// <summary>What a caseworker records about who a child is.</summary>
public sealed record ChildDetails
{
    public string? ExternalId { get; init; }

    public string GivenNames { get; init; } = string.Empty;

    public string FamilyName { get; init; } = string.Empty;

    public IReadOnlyList<string> OtherNames { get; init; } = [];

    public DateOnly? DateOfBirth { get; init; }

    public DobPrecision DobPrecision { get; init; } = DobPrecision.Exact;

    public Gender Gender { get; init; } = Gender.Unknown;

    public IReadOnlyList<string> Nationalities { get; init; } = [];

    public string? FirstLanguage { get; init; }

    public bool InterpreterNeeded { get; init; }

    public bool IsUasc { get; init; }

    /// <summary>Whether someone in the UK holds parental responsibility (null: not recorded). Decides which ICTG role the child gets.</summary>
    public bool? ParentalResponsibilityInUk { get; init; }
}

/// <summary>What a referral to the NRM records.</summary>
public sealed record ReferralDetails
{
    public DateOnly ReferralDate { get; init; }

    public string FirstResponderOrganisation { get; init; } = string.Empty;

    public Organisations.OrganisationType FirstResponderType { get; init; }

    public ExploitationTypes ExploitationTypes { get; init; }

    public bool CountyLines { get; init; }

    public ExploitationLocation ExploitationLocation { get; init; } = ExploitationLocation.NotKnown;

    public bool FutureExploitationConcern { get; init; }

    public string? FutureExploitationReasons { get; init; }

    public CompetentAuthority CompetentAuthority { get; init; }

    public DecisionOutcome RgOutcome { get; init; }

    public DateOnly? RgDecisionDate { get; init; }

    public DecisionOutcome CgOutcome { get; init; }

    public DateOnly? CgDecisionDate { get; init; }

    public DateOnly? ReconsiderationRequestedOn { get; init; }

    public DateOnly? WithdrawnOn { get; init; }

    public string? WithdrawalReason { get; init; }

    /// <summary>The date in <see cref="WithdrawnOn"/> is a suspension (the case may resume), not a withdrawal.</summary>
    public bool Suspended { get; init; }

    /// <summary>When the young person was referred to adult support (the Modern Slavery Victim Care Contract) at or after 18.</summary>
    public DateOnly? AdultSupportReferredOn { get; init; }
}

/// <summary>What is recorded when a child goes missing from care or is away without authorisation.</summary>
public sealed record MissingEpisodeDetails
{
    public DateTimeOffset WentMissingAt { get; init; }

    public DateTimeOffset? ReturnedAt { get; init; }

    /// <summary>True when the child's whereabouts are known: "away without authorisation" rather than missing.</summary>
    public bool WhereaboutsKnown { get; init; }

    public DateTimeOffset? ReportedToPoliceAt { get; init; }

    public string? PoliceReference { get; init; }

    public PoliceRiskGrading? PoliceRiskGrading { get; init; }

    public DateTimeOffset? ReturnInterviewOfferedAt { get; init; }

    public DateTimeOffset? ReturnInterviewCompletedAt { get; init; }

    public bool ReturnInterviewDeclined { get; init; }

    public string? Concerns { get; init; }
}

public sealed record PlacementDetails
{
    public PlacementType Type { get; init; }

    public DateOnly StartDate { get; init; }

    public DateOnly? EndDate { get; init; }

    /// <summary>The local authority area the placement is in.</summary>
    public string? Area { get; init; }

    /// <summary>Whether the placement is outside the placing authority's area (null: not recorded).</summary>
    public bool? OutOfArea { get; init; }

    /// <summary>Supported accommodation only: whether it is registered with Ofsted (required for 16–17s since 28 October 2023).</summary>
    public bool? OfstedRegistered { get; init; }
}

public sealed record SupportRequestDetails
{
    public SupportType Type { get; init; }

    public DateOnly RequestedOn { get; init; }

    public DateOnly? StartedOn { get; init; }
}
