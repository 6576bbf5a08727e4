using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Security;

/// <summary>Issue 13, finding 2: sessions held on the server end when they should, everywhere at once.</summary>
[Collection(SecurityCollection.Name)]
public sealed class SessionTests(SecurityFixture fixture)
{
    private static async Task<bool> SignedInAsync(Session session) => (await session.Client.GetAsync("/account")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_refused_after_it()
    {
        var email = await fixture.NewUserAsync("Caseworker");
        var session = fixture.NewSession();
        var signIn = await session.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = SecurityFixture.Password });
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("tc_session=", StringComparison.Ordinal)).Split(';')[0];
        var thief = fixture.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        async Task<HttpStatusCode> ReplayAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/account/two-factor");
            request.Headers.Add("Cookie", cookie);
            return (await thief.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await ReplayAsync());
        await session.PostFormAsync("/account/two-factor", "/sign-out", []);

        Assert.Equal(HttpStatusCode.Redirect, await ReplayAsync());
    }

    [Fact]
    public async Task Signing_out_ends_the_users_sessions_on_every_device()
    {
        var email = await fixture.NewUserAsync("Manager");
        var laptop = await fixture.SignedInWithSecondFactorAsync(email);
        var phone = await fixture.SignedInWithSecondFactorAsync(email);

        await laptop.PostFormAsync("/account", "/sign-out", []);

        Assert.False(await SignedInAsync(laptop));
        Assert.False(await SignedInAsync(phone));
    }

    [Fact]
    public async Task Locking_the_account_in_the_database_ends_its_session_at_the_next_request()
    {
        var email = await fixture.NewUserAsync("Caseworker");
        var session = await fixture.SignedInWithSecondFactorAsync(email);
        Assert.True(await SignedInAsync(session));
        var id = await fixture.App.UserIdAsync(email);

        await using (var db = fixture.Database.CreateContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE users SET lockout_end = {fixture.Clock.GetUtcNow().AddHours(1)} WHERE id = {id}");
        }

        Assert.False(await SignedInAsync(session));
    }

    [Fact]
    public async Task A_session_ends_after_30_minutes_unused()
    {
        var email = await fixture.NewUserAsync("Caseworker");
        var session = await fixture.SignedInWithSecondFactorAsync(email);
        fixture.Clock.Advance(TimeSpan.FromMinutes(20));
        Assert.True(await SignedInAsync(session));

        fixture.Clock.Advance(TimeSpan.FromMinutes(31));

        Assert.False(await SignedInAsync(session));
    }

    [Fact]
    public async Task A_session_in_use_ends_12_hours_after_sign_in()
    {
        var email = await fixture.NewUserAsync("Caseworker");
        var session = await fixture.SignedInWithSecondFactorAsync(email);
        for (var minutes = 0; minutes < 11 * 60 + 40; minutes += 20)
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True(await SignedInAsync(session), $"signed out after {minutes + 20} minutes of use");
        }

        fixture.Clock.Advance(TimeSpan.FromMinutes(21));

        Assert.False(await SignedInAsync(session));
    }

    [Fact]
    public async Task A_password_change_ends_every_other_session_and_keeps_this_one()
    {
        var email = await fixture.NewUserAsync("Auditor");
        var here = await fixture.SignedInWithSecondFactorAsync(email);
        var elsewhere = await fixture.SignedInWithSecondFactorAsync(email);

        var changed = await here.PostFormAsync("/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = SecurityFixture.Password, ["NewPassword"] = "amber-tide-orchard-velvet", ["ConfirmPassword"] = "amber-tide-orchard-velvet",
        });

        Assert.Equal((HttpStatusCode.Redirect, "/account"), (changed.StatusCode, changed.Headers.Location?.OriginalString));
        Assert.True(await SignedInAsync(here));
        Assert.False(await SignedInAsync(elsewhere));
    }

    [Fact]
    public async Task A_common_password_is_refused_beside_the_field_and_the_old_one_still_works()
    {
        var email = await fixture.NewUserAsync("Caseworker");
        var session = await fixture.SignedInWithSecondFactorAsync(email);

        var refused = await session.PostFormAsync("/account/password", "/account/password", new()
        {
            ["CurrentPassword"] = SecurityFixture.Password, ["NewPassword"] = "password1234", ["ConfirmPassword"] = "password1234",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.NotNull(Session.Parse(await Session.Body(refused)).QuerySelector("#NewPassword-error"));
        Assert.True(await SignedInAsync(await fixture.SignedInWithSecondFactorAsync(email)));
    }

    [Fact]
    public async Task The_sessions_page_lists_each_session_and_ends_one_or_all_others()
    {
        var email = await fixture.NewUserAsync("Caseworker");
        var one = await fixture.SignedInWithSecondFactorAsync(email);
        var two = await fixture.SignedInWithSecondFactorAsync(email);
        var three = await fixture.SignedInWithSecondFactorAsync(email);

        var (_, page) = await one.GetPageAsync("/account/sessions");
        var rows = page.QuerySelectorAll("[data-testid=session]");
        Assert.Equal(3, rows.Length);
        Assert.Single(rows, r => r.TextContent.Contains("(this session)", StringComparison.Ordinal));
        var other = rows.First(r => !r.TextContent.Contains("(this session)", StringComparison.Ordinal)).QuerySelector("input[name=id]")!.GetAttribute("value")!;
        Assert.Equal(HttpStatusCode.Redirect, (await one.PostAsync(page, "/account/sessions/end", [new("id", other)])).StatusCode);
        Assert.Equal(2, (await one.GetPageAsync("/account/sessions")).Page.QuerySelectorAll("[data-testid=session]").Length);

        await one.PostFormAsync("/account/sessions", "/account/sessions/end-others", []);

        Assert.True(await SignedInAsync(one));
        Assert.False(await SignedInAsync(two) || await SignedInAsync(three));
    }

    [Fact]
    public async Task Nobody_ends_another_persons_session()
    {
        var victim = await fixture.SignedInWithSecondFactorAsync(await fixture.NewUserAsync("Caseworker"));
        var victimSession = (await victim.GetPageAsync("/account/sessions")).Page.QuerySelector("[data-testid=session] input[name=id]")!.GetAttribute("value")!;
        var attacker = await fixture.SignedInWithSecondFactorAsync(await fixture.NewUserAsync("Caseworker"));

        var response = await attacker.PostFormAsync("/account/sessions", "/account/sessions/end", new() { ["id"] = victimSession });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(await SignedInAsync(victim));
    }
}
