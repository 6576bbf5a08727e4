using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Statistics;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc flags</c>: flags, highest severity and oldest first, as text or CSV; <c>tc flags report</c>: how many, by rule, and the risk levels they make.</summary>
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
        var command = new Command("flags", "Print flags, highest severity and oldest first.") { status, format, ReportCommand(runner) };
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

    private static Command ReportCommand(CommandRunner runner)
    {
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object instead of tables." };
        var report = new Command("report", "Count the open flags per 100 children by rule, the children at each risk level, and where High comes from. Reads only.") { json };
        report.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var today = UkCalendar.DateOf(services.GetRequiredService<TimeProvider>().GetUtcNow());
            var measured = await FlagVolumeReport.MeasureAsync(services.GetRequiredService<CasesDbContext>(), today, token);
            await runner.Output.WriteAsync(parse.GetValue(json) ? Json(measured) : Text(measured));
            return string.Empty;
        }, ct, chainWrites: false));
        return report;
    }

    private static string Json(FlagVolumeReport r) =>
        JsonSerializer.Serialize(new
        {
            on = r.On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            children = r.Children,
            evaluated_under_current_rules = r.EvaluatedUnderCurrentRules,
            rules_version = r.RulesVersion,
            open_flags = r.OpenFlags,
            open_flags_without_rr00 = r.OpenFlagsWithoutMatches,
            rules = r.Rules.Select(v => new { code = v.Code, title = v.Title, open = v.Open, per_100_children = Math.Round(r.Per100(v.Open), 2), high = v.High, medium = v.Medium, low = v.Low, live = v.Live }),
            risk_level = new
            {
                derived = new { high = r.Derived.High, medium = r.Derived.Medium, low = r.Derived.Low },
                effective = new { high = r.Effective.High, medium = r.Effective.Medium, low = r.Effective.Low },
                overrides_in_force = r.OverridesInForce,
            },
            high_sources = r.HighSources.Select(s => new { code = s.Code, title = s.Title, children = s.Children, only_source = s.OnlySource }),
            high_from_three_medium_flags = r.HighFromThreeMediums,
        }, new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;

    private static string Text(FlagVolumeReport r)
    {
        var text = new System.Text.StringBuilder();
        void Line(FormattableString line) => text.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');
        string Share(int count, int of) => of == 0 ? "-" : (100.0 * count / of).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        string Per100(int count) => r.Per100(count).ToString("0.00", CultureInfo.InvariantCulture);
        string Title(string title) => title.Length <= 44 ? title : title[..43] + "…";

        Line($"Flags on {r.On:yyyy-MM-dd}: {r.Children:N0} children, {r.EvaluatedUnderCurrentRules:N0} of them evaluated under the current rules (version {r.RulesVersion})");
        Line($"");
        Line($"{"Open flags by rule",-53}{"open",9}{"per 100",9}{"high",8}{"medium",8}{"low",8}{"live",8}");
        foreach (var v in r.Rules)
        {
            Line($"{v.Code,-8}{Title(v.Title),-45}{v.Open,9:N0}{Per100(v.Open),9}{v.High,8:N0}{v.Medium,8:N0}{v.Low,8:N0}{v.Live,8:N0}");
        }

        Line($"{"All open flags",-53}{r.OpenFlags,9:N0}{Per100(r.OpenFlags),9}");
        Line($"{"All open flags but RR-00",-53}{r.OpenFlagsWithoutMatches,9:N0}{Per100(r.OpenFlagsWithoutMatches),9}");
        Line($"");
        Line($"{"Risk level",-12}{"derived",10}{"share",8}{"effective",12}{"share",8}");
        foreach (var (level, derived, effective) in new[] { ("High", r.Derived.High, r.Effective.High), ("Medium", r.Derived.Medium, r.Effective.Medium), ("Low", r.Derived.Low, r.Effective.Low) })
        {
            Line($"{level,-12}{derived,10:N0}{Share(derived, r.Children),8}{effective,12:N0}{Share(effective, r.Children),8}");
        }

        Line($"(effective: with the {r.OverridesInForce:N0} managers' overrides in force today)");
        Line($"");
        Line($"Where High comes from: {r.Derived.High:N0} High children (derived); a child may have several sources");
        Line($"{"rule",-53}{"children",9}{"of High",9}{"only source",13}");
        foreach (var s in r.HighSources)
        {
            Line($"{s.Code,-8}{Title(s.Title),-45}{s.Children,9:N0}{Share(s.Children, r.Derived.High),9}{s.OnlySource,13:N0}");
        }

        Line($"{"three or more medium flags, one live (no live high flag)",-53}{r.HighFromThreeMediums,9:N0}{Share(r.HighFromThreeMediums, r.Derived.High),9}");
        return text.ToString();
    }
}
