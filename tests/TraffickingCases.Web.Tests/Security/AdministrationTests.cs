using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Security;

/// <summary>Issue 13: administration in the browser, every action audited, the last administrator kept.</summary>
[Collection(SecurityCollection.Name)]
public sealed class AdministrationTests(SecurityFixture fixture)
{
    private async Task<Session> AdminAsync() => await fixture.SignedInWithSecondFactorAsync(Session.Admin, TraffickingCases.Infrastructure.Demo.DemoSeeder.DemoPassword);

    private async Task<Guid> OrganisationIdAsync(string code)
    {
        await using var db = fixture.Database.CreateContext();
        return await db.Organisations.Where(o => o.Code == code).Select(o => o.Id).SingleAsync();
    }

    private async Task<(string Email, string Link)> InviteAsync(Session admin, string role = "Caseworker")
    {
        var email = $"invited.{Guid.NewGuid():N}@council.example";
        var response = await admin.PostFormAsync("/admin/users/invite", "/admin/users/invite", new()
        {
            ["Form.Email"] = email, ["Form.DisplayName"] = "Priya Natarajan", ["Form.Role"] = role, ["Form.OrganisationId"] = (await OrganisationIdAsync("NSC")).ToString(),
        });
        var page = Session.Parse(await Session.Body(response));
        Assert.True(response.StatusCode == HttpStatusCode.OK, page.QuerySelector(".govuk-error-summary")?.TextContent);
        return (email, new Uri(page.QuerySelector("[data-testid=invitation-link]")!.TextContent.Trim()).PathAndQuery);
    }

    private static async Task<HttpResponseMessage> AcceptAsync(Session session, string link, string password = SecurityFixture.Password)
    {
        var (status, page) = await session.GetPageAsync(link);
        if (status != HttpStatusCode.OK)
        {
            return new HttpResponseMessage(status);
        }

        return await session.PostAsync(page, "/invitation", [
            new("Form.User", page.QuerySelector("input[name='Form.User']")!.GetAttribute("value")!),
            new("Form.Token", page.QuerySelector("input[name='Form.Token']")!.GetAttribute("value")!),
            new("Form.Password", password), new("Form.ConfirmPassword", password),
        ]);
    }

    private async Task<string> UserPathAsync(string email) => $"/admin/users/{await fixture.App.UserIdAsync(email)}";

    private async Task<List<string>> AuditedAsync(string email)
    {
        var id = await fixture.App.UserIdAsync(email);
        await using var db = fixture.Database.CreateContext();
        return await db.AuditEntries.Where(e => e.EntityId == id).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
    }

    [Fact]
    public async Task An_invited_person_sets_a_password_once_then_must_set_up_a_second_factor()
    {
        var admin = await AdminAsync();
        var (email, link) = await InviteAsync(admin);

        var person = fixture.NewSession();
        var accepted = await AcceptAsync(person, link);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/account/two-factor", (await person.Client.GetAsync("/children")).Headers.Location?.OriginalString);
        await fixture.EnrolAsync(person, email);
        Assert.Equal(HttpStatusCode.OK, (await person.GetPageAsync("/children")).Status);

        Assert.Equal(HttpStatusCode.Gone, (await AcceptAsync(fixture.NewSession(), link, "another-long-phrase-here")).StatusCode);
        Assert.Equal(["user_invited", "invitation_accepted", "second_factor_enabled"], (await AuditedAsync(email)).Where(a => a != "created" && a != "updated"));
    }

