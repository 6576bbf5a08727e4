using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Exports;

/// <summary>
/// The security review's export findings, retried as the reviewer did: pseudonymised files that gave record ids and
/// typed text away, an auditor of one organisation exporting every organisation, and refusals, re-authentication
/// failures and identifiable exports that left nothing in the audit trail or the child's access log.
/// </summary>
[Collection(HttpCollection.Name)]
public sealed class ExportNeedToKnowTests(AppFixture fixture) : IDisposable
{
    private const string Justification = "Named list requested by the court for care proceedings 2026/41";

    /// <summary>Columns whose values a person typed, or that name a record: never in a pseudonymised file.</summary>
    private static readonly HashSet<string> IdentifyingColumns =
    [
        "given_names", "family_name", "other_names", "date_of_birth", "child_reference", "child_external_id", "first_language",
        "first_responder_organisation", "future_exploitation_reasons", "withdrawal_reason", "police_reference", "concerns", "area",
        "evidence", "end_reason", "details", "actor_id", "actor_name", "entity_id", "correlation_id", "sequence", "chain_position",
        "previous_hash", "hash",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("tc-export-ntk-").FullName;

    [Fact]
    public async Task Pseudonymised_exports_of_every_dataset_in_every_format_hold_no_record_id_and_no_typed_text()
    {
        var marker = $"Typed{Guid.NewGuid():N}"[..14];
        await RecordTypedChildAsync(marker);
        var national = await fixture.SignedInAsync(Session.NationalAuditor);
        var ids = await RecordIdsAsync();

        foreach (var dataset in ExportDatasets.All)
        {
            foreach (var format in new[] { "csv", "jsonl", "xlsx" })
            {
                var response = await national.ExportAsync(new() { ["Dataset"] = dataset.Name, ["Format"] = format });
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{dataset.Name} {format} answered {(int)response.StatusCode}");
                var rows = await ExportFiles.ReadAsync(format, await response.Content.ReadAsByteArrayAsync());
                Assert.NotEmpty(rows);
                Assert.DoesNotContain(rows[0].Keys, IdentifyingColumns.Contains);
                foreach (var row in rows)
                {
                    // Closed vocabularies (what kind of record, which action, which role) name types, never records; another
                    // test's typed value may happen to equal one of their words.
                    foreach (var (column, cell) in row.Where(c => c.Value is not null && c.Key is not ("entity_type" or "action" or "role")))
                    {
                        var text = cell!.TrimStart('\'');
                        Assert.False(ids.Contains(text), $"{dataset.Name} {format}: {column} holds a record id ({text})");
                        Assert.False(text.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{dataset.Name} {format}: {column} holds typed text ({text})");
                    }
                }
            }
        }

        // The audit log keeps who did what as a pseudonym of the user: one person's actions still go together.
        var log = await ExportFiles.ReadCsvAsync(await (await national.ExportAsync(new() { ["Dataset"] = "audit-log", ["Format"] = "csv" })).Content.ReadAsByteArrayAsync());
        var caseworker = new Pseudonymiser(new ExportSettings { PseudonymKey = TestApp.PseudonymKey }).OfUser(await fixture.App.UserIdAsync(Session.Caseworker));
        Assert.Matches("^U[0-9A-F]{16}$", caseworker);
        Assert.Contains(log, r => r["actor_pseudonym"] == caseworker && r["role"] == "Caseworker");
    }

    [Fact]
    public async Task An_auditor_is_offered_only_their_own_organisation_and_a_forged_organisation_is_refused_and_audited()
    {
        var auditor = await fixture.SignedInAsync(Session.Auditor);
        var since = await LastSequenceAsync();

        var (_, page) = await auditor.GetPageAsync("/exports");
        var offered = page.QuerySelectorAll("select[name='Form.Organisation'] option").Select(o => o.GetAttribute("value")).ToList();
        var other = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv", ["Organisation"] = "EBC" });
        var every = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv", ["Organisation"] = "" });
        var named = await auditor.ExportAsync(new()
        {
            ["Dataset"] = "children", ["Format"] = "csv", ["Organisation"] = "ebc", ["Identifiable"] = "true", ["Justification"] = Justification,
            ["Password"] = DemoSeeder.DemoPassword,
        });
        var own = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv" });

        Assert.Equal(["NSC"], offered);
        foreach (var refused in new[] { other, every, named })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Null(refused.Content.Headers.ContentDisposition);
            Assert.Contains("You can export only your own organisation", Session.Parse(await Session.Body(refused)).QuerySelector("#Form_Organisation-error")?.TextContent);
        }

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        var rows = await ExportFiles.ReadCsvAsync(await own.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal("NSC", r["organisation_code"]));

        await using var db = fixture.Database.CreateContext();
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > since && e.ActorName == "Alex Morgan" && e.EntityType == "Export")
            .OrderBy(e => e.Sequence).ToListAsync();
        var refusals = entries.Where(e => e.Action == AuditActions.ExportRefused).Select(e => JsonDocument.Parse(e.Details).RootElement).ToList();
        Assert.Equal(["EBC", null, "ebc"], refusals.Select(r => r.GetProperty("organisation").GetString()));
        Assert.All(refusals, r => Assert.Equal("OrganisationNotAllowed", r.GetProperty("reason").GetString()));
        Assert.All(refusals, r => Assert.Contains("only your own organisation", r.GetProperty("problems")[0].GetString(), StringComparison.Ordinal));
        var exported = entries.Where(e => e.Action == AuditActions.Exported).ToList();
        Assert.Equal(2, exported.Count);
        Assert.All(exported, e => Assert.Contains("organisation=NSC", e.Details, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_national_auditor_made_with_tc_create_user_exports_every_organisation_and_may_do_all_an_auditor_may()
    {
        var email = $"national.{Guid.NewGuid():N}@demo.test";
        var created = await fixture.Database.TcAsync(["create-user", "--email", email, "--role", "NationalAuditor", "--organisation", "NSC", "--password", "a-long-enough-password"]);
        Assert.True(created.Code == 0, created.Error);
        Assert.Equal($"created NationalAuditor {email} in NSC", created.Output.Trim());
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Nationwide", "Auditfamily");
        var national = fixture.NewSession();
        await national.SignInAsync(email, "a-long-enough-password");

        var (_, page) = await national.GetPageAsync("/exports");
        var offered = page.QuerySelectorAll("select[name='Form.Organisation'] option").Select(o => o.GetAttribute("value")).ToList();
        var all = await national.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv" });
        var east = await national.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv", ["Organisation"] = "EBC" });

        Assert.Superset(new HashSet<string> { "", "EBC", "NSC", "SFT" }, offered.Select(o => o ?? string.Empty).ToHashSet()); // other tests may add organisations
        Assert.Equal(string.Empty, offered[0]);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (all.StatusCode, east.StatusCode));
        var allRows = await ExportFiles.ReadCsvAsync(await all.Content.ReadAsByteArrayAsync());
        Assert.Equal(["EBC", "NSC"], allRows.Select(r => r["organisation_code"]!).Distinct().Order(StringComparer.Ordinal));
        Assert.All(await ExportFiles.ReadCsvAsync(await east.Content.ReadAsByteArrayAsync()), r => Assert.Equal("EBC", r["organisation_code"]));
        foreach (var path in new[] { "/audit", "/statistics", $"{child}/access", child })
        {
            Assert.True((await national.GetPageAsync(path)).Status == HttpStatusCode.OK, $"{path} refused a national auditor");
        }
    }

    [Fact]
    public async Task Wrong_passwords_on_the_identifiable_export_form_are_audited_as_failed_sign_ins_and_the_lockout_too()
    {
        var email = $"auditor.reauth.{Guid.NewGuid():N}@demo.test";
        Assert.Equal(0, (await fixture.Database.TcAsync(["create-user", "--email", email, "--role", "Auditor", "--organisation", "NSC", "--password", "a-long-enough-password"])).Code);
        var userId = await fixture.App.UserIdAsync(email);
        var attempts = fixture.App.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;
        var auditor = fixture.NewSession();
        await auditor.SignInAsync(email, "a-long-enough-password");
        Dictionary<string, string> Named(string password) => new()
        {
            ["Dataset"] = "children", ["Format"] = "csv", ["Identifiable"] = "true", ["Justification"] = Justification, ["Password"] = password,
        };

        for (var i = 0; i < attempts; i++)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await auditor.ExportAsync(Named($"wrong-password-{i}"))).StatusCode);
        }

