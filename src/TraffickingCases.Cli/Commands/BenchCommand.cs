using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Bench;
using TraffickingCases.Infrastructure.Exports;

namespace TraffickingCases.Cli.Commands;

/// <summary><c>tc bench match|rr00|rates|export|audit</c>: the benchmarks, from the TraffickingCases.Bench project.</summary>
internal static class BenchCommand
{
    public static Command Create(CommandRunner runner)
    {
        var bench = new Command("bench", "Benchmarks.") { MatchBenchmarkCommand(runner) };
        foreach (var command in ExportBenchmarkCommands(runner))
        {
            bench.Subcommands.Add(command);
        }

        bench.Subcommands.Add(Rr00BenchmarkCommand(runner));
        bench.Subcommands.Add(RatesCommand(runner));
        bench.Subcommands.Add(AuditBenchmarkCommand(runner));
        return bench;
    }

    private static Command RatesCommand(CommandRunner runner)
    {
        var children = new Option<int>("--children") { Description = "Generated register size.", DefaultValueFactory = _ => 20_000 }.AtLeast(2);
        var seed = new Option<int>("--seed") { Description = "Generator seed (not a benchmark's evaluation seed).", DefaultValueFactory = _ => 1 };
        var labelled = new Option<int>("--labelled") { Description = "Re-recordings to count m on.", DefaultValueFactory = _ => 50_000 }.AtLeast(1);
        var pairs = new Option<int>("--random-pairs") { Description = "Random pairs to count u on.", DefaultValueFactory = _ => 500_000 }.AtLeast(1);
        var rates = new Command("rates", "The built-in match model's rates from a generated register in memory: m on labelled re-recordings, u on random pairs. Reads and writes no database.")
        {
            children, seed, labelled, pairs,
        };
        rates.SetAction((parse, ct) => runner.RunAsync(async _ =>
        {
            foreach (var line in LabelledRates.Measure(parse.GetValue(children), parse.GetValue(seed), parse.GetValue(labelled), parse.GetValue(pairs), new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero)))
            {
                await runner.Output.WriteLineAsync(line);
            }

            return string.Empty;
        }, ct));
        return rates;
    }

    private static Command AuditBenchmarkCommand(CommandRunner runner)
    {
        var connections = new Option<int>("--connections") { Description = "Concurrent connections, each writing one entry a transaction.", DefaultValueFactory = _ => 16 }.AtLeast(1);
        var seconds = new Option<int>("--seconds") { Description = "How long to write.", DefaultValueFactory = _ => 10 }.AtLeast(1);
        var audit = new Command("audit", "Write audit entries as page views do, one a transaction, from N connections at once: entries/s, latency, and the time spent on the chain lock. Writes into the database's audit trail.")
        {
            connections, seconds,
        };
        audit.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var measured = await services.GetRequiredService<AuditBenchmark>()
                .RunAsync(parse.GetValue(connections), TimeSpan.FromSeconds(parse.GetValue(seconds)), token);
            return measured.ToString();
        }, ct));
        return audit;
    }

    private static Command MatchBenchmarkCommand(CommandRunner runner)
    {
        var children = new Option<int>("--children") { Description = "Population size, spread over 12 organisations.", Required = true }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Random seed of the population and the lookups.", DefaultValueFactory = _ => 42 };
        var reRecordings = new Option<int>("--re-recordings") { Description = "Registered children recorded again, to look up.", DefaultValueFactory = _ => 1000 }.AtLeast(0);
        var siblings = new Option<int>("--siblings") { Description = "Siblings of registered children to look up, half of them twins.", DefaultValueFactory = _ => 500 }.AtLeast(0);
        var namesakes = new Option<int>("--namesakes") { Description = "Other children with a registered child's name to look up.", DefaultValueFactory = _ => 500 }.AtLeast(0);
        var newChildren = new Option<int>("--new-children") { Description = "Children never registered to look up.", DefaultValueFactory = _ => 500 }.AtLeast(0);
        var top = new Option<int>("--top") { Description = "Most candidates per lookup, as tc match --top.", DefaultValueFactory = _ => 5 }.AtLeast(1);
        var match = new Command("match",
            "Measure the candidate search as tc match runs it, next to a naive exact baseline: likely precision, recall and F1, true record among candidates, "
            + "candidates per lookup, new children called likely, wrong likely candidates by kind, latency, and the matcher's reliability by probability. "
            + "Writes the population into the database (reused when present).")
        {
            children, seed, reRecordings, siblings, namesakes, newChildren, top,
        };
        match.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var started = Stopwatch.StartNew();
            var counts = new LookupCounts(parse.GetValue(reRecordings), parse.GetValue(siblings), parse.GetValue(namesakes), parse.GetValue(newChildren));
            var report = await Refusable(() => services.GetRequiredService<MatchBenchmark>()
                .RunAsync(parse.GetValue(children), parse.GetValue(seed), counts, parse.GetValue(top), runner.Error, token));
            foreach (var line in report.Lines())
            {
                await runner.Output.WriteLineAsync(line);
            }

            return string.Create(CultureInfo.InvariantCulture, $"bench match done in {started.Elapsed.TotalSeconds:0} s");
        }, ct));
        return match;
    }

    private static Command Rr00BenchmarkCommand(CommandRunner runner)
    {
        var children = new Option<int>("--children") { Description = "Population size, spread over 12 organisations.", Required = true }.AtLeast(1);
        var seed = new Option<int>("--seed") { Description = "Random seed of the population.", DefaultValueFactory = _ => 42 };
        var rr00 = new Command("rr00",
            "Generate N children with no duplicates, import them through the children import (which raises RR-00 for possible pairs), and count "
            + "the open RR-00 flags and the children they are on. Needs a database with no other children.")
        {
            children, seed,
        };
        rr00.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var started = Stopwatch.StartNew();
            var measured = await Refusable(() => services.GetRequiredService<Rr00Benchmark>().RunAsync(parse.GetValue(children), parse.GetValue(seed), runner.Error, token));
            foreach (var line in measured.Lines())
            {
                await runner.Output.WriteLineAsync(line);
            }

            return string.Create(CultureInfo.InvariantCulture, $"bench rr00 done in {started.Elapsed.TotalSeconds:0} s");
        }, ct));
        return rr00;
    }

    /// <summary>A benchmark that cannot run on this database says why in one line, as any verb's failure does.</summary>
    private static async Task<T> Refusable<T>(Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (BenchmarkRefusedException e)
        {
            throw new CommandException(e.Message);
        }
    }

    private static IEnumerable<Command> ExportBenchmarkCommands(CommandRunner runner)
    {
        var referrals = new Option<int>("--referrals") { Description = "How many referral rows to export.", Required = true }.AtLeast(1);
        var format = Typed.Choice("--format", "Our exporter's format.", Typed.Lower<ExportFormat>());
        format.DefaultValueFactory = _ => ExportFormat.Csv;
        var runs = new Option<int>("--runs") { Description = "Runs of each method, alternating; the best of each is reported.", DefaultValueFactory = _ => 1 }.AtLeast(1);
        var export = new Command("export",
            "Write N synthetic referrals into the database (reused when present), then time our exporter and PostgreSQL's COPY of the same query, each in its own process.")
        {
            referrals, format, runs,
        };
        export.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            var how = parse.GetValue(format);
            var added = await services.GetRequiredService<ExportBenchmark>().SeedAsync(parse.GetValue(referrals), runner.Error, token);
            var results = new List<ExportMeasurement>();
            for (var run = 0; run < parse.GetValue(runs); run++)
            {
                foreach (var method in ExportBenchmark.CopyMethods.Keys.Append("exporter"))
                {
                    results.Add(await MeasureInChildProcessAsync(method, how, token));
                }
            }

            var best = results.GroupBy(r => r.Method).Select(g => g.OrderByDescending(r => r.RowsPerSecond).First()).ToList();
            foreach (var result in best)
            {
                await runner.Output.WriteLineAsync(result.ToString());
            }

            // Against the fastest of COPY's plans: a plan that starts sooner but runs slower must not flatter the exporter.
            var copyRate = best.Where(r => r.Method.StartsWith("COPY", StringComparison.Ordinal)).Max(r => r.RowsPerSecond);
            var ours = best.Single(r => !r.Method.StartsWith("COPY", StringComparison.Ordinal)).RowsPerSecond;
            return string.Create(CultureInfo.InvariantCulture, $"exporter at {ours / copyRate:P0} of the fastest COPY's rate; {added:N0} referrals written this run");
        }, ct));
        yield return export;

        // One measured run in this process, written to /dev/null; the benchmark starts it as a child process.
        var method = Typed.Choice("--method", "A COPY method or exporter.", [.. ExportBenchmark.CopyMethods.Keys.Select(k => (k, k)), ("exporter", "exporter")]);
        method.Required = true;
        var once = new Command("export-run", "One measured export run (used by 'bench export').") { Hidden = true };
        once.Options.Add(method);
        once.Options.Add(format);
        once.SetAction((parse, ct) => runner.RunAsync(async (services, token) =>
        {
            await using var sink = new FileStream("/dev/null", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16, useAsync: true);
            var benchmark = services.GetRequiredService<ExportBenchmark>();
            await benchmark.WarmUpAsync(parse.GetValue(format), token);
            var measured = parse.GetValue(method) is { } chosen && chosen != "exporter"
                ? await benchmark.CopyAsync(chosen, sink, token)
                : await benchmark.ExporterAsync(parse.GetValue(format), sink, token);
            return measured.ToLine();
        }, ct));
        yield return once;
    }

    private static async Task<ExportMeasurement> MeasureInChildProcessAsync(string method, ExportFormat format, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(TcCommands).Assembly.Location);
        }

        foreach (var arg in new[] { "bench", "export-run", "--method", method, "--format", format.ToString().ToLowerInvariant() })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync(ct);
        var stderr = child.StandardError.ReadToEndAsync(ct);
        await child.WaitForExitAsync(ct);
        if (child.ExitCode != 0)
        {
            throw new CommandException($"the {method} run failed: {await stderr}");
        }

        return ExportMeasurement.Parse((await stdout).Trim().Split('\n')[^1]);
    }
}
