using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc record-retention</c>: step 3 of the retention procedure (docs/audit.md), recording the chain's new anchor.</summary>
internal static class RecordRetentionCommand
{
    public static Command Create(CommandRunner runner)
    {
        var anchor = new Option<string>("--anchor-hash") { Description = "The hash of the last entry the retention procedure removed (64 hexadecimal digits).", Required = true };
        anchor.Validators.Add(result =>
        {
            var hash = result.GetValueOrDefault<string>()?.Trim() ?? string.Empty;
            if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            {
                result.AddError("--anchor-hash must be the 64 hexadecimal digits of the last removed entry's hash");
            }
        });
        var before = Typed.RequiredDate("--removed-before", "The cut-off date used");
        var archive = new Option<string>("--archive") { Description = "Where the removed entries were archived.", Required = true };
        var by = new Option<string>("--by") { Description = "Who ran the procedure (names of both people present).", Required = true };
        var command = new Command("record-retention", "Step 3 of the retention procedure (docs/audit.md): record the removal and the chain's new anchor.")
        {
            anchor, before, archive, by,
        };
        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var audit = services.GetRequiredService<AuditTrail>();
            await audit.RecordAsync(new AuditEvent(AuditActions.Retention, "AuditTrail", null, null, new
            {
                anchor_hash = parse.GetRequiredValue(anchor).Trim().ToLowerInvariant(),
                removed_before = parse.GetValue(before).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                archive = parse.GetValue(archive),
                by = parse.GetValue(by),
            }), token);
            return (await audit.VerifyAsync(chainFirst: true, token)).Summary;
        }, ct));
        return command;
    }
}
