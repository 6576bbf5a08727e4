namespace TraffickingCases.Domain.Matching;

/// <summary>
/// Log₂ likelihood ratios, log₂(m/u), for each comparison level, where m is how often the level occurs
/// between two records of the same child and u between records of different children. The defaults are set by
/// hand from the recording noise in docs/domain.md (docs/matching.md shows the m and u rates they imply); the
/// name-frequency weights follow −log₂ of the number of records sharing the name, at most −3. `tc bench fit`
/// estimates them all from labelled pairs instead (docs/fitted-weights.env, and docs/matching.md for why those
/// are not the defaults). Every value is configurable (section "Matching").
/// </summary>
public sealed class MatchWeights
{
    /// <summary>log₂ of the prior odds that a candidate pair is the same child.</summary>
    public double Prior { get; set; } = -9.0;

    public double FamilyExact { get; set; } = 5.5;

    public double FamilyNormalised { get; set; } = 5.0;

    public double FamilyPhonetic { get; set; } = 4.1;

    public double FamilyClose { get; set; } = 2.5;

    public double FamilyDifferent { get; set; } = -3.5;

    public double GivenExact { get; set; } = 4.5;

    public double GivenNormalised { get; set; } = 4.0;

    public double GivenPhonetic { get; set; } = 3.2;

    public double GivenClose { get; set; } = 1.8;

    public double GivenDifferent { get; set; } = -4.0;

    public double DateOfBirthExact { get; set; } = 5.5;

    public double DateOfBirthDayMonthSwapped { get; set; } = 3.0;

    public double DateOfBirthSameYearAndMonth { get; set; } = 2.0;

    public double DateOfBirthJanuaryPlaceholder { get; set; } = 2.0;

    public double DateOfBirthWithinYearUncertain { get; set; } = 0.5;

    public double DateOfBirthReassessed { get; set; }

    public double DateOfBirthDifferent { get; set; } = -6.0;

    public double GenderSame { get; set; } = 0.4;

    public double GenderDifferent { get; set; } = -4.0;

    public double NationalitySame { get; set; } = 0.8;

    public double NationalityConfusion { get; set; } = 0.5;

    public double NationalityDifferent { get; set; } = -1.5;

    /// <summary>Added when both names agree and no other stored record has the name.</summary>
    public double NameShared1 { get; set; }

    /// <summary>Added when both names agree and 2 stored records have the name.</summary>
    public double NameShared2 { get; set; } = -1.0;

    public double NameShared3To4 { get; set; } = -1.8;

    public double NameShared5To8 { get; set; } = -2.6;

    public double NameShared9To16 { get; set; } = -3.0;

    public double NameShared17To32 { get; set; } = -3.0;

    public double NameShared33To64 { get; set; } = -3.0;

    public double NameShared65Plus { get; set; } = -3.0;

    /// <summary>Probability at or above which a pair is a likely match.</summary>
    public double LikelyThreshold { get; set; } = 0.9;

    /// <summary>Probability at or above which a pair is a possible match.</summary>
    public double PossibleThreshold { get; set; } = 0.5;

    public double Family(NameLevel level) => level switch
    {
        NameLevel.Exact => FamilyExact,
        NameLevel.Normalised => FamilyNormalised,
        NameLevel.Phonetic => FamilyPhonetic,
        NameLevel.Close => FamilyClose,
        NameLevel.Different => FamilyDifferent,
    };

    public double Given(NameLevel level) => level switch
    {
        NameLevel.Exact => GivenExact,
        NameLevel.Normalised => GivenNormalised,
        NameLevel.Phonetic => GivenPhonetic,
        NameLevel.Close => GivenClose,
        NameLevel.Different => GivenDifferent,
    };

    /// <summary>The term-frequency weight for a name that <paramref name="records"/> stored records have, and its setting.</summary>
    public (string Setting, double Weight) NameShared(int records) => records switch
    {
        <= 1 => (nameof(NameShared1), NameShared1),
        2 => (nameof(NameShared2), NameShared2),
        <= 4 => (nameof(NameShared3To4), NameShared3To4),
        <= 8 => (nameof(NameShared5To8), NameShared5To8),
        <= 16 => (nameof(NameShared9To16), NameShared9To16),
        <= 32 => (nameof(NameShared17To32), NameShared17To32),
        <= 64 => (nameof(NameShared33To64), NameShared33To64),
        _ => (nameof(NameShared65Plus), NameShared65Plus),
    };

    /// <summary>The settings that are log₂ likelihood ratios, in comparison groups (each group's levels exclude each other).</summary>
    public static readonly IReadOnlyList<IReadOnlyList<string>> LevelGroups =
    [
        [nameof(FamilyExact), nameof(FamilyNormalised), nameof(FamilyPhonetic), nameof(FamilyClose), nameof(FamilyDifferent)],
        [nameof(GivenExact), nameof(GivenNormalised), nameof(GivenPhonetic), nameof(GivenClose), nameof(GivenDifferent)],
        [
            nameof(DateOfBirthExact), nameof(DateOfBirthDayMonthSwapped), nameof(DateOfBirthSameYearAndMonth), nameof(DateOfBirthJanuaryPlaceholder),
            nameof(DateOfBirthWithinYearUncertain), nameof(DateOfBirthReassessed), nameof(DateOfBirthDifferent),
        ],
        [nameof(GenderSame), nameof(GenderDifferent)],
        [nameof(NationalitySame), nameof(NationalityConfusion), nameof(NationalityDifferent)],
        [
            nameof(NameShared1), nameof(NameShared2), nameof(NameShared3To4), nameof(NameShared5To8), nameof(NameShared9To16),
            nameof(NameShared17To32), nameof(NameShared33To64), nameof(NameShared65Plus),
        ],
    ];

    /// <summary>A copy, so fitting or a test can change weights without touching the configured ones.</summary>
    public MatchWeights Copy() => (MatchWeights)MemberwiseClone();

    public double DateOfBirth(DateOfBirthLevel level) => level switch
    {
        DateOfBirthLevel.Exact => DateOfBirthExact,
        DateOfBirthLevel.DayMonthSwapped => DateOfBirthDayMonthSwapped,
        DateOfBirthLevel.SameYearAndMonth => DateOfBirthSameYearAndMonth,
        DateOfBirthLevel.JanuaryPlaceholder => DateOfBirthJanuaryPlaceholder,
        DateOfBirthLevel.WithinYearUncertain => DateOfBirthWithinYearUncertain,
        DateOfBirthLevel.Reassessed => DateOfBirthReassessed,
        DateOfBirthLevel.Different => DateOfBirthDifferent,
        DateOfBirthLevel.Missing => 0,
    };

    /// <summary>Problems a person configuring the matcher can fix.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PossibleThreshold is <= 0 or >= 1 || LikelyThreshold is <= 0 or >= 1)
        {
            problems.Add("Matching:PossibleThreshold and Matching:LikelyThreshold must be between 0 and 1");
        }

        if (LikelyThreshold < PossibleThreshold)
        {
            problems.Add($"Matching:LikelyThreshold ({LikelyThreshold}) must not be below Matching:PossibleThreshold ({PossibleThreshold})");
        }

        return problems;
    }
}