        // The lockout ends the auditor's session too: the next page asks them to sign in.
        var afterLockout = await auditor.Client.GetAsync("/exports");

        Assert.StartsWith("/sign-in", afterLockout.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        var failures = await db.AuditEntries.AsNoTracking()
            .Where(e => e.EntityType == "User" && e.EntityId == userId && (e.Action == AuditActions.SignInFailed || e.Action == AuditActions.LockedOut))
            .OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal([.. Enumerable.Repeat(AuditActions.SignInFailed, attempts - 1), AuditActions.LockedOut], failures.Select(e => e.Action));
        Assert.All(failures, e => Assert.Contains("\"during\": \"export re-authentication\"", e.Details, StringComparison.Ordinal));
        Assert.All(failures, e => Assert.Contains(email, e.Details, StringComparison.Ordinal));
        Assert.All(failures, e => Assert.DoesNotContain("wrong-password", e.Details, StringComparison.Ordinal));
        var refusals = await db.AuditEntries.AsNoTracking().Where(e => e.ActorId == userId && e.Action == AuditActions.ExportRefused).ToListAsync();
        Assert.Equal(attempts, refusals.Count);
        Assert.All(refusals, e => Assert.Contains("\"reason\": \"ReauthenticationFailed\"", e.Details, StringComparison.Ordinal));
        Assert.False(await db.AuditEntries.AnyAsync(e => e.ActorId == userId && e.Action == AuditActions.Exported));
    }

