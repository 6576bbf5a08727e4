using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using static TraffickingCases.Domain.Tests.Matching.MatchingTestData;

namespace TraffickingCases.Domain.Tests.Matching;

public class MatchModelFitTests
{
    private static readonly string[] Given =
    [
        "Ardit", "Yonas", "Omar", "Jack", "Henok", "Minh", "Besnik", "Endrit", "Dawit", "Olivia", "Amira", "Kwame",
        "Tariq", "Lukas", "Mateo", "Sipho", "Ravi", "Bilal", "Zain", "Ferhat",
    ];

    private static readonly string[] Family =
    [
        "Hoxha", "Tesfay", "Smith", "Nguyen", "Gashi", "Mehari", "Okafor", "Kowalski", "Rossi", "Haddad", "Mensah", "Petrov",
        "Sato", "Dlamini", "Yilmaz", "Ferreira", "Novak", "Begum", "Quispe", "Lindqvist",
    ];

    private static readonly string[] Countries = ["ALB", "ERI", "SDN", "VNM", "GBR", "AFG", "IRN", "NGA", "POL", "SYR"];

    /// <summary>400 records, each a different child: distinct given/family pairs, dates spread over six years.</summary>
    private static List<PersonRecord> DistinctRegister()
    {
        var random = new Random(11);
        var start = D("2004-01-01");
        return Enumerable.Range(0, 400).Select(n => Person(
            Given[n % Given.Length], Family[n / Given.Length], start.AddDays(random.Next(6 * 365)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            DobPrecision.Exact, n % 2 == 0 ? Gender.Male : Gender.Female, Countries[random.Next(Countries.Length)])).ToList();
    }

    [Fact]
    public void U_on_a_register_of_different_children_makes_no_name_in_common_the_usual_level()
    {
        var u = MatchModelFit.EstimateU(DistinctRegister(), 5000, seed: 3);

        Assert.True(u["names.None"] > 0.5, $"names.None {u["names.None"]}");
        Assert.True(u["names.AllSame"] < 0.01, $"names.AllSame {u["names.AllSame"]}");
        Assert.True(u["dob.Different"] > 0.5, $"dob.Different {u["dob.Different"]}");
    }

    [Fact]
    public void U_of_each_field_sums_to_one_and_every_level_is_above_zero()
    {
        var u = MatchModelFit.EstimateU(DistinctRegister(), 5000, seed: 3);

        foreach (var (field, levels) in MatchModel.Fields)
        {
            Assert.Equal(1, levels.Sum(l => u[$"{field}.{l}"]), 6);
            Assert.All(levels, l => Assert.True(u[$"{field}.{l}"] > 0, $"{field}.{l}"));
        }
    }

    [Fact]
    public void U_of_a_register_too_small_to_pair_is_the_built_in_u()
    {
        var u = MatchModelFit.EstimateU([Person("Ardit", "Hoxha", "2008-02-14")], 100, seed: 1);

        Assert.Equal(MatchModel.BuiltIn.Levels["names.None"].U, u["names.None"]);
    }

    [Fact]
    public void Levels_of_identical_records_are_the_exact_ones()
    {
        var a = Person("Ardit", "Hoxha", "2008-02-14");

        Assert.Equal(["names.AllSame", "dob.Exact", "gender.Same", "nationality.Same"], MatchModelFit.Levels(a, a));
    }

    [Fact]
    public void Levels_leave_out_a_field_not_known_on_both()
    {
        var levels = MatchModelFit.Levels(Person("Ardit", "Hoxha", null, gender: Gender.Unknown, nationality: ""), Person("Ardit", "Hoxha", "2008-02-14"));

        Assert.Equal(["names.AllSame"], levels);
    }

    private static readonly IReadOnlyList<string> Duplicate = ["names.AllSame", "dob.Exact", "gender.Same", "nationality.Same"];
    private static readonly IReadOnlyList<string> SameNameOtherChild = ["names.AllSame", "dob.Different", "gender.Same", "nationality.Same"];
    private static readonly IReadOnlyList<string> SameDateOtherChild = ["names.None", "dob.Exact", "gender.Different", "nationality.Different"];

    private static List<IReadOnlyList<string>> Pairs(int duplicates, IReadOnlyList<string> others, int total) =>
        [.. Enumerable.Repeat(Duplicate, duplicates), .. Enumerable.Repeat(others, total - duplicates)];

    private static Dictionary<string, double> BuiltInU() => MatchModel.BuiltIn.Levels.ToDictionary(kv => kv.Key, kv => kv.Value.U);

    [Fact]
    public void Half_the_pairs_being_duplicates_raises_m_for_the_exact_levels()
    {
        var (model, sessions) = MatchModelFit.Fit(MatchModel.BuiltIn, BuiltInU(),
            Pairs(1000, SameNameOtherChild, 2000), Pairs(1000, SameDateOtherChild, 2000));

        Assert.True(model.Levels["dob.Exact"].M > MatchModel.BuiltIn.Levels["dob.Exact"].M + 0.1, $"dob.Exact m {model.Levels["dob.Exact"].M}");
        Assert.True(model.Levels["names.AllSame"].M > MatchModel.BuiltIn.Levels["names.AllSame"].M + 0.1, $"names.AllSame m {model.Levels["names.AllSame"].M}");
        Assert.True(model.Levels["nationality.Same"].M >= MatchModel.BuiltIn.Levels["nationality.Same"].M, $"nationality.Same m {model.Levels["nationality.Same"].M}");
        Assert.Equal(2, sessions.Count);
        Assert.All(sessions, s => Assert.InRange(s.ExpectedMatches, 500, 1500));
        Assert.Empty(model.Problems());
    }

    [Fact]
    public void No_duplicates_leave_m_close_to_the_start()
    {
        var (model, _) = MatchModelFit.Fit(MatchModel.BuiltIn, BuiltInU(),
            Pairs(0, SameNameOtherChild, 2000), Pairs(0, SameDateOtherChild, 2000));

        foreach (var (key, rates) in MatchModel.BuiltIn.Levels)
        {
            Assert.True(Math.Abs(model.Levels[key].M - rates.M) <= 0.05, $"{key}: {rates.M} became {model.Levels[key].M}");
        }

        Assert.Empty(model.Problems());
    }

    [Fact]
    public void Fit_keeps_u_as_given_and_the_start_s_share_and_calibration()
    {
        var u = BuiltInU();
        u["names.None"] = 0.9;
        var (model, _) = MatchModelFit.Fit(MatchModel.BuiltIn, u, Pairs(10, SameNameOtherChild, 100), Pairs(10, SameDateOtherChild, 100), version: 9);

        Assert.Equal(0.9, model.Levels["names.None"].U);
        Assert.Equal(9, model.Version);
        Assert.Equal(MatchModel.BuiltIn.RegisteredShare, model.RegisteredShare);
        Assert.Equal(MatchModel.BuiltIn.CalibrationSlope, model.CalibrationSlope);
        Assert.Equal(MatchModel.BuiltIn.CalibrationIntercept, model.CalibrationIntercept);
    }

    public static TheoryData<int, double> Extremes => new()
    {
        { 0, 500 },
        { 2000, 500 },
        { 2000, 0 },
        { 1000, 0 },
        { 0, 0 },
        { 3, 1 },
    };

    [Theory]
    [MemberData(nameof(Extremes))]
    public void Fit_never_produces_m_at_or_below_zero(int duplicates, double priorStrength)
    {
        var (model, _) = MatchModelFit.Fit(MatchModel.BuiltIn, BuiltInU(),
            Pairs(duplicates, SameNameOtherChild, 2000), Pairs(duplicates, SameDateOtherChild, 2000), priorStrength);

        Assert.All(model.Levels, kv => Assert.True(kv.Value.M > 0 && kv.Value.M <= 1, $"{kv.Key} m {kv.Value.M}"));
        Assert.All(model.Levels, kv => Assert.False(double.IsNaN(kv.Value.M), kv.Key));
    }

    [Fact]
    public void Fit_with_no_pairs_keeps_the_start()
    {
        var (model, sessions) = MatchModelFit.Fit(MatchModel.BuiltIn, BuiltInU(), [], []);

        Assert.All(MatchModel.BuiltIn.Levels, kv => Assert.Equal(kv.Value.M, model.Levels[kv.Key].M));
        Assert.All(sessions, s => Assert.Equal(0, s.Iterations));
    }

    [Fact]
    public void A_fitted_model_on_a_register_scores_its_duplicates_likely()
    {
        var register = DistinctRegister();
        var u = MatchModelFit.EstimateU(register, 5000, seed: 5);
        var (model, _) = MatchModelFit.Fit(MatchModel.BuiltIn, u, Pairs(50, SameNameOtherChild, 500), Pairs(50, SameDateOtherChild, 500), version: 2);
        var child = register[17];

        var result = new Matcher(new MatchSettings()).Compare(child, child with { GivenNames = child.GivenNames.ToUpperInvariant() }, model, RegisterCounts.Of(register));

        Assert.Empty(model.Problems());
        Assert.Equal(MatchBand.Likely, result.Band);
        Assert.Equal(2, result.ModelVersion);
    }
}
