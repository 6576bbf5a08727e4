using System.CommandLine;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Organisations;
using TraffickingCases.Infrastructure;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Import;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Csv;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Matching;

namespace TraffickingCases.Cli;

/// <summary>The operator's verbs. Each prints a one-line result and returns 0, or a clear message and non-zero.</summary>
public static class TcCommands
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IConfiguration? configuration = null)
    {
        configuration ??= new ConfigurationBuilder().AddEnvironmentVariables().Build();
        var root = new RootCommand("tc: operate TraffickingCases from the command line. Reads ConnectionStrings__Cases or TC_CONNECTION_STRING.");

        var migrate = new Command("migrate", "Apply the database migrations.");
        migrate.SetAction((_, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var db = services.GetRequiredService<CasesDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(token)).Count();
            await db.Database.MigrateAsync(token);
            var backfilled = await CandidateSearch.BackfillKeysAsync(db, token);
            return $"migrated: {pending} migration{(pending == 1 ? string.Empty : "s")} applied"
                + (backfilled > 0 ? $"; search keys filled in for {backfilled} children" : string.Empty);
        }, ct));
        root.Subcommands.Add(migrate);

        var seedChildren = new Option<int>("--children") { Description = "How many demo children to create.", DefaultValueFactory = _ => 200 };
        var seed = new Command("seed-demo", "Create demo organisations, one user per role and about 200 children (no-op when data exists).");
        seed.Options.Add(seedChildren);
        seed.SetAction((parse, ct) => Run(configuration, output, error, (services, token) =>
        {
            // Demo accounts have a published password: never outside Development.
            var environment = configuration["ASPNETCORE_ENVIRONMENT"] ?? configuration["DOTNET_ENVIRONMENT"];
            if (!string.Equals(environment, "Development", StringComparison.OrdinalIgnoreCase))
            {
                throw new CommandException(
                    "seed-demo creates accounts with a published password, so it runs only with ASPNETCORE_ENVIRONMENT=Development " +
                    "(scripts/run.sh and scripts/tc set it). In production create users with 'tc create-user'.");
            }

            return services.GetRequiredService<DemoSeeder>().SeedAsync(parse.GetValue(seedChildren), ct: token);
        }, ct));
        root.Subcommands.Add(seed);

        root.Subcommands.Add(OrganisationCommand(configuration, output, error));
        root.Subcommands.Add(CreateUserCommand(configuration, output, error));
        root.Subcommands.Add(ImportCommand(configuration, output, error));
        root.Subcommands.Add(GenerateCommand(output, error));
        root.Subcommands.Add(SweepCommand(configuration, output, error));
        root.Subcommands.Add(MatchCommand(configuration, output, error));
        root.Subcommands.Add(BenchCommand(configuration, output, error));
        root.Subcommands.Add(FlagsCommand(configuration, output, error));
        root.Subcommands.Add(VerifyAuditCommand(configuration, output, error));
        root.Subcommands.Add(RecordRetentionCommand(configuration, output, error));
        root.Subcommands.Add(ExportCommand(configuration, output, error));

        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command OrganisationCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var code = new Option<string>("--code") { Description = "Short code, e.g. NSC.", Required = true };
        var name = new Option<string>("--name") { Description = "The organisation's name.", Required = true };
        var type = new Option<string>("--type") { Description = "local_authority|police|government_agency|ngo", Required = true };
        var ictg = new Option<bool>("--ictg-area") { Description = "Independent Child Trafficking Guardians serve this area." };
        var add = new Command("add", "Add an organisation.");
        add.Options.Add(code);
        add.Options.Add(name);
        add.Options.Add(type);
        add.Options.Add(ictg);
        add.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var typeText = parse.GetValue(type)!;
            if (!ImportFormats.OrganisationTypes.TryGetValue(typeText.ToLowerInvariant(), out var organisationType))
            {
                throw new CommandException($"--type must be one of {string.Join(", ", ImportFormats.OrganisationTypes.Keys)}");
            }

            var db = services.GetRequiredService<CasesDbContext>();
            var organisation = new Organisation(parse.GetValue(code)!, parse.GetValue(name)!, organisationType, parse.GetValue(ictg));
            if (await db.Organisations.AnyAsync(o => o.Code == organisation.Code, token))
            {
                throw new CommandException($"an organisation with the code {organisation.Code} already exists");
            }

            db.Organisations.Add(organisation);
            await db.SaveChangesAsync(token);
            return $"added organisation {organisation.Code} ({organisation.Name})";
        }, ct));
        var organisationCommand = new Command("organisation", "Manage organisations.");
        organisationCommand.Subcommands.Add(add);
        return organisationCommand;
    }

    private static Command CreateUserCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var email = new Option<string>("--email") { Description = "The user's email, used to sign in.", Required = true };
        var role = new Option<string>("--role") { Description = "Caseworker|Manager|Auditor|Admin", Required = true };
        var organisation = new Option<string>("--organisation") { Description = "The organisation's code.", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (defaults to the email)." };
        var password = new Option<string?>("--password")
        {
            Description = "Initial password (at least 12 characters). Read from TC_NEW_USER_PASSWORD when omitted, or generated and printed.",
        };
        var command = new Command("create-user", "Create a user; the only way to create the first admin in production.");
        foreach (var option in new Option[] { email, role, organisation, name, password })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var roleName = Roles.All.FirstOrDefault(r => string.Equals(r, parse.GetValue(role), StringComparison.OrdinalIgnoreCase))
                ?? throw new CommandException($"--role must be one of {string.Join(", ", Roles.All)}");
            var db = services.GetRequiredService<CasesDbContext>();
            var code = parse.GetValue(organisation)!.Trim().ToUpperInvariant();
            var org = await db.Organisations.SingleOrDefaultAsync(o => o.Code == code, token)
                ?? throw new CommandException($"no organisation has the code {code}; add it with 'tc organisation add'");
            await DemoSeeder.EnsureRolesAsync(services.GetRequiredService<RoleManager<IdentityRole>>());
            var userManager = services.GetRequiredService<UserManager<AppUser>>();
            var address = parse.GetValue(email)!.Trim();
            var generated = false;
            var secret = parse.GetValue(password) ?? configuration["TC_NEW_USER_PASSWORD"];
            if (string.IsNullOrEmpty(secret))
            {
                secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
                generated = true;
            }

            var user = new AppUser
            {
                UserName = address,
                Email = address,
                EmailConfirmed = true,
                DisplayName = parse.GetValue(name) ?? address,
                OrganisationId = org.Id,
            };
            var created = await userManager.CreateAsync(user, secret);
            if (!created.Succeeded)
            {
                throw new CommandException(string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            await userManager.AddToRoleAsync(user, roleName);
            return $"created {roleName} {address} in {org.Code}" + (generated ? $"; initial password: {secret}" : string.Empty);
        }, ct));
        return command;
    }

    private static Command ImportCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var import = new Command("import", "Import a CSV file: children, referrals, missing-episodes, placements or support. All rows or none.");
        foreach (var (verb, kind) in new[]
                 {
                     ("children", ImportKind.Children), ("referrals", ImportKind.Referrals),
                     ("missing-episodes", ImportKind.MissingEpisodes), ("placements", ImportKind.Placements),
                     ("support", ImportKind.Support),
                 })
        {
            var file = new Argument<FileInfo>("FILE") { Description = "UTF-8 CSV with a header row." };
            var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and report; write nothing." };
            var command = new Command(verb, $"Import {verb} from FILE.");
            command.Arguments.Add(file);
            command.Options.Add(dryRun);
            command.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
            {
                var path = parse.GetValue(file)!;
                if (!path.Exists)
                {
                    throw new CommandException($"no file at {path.FullName}");
                }

                await using var stream = path.OpenRead();
                var result = await services.GetRequiredService<CaseImporter>().ImportAsync(kind, stream, parse.GetValue(dryRun), token);
                if (!result.Succeeded)
                {
                    foreach (var problem in result.Errors)
                    {
                        await error.WriteLineAsync(problem.ToString());
                    }

                    throw new CommandException(result.Summary);
                }

                return result.Summary;
            }, ct));
            import.Subcommands.Add(command);
        }

        return import;
    }

    private static Command MatchCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A children import file (UTF-8 CSV)." };
        var top = new Option<int>("--top") { Description = "Most candidates per row.", DefaultValueFactory = _ => 5 };
        var command = new Command("match", "For each row of a children file, print the stored children that may be the same child, as CSV. Reads only.");
        command.Arguments.Add(file);
        command.Options.Add(top);
        command.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new CommandException($"no file at {path.FullName}");
            }

            if (parse.GetValue(top) < 1)
            {
                throw new CommandException("--top must be at least 1");
            }

            await using var stream = path.OpenRead();
            var (_, _, errors) = await services.GetRequiredService<MatchFile>().RunAsync(stream, parse.GetValue(top), output, token);
            if (errors.Count > 0)
            {
                foreach (var problem in errors)
                {
                    await error.WriteLineAsync(problem.ToString());
                }

                throw new CommandException($"{errors.Count} row{(errors.Count == 1 ? string.Empty : "s")} could not be read; their candidates are not listed");
            }

            return string.Empty;
        }, ct));
        return command;
    }

    private static Command BenchCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var children = new Option<int>("--children") { Description = "Population size.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var duplicates = new Option<int>("--duplicates") { Description = "Held-out re-recordings to look up.", DefaultValueFactory = _ => 1000 };
        var lookalikes = new Option<int>("--lookalikes") { Description = "Siblings, twins and namesakes to look up.", DefaultValueFactory = _ => 1000 };
        var match = new Command("match", "Measure the matcher against a naive baseline: precision, recall, F1 and lookup latency. Writes the population into the database.");
        foreach (var option in new Option[] { children, seed, duplicates, lookalikes })
        {
            match.Options.Add(option);
        }

        match.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var (inserted, scores, queries) = await services.GetRequiredService<MatchBenchmark>()
                .RunAsync(parse.GetValue(children), parse.GetValue(seed), parse.GetValue(duplicates), parse.GetValue(lookalikes), error, token);
            foreach (var score in scores)
            {
                await output.WriteLineAsync(score.ToString());
            }

            return $"population {parse.GetValue(children)} children ({inserted} inserted this run); {queries} lookups; {started.Elapsed.TotalSeconds:0} s";
        }, ct));
        var fitChildren = new Option<int>("--children") { Description = "Training population size.", DefaultValueFactory = _ => 100_000 };
        var fitSeed = new Option<int>("--seed") { Description = "Training seed (use another than the benchmark's 42).", DefaultValueFactory = _ => 1 };
        var fitDuplicates = new Option<int>("--duplicates") { Description = "Re-recordings to look up.", DefaultValueFactory = _ => 5000 };
        var fitLookalikes = new Option<int>("--lookalikes") { Description = "Siblings, twins and namesakes to look up.", DefaultValueFactory = _ => 5000 };
        var fit = new Command("fit", "Fit the matcher's weights (m and u per comparison level, the prior) on labelled pairs from a generated population, in memory; prints them as settings.");
        foreach (var option in new Option[] { fitChildren, fitSeed, fitDuplicates, fitLookalikes })
        {
            fit.Options.Add(option);
        }

        fit.SetAction(async (parse, ct) =>
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var pairs = MatchTraining.Pairs(parse.GetValue(fitChildren), parse.GetValue(fitSeed), parse.GetValue(fitDuplicates), parse.GetValue(fitLookalikes), DateTimeOffset.UtcNow);
            var weights = MatchWeightFit.Fit(pairs, new MatchWeights());
            foreach (var line in MatchWeightFit.AsSettings(weights))
            {
                await output.WriteLineAsync(line);
            }

            var (likely, possible, examples) = MatchTraining.Evaluate(pairs, new Matcher(weights));
            foreach (var line in examples.Prepend(possible.ToString()).Prepend(likely.ToString()))
            {
                await error.WriteLineAsync(line);
            }

            await error.WriteLineAsync($"{pairs.Count} labelled pairs ({pairs.Count(p => p.SameChild)} same child); {started.Elapsed.TotalSeconds:0} s");
            return 0;
        });
        var bench = new Command("bench", "Benchmarks.");
        bench.Subcommands.Add(match);
        AddExportBenchmark(bench, configuration, output, error);
        bench.Subcommands.Add(fit);
        return bench;
    }

    private static Command VerifyAuditCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var command = new Command("verify-audit", "Re-compute the audit trail's hash chain: 'N entries verified', or the first broken entry (exit code 3).");
        command.SetAction((_, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var audit = services.GetRequiredService<AuditTrail>();
            var result = await audit.VerifyAndRecordAsync(token);
            return result.Intact ? result.Summary : throw new AuditChainBrokenException(result.Summary);
        }, ct));
        return command;
    }

    private static Command RecordRetentionCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var anchor = new Option<string>("--anchor-hash") { Description = "The hash of the last entry the retention procedure removed.", Required = true };
        var before = new Option<string>("--removed-before") { Description = "The cut-off date used, YYYY-MM-DD.", Required = true };
        var archive = new Option<string>("--archive") { Description = "Where the removed entries were archived.", Required = true };
        var by = new Option<string>("--by") { Description = "Who ran the procedure (names of both people present).", Required = true };
        var command = new Command("record-retention", "Step 3 of the retention procedure (docs/audit.md): record the removal and the chain's new anchor.");
        foreach (var option in new Option[] { anchor, before, archive, by })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var hash = parse.GetValue(anchor)!.Trim().ToLowerInvariant();
            if (hash.Length != 64 || !hash.All(Uri.IsHexDigit))
            {
                throw new CommandException("--anchor-hash must be the 64 hexadecimal digits of the last removed entry's hash");
            }

            var audit = services.GetRequiredService<AuditTrail>();
            await audit.RecordAsync(new AuditEvent(AuditActions.Retention, "AuditTrail", null, null, new
            {
                anchor_hash = hash, removed_before = parse.GetValue(before), archive = parse.GetValue(archive), by = parse.GetValue(by),
            }), token);
            return (await audit.VerifyAsync(token)).Summary;
        }, ct));
        return command;
    }

    private static void AddExportBenchmark(Command bench, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var referrals = new Option<int>("--referrals") { Description = "How many referral rows to export.", Required = true };
        var format = new Option<string>("--format") { Description = "Our exporter's format: csv, xlsx or jsonl.", DefaultValueFactory = _ => "csv" };
        var runs = new Option<int>("--runs") { Description = "Runs of each method, alternating; the best of each is reported.", DefaultValueFactory = _ => 1 };
        var export = new Command("export",
            "Write N synthetic referrals into the database (reused when present), then time our exporter and PostgreSQL's COPY of the same query, each in its own process.");
        export.Options.Add(referrals);
        export.Options.Add(format);
        export.Options.Add(runs);
        export.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
        {
            if (!RowWriters.TryParse(parse.GetValue(format), out var how))
            {
                throw new CommandException("--format must be csv, xlsx or jsonl");
            }

            var added = await services.GetRequiredService<ExportBenchmark>().SeedAsync(parse.GetValue(referrals), error, token);
            var results = new List<ExportMeasurement>();
            for (var run = 0; run < Math.Max(1, parse.GetValue(runs)); run++)
            {
                foreach (var method in new[] { "copy", "exporter" })
                {
                    results.Add(await MeasureInChildProcessAsync(method, how, token));
                }
            }

            var best = results.GroupBy(r => r.Method).Select(g => g.OrderByDescending(r => r.RowsPerSecond).First()).ToList();
            foreach (var result in best)
            {
                await output.WriteLineAsync(result.ToString());
            }

            var copyRate = best.Single(r => r.Method.StartsWith("COPY", StringComparison.Ordinal)).RowsPerSecond;
            var ours = best.Single(r => !r.Method.StartsWith("COPY", StringComparison.Ordinal)).RowsPerSecond;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"exporter at {ours / copyRate:P0} of COPY's rate; {added:N0} referrals written this run");
        }, ct));
        bench.Subcommands.Add(export);

        // One measured run in this process, written to /dev/null; the benchmark starts it as a child process.
        var method = new Option<string>("--method") { Required = true };
        var once = new Command("export-run", "One measured export run (used by 'bench export').") { Hidden = true };
        once.Options.Add(method);
        once.Options.Add(format);
        once.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
        {
            RowWriters.TryParse(parse.GetValue(format), out var how);
            await using var sink = new FileStream("/dev/null", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1 << 16, useAsync: true);
            var benchmark = services.GetRequiredService<ExportBenchmark>();
            await benchmark.WarmUpAsync(token);
            var measured = parse.GetValue(method) == "copy" ? await benchmark.CopyAsync(sink, token) : await benchmark.ExporterAsync(how, sink, token);
            return measured.ToLine();
        }, ct));
        bench.Subcommands.Add(once);
    }

    private static async Task<ExportMeasurement> MeasureInChildProcessAsync(string method, ExportFormat format, CancellationToken ct)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(TcCommands).Assembly.Location);
        }

        foreach (var arg in new[] { "bench", "export-run", "--method", method, "--format", format.ToString().ToLowerInvariant() })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = System.Diagnostics.Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync(ct);
        var stderr = child.StandardError.ReadToEndAsync(ct);
        await child.WaitForExitAsync(ct);
        if (child.ExitCode != 0)
        {
            throw new CommandException($"the {method} run failed: {await stderr}");
        }

        return ExportMeasurement.Parse((await stdout).Trim().Split('\n')[^1]);
    }

    private static Command SweepCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var command = new Command("sweep", "Run every rule for every child now and update the flags.");
        command.SetAction((_, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var result = await services.GetRequiredService<FlagSweeper>().SweepAsync(token);
            return result.Skipped ? throw new CommandException("another sweep is running now; try again when it has finished") : result.Summary;
        }, ct));
        return command;
    }

    private static Command FlagsCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var status = new Option<string>("--status") { Description = "open (open and acknowledged) or all.", DefaultValueFactory = _ => "open" };
        var format = new Option<string>("--format") { Description = "text or csv.", DefaultValueFactory = _ => "text" };
        var command = new Command("flags", "Print flags, highest severity and oldest first.");
        command.Options.Add(status);
        command.Options.Add(format);
        command.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var which = parse.GetValue(status)!.ToLowerInvariant();
            var how = parse.GetValue(format)!.ToLowerInvariant();
            if (which is not ("open" or "all"))
            {
                throw new CommandException("--status must be open or all");
            }

            if (how is not ("text" or "csv"))
            {
                throw new CommandException("--format must be text or csv");
            }

            var db = services.GetRequiredService<CasesDbContext>();
            var flags = db.Flags.AsNoTracking();
            if (which == "open")
            {
                flags = flags.Where(f => f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged);
            }

            var rows = flags
                .Join(db.Children, f => f.ChildId, c => c.Id, (f, c) => new { c.Reference, c.ExternalId, f.RuleCode, f.Severity, f.Status, f.RaisedAt, f.Evidence, f.Id })
                .OrderByDescending(r => r.Severity).ThenBy(r => r.RaisedAt).ThenBy(r => r.Id)
                .AsAsyncEnumerable();
            var count = 0;
            if (how == "csv")
            {
                await output.WriteLineAsync("child_reference,child_external_id,rule_code,severity,status,raised_at,evidence");
            }

            await foreach (var r in rows.WithCancellation(token))
            {
                var raised = r.RaisedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
                await output.WriteLineAsync(how == "csv"
                    ? CsvFile.Line([r.Reference, r.ExternalId, r.RuleCode, r.Severity.ToString().ToLowerInvariant(), r.Status.ToString().ToLowerInvariant(), raised, r.Evidence])
                    : $"{r.Reference,-10} {r.RuleCode,-7} {r.Severity.ToString().ToLowerInvariant(),-7} {r.Status.ToString().ToLowerInvariant(),-13} {raised}  {r.Evidence}");
                count++;
            }

            return how == "csv" ? string.Empty : $"{count} flag{(count == 1 ? string.Empty : "s")}";
        }, ct));
        return command;
    }

    private static Command ExportCommand(IConfiguration configuration, TextWriter output, TextWriter error)
    {
        var dataset = new Argument<string>("DATASET") { Description = string.Join("|", ExportDatasets.All.Select(d => d.Name)) };
        var format = new Option<string>("--format") { Description = "csv, xlsx or jsonl.", DefaultValueFactory = _ => "csv" };
        var from = new Option<string?>("--from") { Description = "First date included, YYYY-MM-DD (UK date)." };
        var to = new Option<string?>("--to") { Description = "Last date included, YYYY-MM-DD (UK date)." };
        var organisation = new Option<string?>("--organisation") { Description = "One organisation's code; every organisation when omitted." };
        var rule = new Option<string?>("--rule") { Description = "Flags only: a rule code, e.g. RR-01." };
        var status = new Option<string?>("--status") { Description = "Flags only: open, acknowledged, resolved or dismissed." };
        var identifiable = new Option<bool>("--identifiable") { Description = "Include names, dates of birth, free text and police references (needs --justification)." };
        var justification = new Option<string?>("--justification") { Description = "Why identifiable data is needed; kept in the audit trail." };
        var file = new Option<FileInfo?>("--out") { Description = "Write to FILE instead of stdout (required for xlsx)." };
        var command = new Command("export", "Export a dataset, pseudonymised unless --identifiable. Audited as the operating-system user running tc.");
        command.Arguments.Add(dataset);
        foreach (var option in new Option[] { format, from, to, organisation, rule, status, identifiable, justification, file })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => Run(configuration, output, error, async (services, token) =>
        {
            var which = ExportDatasets.Find(parse.GetValue(dataset))
                ?? throw new CommandException($"DATASET must be one of {string.Join(", ", ExportDatasets.All.Select(d => d.Name))}");
            if (!RowWriters.TryParse(parse.GetValue(format), out var how))
            {
                throw new CommandException("--format must be csv, xlsx or jsonl");
            }

            var path = parse.GetValue(file);
            if (how == ExportFormat.Xlsx && path is null)
            {
                throw new CommandException("--format xlsx needs --out FILE");
            }

            var db = services.GetRequiredService<CasesDbContext>();
            var code = parse.GetValue(organisation)?.Trim().ToUpperInvariant();
            Guid? organisationId = null;
            if (!string.IsNullOrEmpty(code))
            {
                organisationId = await db.Organisations.Where(o => o.Code == code).Select(o => (Guid?)o.Id).SingleOrDefaultAsync(token)
                    ?? throw new CommandException($"no organisation has the code {code}");
            }

            var ruleCode = parse.GetValue(rule);
            var statusText = parse.GetValue(status);
            if ((ruleCode is not null || statusText is not null) && which != ExportDatasets.Flags)
            {
                throw new CommandException("--rule and --status apply only to flags");
            }

            if (statusText is not null && !Enum.TryParse<FlagStatus>(statusText, ignoreCase: true, out _))
            {
                throw new CommandException("--status must be open, acknowledged, resolved or dismissed");
            }

            var user = Environment.UserName;
            var request = new ExportRequest(
                which, how,
                new ExportFilters
                {
                    OrganisationId = organisationId, OrganisationCode = string.IsNullOrEmpty(code) ? null : code,
                    From = Date(parse.GetValue(from), "--from"), To = Date(parse.GetValue(to), "--to"), Rule = ruleCode, Status = statusText,
                },
                parse.GetValue(identifiable), parse.GetValue(justification), new ExportActor($"cli:{user}", user, "cli"));
            var exporter = services.GetRequiredService<Exporter>();
            var problems = exporter.Problems(request);
            if (problems.Count > 0)
            {
                throw new CommandException(string.Join("; ", problems));
            }

            if (path is not null)
            {
                await using var stream = new FileStream(path.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                var written = await exporter.WriteAsync(request, stream, token);
                return $"exported {written.Rows} {which.Name} rows ({(request.Identifiable ? "identifiable" : "pseudonymised")}) to {path.FullName}";
            }

            ExportResult result;
            if (ReferenceEquals(output, Console.Out))
            {
                await using var stdout = Console.OpenStandardOutput();
                result = await exporter.WriteAsync(request, stdout, token);
            }
            else
            {
                using var buffer = new MemoryStream();
                result = await exporter.WriteAsync(request, buffer, token);
                await output.WriteAsync(new System.Text.UTF8Encoding(false).GetString(buffer.ToArray()).TrimStart('\uFEFF'));
            }

            await error.WriteLineAsync($"exported {result.Rows} {which.Name} rows ({(request.Identifiable ? "identifiable" : "pseudonymised")})");
            return string.Empty;
        }, ct));
        return command;

        static DateOnly? Date(string? text, string option) =>
            text is null ? null
            : DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d) ? d
            : throw new CommandException($"{option} must be a date in the form YYYY-MM-DD");
    }

    private static Command GenerateCommand(TextWriter output, TextWriter error)
    {
        var children = new Option<int>("--children") { Description = "How many children to generate.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same people.", DefaultValueFactory = _ => 1 };
        var folder = new Option<DirectoryInfo>("--out") { Description = "Folder for the CSV files.", DefaultValueFactory = _ => new DirectoryInfo("generated") };
        var duplicateRate = new Option<double>("--duplicate-rate") { Description = "Share of children also re-recorded by another organisation (0 to 1).", DefaultValueFactory = _ => 0 };
        var organisations = new Option<string>("--organisations")
        {
            Description = "Comma-separated organisation codes the children belong to (the first is in an ICTG area).",
            DefaultValueFactory = _ => "NSC,EBC",
        };
        var command = new Command("generate", "Write a synthetic population with realistic distributions as the five import CSV files. Needs no database.");
        foreach (var option in new Option[] { children, seed, folder, organisations, duplicateRate })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(children);
            if (count < 1)
            {
                await error.WriteLineAsync("error: --children must be at least 1");
                return 1;
            }

            var codes = parse.GetValue(organisations)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var orgs = codes.Select((code, i) => new Organisation(code, code, OrganisationType.LocalAuthority, isInIctgArea: i == 0)).ToList();
            var path = parse.GetValue(folder)!.FullName;
            var started = System.Diagnostics.Stopwatch.StartNew();
            var rate = parse.GetValue(duplicateRate);
            if (rate is < 0 or > 1)
            {
                await error.WriteLineAsync("error: --duplicate-rate must be between 0 and 1");
                return 1;
            }

            var rows = PopulationWriter.Write(path, count, parse.GetValue(seed), orgs, TimeProvider.System.GetUtcNow(), rate);
            await output.WriteLineAsync(
                $"generated {rows[ImportKind.Children]} child records (ground truth in {PopulationWriter.GroundTruthFile}), {rows[ImportKind.Referrals]} referrals, {rows[ImportKind.MissingEpisodes]} missing episodes, " +
                $"{rows[ImportKind.Placements]} placements and {rows[ImportKind.Support]} support requests in {path} ({started.Elapsed.TotalSeconds:0.0} s)");
            return 0;
        });
        return command;
    }

    private static async Task<int> Run(
        IConfiguration configuration, TextWriter output, TextWriter error,
        Func<IServiceProvider, CancellationToken, Task<string>> action, CancellationToken ct)
    {
        try
        {
            var services = new ServiceCollection();
            services.AddCaseStore(Database.ConnectionString(configuration), configuration);
            services.AddUserStore();
            services.AddLogging();
            services.AddScoped<IAuditActorSource, OperatorActorSource>();
            await using var provider = services.BuildServiceProvider();

            // Start-up checks, as the web app makes them: refuse nonsensical settings in any section before doing anything.
            provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
            await using var scope = provider.CreateAsyncScope();
            var result = await action(scope.ServiceProvider, ct);
            if (result.Length > 0)
            {
                await output.WriteLineAsync(result);
            }
            return 0;
        }
        catch (AuditChainBrokenException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 3;
        }
        catch (CommandException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (DomainValidationException e)
        {
            await error.WriteLineAsync($"error: {string.Join("; ", e.Errors.Select(x => x.Message))}");
            return 1;
        }
        catch (DatabaseNotConfiguredException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (ConfigurationSections.IsInvalidSettings(e))
        {
            foreach (var line in ConfigurationSections.Describe(e))
            {
                await error.WriteLineAsync($"error: {line}");
            }

            return 2;
        }
        catch (Exception e) when (Database.IsMissing(e))
        {
            await error.WriteLineAsync(
                $"error: the database \"{Database.NameIn(Database.ConnectionString(configuration))}\" does not exist on the server; create it with `tc migrate` (or scripts/run.sh), or check the connection string");
            return 2;
        }
        catch (ExportNotConfiguredException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (NpgsqlException e)
        {
            await error.WriteLineAsync($"error: the database could not be reached or refused the command: {e.Message}");
            return 2;
        }
    }
}

/// <summary>A failure the operator can fix, reported as one line.</summary>
public sealed class CommandException(string message) : Exception(message);

/// <summary>The audit chain does not verify: exit code 3, so a scheduled check can alert on it.</summary>
public sealed class AuditChainBrokenException(string message) : Exception(message);

/// <summary>The operator running `tc`: the machine account's name, so imports and user changes say who ran them.</summary>
public sealed class OperatorActorSource : IAuditActorSource
{
    public AuditActor Current() => new($"cli:{Environment.UserName}", $"tc ({Environment.UserName})", null, "Operator", null,
        System.Diagnostics.Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N"));
}
