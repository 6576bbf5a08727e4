using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Cli.Commands;

/// <summary>
/// <c>tc verify-audit</c>: chains what has committed, then re-computes the audit trail's hash chain; exit code 3 names
/// the first broken entry. With --no-chain it checks only what the chainer has chained, and the count waiting is its lag.
/// </summary>
internal static class VerifyAuditCommand
{
    public static Command Create(CommandRunner runner)
    {
        var noChain = new Option<bool>("--no-chain") { Description = "Do not chain first: verify what is chained and count what is still waiting." };
        var command = new Command("verify-audit",
            "Chain committed entries, then re-compute the audit trail's hash chain: 'N entries verified, M waiting to be chained', or the first broken entry (exit code 3).")
        {
            noChain,
        };
        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<AuditTrail>().VerifyAndRecordAsync(chainFirst: !parse.GetValue(noChain), token);
            return result.Intact ? result.Summary : throw new AuditChainBrokenException(result.Summary);
        }, ct, chainWrites: !parse.GetValue(noChain)));
        return command;
    }
}
