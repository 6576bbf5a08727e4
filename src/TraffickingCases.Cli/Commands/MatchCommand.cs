using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Matching;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc match FILE</c>: for each row of a children file, the stored children who may be the same child, as CSV. Reads only.</summary>
internal static class MatchCommand
{
    public static Command Create(CommandRunner runner)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A children import file (UTF-8 CSV)." }.ExistingFile();
        var top = new Option<int>("--top") { Description = "Most candidates per row.", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var command = new Command("match", "For each row of a children file, print the stored children that may be the same child, as CSV. Reads only.") { file, top };
        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            await using var stream = parse.GetRequiredValue(file).OpenRead();
            var (_, _, errors) = await services.GetRequiredService<MatchFile>().RunAsync(stream, parse.GetValue(top), runner.Output, token);
            if (errors.Count > 0)
            {
                foreach (var problem in errors)
                {
                    await runner.Error.WriteLineAsync(problem.ToString());
                }

                throw new CommandException($"{errors.Count} row{(errors.Count == 1 ? string.Empty : "s")} could not be read; their candidates are not listed");
            }

            return string.Empty;
        }, ct));
        return command;
    }
}
