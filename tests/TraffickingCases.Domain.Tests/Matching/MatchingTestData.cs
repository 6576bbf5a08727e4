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
    /// domain pairs do not move each time the defaults are fitted again. <see cref="FittedWeightsTests"/> checks
    /// the shipped (fitted) defaults.
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

    /// <summary>The failure message for a band assertion: probability and the explanation.</summary>
    public static string Why(MatchResult result) => $"p={result.Probability:0.0000} score={result.Score}: {result.Explanation}";
}
