using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Cli.Commands;

/// <summary>
/// <c>tc verify-audit</c> (and <c>tc audit verify</c>): chains what has committed, then re-computes the audit trail's hash
/// chain; exit code 3 names the first broken entry. With --no-chain it checks only what the chainer has chained, and the
/// count waiting is its lag. With --checkpoints and --public-key it also checks the signed checkpoints against the chain
/// (ADR 019), which tells a re-hashed, shortened or replaced chain from the one that was signed.
/// </summary>
internal static class VerifyAuditCommand
{
    public static Command Create(CommandRunner runner, string name = "verify-audit")
    {
        var noChain = new Option<bool>("--no-chain") { Description = "Do not chain first: verify what is chained and count what is still waiting." };
        var checkpoints = new Option<DirectoryInfo>("--checkpoints")
        {
            Description = "Also check the signed checkpoint files in this directory against the chain (with --public-key).",
            HelpName = "DIR",
        };
        var publicKeys = new Option<FileInfo[]>("--public-key")
        {
            Description = "The PEM public key the checkpoints were signed with; repeat it for the keys of earlier checkpoints.",
            HelpName = "FILE",
        };
        var command = new Command(name,
            "Chain committed entries, then re-compute the audit trail's hash chain: 'N entries verified, M waiting to be chained', " +
            "or the first broken entry (exit code 3); with --checkpoints, also whether every signed checkpoint still holds.")
        {
            noChain, checkpoints, publicKeys,
        };
        command.Validators.Add(result =>
        {
            var hasKeys = result.GetValue(publicKeys) is { Length: > 0 };
            if (result.GetValue(checkpoints) is null == hasKeys)
            {
                result.AddError("--checkpoints and --public-key go together: give both, or neither");
            }

            foreach (var file in result.GetValue(publicKeys) ?? [])
            {
                if (!file.Exists)
                {
                    result.AddError($"--public-key: no file at {file.FullName}");
                }
            }
        });
        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var trail = services.GetRequiredService<AuditTrail>();
            var chainFirst = !parse.GetValue(noChain);
            if (parse.GetValue(checkpoints) is not { } directory)
            {
                var result = await trail.VerifyAndRecordAsync(chainFirst, token);
                return result.Intact ? result.Summary : throw new AuditChainBrokenException(result.Summary);
            }

            var keys = parse.GetValue(publicKeys)!.Select(f => f.FullName).ToList();
            var (chain, signed) = await trail.VerifyAndRecordAsync(directory.FullName, keys, chainFirst, token);
            if (!chain.Intact)
            {
                throw new AuditChainBrokenException(chain.Summary);
            }

            return signed!.Holds ? $"{chain.Summary}; {signed.Summary}" : throw new AuditChainBrokenException($"{chain.Summary}, but {signed.Summary}");
        }, ct, chainWrites: !parse.GetValue(noChain)));
        return command;
    }
}
