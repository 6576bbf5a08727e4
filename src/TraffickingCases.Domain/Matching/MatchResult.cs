using System.Globalization;
using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Matching;

/// <summary>What the matcher compares about a child.</summary>
public sealed record PersonRecord(
    string GivenNames, string FamilyName, IReadOnlyList<string> OtherNames, DateOnly? DateOfBirth, DobPrecision DobPrecision,
    Gender Gender, IReadOnlyList<string> Nationalities)
{
    public static PersonRecord Of(Child child) => new(child.GivenNames, child.FamilyName, child.OtherNames, child.DateOfBirth,
        child.DobPrecision, child.Gender, child.Nationalities);

    public static PersonRecord Of(ChildDetails details) => new(details.GivenNames, details.FamilyName, details.OtherNames, details.DateOfBirth,
        details.DobPrecision, details.Gender, details.Nationalities);
}

public enum MatchBand
{
    None,
    Possible,
    Likely,
}

public enum NameLevel
{
    Exact,
    Normalised,
    Phonetic,
    Close,
    Different,
}

public enum DateOfBirthLevel
{
    Exact,
    DayMonthSwapped,
    SameYearAndMonth,
    JanuaryPlaceholder,
    WithinYearUncertain,
    Reassessed,
    Different,
    Missing,
}

public enum AgreementLevel
{
    Same,
    KnownConfusion,
    Different,
    Unknown,
}

/// <summary>One field's comparison: the level it reached and the weight it adds.</summary>
public sealed record FieldComparison(string Field, string Level, double Weight, string? Detail)
{
    /// <summary>The model level the weight came from (names.AllSame, dob.Exact …).</summary>
    public string? Setting { get; init; }

    public override string ToString() =>
        $"{Field}: {Level}{(Detail is null ? string.Empty : $" ({Detail})")} {Weight.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture)}";
}

/// <summary>How alike two records are: a Fellegi–Sunter score, its match probability, band and explanation.</summary>
public sealed record MatchResult(double Score, double Probability, MatchBand Band, IReadOnlyList<FieldComparison> Fields)
{
    /// <summary>
    /// The comparison in words a caseworker understands, one short sentence each ("Same family name", "Given name spelled
    /// differently (Shehu, Shehou)", "Same date of birth, but an estimate many children share"), without weights. Names appear
    /// in them: only for a record the reader may see.
    /// </summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The version of the model that scored the pair (0: the built-in model).</summary>
    public int ModelVersion { get; init; }

    /// <summary>log₂ of the candidate's odds against "none of them" before calibration (for fitting the calibration).</summary>
    public double UncalibratedLogOdds { get; init; }

    /// <summary>How many other candidates the probability was weighed against.</summary>
    public int OthersConsidered { get; init; }

    /// <summary>One entry per field with its level, m, u and weight, then the prior and the calibration, e.g. "names: all names agree (m 0.821; 1 of 20,000 records have this name, u 1 in 19,048) +14.0; date of birth: day/month swapped (m 0.05, u 1 in 10,753) +9.2; …".</summary>
    public string Explanation => string.Join("; ", Fields);
}
