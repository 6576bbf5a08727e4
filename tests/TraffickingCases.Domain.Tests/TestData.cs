using System.Globalization;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Domain.Tests;

/// <summary>Small builders for a valid child and records, so each test states only what it is about.</summary>
internal static class TestData
{
    /// <summary>The fixed "now" for every test: 15 June 2025, 13:00 in London (BST).</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The UK civil date of <see cref="Now"/>.</summary>
    public static readonly DateOnly Today = new(2025, 6, 15);

    public static readonly DateOnly DefaultDateOfBirth = new(2010, 3, 1);

    public static readonly DateOnly DefaultReferralDate = new(2025, 3, 3);

    public static readonly Guid OrganisationId = Guid.Parse("0197a000-0000-7000-8000-000000000001");

    public static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset Instant(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    public static ChildDetails ChildDetails(DateOnly? dob = null, DobPrecision precision = DobPrecision.Exact) => new()
    {
        GivenNames = "Amir",
        FamilyName = "Haddad",
        DateOfBirth = dob ?? DefaultDateOfBirth,
        DobPrecision = precision,
        Gender = Gender.Male,
        Nationalities = ["SDN"],
        FirstLanguage = "Arabic",
    };

    public static Child Child(DateOnly? dob = null, DobPrecision precision = DobPrecision.Exact) =>
        Register(ChildDetails(dob, precision));

    public static Child ChildWithUnknownDateOfBirth() => Register(ChildDetails() with { DateOfBirth = null });

    public static Child Register(ChildDetails details, DateTimeOffset? now = null) =>
        Children.Child.Register("TC-000001", details, OrganisationId, "caseworker-1", now ?? Now);

    public static ReferralDetails Referral(DateOnly? date = null, ExploitationTypes types = ExploitationTypes.Criminal) => new()
    {
        ReferralDate = date ?? DefaultReferralDate,
        FirstResponderOrganisation = "Leeds City Council",
        FirstResponderType = OrganisationType.LocalAuthority,
        ExploitationTypes = types,
        ExploitationLocation = ExploitationLocation.Uk,
        CompetentAuthority = CompetentAuthority.Sca,
    };

    /// <summary>A referral of 3 March 2025 with a positive RG on the given date.</summary>
    public static ReferralDetails PositiveRg(DateOnly rgDate) =>
        Referral() with { RgOutcome = DecisionOutcome.Positive, RgDecisionDate = rgDate };

    public static MissingEpisodeDetails Missing(DateTimeOffset wentMissingAt, DateTimeOffset? returnedAt = null) => new()
    {
        WentMissingAt = wentMissingAt,
        ReturnedAt = returnedAt,
    };

    public static PlacementDetails Placement(DateOnly start, DateOnly? end = null) => new()
    {
        Type = PlacementType.Foster,
        StartDate = start,
        EndDate = end,
    };

    public static SupportRequestDetails Support(DateOnly requestedOn, DateOnly? startedOn = null) => new()
    {
        Type = SupportType.LegalAdvice,
        RequestedOn = requestedOn,
        StartedOn = startedOn,
    };
}

/// <summary>Assertions on what a caseworker would be told when a change is refused.</summary>
internal static class Refusal
{
    /// <summary>
    /// Asserts the change is refused with an error on <paramref name="field"/> whose message contains
    /// <paramref name="phrase"/>, and returns the exception for further checks.
    /// </summary>
    public static DomainValidationException Expect(Action change, string field, string phrase)
    {
        var refused = Assert.Throws<DomainValidationException>(change);
        var error = Assert.Single(refused.Errors, e => e.Field == field);
        Assert.Contains(phrase, error.Message, StringComparison.Ordinal);
        return refused;
    }
}
