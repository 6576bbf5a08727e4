using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>A trained match model as stored: its version, when and by whom it was fitted, on how many records, and what the fit found.</summary>
public sealed class StoredMatchModel
{
    public int Version { get; set; }

    public DateTimeOffset FittedAt { get; set; }

    public string FittedBy { get; set; } = string.Empty;

    public long Records { get; set; }

    /// <summary>The model's parameters as JSON: registered share and m and u per level.</summary>
    public string Parameters { get; set; } = "{}";

    /// <summary>What the fit printed: the EM sessions and the weights, for whoever reviews a refit.</summary>
    public string Report { get; set; } = string.Empty;
}

/// <summary>
/// The match model in use: the newest stored version, or the built-in model until one is trained. Cached per process and
/// checked again every <see cref="RecheckAfter"/>, so a model trained by `tc match train` reaches every instance within that time.
/// </summary>
public sealed class MatchModels(TimeProvider clock)
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private (MatchModel Model, DateTimeOffset CheckedAt)? _current;

    public async Task<MatchModel> CurrentAsync(CasesDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_current is { } cached && now - cached.CheckedAt < RecheckAfter)
        {
            return cached.Model;
        }

        var latest = await db.MatchModels.AsNoTracking().OrderByDescending(m => m.Version).Select(m => (int?)m.Version).FirstOrDefaultAsync(ct);
        var model = _current is { } c && c.Model.Version == (latest ?? 0) ? c.Model
            : latest is { } version ? Parse(await db.MatchModels.AsNoTracking().Where(m => m.Version == version).Select(m => m.Parameters).SingleAsync(ct), version)
            : MatchModel.BuiltIn;
        _current = (model, now);
        return model;
    }

    /// <summary>Forgets the cached model, so the next lookup reads the newest (after a training run in this process).</summary>
    public void Forget() => _current = null;

    public static string Serialise(MatchModel model) => JsonSerializer.Serialize(
        new Parameters(model.RegisteredShare, model.CalibrationSlope, model.CalibrationIntercept, model.Levels.ToDictionary(kv => kv.Key, kv => new[] { kv.Value.M, kv.Value.U })), Json);

    public static MatchModel Parse(string json, int version)
    {
        var parameters = JsonSerializer.Deserialize<Parameters>(json, Json) ?? throw new InvalidOperationException($"Match model {version} has no parameters.");
        var model = new MatchModel
        {
            Version = version,
            RegisteredShare = parameters.RegisteredShare,
            CalibrationSlope = parameters.CalibrationSlope,
            CalibrationIntercept = parameters.CalibrationIntercept,
            Levels = parameters.Levels.ToDictionary(kv => kv.Key, kv => new LevelRates(kv.Value[0], kv.Value[1]), StringComparer.Ordinal),
        };
        var problems = model.Problems();
        return problems.Count == 0 ? model : throw new InvalidOperationException($"Match model {version} is not usable: {string.Join("; ", problems)}.");
    }

    private sealed record Parameters(double RegisteredShare, double CalibrationSlope, double CalibrationIntercept, Dictionary<string, double[]> Levels);
}
