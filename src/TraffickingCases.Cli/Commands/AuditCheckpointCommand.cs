using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Cli.Commands;

/// <summary>
/// <c>tc audit checkpoint</c>: chains what has committed, then signs the chain's head into a checkpoint file (ADR 019), as
/// the web app does every Audit:CheckpointIntervalMinutes. Exit code 3 when the chain no longer holds the newest checkpoint.
/// </summary>
internal static class AuditCheckpointCommand
{
    public static Command Create(CommandRunner runner)
    {
        var directory = new Option<DirectoryInfo>("--directory")
        {
            Description = "Where to write the checkpoint file (default: Audit:CheckpointDirectory).",
            HelpName = "DIR",
        };
        var key = new Option<FileInfo>("--key")
        {
            Description = "The PEM private key to sign with (default: Audit:CheckpointKeyFile).",
            HelpName = "FILE",
        };
        var command = new Command("checkpoint",
            "Sign the audit chain's head (its position, entry and hash, the time and the key's id) into a checkpoint file outside the database.")
        {
            directory, key,
        };
        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var settings = services.GetRequiredService<AuditSettings>();
            var where = parse.GetValue(directory)?.FullName ?? settings.CheckpointDirectory;
            var with = parse.GetValue(key)?.FullName ?? settings.CheckpointKeyFile;
            if (string.IsNullOrWhiteSpace(where) || string.IsNullOrWhiteSpace(with))
            {
                throw new CommandException("say where to write and what to sign with: --directory and --key, or Audit__CheckpointDirectory and Audit__CheckpointKeyFile");
            }

            // What has committed is chained first, so the checkpoint covers it.
            await services.GetRequiredService<AuditTrail>().ChainAsync(token);
            var run = await services.GetRequiredService<AuditCheckpointer>().WriteAsync(where, with, token);
            return run.Outcome == CheckpointOutcome.Refused ? throw new AuditChainBrokenException(run.Summary) : run.Summary;
        }, ct));
        return command;
    }
}
