using System.CommandLine;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc audit</c>: the audit trail's verbs — signed checkpoints of its chain (ADR 019), their key, and verification.</summary>
internal static class AuditCommand
{
    public static Command Create(CommandRunner runner) => new("audit", "Work with the audit trail: checkpoints of its hash chain, their signing key, verification.")
    {
        AuditCheckpointCommand.Create(runner),
        AuditCheckpointKeyCommand.Create(runner),
        VerifyAuditCommand.Create(runner, "verify"),
    };
}
