using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Risk;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc sweep</c>: every rule for every child now; one sweep at a time across all app instances.</summary>
internal static class SweepCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("sweep", "Run every rule for every child now and update the flags.");
        command.SetAction((_, ct) => runner.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<FlagSweeper>().SweepAsync(token);
            return result.Skipped ? throw new CommandException("another sweep is running now; try again when it has finished") : result.Summary;
        }, ct));
        return command;
    }
}
