using System.CommandLine;
using System.Diagnostics;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Import;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc generate</c>: a synthetic population as the five import files; needs no database.</summary>
internal static class GenerateCommand
{
    public static Command Create(CommandRunner runner)
    {
        var children = new Option<int>("--children") { Description = "How many children to generate.", Required = true }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same people.", DefaultValueFactory = _ => 1 };
        var folder = new Option<DirectoryInfo>("--out") { Description = "Folder for the CSV files.", DefaultValueFactory = _ => new DirectoryInfo("generated") };
        var duplicateRate = new Option<double>("--duplicate-rate")
        {
            Description = "Share of children also re-recorded by another organisation (0 to 1).", DefaultValueFactory = _ => 0,
        }.Between(0, 1);
        var organisations = new Option<string[]>("--organisations")
        {
            Description = "Comma-separated organisation codes the children belong to (the first is in an ICTG area).",
            HelpName = "NSC,EBC",
            DefaultValueFactory = _ => ["NSC", "EBC"],
            CustomParser = result => result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray(),
        };
        organisations.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string[]>() is { Length: 0 })
            {
                result.AddError("--organisations needs at least one organisation code");
            }
        });
        var command = new Command("generate", "Write a synthetic population with realistic distributions as the five import CSV files. Needs no database.")
        {
            children, seed, folder, organisations, duplicateRate,
        };
        command.SetAction((parse, ct) => runner.RunAsync(_ =>
        {
            var orgs = parse.GetRequiredValue(organisations)
                .Select((code, i) => new Organisation(code, code, OrganisationType.LocalAuthority, isInIctgArea: i == 0)).ToList();
            var path = parse.GetRequiredValue(folder).FullName;
            var started = Stopwatch.StartNew();
            var rows = PopulationWriter.Write(path, parse.GetValue(children), parse.GetValue(seed), orgs, TimeProvider.System.GetUtcNow(), parse.GetValue(duplicateRate));
            return Task.FromResult(
                $"generated {rows[ImportKind.Children]} child records (ground truth in {PopulationWriter.GroundTruthFile}), {rows[ImportKind.Referrals]} referrals, {rows[ImportKind.MissingEpisodes]} missing episodes, " +
                $"{rows[ImportKind.Placements]} placements and {rows[ImportKind.Support]} support requests in {path} ({started.Elapsed.TotalSeconds:0.0} s)");
        }, ct));
        return command;
    }
}
