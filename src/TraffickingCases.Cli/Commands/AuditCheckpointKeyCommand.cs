using System.CommandLine;
using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc audit checkpoint-key</c>: makes the ECDSA P-256 key pair that signs checkpoints; needs no database.</summary>
internal static class AuditCheckpointKeyCommand
{
    public static Command Create(CommandRunner runner)
    {
        var privateFile = new Option<FileInfo>("--private")
        {
            Description = "Where to write the private key (PEM, mode 0600). Keep it off the database server and out of its backups.",
            HelpName = "FILE",
            Required = true,
        };
        var publicFile = new Option<FileInfo>("--public")
        {
            Description = "Where to write the public key (PEM), which is all verification needs.",
            HelpName = "FILE",
            Required = true,
        };
        var command = new Command("checkpoint-key", "Make a key pair for signing audit checkpoints; an existing file is never replaced.")
        {
            privateFile, publicFile,
        };
        command.SetAction((parse, ct) => runner.RunAsync(_ =>
        {
            var (secret, shared) = (parse.GetValue(privateFile)!, parse.GetValue(publicFile)!);
            var id = CheckpointSigningKey.Create(secret.FullName, shared.FullName);
            return Task.FromResult($"checkpoint key {id}: private key in {secret.FullName} (mode 0600), public key in {shared.FullName}");
        }, ct));
        return command;
    }
}
