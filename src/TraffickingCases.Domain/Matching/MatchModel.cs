using System.Globalization;

namespace TraffickingCases.Domain.Matching;

/// <summary>How often a comparison level occurs between two records of the same child (m) and of different children (u).</summary>
public sealed record LevelRates(double M, double U)
{
    /// <summary>The level's weight, log₂(m/u): how many times likelier the agreement is for the same child, in bits.</summary>
    public double Weight => Math.Log2(M / U);
}

/// <summary>
/// The fitted parameters of the matcher (Fellegi–Sunter, as Splink fits them): m and u for every level of every comparison,
/// and the share of looked-up children who are already registered (the prior). u is measured on random pairs of the register;
/// m by expectation–maximisation on the register's candidate pairs, starting from and held towards the rates the generator's
/// labelled re-recordings show. Agreeing on a name or an exact date of birth is further weighed by how many records hold that
/// name or date (term frequencies, at scoring time). Stored in the database with a version (`tc match train`); the built-in
/// model is used until one is trained.
/// </summary>
public sealed class MatchModel
{
    public const string NamesField = "names";
    public const string DateOfBirthField = "dob";
    public const string GenderField = "gender";
    public const string NationalityField = "nationality";

    /// <summary>0 for the built-in model; otherwise the stored model's version.</summary>
    public int Version { get; init; }

    /// <summary>The share of children looked up who are already registered: with the register's size, the prior.</summary>
    public double RegisteredShare { get; init; } = 0.3;

    /// <summary>
    /// Calibration (Platt scaling in bits): a candidate's log₂ odds against "none of them" become slope × log-odds + intercept
    /// before the candidates are weighed against each other. Fitted on a generated seed's labelled lookups (`tc bench match` with
    /// TC_BENCH_SCORES), because the comparisons are not independent (a name says much about a nationality and an age).
    /// </summary>
    public double CalibrationSlope { get; init; } = 1;

    public double CalibrationIntercept { get; init; }

    /// <summary>Rates by "field.Level" (names.AllSame, dob.Exact, gender.Different, nationality.KnownConfusion …).</summary>
    public required IReadOnlyDictionary<string, LevelRates> Levels { get; init; }

    /// <summary>The same model with another share of looked-up children already registered (an import's prior).</summary>
    public MatchModel WithRegisteredShare(double share) => new()
    {
        Version = Version, RegisteredShare = share, CalibrationSlope = CalibrationSlope, CalibrationIntercept = CalibrationIntercept, Levels = Levels,
    };

    /// <summary>The levels of each field in order, best agreement first; a field's Missing or Unknown level is never weighed.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Fields = new Dictionary<string, IReadOnlyList<string>>
    {
        [NamesField] = Enum.GetNames<NameAgreement>().Where(n => n != nameof(NameAgreement.Missing)).ToList(),
        [DateOfBirthField] = Enum.GetNames<DateOfBirthLevel>().Where(n => n != nameof(DateOfBirthLevel.Missing)).ToList(),
        [GenderField] = [nameof(AgreementLevel.Same), nameof(AgreementLevel.Different)],
        [NationalityField] = [nameof(AgreementLevel.Same), nameof(AgreementLevel.KnownConfusion), nameof(AgreementLevel.Different)],
    };

    public LevelRates Rates(string field, string level) =>
        Levels.TryGetValue($"{field}.{level}", out var rates) ? rates : throw new InvalidOperationException($"The match model has no rates for {field}.{level}.");

