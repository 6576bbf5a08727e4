using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Import;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc import KIND FILE</c>: one CSV file, all rows or none; every bad row is printed as <c>row N, column: message</c>.</summary>
internal static class ImportCommand
{
    private static readonly (string Verb, ImportKind Kind)[] Kinds =
    [
        ("children", ImportKind.Children), ("referrals", ImportKind.Referrals), ("missing-episodes", ImportKind.MissingEpisodes),
        ("placements", ImportKind.Placements), ("support", ImportKind.Support),
    ];

    public static Command Create(CommandRunner runner)
    {
        var import = new Command("import", "Import a CSV file: children, referrals, missing-episodes, placements or support. All rows or none.");
        foreach (var (verb, kind) in Kinds)
        {
            var file = new Argument<FileInfo>("FILE") { Description = "UTF-8 CSV with a header row." }.ExistingFile();
            var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and report; write nothing." };
            var command = new Command(verb, $"Import {verb} from FILE.") { file, dryRun };
            command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
            {
                await using var stream = parse.GetRequiredValue(file).OpenRead();
                var result = await services.GetRequiredService<CaseImporter>().ImportAsync(kind, stream, parse.GetValue(dryRun), token);
                if (!result.Succeeded)
                {
                    foreach (var problem in result.Errors)
                    {
                        await runner.Error.WriteLineAsync(problem.ToString());
                    }

                    throw new CommandException(result.Summary);
                }

                return result.Summary;
            }, ct));
            import.Subcommands.Add(command);
        }

        return import;
    }
}
