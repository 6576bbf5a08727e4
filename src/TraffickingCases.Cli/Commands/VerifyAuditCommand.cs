using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc verify-audit</c>: re-computes the audit trail's hash chain; exit code 3 names the first broken entry.</summary>
internal static class VerifyAuditCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("verify-audit", "Re-compute the audit trail's hash chain: 'N entries verified', or the first broken entry (exit code 3).");
        command.SetAction((_, ct) => runner.RunAsync(async (services, token) =>
        {
            var result = await services.GetRequiredService<AuditTrail>().VerifyAndRecordAsync(token);
            return result.Intact ? result.Summary : throw new AuditChainBrokenException(result.Summary);
        }, ct));
        return command;
    }
}