    /// <summary>
    /// The model before any training, from `tc bench rates --children 20000 --seed 1`: m counted on 50,000 of the generator's
    /// labelled re-recordings, u on 500,000 random pairs of its register. Levels the generator never produces (no name in
    /// common, one name, two of several, a different date of birth, gender or nationality) take a hand-set m instead (0.0097,
    /// 0.0146, 0.0058, 0.0385, 0.02, 0.0291): real records have such errors, and an m of 0 would veto every pair with one.
    /// Each field's m is then scaled to sum to 1. The calibration is fitted on the same seed's lookups.
    /// </summary>
    public static MatchModel BuiltIn { get; } = new()
    {
        Version = 0,
        RegisteredShare = 0.3,
        CalibrationSlope = 1.39,
        CalibrationIntercept = 3.55,
        Levels = new Dictionary<string, LevelRates>
        {
            ["names.AllSame"] = new(0.8214, 2.5e-5),
            ["names.AllSpelledDifferently"] = new(0.1044, 2.7e-5),
            ["names.SubsetSame"] = new(0.0408, 2.9e-5),
            ["names.SubsetSpelledDifferently"] = new(0.0037, 1.5e-5),
            ["names.TwoOfSeveral"] = new(0.0058, 1.11e-4),
            ["names.OneName"] = new(0.0146, 0.0147),
            ["names.None"] = new(0.0097, 0.985),
            ["dob.Exact"] = new(0.4243, 0.001541),
            ["dob.DayMonthSwapped"] = new(0.0501, 9.3e-5),
            ["dob.SameYearAndMonth"] = new(0.0713, 0.009037),
            ["dob.JanuaryPlaceholder"] = new(0.2316, 0.04523),
            ["dob.WithinYearUncertain"] = new(0.0885, 0.06961),
            ["dob.Reassessed"] = new(0.0957, 0.05837),
            ["dob.Different"] = new(0.0385, 0.8161),
            ["gender.Same"] = new(0.98, 0.6803),
            ["gender.Different"] = new(0.02, 0.3197),
            ["nationality.Same"] = new(0.9277, 0.2763),
            ["nationality.KnownConfusion"] = new(0.0432, 0.001991),
            ["nationality.Different"] = new(0.0291, 0.7217),
        },
    };

    /// <summary>Problems with a model's parameters, for training and loading.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (RegisteredShare is <= 0 or >= 1)
        {
            problems.Add($"the registered share {RegisteredShare.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1");
        }

        foreach (var (field, levels) in Fields)
        {
            foreach (var level in levels)
            {
                if (!Levels.TryGetValue($"{field}.{level}", out var rates))
                {
                    problems.Add($"{field}.{level} has no rates");
                }
                else if (rates.M is <= 0 or > 1 || rates.U is <= 0 or > 1)
                {
                    problems.Add($"{field}.{level}: m and u must be above 0 and at most 1");
                }
            }
        }

        return problems;
    }
}

/// <summary>The matcher's bands and flagging threshold (configuration section "Matching").</summary>
public sealed class MatchSettings
{
    /// <summary>A candidate at or above this probability, clearly ahead of any other, is "likely".</summary>
    public double LikelyThreshold { get; set; } = 0.9;

    /// <summary>A candidate at or above this probability (and not likely) is "possible"; below it, not a candidate.</summary>
    public double PossibleThreshold { get; set; } = 0.1;

    /// <summary>RR-00 is raised for likely pairs and for possible pairs at or above this probability.</summary>
    public double FlagPossibleAbove { get; set; } = 0.5;

    /// <summary>
    /// The share of children brought in by an import who are expected to be in the register already: the prior for an import's
    /// pairs, in place of the model's share for lookups. A council's history file holds few children the service already has.
    /// </summary>
    public double ImportRegisteredShare { get; set; } = 0.05;

    /// <summary>Problems a person configuring the matcher can fix.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PossibleThreshold is <= 0 or >= 1 || LikelyThreshold is <= 0 or >= 1 || FlagPossibleAbove is <= 0 or > 1 || ImportRegisteredShare is <= 0 or >= 1)
        {
            problems.Add("Matching:PossibleThreshold, Matching:LikelyThreshold, Matching:FlagPossibleAbove and Matching:ImportRegisteredShare must be between 0 and 1");
        }

        if (LikelyThreshold < PossibleThreshold)
        {
            problems.Add($"Matching:LikelyThreshold ({LikelyThreshold}) must not be below Matching:PossibleThreshold ({PossibleThreshold})");
        }

        return problems;
    }
}