    [Fact]
    public async Task Refused_exports_are_audited_with_why_including_one_the_rate_limiter_answered_429()
    {
        var auditor = await fixture.SignedInAsync(Session.Auditor);
        var since = await LastSequenceAsync();
        await using var limited = new TestApp(fixture.Database, kestrel: false, services: s => s.AddTransient<IStartupFilter, RefuseEveryExport>());
        var throttled = new Session(limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await throttled.SignInAsync(Session.Auditor);

        var invalid = await auditor.ExportAsync(new() { ["Dataset"] = "referrals", ["Format"] = "csv", ["To"] = "9999-12-31" });
        var tooMany = await throttled.ExportAsync(new() { ["Dataset"] = "flags", ["Format"] = "xlsx" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooMany.StatusCode);
        await using var db = fixture.Database.CreateContext();
        var refusals = (await db.AuditEntries.AsNoTracking().Where(e => e.Sequence > since && e.ActorName == "Alex Morgan" && e.Action == AuditActions.ExportRefused)
                .OrderBy(e => e.Sequence).Select(e => e.Details).ToListAsync())
            .Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.Collection(refusals,
            refused =>
            {
                Assert.Equal(("Invalid", "referrals"), (refused.GetProperty("reason").GetString(), refused.GetProperty("dataset").GetString()));
                Assert.Contains("The end date must be between", refused.GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
            },
            refused => Assert.Equal(("Throttled", "flags", "xlsx"), (refused.GetProperty("reason").GetString(), refused.GetProperty("dataset").GetString(), refused.GetProperty("format").GetString())));
    }

    [Fact]
    public async Task An_identifiable_export_shows_in_the_access_log_of_each_child_it_contained_and_of_no_other()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var inside = await caseworker.RegisterChildAsync("Leftwith", "Exportfamily");
        var outside = await caseworker.RegisterChildAsync("Stayedin", "Exportfamily");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(inside, "2011-02-11")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(outside, "2011-03-11")).StatusCode);
        var auditor = await fixture.SignedInAsync(Session.Auditor);

        var export = await auditor.ExportAsync(new()
        {
            ["Dataset"] = "referrals", ["Format"] = "csv", ["From"] = "2011-02-01", ["To"] = "2011-02-28", ["Identifiable"] = "true",
            ["Justification"] = Justification, ["Password"] = DemoSeeder.DemoPassword,
        });
        var pseudonymised = await auditor.ExportAsync(new() { ["Dataset"] = "referrals", ["Format"] = "csv", ["From"] = "2011-03-01", ["To"] = "2011-03-31" });

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (export.StatusCode, pseudonymised.StatusCode));
        var rows = await ExportFiles.ReadCsvAsync(await export.Content.ReadAsByteArrayAsync());
        Assert.Contains(rows, r => r["child_pseudonym"] == Pseudonym(ChildId(inside)) && r["child_reference"] is not null);
        var manager = await fixture.SignedInAsync(Session.Manager);
        var shown = (await manager.GetPageAsync($"{inside}/access")).Page.QuerySelector("tr[data-action='exported']");
        Assert.NotNull(shown);
        Assert.Contains("Alex Morgan (Auditor)", shown.TextContent, StringComparison.Ordinal);
        Assert.Contains("export: identifiable", shown.TextContent, StringComparison.Ordinal);
        Assert.Contains("dataset: referrals", shown.TextContent, StringComparison.Ordinal);
        Assert.Null((await manager.GetPageAsync($"{outside}/access")).Page.QuerySelector("tr[data-action='exported']"));