    [Fact]
    public async Task A_new_invitation_link_replaces_the_old_one_and_a_forged_token_is_refused()
    {
        var admin = await AdminAsync();
        var (email, first) = await InviteAsync(admin);
        var again = await admin.PostFormAsync(await UserPathAsync(email), $"{await UserPathAsync(email)}/invitation", []);
        var second = new Uri(Session.Parse(await Session.Body(again)).QuerySelector("[data-testid=invitation-link]")!.TextContent.Trim()).PathAndQuery;

        Assert.Equal(HttpStatusCode.Gone, (await fixture.NewSession().GetPageAsync(first)).Status);
        Assert.Equal(HttpStatusCode.Gone, (await fixture.NewSession().GetPageAsync(second + "x")).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await AcceptAsync(fixture.NewSession(), second)).StatusCode);
    }

    [Fact]
    public async Task Disabling_signs_the_person_out_everywhere_and_refuses_every_way_in_until_enabled()
    {
        var admin = await AdminAsync();
        var email = await fixture.NewUserAsync("Caseworker");
        var person = await fixture.SignedInWithSecondFactorAsync(email);
        var path = await UserPathAsync(email);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(path, $"{path}/disable", [])).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await person.Client.GetAsync("/children")).StatusCode);
        var again = fixture.NewSession();
        var refused = await again.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = SecurityFixture.Password });
        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("Disabled", (await admin.GetPageAsync(path)).Page.QuerySelector("[data-testid=user-status]")!.TextContent.Trim());

        await admin.PostFormAsync(path, $"{path}/enable", []);
        Assert.Equal(HttpStatusCode.OK, (await (await fixture.SignedInWithSecondFactorAsync(email)).GetPageAsync("/children")).Status);
        Assert.Contains("user_disabled", await AuditedAsync(email));
        Assert.Contains("user_enabled", await AuditedAsync(email));
    }

    [Fact]
    public async Task A_role_or_organisation_change_ends_the_persons_sessions_and_applies_at_their_next_sign_in()
    {
        var admin = await AdminAsync();
        var email = await fixture.NewUserAsync("Caseworker");
        var person = await fixture.SignedInWithSecondFactorAsync(email);
        var path = await UserPathAsync(email);

        var saved = await admin.PostFormAsync(path, $"{path}/access", new() { ["Access.Role"] = "Auditor", ["Access.OrganisationId"] = (await OrganisationIdAsync("EBC")).ToString() });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await person.Client.GetAsync("/children")).StatusCode);
        var after = await fixture.SignedInWithSecondFactorAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await after.GetPageAsync("/audit")).Status);
        Assert.Contains("user_changed", await AuditedAsync(email));
    }

    [Fact]
    public async Task The_last_active_administrator_cannot_be_disabled_demoted_or_disable_themselves()
    {
        var admin = await AdminAsync();
        var path = await UserPathAsync(Session.Admin);

        await admin.PostFormAsync(path, $"{path}/disable", []);
        var demote = await admin.PostFormAsync(path, $"{path}/access", new() { ["Access.Role"] = "Caseworker", ["Access.OrganisationId"] = (await OrganisationIdAsync("NSC")).ToString() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, demote.StatusCode);
        Assert.Contains("last active administrator", await Session.Body(demote));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetPageAsync("/admin")).Status);
        var (_, page) = await admin.GetPageAsync(path);
        Assert.Equal("Active", page.QuerySelector("[data-testid=user-status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_administrator_unlocks_a_locked_account_and_resets_a_lost_second_factor()
    {
        var admin = await AdminAsync();
        var email = await fixture.NewUserAsync("Manager");
        var person = await fixture.SignedInWithSecondFactorAsync(email);
        var path = await UserPathAsync(email);
        await using (var db = fixture.Database.CreateContext())
        {
            var id = await fixture.App.UserIdAsync(email);
            await db.Database.ExecuteSqlAsync($"UPDATE users SET lockout_end = {fixture.Clock.GetUtcNow().AddHours(1)} WHERE id = {id}");
        }

        Assert.Equal("Locked out", (await admin.GetPageAsync(path)).Page.QuerySelector("[data-testid=user-status]")!.TextContent.Trim());
        await admin.PostFormAsync(path, $"{path}/unlock", []);
        await admin.PostFormAsync(path, $"{path}/reset-second-factor", []);

        Assert.Equal("Active", (await admin.GetPageAsync(path)).Page.QuerySelector("[data-testid=user-status]")!.TextContent.Trim());
        var again = fixture.NewSession();
        var signIn = await again.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = SecurityFixture.Password });
        Assert.Equal("/", signIn.Headers.Location?.OriginalString); // no code asked: the authenticator was removed
        Assert.Equal("/account/two-factor", (await again.Client.GetAsync("/children")).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, (await person.Client.GetAsync("/account")).StatusCode);
        Assert.Contains("user_unlocked", await AuditedAsync(email));
        Assert.Contains("second_factor_reset", await AuditedAsync(email));
    }

    [Fact]
    public async Task Organisations_are_added_and_corrected_with_messages_beside_the_fields()
    {
        var admin = await AdminAsync();
        var code = $"T{Guid.NewGuid():N}"[..10].ToUpperInvariant();

        var bad = await admin.PostFormAsync("/admin/organisations/new", "/admin/organisations/new", new() { ["Form.Code"] = "x", ["Form.Name"] = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var badPage = Session.Parse(await Session.Body(bad));
        Assert.NotNull(badPage.QuerySelector("#Form_Code-error"));
        Assert.NotNull(badPage.QuerySelector("#Form_Name-error"));

        var added = await admin.PostFormAsync("/admin/organisations/new", "/admin/organisations/new", new()
        {
            ["Form.Code"] = code, ["Form.Name"] = "Harbour Trust", ["Form.Type"] = "Ngo", ["Form.IsInIctgArea"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var id = await OrganisationIdAsync(code);
        var changed = await admin.PostFormAsync($"/admin/organisations/{id}", $"/admin/organisations/{id}", new()
        {
            ["Form.Name"] = "Harbour Children's Trust", ["Form.Type"] = "Ngo", ["Form.IsInIctgArea"] = "false",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        await using var db = fixture.Database.CreateContext();
        var saved = await db.Organisations.SingleAsync(o => o.Id == id);
        Assert.Equal(("Harbour Children's Trust", false), (saved.Name, saved.IsInIctgArea));
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.EntityType == "Organisation" && e.EntityId == id.ToString()));
    }

    [Fact]
    public async Task Administration_is_for_administrators_only()
    {
        var manager = await fixture.SignedInWithSecondFactorAsync(await fixture.NewUserAsync("Manager"));
        var target = await UserPathAsync(Session.Caseworker);

        var (_, anyPage) = await manager.GetPageAsync("/account");
        var invite = await manager.Client.GetAsync("/admin/users/invite");
        var disable = await manager.PostAsync(anyPage, $"{target}/disable", []);
        var anonymous = await fixture.NewSession().Client.GetAsync("/admin/users/invite");

        Assert.StartsWith("/access-denied", invite.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/access-denied", disable.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/sign-in", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("Active", (await (await AdminAsync()).GetPageAsync(target)).Page.QuerySelector("[data-testid=user-status]")!.TextContent.Trim());
    }
}
