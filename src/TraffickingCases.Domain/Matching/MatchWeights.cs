namespace TraffickingCases.Domain.Matching;

/// <summary>
/// Log₂ likelihood ratios, log₂(m/u), for each comparison level, where m is how often the level occurs
/// between two records of the same child and u between records of different children. The defaults are set by
/// hand from the recording noise in the domain brief (docs/matching.md shows the m and u rates they imply);
/// every value is configurable (section "Matching").
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

    /// <summary>The most a common name can take off the score (log₂ of how many records share it).</summary>
    public double CommonNameMaximumPenalty { get; set; } = 3.0;

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
