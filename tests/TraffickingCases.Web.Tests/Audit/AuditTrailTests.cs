using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Audit;

/// <summary>Every audited action writes its entry, in the same transaction as the change; a refused change writes none.</summary>
[Collection(HttpCollection.Name)]
public sealed class AuditTrailTests(AppFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-audit-").FullName;

    [Fact]
    public async Task Registering_a_child_records_who_from_where_and_every_field_including_the_names()
    {
        var session = await SignedIn(Session.Caseworker);
        var child = await session.RegisterChildAsync("Auditgiven", "Auditfamily", "2010-02-03");

        var entry = Assert.Single(await Entries(child, AuditActions.Created, "Child"));
        Assert.Equal(await fixture.App.UserIdAsync(Session.Caseworker), entry.ActorId);
        Assert.Equal("Sam Carter", entry.ActorName);
        Assert.Equal("Caseworker", entry.Role);
        Assert.NotNull(entry.OrganisationId);
        Assert.False(string.IsNullOrEmpty(entry.CorrelationId));
        var changes = Changes(entry);
        Assert.Equal("Auditgiven", changes.GetProperty("GivenNames").GetProperty("after").GetString());
        Assert.Equal("2010-02-03", changes.GetProperty("DateOfBirth").GetProperty("after").GetString());
    }

    [Fact]
    public async Task Changing_a_childs_details_records_each_changed_field_before_and_after()
    {
        var session = await SignedIn(Session.Caseworker);
        var child = await session.RegisterChildAsync("Editgiven", "Beforename", "2010-02-03");
        var (_, form) = await session.GetPageAsync($"{child}/edit");
        var fields = FormFields(form);
        fields["Form.FamilyName"] = "Aftername";
        var response = await session.PostAsync(form, $"{child}/edit", fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var entry = Assert.Single(await Entries(child, AuditActions.Updated, "Child"));
        var family = Changes(entry).GetProperty("FamilyName");
        Assert.Equal("Beforename", family.GetProperty("before").GetString());
        Assert.Equal("Aftername", family.GetProperty("after").GetString());
        Assert.False(Changes(entry).TryGetProperty("GivenNames", out _));
    }

    [Fact]
    public async Task Adding_a_referral_records_it_against_the_child()
    {
        var session = await SignedIn(Session.Caseworker);
        var child = await session.RegisterChildAsync("Referralaudit", "Trailtest", "2010-02-03");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, "2024-03-02")).StatusCode);

        var entry = Assert.Single(await Entries(child, AuditActions.Created, "NrmReferral"));
        Assert.Equal("North Shire Council", Changes(entry).GetProperty("FirstResponderOrganisation").GetProperty("after").GetString());
    }

    [Fact]
    public async Task Adding_a_note_records_its_text_in_the_audit_store()
    {
        var session = await SignedIn(Session.Caseworker);
        var child = await session.RegisterChildAsync("Noteaudit", "Trailtest", "2010-02-03");
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync($"{child}/notes/new", $"{child}/notes/new", new() { ["Form.Text"] = "Audited note text" })).StatusCode);

        var entry = Assert.Single(await Entries(child, AuditActions.Created, "CaseNote"));
        Assert.Equal("Audited note text", Changes(entry).GetProperty("Text").GetProperty("after").GetString());
    }

    [Fact]
    public async Task Adding_a_placement_a_missing_episode_and_a_support_request_records_each()
    {
        var session = await SignedIn(Session.Caseworker);
        var child = await session.RegisterChildAsync("Historyaudit", "Trailtest", "2010-02-03");
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync($"{child}/placements/new", $"{child}/placements/new",
            new() { ["Form.Type"] = "Foster", ["Form.StartDate"] = "2024-03-10" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync($"{child}/missing-episodes/new", $"{child}/missing-episodes/new",
            new() { ["Form.WentMissingAt"] = "2024-05-01T21:30", ["Form.ReturnedAt"] = "2024-05-03T08:00", ["Form.WhereaboutsKnown"] = "false" })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync($"{child}/support/new", $"{child}/support/new",
            new() { ["Form.Type"] = "MentalHealth", ["Form.RequestedOn"] = "2024-03-12" })).StatusCode);

        Assert.Single(await Entries(child, AuditActions.Created, "Placement"));
        Assert.Single(await Entries(child, AuditActions.Created, "MissingEpisode"));
        Assert.Single(await Entries(child, AuditActions.Created, "SupportRequest"));
    }

    [Fact]
    public async Task A_refused_change_writes_no_entry()
    {
        var session = await SignedIn(Session.Caseworker);
        var child = await session.RegisterChildAsync("Refusedaudit", "Trailtest", "2010-02-03");
        var before = await Count(child);

        var refused = await session.AddReferralAsync(child, "2009-01-01");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        Assert.Equal(before, await Count(child));
    }

    [Fact]
    public async Task Viewing_a_childs_record_writes_one_entry()
    {
        var session = await SignedIn(Session.Caseworker);
        var child = await session.RegisterChildAsync("Viewaudit", "Trailtest", "2010-02-03");
        Assert.Empty(await Entries(child, AuditActions.Viewed, "Child"));

        Assert.Equal(HttpStatusCode.OK, (await session.GetPageAsync(child)).Status);

        var entry = Assert.Single(await Entries(child, AuditActions.Viewed, "Child"));
        Assert.Equal("Sam Carter", entry.ActorName);
    }

    [Fact]
    public async Task A_search_records_what_was_searched_and_the_ids_it_found()
    {
        var session = await SignedIn(Session.Caseworker);
        var child = await session.RegisterChildAsync("Queryaudit", "Findme", "2010-02-03");
        var userId = await fixture.App.UserIdAsync(Session.Caseworker);

        Assert.Equal(HttpStatusCode.OK, (await session.GetPageAsync("/children?q=Findme")).Status);

        await using var db = fixture.Database.CreateContext();
        var entry = (await db.AuditEntries.Where(e => e.Action == AuditActions.Searched && e.EntityType == "Caseload" && e.ActorId == userId)
            .OrderByDescending(e => e.Sequence).ToListAsync()).First(e => e.Details.Contains("Findme", StringComparison.Ordinal));
        using var details = JsonDocument.Parse(entry.Details);
        Assert.Equal("Findme", details.RootElement.GetProperty("query").GetString());
        Assert.Contains(ChildId(child).ToString(), details.RootElement.GetProperty("result_ids").EnumerateArray().Select(i => i.GetString()));
    }

    [Fact]
    public async Task Signing_in_failing_to_sign_in_being_locked_out_and_signing_out_are_recorded()
    {
        var email = $"audit.signin.{Guid.NewGuid():N}@demo.test";
        Assert.Equal(0, (await Tc("create-user", "--email", email, "--role", "Caseworker", "--organisation", "NSC", "--password", "a-long-enough-password")).Code);
        var userId = await fixture.App.UserIdAsync(email);

        var session = fixture.NewSession();
        await session.SignInAsync(email, "a-long-enough-password");
        await session.PostFormAsync("/children", "/sign-out", []);
        for (var i = 0; i < IdentitySettings.MaxFailedAccessAttempts; i++)
        {
            await session.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = "not-the-password" });
        }

        await using var db = fixture.Database.CreateContext();
        var actions = await db.AuditEntries.Where(e => e.EntityType == "User" && e.EntityId == userId).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
        Assert.Equal(
            [AuditActions.Created, AuditActions.SignedIn, AuditActions.SignedOut,
                .. Enumerable.Repeat(AuditActions.SignInFailed, IdentitySettings.MaxFailedAccessAttempts - 1), AuditActions.LockedOut],
            actions);
        var failed = await db.AuditEntries.FirstAsync(e => e.EntityId == userId && e.Action == AuditActions.SignInFailed);
        Assert.Contains(email, failed.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", failed.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_user_records_the_user_and_the_role_without_the_password_hash()
    {
        var email = $"audit.user.{Guid.NewGuid():N}@demo.test";
        Assert.Equal(0, (await Tc("create-user", "--email", email, "--role", "Manager", "--organisation", "NSC", "--password", "a-long-enough-password")).Code);
        var userId = await fixture.App.UserIdAsync(email);

        await using var db = fixture.Database.CreateContext();
        var user = await db.AuditEntries.SingleAsync(e => e.EntityType == "User" && e.EntityId == userId && e.Action == AuditActions.Created);
        Assert.StartsWith("tc (", user.ActorName, StringComparison.Ordinal);
        Assert.Equal("(redacted)", Changes(user).GetProperty("PasswordHash").GetProperty("after").GetString());
        Assert.Single(await db.AuditEntries.Where(e => e.EntityType == "UserRole" && e.EntityId!.StartsWith(userId) && e.Action == AuditActions.Created).ToListAsync());
    }

    [Fact]
    public async Task Adding_an_organisation_in_one_statement_still_writes_its_entry_in_the_same_transaction()
    {
        var code = $"A{Guid.NewGuid():N}"[..8].ToUpperInvariant();
        Assert.Equal(0, (await Tc("organisation", "add", "--code", code, "--name", "Audit Borough", "--type", "local_authority")).Code);

        await using var db = fixture.Database.CreateContext();
        var id = await db.Organisations.Where(o => o.Code == code).Select(o => o.Id).SingleAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.EntityType == "Organisation" && e.EntityId == id.ToString());
        Assert.Equal(AuditActions.Created, entry.Action);
        Assert.Equal("Audit Borough", Changes(entry).GetProperty("Name").GetProperty("after").GetString());
    }

    [Fact]
    public async Task A_managers_flag_action_is_recorded_against_the_child()
    {
        var caseworker = await SignedIn(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Flagaudit", "Trailtest", "2009-03-03");
        await caseworker.AddReferralAsync(child, "2024-01-10", "Labour");
        await caseworker.AddReferralAsync(child, "2024-06-10", "Criminal");
        await using var db = fixture.Database.CreateContext();
        var flag = await db.Flags.SingleAsync(f => f.ChildId == ChildId(child) && f.RuleCode == "RR-01");
        Assert.Single(await Entries(child, AuditActions.Created, "Flag"), e => e.EntityId == flag.Id.ToString());

        var manager = await SignedIn(Session.Manager);
        var (_, queue) = await manager.GetPageAsync("/flags?rule=RR-01");
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostAsync(queue, "/flags/act?rule=RR-01", [new("Form.FlagIds", flag.Id.ToString()), new("Form.Action", "acknowledge")])).StatusCode);

        var updated = Assert.Single(await Entries(child, AuditActions.Updated, "Flag"), e => e.EntityId == flag.Id.ToString());
        Assert.Equal("Priya Shah", updated.ActorName);
        Assert.Equal("Acknowledged", Changes(updated).GetProperty("Status").GetProperty("after").GetString());
        Assert.Contains(await Entries(child, AuditActions.Created, "FlagEvent"), e => e.ActorName == "Priya Shah");
    }

    [Fact]
    public async Task An_import_records_each_record_it_copied_and_one_entry_for_the_import()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var children = Write("children.csv",
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc",
            $"AUD-{tag}-1,Importaudit,One,,2008-01-01,exact,male,ALB,NSC,false",
            $"AUD-{tag}-2,Importaudit,Two,,2009-01-01,exact,female,VNM,NSC,false");
        var referrals = Write("referrals.csv",
            "child_external_id,referral_date,first_responder_type,first_responder_organisation,exploitation_types,county_lines,exploitation_location,future_exploitation_concern,competent_authority,rg_decision,rg_decision_date,cg_decision,cg_decision_date",
            $"AUD-{tag}-1,2024-01-10,police,Kent Police,criminal,false,uk,false,sca,pending,,pending,");
        Assert.Equal(0, (await Tc("import", "children", children)).Code);
        Assert.Equal(0, (await Tc("import", "referrals", referrals)).Code);

        await using var db = fixture.Database.CreateContext();
        var first = await db.Children.SingleAsync(c => c.ExternalId == $"AUD-{tag}-1");
        var path = $"/children/{first.Id}";
        var created = Assert.Single(await Entries(path, AuditActions.Created, "Child"));
        Assert.Equal("Importaudit", Changes(created).GetProperty("GivenNames").GetProperty("after").GetString());
        Assert.StartsWith("tc (", created.ActorName, StringComparison.Ordinal);
        Assert.Single(await Entries(path, AuditActions.Created, "NrmReferral"));
        Assert.Single(await Entries(path, AuditActions.Updated, "Child"));
        var imports = await db.AuditEntries.Where(e => e.Action == AuditActions.Imported).Select(e => e.Details).ToListAsync();
        Assert.Contains(imports, d => d.Contains("\"added\": 2", StringComparison.Ordinal) && d.Contains("Children", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_flag_sweep_records_its_changes_as_the_system()
    {
        var caseworker = await SignedIn(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Sweepaudit", "Trailtest", "2009-03-03");
        await using (var db = fixture.Database.CreateContext())
        {
            // A flag left open although its condition no longer holds (as after the thresholds change): a sweep of every child clears it.
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO flags (id, child_id, rule_code, severity, evidence, occurrence_key, raised_at, last_confirmed_at, status) VALUES ({0}, {1}, 'RR-01', 2, 'test', 'test', now(), now(), 'Open')",
                Guid.NewGuid(), ChildId(child));
        }

        Assert.Equal(0, (await Tc("sweep", "--all")).Code);

        var cleared = Assert.Single(await Entries(child, AuditActions.Updated, "Flag"));
        Assert.Equal("system", cleared.ActorName);
        Assert.Equal("System", cleared.Role);
    }

    [Fact]
    public async Task An_export_recorded_through_the_audit_api_names_what_left_and_whose_records()
    {
        var childId = Guid.NewGuid();
        await fixture.App.AuditAsync(audit =>
        {
            audit.ActAs(new AuditActor("exporter-id", "Exporter", null, "Manager"));
            return audit.RecordExportAsync("caseload", "csv", [childId], new { organisation = "NSC" });
        });

        await using var db = fixture.Database.CreateContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.Exported && e.ActorId == "exporter-id");
        Assert.Contains(childId.ToString(), entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_access_log_shows_a_manager_who_viewed_and_changed_the_child_but_not_to_a_caseworker()
    {
        var caseworker = await SignedIn(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Accessviewed", "Trailtest", "2010-02-03");
        await caseworker.GetPageAsync(child);

        var manager = await SignedIn(Session.Manager);
        var (status, page) = await manager.GetPageAsync($"{child}/access");
        Assert.Equal(HttpStatusCode.OK, status);
        var rows = page.QuerySelectorAll("[data-testid=audit-entries] tbody tr").Select(r => r.GetAttribute("data-action")).ToList();
        Assert.Contains(AuditActions.Created, rows);
        Assert.Contains(AuditActions.Viewed, rows);
        Assert.Contains("Sam Carter", page.QuerySelector("[data-testid=audit-entries]")!.TextContent, StringComparison.Ordinal);

        Assert.NotEqual(HttpStatusCode.OK, (await caseworker.GetPageAsync($"{child}/access")).Status);
        var other = await SignedIn(Session.OtherOrganisationCaseworker);
        Assert.NotEqual(HttpStatusCode.OK, (await other.GetPageAsync($"{child}/access")).Status);
    }

    [Fact]
    public async Task An_auditor_filters_the_trail_by_child_reference_and_action_and_others_cannot_open_it()
    {
        var caseworker = await SignedIn(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Auditorfilter", "Trailtest", "2010-02-03");
        await caseworker.GetPageAsync(child);
        await using var db = fixture.Database.CreateContext();
        var reference = await db.Children.Where(c => c.Id == ChildId(child)).Select(c => c.Reference).SingleAsync();

        var auditor = await SignedIn(Session.Auditor);
        var (status, page) = await auditor.GetPageAsync($"/audit?child={reference}&action=viewed");
        Assert.Equal(HttpStatusCode.OK, status);
        var rows = page.QuerySelectorAll("[data-testid=audit-entries] tbody tr").ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Equal(AuditActions.Viewed, r.GetAttribute("data-action")));
        Assert.All(rows, r => Assert.Contains(reference, r.TextContent, StringComparison.Ordinal));

        Assert.NotEqual(HttpStatusCode.OK, (await caseworker.GetPageAsync("/audit")).Status);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<Session> SignedIn(string email)
    {
        var session = fixture.NewSession();
        await session.SignInAsync(email);
        return session;
    }

    private static Guid ChildId(string path) => Guid.Parse(path.Split('/', StringSplitOptions.RemoveEmptyEntries)[1]);

    private async Task<List<AuditEntry>> Entries(string childPath, string action, string entityType)
    {
        await using var db = fixture.Database.CreateContext();
        var id = ChildId(childPath);
        return await db.AuditEntries.Where(e => e.ChildId == id && e.Action == action && e.EntityType == entityType).OrderBy(e => e.Sequence).ToListAsync();
    }

    private async Task<int> Count(string childPath)
    {
        await using var db = fixture.Database.CreateContext();
        var id = ChildId(childPath);
        return await db.AuditEntries.CountAsync(e => e.ChildId == id);
    }

    private static JsonElement Changes(AuditEntry entry) => JsonDocument.Parse(entry.Details).RootElement.GetProperty("changes").Clone();

    /// <summary>The values a browser would post from the page's form.</summary>
    private static Dictionary<string, string> FormFields(IHtmlDocument page)
    {
        var fields = new Dictionary<string, string>();
        foreach (var input in page.QuerySelectorAll("form input[name], form select[name], form textarea[name]"))
        {
            var name = input.GetAttribute("name")!;
            if (name == "__RequestVerificationToken")
            {
                continue;
            }

            switch (input)
            {
                case IHtmlInputElement { Type: "radio" or "checkbox" } box when !box.IsChecked:
                    continue;
                case IHtmlInputElement field:
                    fields[name] = field.Value;
                    break;
                case IHtmlSelectElement select:
                    fields[name] = select.Value ?? string.Empty;
                    break;
                case IHtmlTextAreaElement area:
                    fields[name] = area.Value;
                    break;
            }
        }

        return fields;
    }

    private Task<(int Code, string Output, string Error)> Tc(params string[] args) => fixture.Database.TcAsync(args);

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }
}
