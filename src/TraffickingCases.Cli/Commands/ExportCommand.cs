using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Exports;

namespace TraffickingCases.Cli.Commands;

/// <summary>
/// <c>tc export DATASET</c>: the same exports as <c>/exports</c>, for scheduled extracts, checked by the same
/// <see cref="ExportRequestValidator"/>; audited as <c>cli:</c> and the operating-system user (the operator), refusals
/// included. The operator may export every organisation: the tool runs on the server, as someone who holds the database.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CommandRunner runner)
    {
        var dataset = Typed.ChoiceArgument("DATASET", "What to export.", ExportDatasets.All.Select(d => (d.Name, d)).ToList());
        var format = Typed.Choice("--format", "The file format.", Typed.Lower<ExportFormat>());
        format.DefaultValueFactory = _ => ExportFormat.Csv;
        var from = Typed.Date("--from", "First UK date included");
        var to = Typed.Date("--to", "Last UK date included");
        var organisation = new Option<string?>("--organisation") { HelpName = "CODE", Description = "One organisation's code; every organisation when omitted." };
        var rule = new Option<string?>("--rule") { HelpName = "CODE", Description = "Flags only: a rule code, e.g. RR-01." };
        var status = Typed.Choice<FlagStatus?>("--status", "Flags only.", Typed.Lower<FlagStatus>().Select(s => (s.Spelling, (FlagStatus?)s.Value)).ToList());
        var identifiable = new Option<bool>("--identifiable") { Description = "Include names, dates of birth, free text and police references (needs --justification)." };
        var justification = new Option<string?>("--justification") { HelpName = "TEXT", Description = "Why identifiable data is needed; kept in the audit trail." };
        var file = new Option<FileInfo?>("--out") { HelpName = "FILE", Description = "Write to FILE instead of stdout (required for xlsx)." };
        var command = new Command("export", "Export a dataset, pseudonymised unless --identifiable. Audited as the operating-system user running tc.")
        {
            dataset, format, from, to, organisation, rule, status, identifiable, justification, file,
        };
        command.Validators.Add(result =>
        {
            // Read from the token, so a --format that did not parse is left to its own message.
            if (result.GetResult(format) is { Tokens: [.., var given] } && string.Equals(given.Value.Trim(), "xlsx", StringComparison.OrdinalIgnoreCase)
                && result.GetResult(file) is null)
            {
                result.AddError("--format xlsx needs --out FILE");
            }
        });
        var options = new Dictionary<ExportField, string>
        {
            [ExportField.Dataset] = "DATASET", [ExportField.Format] = format.Name, [ExportField.Organisation] = organisation.Name,
            [ExportField.From] = from.Name, [ExportField.To] = to.Name, [ExportField.Rule] = rule.Name, [ExportField.Status] = status.Name,
            [ExportField.Justification] = justification.Name,
        };

        command.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var user = Environment.UserName;
            var input = new ExportRequestInput
            {
                Dataset = parse.GetValue(dataset), Format = parse.GetValue(format), Organisation = parse.GetValue(organisation),
                From = parse.GetValue(from), To = parse.GetValue(to), Rule = parse.GetValue(rule), Status = parse.GetValue(status)?.ToString().ToLowerInvariant(),
                Identifiable = parse.GetValue(identifiable), Justification = parse.GetValue(justification),
            };
            var actor = new ExportActor($"cli:{user}", user, "cli");
            var check = await services.GetRequiredService<ExportRequestValidator>().CheckAsync(input, actor, token);
            if (check.Request is not { } request)
            {
                // The operator may export every organisation; a request the validator refuses is still recorded, with why.
                await services.GetRequiredService<IExportAudit>().RecordRefusedAsync(
                    ExportRefusal.Of(ExportRefusalReason.Invalid, check.Problems.Select(p => p.Message).ToList(), input, actor), token);
                throw new CommandException(string.Join("; ", check.Problems.Select(p => $"{options[p.Field]}: {p.Message}")));
            }

            var exporter = services.GetRequiredService<Exporter>();
            var written = request.Identifiable ? "identifiable" : "pseudonymised";
            if (parse.GetValue(file) is { } path)
            {
                await using var stream = new FileStream(path.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                var toFile = await exporter.WriteAsync(request, stream, token);
                return $"exported {toFile.Rows} {request.Dataset.Name} rows ({written}) to {path.FullName}";
            }

            ExportResult result;
            if (ReferenceEquals(runner.Output, Console.Out))
            {
                await using var stdout = Console.OpenStandardOutput();
                result = await exporter.WriteAsync(request, stdout, token);
            }
            else
            {
                using var buffer = new MemoryStream();
                result = await exporter.WriteAsync(request, buffer, token);
                await runner.Output.WriteAsync(new UTF8Encoding(false).GetString(buffer.ToArray()).TrimStart('\uFEFF'));
            }

            await runner.Error.WriteLineAsync($"exported {result.Rows} {request.Dataset.Name} rows ({written})");
            return string.Empty;
        }, ct));
        return command;
    }
}
