using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Exports;

[Collection(HttpCollection.Name)]
public sealed class ExportTests(AppFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-export-").FullName;

    [Fact]
    public async Task Pseudonymised_exports_of_every_dataset_in_every_format_hold_no_name_alias_note_police_reference_or_date_of_birth()
    {
        await RecordDistinctiveChildAsync("Xanthoria", "Pseudofamily");
        var secrets = await SecretsAsync();
        var auditor = await SignedInAsync(Session.Auditor);

        foreach (var dataset in ExportDatasets.All)
        {
            foreach (var format in new[] { "csv", "jsonl", "xlsx" })
            {
                var response = await auditor.ExportAsync(new() { ["Dataset"] = dataset.Name, ["Format"] = format });
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{dataset.Name} {format} answered {(int)response.StatusCode}");
                var rows = await ExportFiles.ReadAsync(format, await response.Content.ReadAsByteArrayAsync());
                Assert.NotEmpty(rows);
                Assert.DoesNotContain(rows[0].Keys, k => k is "date_of_birth" or "given_names" or "family_name" or "other_names" or "police_reference" or "concerns" or "child_reference"
                    or "first_language" or "first_responder_organisation" or "entity_id" or "actor_id" or "actor_name");
                foreach (var row in rows)
                {
                    // A row of the audit log may be about no child (a sign-in): it has no pseudonym, and no date of birth to leak.
                    var dob = row["child_pseudonym"] is { } pseudonym ? secrets.DateOfBirthByPseudonym.GetValueOrDefault(pseudonym) : null;
                    foreach (var (column, cell) in row.Where(c => c.Value is not null))
                    {
                        var text = cell!.TrimStart('\'');
                        Assert.False(secrets.Names.Contains(text), $"{dataset.Name} {format}: {column} holds a name or alias ({text})");
                        Assert.False(secrets.FreeText.Any(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)), $"{dataset.Name} {format}: {column} holds free text");
                        Assert.False(dob is not null && text == dob, $"{dataset.Name} {format}: {column} holds the child's date of birth");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Each_child_has_one_pseudonym_in_every_dataset_and_an_age_and_age_band_on_each_records_date()
    {
        var child = await RecordDistinctiveChildAsync("Joinable", "Agefamily");
        var auditor = await SignedInAsync(Session.Auditor);

        var referrals = await ExportAsync(auditor, "referrals");
        var children = await ExportAsync(auditor, "children");
        var missing = await ExportAsync(auditor, "missing-episodes");

        var pseudonym = Pseudonym(ChildId(child));
        var referral = Assert.Single(referrals, r => r["child_pseudonym"] == pseudonym);
        Assert.Equal("2023-06-01", referral["referral_date"]);
        Assert.Equal("13", referral["age"]);
        Assert.Equal("13–14", referral["age_band"]);
        Assert.Equal("male", referral["gender"]);
        Assert.Equal("criminal", referral["exploitation_types"]);
        var registered = Assert.Single(children, r => r["child_pseudonym"] == pseudonym);
        Assert.Equal("13", registered["age_at_first_referral"]);
        Assert.Equal("1", registered["referral_count"]);
        var episode = Assert.Single(missing, r => r["child_pseudonym"] == pseudonym);
        Assert.Equal("14", episode["age"]);
        Assert.Matches("^P[0-9A-F]{16}$", pseudonym);
    }

    [Fact]
    public async Task A_merged_record_is_not_exported_as_another_child_and_what_it_held_is_exported_once_under_the_kept_record()
    {
        var pair = await fixture.MergedPairAsync("Exportmerged", "Countedonce");
        var auditor = await SignedInAsync(Session.Auditor);

        var children = await ExportAsync(auditor, "children");
        var referrals = await ExportAsync(auditor, "referrals");
        var flags = await ExportAsync(auditor, "flags");

        var (kept, merged) = (Pseudonym(pair.KeptId), Pseudonym(pair.MergedId));
        Assert.DoesNotContain(children, r => r["child_pseudonym"] == merged);
        Assert.Equal("2", Assert.Single(children, r => r["child_pseudonym"] == kept)["referral_count"]);
        Assert.DoesNotContain(referrals, r => r["child_pseudonym"] == merged);
        Assert.Equal(["2024-03-01", "2025-06-10"], referrals.Where(r => r["child_pseudonym"] == kept).Select(r => r["referral_date"]).Order());
        Assert.DoesNotContain(flags, r => r["child_pseudonym"] == merged);
        await using var db = fixture.Database.CreateContext();
        Assert.Equal(await db.Flags.CountAsync(f => f.ChildId == pair.KeptId), flags.Count(r => r["child_pseudonym"] == kept));
    }

    [Fact]
    public async Task An_identifiable_export_needs_a_justification_and_the_password_again_and_is_audited_with_the_justification()
    {
        await RecordDistinctiveChildAsync("Identia", "Namedfamily");
        var audit = new CapturingExportAudit();
        await using var app = new TestApp(fixture.Database, kestrel: false, services: s => s.AddSingleton<IExportAudit>(audit));
        var auditor = new Session(app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await auditor.SignInAsync(Session.Auditor);
        const string justification = "Court order 2026/117 requires the named list for the care proceedings";

        var withoutJustification = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv", ["Identifiable"] = "true", ["Password"] = DemoSeeder.DemoPassword });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutJustification.StatusCode);
        var page = Session.Parse(await Session.Body(withoutJustification));
        Assert.Contains("Enter why you need names", page.QuerySelector("#Form_Justification-error")?.TextContent);

        var tooShort = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv", ["Identifiable"] = "true", ["Justification"] = "because", ["Password"] = DemoSeeder.DemoPassword });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.Contains("at least 20 characters", Session.Parse(await Session.Body(tooShort)).QuerySelector("#Form_Justification-error")?.TextContent);

        var withoutPassword = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv", ["Identifiable"] = "true", ["Justification"] = justification });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withoutPassword.StatusCode);
        Assert.Contains("Enter your password", Session.Parse(await Session.Body(withoutPassword)).QuerySelector("#Form_Password-error")?.TextContent);

        var wrongPassword = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv", ["Identifiable"] = "true", ["Justification"] = justification, ["Password"] = "not-the-password-at-all" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongPassword.StatusCode);
        var wrongBody = await Session.Body(wrongPassword);
        Assert.Contains("The password is not right", Session.Parse(wrongBody).QuerySelector("#Form_Password-error")?.TextContent);
        Assert.DoesNotContain("Namedfamily", wrongBody, StringComparison.Ordinal);
        Assert.Empty(audit.Records);

        var granted = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv", ["Identifiable"] = "true", ["Justification"] = justification, ["Password"] = DemoSeeder.DemoPassword });
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        Assert.Contains("identifiable", granted.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var rows = await ExportFiles.ReadCsvAsync(await granted.Content.ReadAsByteArrayAsync());
        var named = Assert.Single(rows, r => r["family_name"] == "Namedfamily");
        Assert.Equal("2010-05-17", named["date_of_birth"]);
        Assert.Equal("Streetname Identia", named["other_names"]);

        Assert.Collection(audit.Records,
            started => Assert.Equal((ExportStage.Started, "children", true, justification, (long?)null), (started.Stage, started.Dataset, started.Identifiable, started.Justification, started.RowCount)),
            completed =>
            {
                Assert.Equal((ExportStage.Completed, "children", true, justification, (long?)rows.Count), (completed.Stage, completed.Dataset, completed.Identifiable, completed.Justification, completed.RowCount));
                Assert.Equal(("Alex Morgan", "web"), (completed.Actor.Name, completed.Actor.Channel));
                Assert.Equal("organisation=NSC", completed.Filters);
            });

        // The logs hold no personal data: not the child, and not the justification's words (those are in the audit trail only).
        Assert.DoesNotContain(app.Logs.Events, e => e.Contains("Namedfamily", StringComparison.Ordinal) || e.Contains("2010-05-17", StringComparison.Ordinal) || e.Contains("Court order", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_pseudonymised_export_is_audited_with_dataset_format_filters_and_row_count()
    {
        var auditor = await SignedInAsync(Session.NationalAuditor);

        var response = await auditor.ExportAsync(new() { ["Dataset"] = "placements", ["Format"] = "jsonl", ["Organisation"] = "EBC", ["From"] = "2001-01-01", ["To"] = "2030-12-31" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = ExportFiles.ReadJsonLines(await response.Content.ReadAsByteArrayAsync());
        Assert.All(rows, r => Assert.Equal("EBC", r["organisation_code"]));
        await using var db = fixture.Database.CreateContext();
        var entries = (await db.AuditEntries.AsNoTracking().Where(e => e.Action == "exported" && e.ActorName == "Robin Ellis")
                .OrderByDescending(e => e.Sequence).ToListAsync())
            .Where(e => e.Details.Contains("\"placements\"", StringComparison.Ordinal) && e.Details.Contains("organisation=EBC from=2001-01-01 to=2030-12-31", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(entries[0].EntityId, entries[1].EntityId);
        var completed = entries[0].Details;
        Assert.Contains("\"stage\": \"Completed\"", completed, StringComparison.Ordinal);
        Assert.Contains("\"dataset\": \"placements\"", completed, StringComparison.Ordinal);
        Assert.Contains("\"format\": \"Jsonl\"", completed, StringComparison.Ordinal);
        Assert.Contains("organisation=EBC from=2001-01-01 to=2030-12-31", completed, StringComparison.Ordinal);
        Assert.Contains($"\"rows\": {rows.Count}", completed, StringComparison.Ordinal);
        Assert.Contains("\"identifiable\": false", completed, StringComparison.Ordinal);
        Assert.Contains("\"stage\": \"Started\"", entries[1].Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Session.Caseworker)]
    [InlineData(Session.Manager)]
    [InlineData(Session.Admin)]
    public async Task Exports_are_refused_to_everyone_but_auditors(string email)
    {
        var session = await SignedInAsync(email);

        var page = await session.Client.GetAsync("/exports");
        var (homeStatus, home) = await session.GetPageAsync(email == Session.Admin ? "/admin" : "/flags");
        var post = await session.Client.PostAsync("/exports", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Dataset"] = "children", ["Form.Format"] = "csv" }));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/access-denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, homeStatus);
        Assert.Null(home.QuerySelector("a[href='/exports']"));
    }

    [Fact]
    public async Task Csv_cells_that_a_spreadsheet_would_run_as_a_formula_are_escaped()
    {
        var child = await RecordDistinctiveChildAsync("Formula", "Cellfamily");
        var caseworker = await SignedInAsync(Session.Caseworker);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2023-07-01", extra: new() { ["Form.FirstResponderOrganisation"] = "=HYPERLINK(\"http://x.test\",\"open\")" })).StatusCode);
        var auditor = await SignedInAsync(Session.Auditor);

        // The first responder's organisation is typed text, so in identifiable exports only.
        var response = await auditor.ExportAsync(new()
        {
            ["Dataset"] = "referrals", ["Format"] = "csv", ["Identifiable"] = "true", ["Justification"] = "Checking first responders named in referrals",
            ["Password"] = DemoSeeder.DemoPassword,
        });
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());

        Assert.Contains(",\"'=HYPERLINK(\"\"http://x.test\"\",\"\"open\"\")\",", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", text, StringComparison.Ordinal);
        Assert.Equal("'=1+1", CsvRowWriter.Cell("=1+1"));
        Assert.Equal("'+44 7700 900000", CsvRowWriter.Cell("+44 7700 900000"));
        Assert.Equal("'-2+3", CsvRowWriter.Cell("-2+3"));
        Assert.Equal("'@SUM(A1)", CsvRowWriter.Cell("@SUM(A1)"));
        Assert.Equal("\"'=A1,B1\"", CsvRowWriter.Cell("=A1,B1"));
        Assert.Equal("Barnardo's", CsvRowWriter.Cell("Barnardo's"));
        Assert.Equal("2024-01-01", CsvRowWriter.Cell(new DateOnly(2024, 1, 1)));
    }

    [Fact]
    public async Task The_first_rows_reach_the_client_before_the_query_has_finished()
    {
        for (var i = 0; i < 3; i++)
        {
            await RecordDistinctiveChildAsync("Streamed", $"Streamfamily{(char)('a' + i)}");
        }

        var gate = new HoldAfterFirstRows(rows: 2);
        await using var app = new TestApp(fixture.Database, kestrel: false,
            settings: new Dictionary<string, string> { ["Exports:FlushEveryRows"] = "2" },
            services: s => s.AddSingleton<IExportProgress>(gate));
        var auditor = new Session(app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await auditor.SignInAsync(Session.NationalAuditor);
        await using var db = fixture.Database.CreateContext();
        var total = await db.Referrals.CountAsync();

        using var response = await auditor.ExportAsync(new() { ["Dataset"] = "referrals", ["Format"] = "csv" }, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStreamAsync();
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (received.ToString().Split("\r\n").Length - 1 < 3)
        {
            var read = await body.ReadAsync(buffer, timeout.Token);
            Assert.True(read > 0, "the export ended before two rows arrived");
            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        // The exporter is held after two rows, with the rest of the query's rows not yet read.
        await gate.Reached.WaitAsync(timeout.Token);
        Assert.False(gate.Released);
        Assert.True(total > 2);
        gate.Release();
        received.Append(await new StreamReader(body).ReadToEndAsync(timeout.Token));
        Assert.Equal(total + 1, received.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Every_dataset_can_be_read_in_its_order_from_an_index_without_a_sort_whatever_the_filters()
    {
        await using var db = fixture.Database.CreateContext();
        var organisation = await db.Organisations.Where(o => o.Code == "NSC").Select(o => o.Id).SingleAsync();
        ExportFilters[] filters =
        [
            new(),
            new() { OrganisationId = organisation, OrganisationCode = "NSC", From = new(2020, 1, 1), To = new(2030, 12, 31) },
            new() { Rule = "RR-01", Status = "open" },
        ];
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();

        foreach (var dataset in ExportDatasets.All)
        {
            foreach (var filter in filters)
            {
                await using var transaction = await connection.BeginTransactionAsync();
                foreach (var setting in Exporter.InOrderSettings)
                {
                    await using var set = new NpgsqlCommand(setting, connection, transaction);
                    await set.ExecuteNonQueryAsync();
                }

                var (sql, parameters) = Exporter.Query(dataset, filter);
                await using var explain = new NpgsqlCommand($"EXPLAIN (FORMAT JSON) {sql}", connection, transaction);
                explain.Parameters.AddRange(parameters);
                var plan = (string)(await explain.ExecuteScalarAsync())!;

                // With sorting off, PostgreSQL sorts only where no index gives the order.
                Assert.False(Regex.IsMatch(plan, "\"Node Type\": \"(Incremental )?Sort\""), $"{dataset.Name} ({filter.Describe()}) sorts:\n{plan}");
            }
        }
    }

    [Fact]
    public async Task A_large_export_read_from_the_index_holds_the_same_rows_in_the_same_order_as_one_sorted_by_postgres()
    {
        await RecordDistinctiveChildAsync("Ordered", "Indexfamily");
        var sorted = await SignedInAsync(Session.Auditor);
        await using var large = new TestApp(fixture.Database, kestrel: false, settings: new Dictionary<string, string> { ["Exports:StreamInOrderFromRows"] = "0" });
        var streamed = new Session(large.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await streamed.SignInAsync(Session.Auditor);
        List<Dictionary<string, string>> forms =
        [
            .. ExportDatasets.All.Where(d => d != ExportDatasets.AuditLog).Select(d => new Dictionary<string, string> { ["Dataset"] = d.Name, ["Format"] = "csv" }),
            new() { ["Dataset"] = "referrals", ["Format"] = "csv", ["Organisation"] = "NSC", ["From"] = "2020-01-01", ["To"] = "2030-12-31" },
            new() { ["Dataset"] = "flags", ["Format"] = "jsonl", ["Status"] = "open" },
        ];

        foreach (var form in forms)
        {
            var expected = await (await sorted.ExportAsync(form)).Content.ReadAsStringAsync();
            var actual = await (await streamed.ExportAsync(form)).Content.ReadAsStringAsync();

            Assert.True(expected.Split('\n').Length > 2, $"{string.Join(' ', form.Values)}: too few rows to tell an order");
            Assert.Equal(expected, actual);
        }

        var referrals = await ExportFiles.ReadCsvAsync(await (await streamed.ExportAsync(forms[1])).Content.ReadAsByteArrayAsync());
        Assert.Equal(referrals.Select(r => r["referral_date"]).Order(StringComparer.Ordinal), referrals.Select(r => r["referral_date"]));

        // The audit log grows with every export (each is audited), so the earlier export is the start of the later one.
        var before = await ExportFiles.ReadCsvAsync(await (await sorted.ExportAsync(new() { ["Dataset"] = "audit-log", ["Format"] = "csv" })).Content.ReadAsByteArrayAsync());
        var after = await ExportFiles.ReadCsvAsync(await (await streamed.ExportAsync(new() { ["Dataset"] = "audit-log", ["Format"] = "csv" })).Content.ReadAsByteArrayAsync());
        Assert.True(after.Count > before.Count);
        static string Line(Dictionary<string, string?> row) => string.Join('|', row.Values);
        Assert.Equal(before.Select(Line), after.Take(before.Count).Select(Line));
    }

    [Fact]
    public async Task Tc_export_writes_a_pseudonymised_file_audited_as_the_cli_user_and_refuses_identifiable_without_a_justification()
    {
        var file = Path.Combine(_folder, "referrals.xlsx");

        var (code, output, error) = await Tc("export", "referrals", "--format", "xlsx", "--organisation", "NSC", "--out", file);

        Assert.True(code == 0, error);
        Assert.Matches(@"^exported \d+ referrals rows \(pseudonymised\) to ", output.Trim());
        var rows = ExportFiles.ReadXlsx(await File.ReadAllBytesAsync(file));
        Assert.All(rows, r => Assert.Equal("NSC", r["organisation_code"]));
        await using (var db = fixture.Database.CreateContext())
        {
            var entry = (await db.AuditEntries.AsNoTracking().Where(e => e.Action == "exported" && e.ActorId == $"cli:{Environment.UserName}")
                    .OrderByDescending(e => e.Sequence).ToListAsync())
                .First(e => e.Details.Contains("\"dataset\": \"referrals\"", StringComparison.Ordinal));
            Assert.Contains("\"stage\": \"Completed\"", entry.Details, StringComparison.Ordinal);
            Assert.Contains($"\"rows\": {rows.Count}", entry.Details, StringComparison.Ordinal);
            Assert.Contains("\"channel\": \"cli\"", entry.Details, StringComparison.Ordinal);
        }


        var refused = await Tc("export", "children", "--identifiable", "--out", Path.Combine(_folder, "named.csv"));
        Assert.Equal(1, refused.Code);
        Assert.Contains("needs a justification of at least 20 characters", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "named.csv")));

        var flags = await Tc("export", "flags", "--format", "jsonl", "--rule", "RR-01", "--status", "open");
        Assert.Equal(0, flags.Code);
        Assert.All(ExportFiles.ReadJsonLines(Encoding.UTF8.GetBytes(flags.Output)), r =>
        {
            Assert.Equal("RR-01", r["rule_code"]);
            Assert.Equal("open", r["status"]);
        });
    }

    [Fact]
    public async Task An_export_to_the_last_day_of_the_calendar_is_refused_with_a_message_beside_the_end_date()
    {
        var auditor = await SignedInAsync(Session.Auditor);

        var response = await auditor.ExportAsync(new() { ["Dataset"] = "referrals", ["Format"] = "csv", ["To"] = "9999-12-31" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        Assert.Contains("The end date must be between", page.QuerySelector("#Form_To-error")?.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href^='#Form_To-']")); // the summary links to the date's first box
    }

    [Fact]
    public async Task Tc_export_to_the_last_day_of_the_calendar_is_refused_before_anything_is_written()
    {
        var file = Path.Combine(_folder, "far.csv");

        var toStdout = await Tc("export", "referrals", "--to", "9999-12-31");
        var toFile = await Tc("export", "missing-episodes", "--from", "0001-01-01", "--out", file);

        Assert.Equal(1, toStdout.Code);
        Assert.Equal(string.Empty, toStdout.Output);
        Assert.Equal("error: --to: The end date must be between 1 January 1900 and 31 December 2099", toStdout.Error.Trim());
        Assert.Equal(1, toFile.Code);
        Assert.Equal("error: --from: The start date must be between 1 January 1900 and 31 December 2099", toFile.Error.Trim());
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Exports_carry_parental_responsibility_suspension_adult_support_and_placement_area_and_flags_say_whether_live_and_why_ended()
    {
        var caseworker = await SignedInAsync(Session.Caseworker);
        var registered = await caseworker.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = "Newfield", ["Form.FamilyName"] = "Exportfamily", ["Form.DateOfBirth"] = "2006-05-01", ["Form.DobPrecision"] = "Exact",
            ["Form.Gender"] = "Female", ["Form.Nationalities"] = "ALB", ["Form.ParentalResponsibilityInUk"] = "false", ["Form.Confirmed"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var child = registered.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2024-01-10", extra: new()
        {
            ["Form.WithdrawnOn"] = "2024-05-02", ["Form.WithdrawalReason"] = "No consent at 18", ["Form.Suspended"] = "true", ["Form.AdultSupportReferredOn"] = "2024-05-20",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync($"{child}/placements/new", $"{child}/placements/new", new()
        {
            ["Form.Type"] = "SupportedAccommodation", ["Form.StartDate"] = "2024-03-01", ["Form.Area"] = "Areaname Exportshire", ["Form.OutOfArea"] = "true",
            ["Form.OfstedRegistered"] = "false",
        })).StatusCode);
        var auditor = await SignedInAsync(Session.Auditor);
        var pseudonym = Pseudonym(ChildId(child));

        var registeredRow = Assert.Single(await ExportAsync(auditor, "children"), r => r["child_pseudonym"] == pseudonym);
        var referral = Assert.Single(await ExportAsync(auditor, "referrals"), r => r["child_pseudonym"] == pseudonym);
        var placements = await ExportAsync(auditor, "placements");
        var flags = await ExportAsync(auditor, "flags");

        Assert.Equal("false", registeredRow["parental_responsibility_in_uk"]);
        Assert.Equal(("2024-05-02", "true", "2024-05-20"), (referral["withdrawn_on"], referral["suspended"], referral["adult_support_referred_on"]));
        var placement = Assert.Single(placements, r => r["child_pseudonym"] == pseudonym);
        Assert.Equal(("true", "false"), (placement["out_of_area"], placement["ofsted_registered"]));
        Assert.DoesNotContain("area", placement.Keys);
        Assert.DoesNotContain(placements, r => r.Values.Contains("Areaname Exportshire"));
        Assert.Contains(placements, r => r["child_pseudonym"] != pseudonym && r["out_of_area"] is null && r["ofsted_registered"] is null);
        Assert.NotEmpty(flags);
        Assert.All(flags, r => Assert.Contains(r["is_live"], new[] { "true", "false" }));
        Assert.DoesNotContain("end_reason", flags[0].Keys);

        var identifiable = new Dictionary<string, string>
        {
            ["Format"] = "csv", ["Identifiable"] = "true", ["Justification"] = "Checking the placement areas for the sufficiency review", ["Password"] = DemoSeeder.DemoPassword,
        };
        var named = await auditor.ExportAsync(new(identifiable) { ["Dataset"] = "placements" });
        var namedFlags = await auditor.ExportAsync(new(identifiable) { ["Dataset"] = "flags" });
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (named.StatusCode, namedFlags.StatusCode));
        var namedPlacement = Assert.Single(await ExportFiles.ReadCsvAsync(await named.Content.ReadAsByteArrayAsync()), r => r["child_pseudonym"] == pseudonym);
        Assert.Equal("Areaname Exportshire", namedPlacement["area"]);
        var namedFlagRows = await ExportFiles.ReadCsvAsync(await namedFlags.Content.ReadAsByteArrayAsync());
        Assert.Contains("end_reason", namedFlagRows[0].Keys);
        Assert.All(namedFlagRows.Where(r => r["status"] is "open" or "acknowledged"), r => Assert.Null(r["end_reason"]));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Pseudonym(Guid childId) => new Pseudonymiser(new ExportSettings { PseudonymKey = TestApp.PseudonymKey }).Of(childId);

    private static Guid ChildId(string childPath) => Guid.Parse(childPath.Split('/')[^1]);

    private async Task<Session> SignedInAsync(string email)
    {
        var session = fixture.NewSession();
        await session.SignInAsync(email);
        return session;
    }

    private static async Task<List<Dictionary<string, string?>>> ExportAsync(Session auditor, string dataset)
    {
        var response = await auditor.ExportAsync(new() { ["Dataset"] = dataset, ["Format"] = "csv" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ExportFiles.ReadCsvAsync(await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A child with an alias, a referral with free-text reasons, a missing episode with a police reference and concerns, and a note.</summary>
    private async Task<string> RecordDistinctiveChildAsync(string given, string family)
    {
        var caseworker = await SignedInAsync(Session.Caseworker);
        var registered = await caseworker.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = given, ["Form.FamilyName"] = family, ["Form.OtherNames"] = $"Streetname {given}",
            ["Form.DateOfBirth"] = "2010-05-17", ["Form.DobPrecision"] = "Exact", ["Form.Gender"] = "Male", ["Form.Nationalities"] = "ALB",
            ["Form.Confirmed"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var child = registered.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2023-06-01", extra: new()
        {
            ["Form.FutureExploitationConcern"] = "true", ["Form.FutureExploitationReasons"] = $"Reasontext{family} seen with older men",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = "2024-06-01T20:00", ["Form.ReturnedAt"] = "2024-06-02T09:00", ["Form.WhereaboutsKnown"] = "false",
            ["Form.ReportedToPoliceAt"] = "2024-06-01T21:00", ["Form.PoliceReference"] = $"PR/{family}", ["Form.PoliceRiskGrading"] = "Medium",
            ["Form.Concerns"] = $"Concerntext{family} new phone",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddNoteAsync(child, $"Notetext{family} disclosed at school")).StatusCode);
        return child;
    }

    private sealed record Secrets(HashSet<string> Names, List<string> FreeText, Dictionary<string, string> DateOfBirthByPseudonym);

    /// <summary>Every name, alias, date of birth, note, police reference and free text held in the database now.</summary>
    private async Task<Secrets> SecretsAsync()
    {
        await using var db = fixture.Database.CreateContext();
        var children = await db.Children.AsNoTracking().Select(c => new { c.Id, c.GivenNames, c.FamilyName, c.OtherNames, c.DateOfBirth }).ToListAsync();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var c in children)
        {
            names.UnionWith(new[] { c.GivenNames, c.FamilyName, $"{c.GivenNames} {c.FamilyName}" }.Concat(c.OtherNames).Where(n => n.Trim().Length > 0));
        }

        var freeText = new List<string>();
        freeText.AddRange(await db.CaseNotes.Select(n => n.Text).ToListAsync());
        freeText.AddRange(await db.MissingEpisodes.Where(e => e.Concerns != null).Select(e => e.Concerns!).ToListAsync());
        freeText.AddRange(await db.MissingEpisodes.Where(e => e.PoliceReference != null).Select(e => e.PoliceReference!).ToListAsync());
        freeText.AddRange(await db.Referrals.Where(r => r.FutureExploitationReasons != null).Select(r => r.FutureExploitationReasons!).ToListAsync());
        Assert.Contains(freeText, t => t.StartsWith("Notetext", StringComparison.Ordinal));
        return new Secrets(
            names,
            freeText.Where(t => t.Trim().Length >= 4).ToList(),
            children.Where(c => c.DateOfBirth is not null).ToDictionary(c => Pseudonym(c.Id), c => c.DateOfBirth!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private Task<(int Code, string Output, string Error)> Tc(params string[] args) => fixture.Database.TcAsync(args);

    /// <summary>Holds the export after its first rows are flushed until the test has seen them arrive.</summary>
    private sealed class HoldAfterFirstRows(int rows) : IExportProgress
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;

        public bool Released => _release.Task.IsCompleted;

        public void Release() => _release.TrySetResult();

        public async ValueTask FlushedAsync(long rowsWritten, CancellationToken ct)
        {
            if (rowsWritten == rows)
            {
                _reached.TrySetResult();
                await _release.Task.WaitAsync(ct);
            }
        }
    }
}
