using System.Globalization;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;

namespace TraffickingCases.Domain.Tests.Matching;

/// <summary>Builders shared by the matching tests.</summary>
internal static class MatchingTestData
{
    public static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    /// <summary>A record; nationalities are comma separated ("" for none), aliases are the other names.</summary>
    public static PersonRecord Person(string given, string family, string? dob, DobPrecision precision = DobPrecision.Exact,
        Gender gender = Gender.Male, string nationality = "ALB", params string[] aliases) =>
        new(given, family, aliases, dob is null ? null : D(dob), precision, gender, nationality.Length == 0 ? [] : nationality.Split(','));

    /// <summary>
    /// The first matcher's hand-set weights, kept as a fixed reference so the tests of arithmetic, wording and
    /// domain pairs do not move each time the defaults are fitted again. They are also the defaults;
    /// <see cref="FittedWeightsTests"/> checks the fitted weights.
    /// </summary>
    public static MatchWeights HandSetWeights() => new()
    {
        Prior = -9.0,
        FamilyExact = 5.5, FamilyNormalised = 5.0, FamilyPhonetic = 4.1, FamilyClose = 2.5, FamilyDifferent = -3.5,
        GivenExact = 4.5, GivenNormalised = 4.0, GivenPhonetic = 3.2, GivenClose = 1.8, GivenDifferent = -4.0,
        DateOfBirthExact = 5.5, DateOfBirthDayMonthSwapped = 3.0, DateOfBirthSameYearAndMonth = 2.0, DateOfBirthJanuaryPlaceholder = 2.0,
        DateOfBirthWithinYearUncertain = 0.5, DateOfBirthReassessed = 0, DateOfBirthDifferent = -6.0,
        GenderSame = 0.4, GenderDifferent = -4.0,
        NationalitySame = 0.8, NationalityConfusion = 0.5, NationalityDifferent = -1.5,
        NameShared1 = 0, NameShared2 = -1.0, NameShared3To4 = -1.8, NameShared5To8 = -2.6, NameShared9To16 = -3.0,
        NameShared17To32 = -3.0, NameShared33To64 = -3.0, NameShared65Plus = -3.0,
    };

    /// <summary>The weights `tc bench fit --children 100000 --seed 1` estimated (docs/fitted-weights.env).</summary>
    public static MatchWeights FittedWeights() => new()
    {
        Prior = -5.49,
        FamilyExact = 0.78,
        FamilyNormalised = -1.03,
        FamilyPhonetic = -1.39,
        FamilyClose = -1.49,
        FamilyDifferent = -7.85,
        GivenExact = 0.83,
        GivenNormalised = -1.26,
        GivenPhonetic = -1.36,
        GivenClose = -1.68,
        GivenDifferent = -4,
        DateOfBirthExact = 6.45,
        DateOfBirthDayMonthSwapped = 6.35,
        DateOfBirthSameYearAndMonth = 3.63,
        DateOfBirthJanuaryPlaceholder = 1.57,
        DateOfBirthWithinYearUncertain = 0.04,
        DateOfBirthReassessed = -0.12,
        DateOfBirthDifferent = -6,
        GenderSame = 0.2,
        GenderDifferent = -4,
        NationalitySame = 0.52,
        NationalityConfusion = -0.73,
        NationalityDifferent = -1.5,
        NameShared1 = 1.99,
        NameShared2 = 0.22,
        NameShared3To4 = -0.94,
        NameShared5To8 = -1.69,
        NameShared9To16 = -2.48,
        NameShared17To32 = -3.37,
        NameShared33To64 = -3.47,
        NameShared65Plus = -3.57,
    };

    /// <summary>The failure message for a band assertion: probability and the explanation.</summary>
    public static string Why(MatchResult result) => $"p={result.Probability:0.0000} score={result.Score}: {result.Explanation}";
}
