using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc sweep</c>: the rules for every child now due (or every child); one sweep at a time across all app instances.</summary>
internal static class SweepCommand
{
    public static Command Create(CommandRunner runner)
    {
        var all = new Option<bool>("--all") { Description = "Evaluate every child, not only those due (after changing the rules' thresholds)." };
        var command = new Command("sweep", "Run the rules now for every child whose flags time alone may have changed, and update the flags.") { all };
        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<FlagSweeper>().SweepAsync(token, parse.GetValue(all));
            return result.Skipped ? throw new CommandException("another sweep is running now; try again when it has finished") : result.Summary;
        }, ct));
        return command;
    }
}
