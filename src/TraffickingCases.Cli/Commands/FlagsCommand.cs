using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc flags</c>: flags, highest severity and oldest first, as text or CSV.</summary>
internal static class FlagsCommand
{
    private enum Which
    {
        Open,
        All,
    }

    private enum Layout
    {
        Text,
        Csv,
    }

    public static Command Create(CommandRunner runner)
    {
        var status = Typed.Choice("--status", "open (open and acknowledged) or all.", Typed.Lower<Which>());
        status.DefaultValueFactory = _ => Which.Open;
        var format = Typed.Choice("--format", "text or csv.", Typed.Lower<Layout>());
        format.DefaultValueFactory = _ => Layout.Text;
        var command = new Command("flags", "Print flags, highest severity and oldest first.") { status, format };
        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var csv = parse.GetValue(format) == Layout.Csv;
            var db = services.GetRequiredService<CasesDbContext>();
            var flags = db.Flags.AsNoTracking();
            if (parse.GetValue(status) == Which.Open)
            {
                flags = flags.ThatAreOpen();
            }

            var rows = flags
                .Join(db.Children, f => f.ChildId, c => c.Id, (f, c) => new { c.Reference, c.ExternalId, f.RuleCode, f.Severity, f.Status, f.RaisedAt, f.Evidence, f.Id })
                .OrderByDescending(r => r.Severity).ThenBy(r => r.RaisedAt).ThenBy(r => r.Id)
                .AsAsyncEnumerable();
            var count = 0;
            if (csv)
            {
                await runner.Output.WriteLineAsync("child_reference,child_external_id,rule_code,severity,status,raised_at,evidence");
            }

            await foreach (var r in rows.WithCancellation(token))
            {
                var raised = r.RaisedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                var severity = r.Severity.ToString().ToLowerInvariant();
                var state = r.Status.ToString().ToLowerInvariant();

                // The same cells as an export's CSV: text a spreadsheet would run as a formula is neutralised.
                await runner.Output.WriteLineAsync(csv
                    ? string.Join(',', new[] { r.Reference, r.ExternalId, r.RuleCode, severity, state, raised, r.Evidence }.Select(CsvRowWriter.Cell))
                    : $"{r.Reference,-10} {r.RuleCode,-7} {severity,-7} {state,-13} {raised}  {r.Evidence}");
                count++;
            }

            return csv ? string.Empty : $"{count} flag{(count == 1 ? string.Empty : "s")}";
        }, ct));
        return command;
    }
}