        // One entry for each child in the file, under the export's id; none for the pseudonymised export.
        await using var db = fixture.Database.CreateContext();
        var insideId = ChildId(inside);
        var exportId = await db.AuditEntries.Where(e => e.ChildId == insideId && e.Action == AuditActions.Exported).Select(e => e.EntityId).SingleAsync();
        var contained = await db.AuditEntries.Where(e => e.EntityId == exportId && e.ChildId != null).Select(e => e.ChildId!.Value).ToListAsync();
        var pseudonyms = rows.Select(r => r["child_pseudonym"]).ToHashSet();
        Assert.Equal(pseudonyms.Count, contained.Count);
        Assert.All(contained, id => Assert.Contains(Pseudonym(id), pseudonyms));
        var completed = await db.AuditEntries.Where(e => e.EntityId == exportId && e.ChildId == null).OrderBy(e => e.Sequence).Select(e => e.Details).LastAsync();
        Assert.Contains($"\"children\": {contained.Count}", completed, StringComparison.Ordinal);
        var lastPseudonymised = await db.AuditEntries.Where(e => e.Action == AuditActions.Exported && e.ActorName == "Alex Morgan" && e.ChildId == null)
            .OrderByDescending(e => e.Sequence).Select(e => e.EntityId).FirstAsync();
        Assert.False(await db.AuditEntries.AnyAsync(e => e.EntityId == lastPseudonymised && e.ChildId != null));
    }

    [Fact]
    public async Task Tc_export_records_the_operator_and_each_child_of_an_identifiable_export()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Operatorseen", "Clifamily");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2011-07-09")).StatusCode);
        var file = Path.Combine(_folder, "named.csv");

        var (code, _, error) = await fixture.Database.TcAsync([
            "export", "referrals", "--identifiable", "--justification", Justification, "--from", "2011-07-01", "--to", "2011-07-31", "--out", file]);

        Assert.True(code == 0, error);
        var childId = ChildId(child);
        await using var db = fixture.Database.CreateContext();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.ChildId == childId && e.Action == AuditActions.Exported);
        Assert.Equal($"cli:{Environment.UserName}", entry.ActorId);
        var completed = await db.AuditEntries.AsNoTracking().Where(e => e.EntityId == entry.EntityId && e.ChildId == null).OrderBy(e => e.Sequence).Select(e => e.Details).LastAsync();
        Assert.Contains($"\"operator\": \"{Environment.UserName}\"", completed, StringComparison.Ordinal);
        Assert.Contains("\"stage\": \"Completed\"", completed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_the_referral_and_missing_episode_edit_forms_is_recorded_in_the_childs_access_log()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Formopened", "Viewfamily");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2024-02-02")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = "2024-06-01T20:00", ["Form.WhereaboutsKnown"] = "false", ["Form.PoliceReference"] = "PR/Viewfamily",
        })).StatusCode);
        var childId = ChildId(child);
        await using var db = fixture.Database.CreateContext();
        var referralId = await db.Referrals.Where(r => r.ChildId == childId).Select(r => r.Id).SingleAsync();
        var episodeId = await db.MissingEpisodes.Where(e => e.ChildId == childId).Select(e => e.Id).SingleAsync();

        Assert.Equal(HttpStatusCode.OK, (await caseworker.GetPageAsync($"{child}/referrals/{referralId}/edit")).Status);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.GetPageAsync($"{child}/missing-episodes/{episodeId}/edit")).Status);

        var views = await db.AuditEntries.AsNoTracking().Where(e => e.ChildId == childId && e.Action == AuditActions.Viewed && e.ActorName == "Sam Carter")
            .OrderBy(e => e.Sequence).Select(e => new { e.EntityType, e.EntityId }).ToListAsync();
        Assert.Contains(new { EntityType = "NrmReferral", EntityId = (string?)referralId.ToString() }, views);
        Assert.Contains(new { EntityType = "MissingEpisode", EntityId = (string?)episodeId.ToString() }, views);
        var manager = await fixture.SignedInAsync(Session.Manager);
        var log = (await manager.GetPageAsync($"{child}/access")).Page;
        Assert.Contains(log.QuerySelectorAll("tr[data-action='viewed']"), row => row.TextContent.Contains("MissingEpisode", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Guid ChildId(string childPath) => Guid.Parse(childPath.Split('/')[^1]);

    private static string Pseudonym(Guid childId) => new Pseudonymiser(new ExportSettings { PseudonymKey = TestApp.PseudonymKey }).Of(childId);

    private async Task<long> LastSequenceAsync()
    {
        await using var db = fixture.Database.CreateContext();
        return await db.AuditEntries.MaxAsync(e => (long?)e.Sequence) ?? 0;
    }

    /// <summary>A child whose every typed field (language, first responder, withdrawal reason, placement area, episode) holds the marker.</summary>
    private async Task RecordTypedChildAsync(string marker)
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var registered = await caseworker.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = "Typedtext", ["Form.FamilyName"] = "Markerfamily", ["Form.DateOfBirth"] = "2009-01-12", ["Form.DobPrecision"] = "Exact",
            ["Form.Gender"] = "Female", ["Form.Nationalities"] = "ERI", ["Form.FirstLanguage"] = $"{marker} Tigrinya", ["Form.Confirmed"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var child = registered.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2024-01-10", extra: new()
        {
            ["Form.FirstResponderOrganisation"] = $"{marker} Youth Project", ["Form.WithdrawnOn"] = "2024-05-02", ["Form.WithdrawalReason"] = $"{marker} moved away",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync($"{child}/placements/new", $"{child}/placements/new", new()
        {
            ["Form.Type"] = "SupportedAccommodation", ["Form.StartDate"] = "2024-03-01", ["Form.Area"] = $"{marker} Shire",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = "2024-06-01T20:00", ["Form.WhereaboutsKnown"] = "false", ["Form.PoliceReference"] = $"PR/{marker}",
            ["Form.Concerns"] = $"{marker} new phone",
        })).StatusCode);
    }

    /// <summary>
    /// Every record id in the database as text: every uuid column of every table, and the text ids (users, roles, the
    /// audit trail's entity, actor and correlation ids, children's references and external ids).
    /// </summary>
    private async Task<HashSet<string>> RecordIdsAsync()
    {
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        var queries = new List<string>
        {
            "SELECT id FROM users", "SELECT id FROM roles", "SELECT entity_id FROM audit_entries", "SELECT actor_id FROM audit_entries",
            "SELECT correlation_id FROM audit_entries", "SELECT reference FROM children", "SELECT external_id FROM children",
        };
        await using (var columns = new NpgsqlCommand(
            "SELECT format('SELECT %I::text FROM %I', column_name, table_name) FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'uuid'",
            connection))
        await using (var reader = await columns.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                queries.Add(reader.GetString(0));
            }
        }

        Assert.True(queries.Count > 15, "too few uuid columns found to be the whole schema");
        foreach (var sql in queries)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (!reader.IsDBNull(0) && reader.GetString(0) is { Length: >= 6 } id)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    /// <summary>Stands in for the rate limiter: after authentication, as a per-user limiter is, it answers 429 to every export.</summary>
    private sealed class RefuseEveryExport : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path == "/exports")
                {
                    if ((await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal is { } user)
                    {
                        context.User = user;
                    }

                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    return;
                }

                await following(context);
            });
            next(app);
        };
    }
}
