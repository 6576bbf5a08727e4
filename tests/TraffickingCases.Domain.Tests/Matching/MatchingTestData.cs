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
}
