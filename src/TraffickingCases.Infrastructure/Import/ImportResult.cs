namespace TraffickingCases.Infrastructure.Import;

/// <summary>What an import did, or would have done on a dry run.</summary>
public sealed record ImportResult(ImportKind Kind, int Rows, int Added, int Unchanged, IReadOnlyList<ImportError> Errors, bool DryRun)
{
    public bool Succeeded => Errors.Count == 0;

    public string Summary => Succeeded
        ? $"{(DryRun ? "dry run: would import" : "imported")} {Added} {Noun} ({Unchanged} already present) from {Rows} rows"
        : $"nothing imported: {Errors.Count} error{(Errors.Count == 1 ? string.Empty : "s")} in {Rows} rows";

    private string Noun => Kind switch
    {
        ImportKind.Children => "children",
        ImportKind.Referrals => "referrals",
        ImportKind.MissingEpisodes => "missing episodes",
        ImportKind.Placements => "placements",
        ImportKind.Support => "support requests",
    };
}
