using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Domain.Matching;
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
        command.Subcommands.Add(TrainCommand(runner));
        return command;
    }

    private static Command TrainCommand(CommandRunner runner)
    {
        var pairs = new Option<int>("--random-pairs") { Description = "Random pairs of records to measure u on.", DefaultValueFactory = _ => 500_000 }.AtLeast(1000);
        var share = new Option<double>("--registered-share")
        {
            Description = "The share of children looked up who are already registered (the prior).", DefaultValueFactory = _ => MatchModel.BuiltIn.RegisteredShare,
        };
        share.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or >= 1)
            {
                result.AddError("--registered-share must be between 0 and 1");
            }
        });
        var train = new Command("train", "Fit the match model on the register (u on random pairs, m by EM), store it as a new version, and score the open RR-00 pairs again.")
        {
            pairs, share,
        };
        train.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var outcome = await services.GetRequiredService<MatchTrainer>()
                .TrainAsync($"tc match train ({Environment.UserName})", parse.GetValue(pairs), parse.GetValue(share), runner.Error, token);
            await runner.Output.WriteAsync(outcome.Report);
            return $"match model {outcome.Version} stored, fitted on {outcome.Records} records; {outcome.Rescored} open RR-00 flags scored again, {outcome.NoLongerFlagged} no longer above the threshold";
        }, ct));
        return train;
    }
}
