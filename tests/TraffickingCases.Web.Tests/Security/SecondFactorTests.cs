using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Security;

/// <summary>Issue 13, finding 1: a second factor for every user; codes accepted once; recovery codes once each.</summary>
[Collection(SecurityCollection.Name)]
public sealed class SecondFactorTests(SecurityFixture fixture)
{
    [Fact]
    public async Task Without_a_second_factor_every_page_leads_to_setting_one_up()
    {
        var email = await fixture.NewUserAsync("Caseworker");
        var session = fixture.NewSession();
        await session.SignInAsync(email, SecurityFixture.Password);

        foreach (var path in new[] { "/children", "/flags", "/account", "/account/sessions", "/account/password" })
        {
            var response = await session.Client.GetAsync(path);
            Assert.Equal((HttpStatusCode.Redirect, "/account/two-factor"), (response.StatusCode, response.Headers.Location?.OriginalString));
        }

        var (status, page) = await session.GetPageAsync("/account/two-factor");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(page.QuerySelector("[data-testid=qr-code]"));
        Assert.NotNull(page.QuerySelector("[data-testid=mfa-required]"));
    }

    [Fact]
    public async Task Once_set_up_signing_in_needs_a_code_and_each_code_works_once()
    {
        var email = await fixture.NewUserAsync("Caseworker");
        var first = await fixture.SignedInWithSecondFactorAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await first.GetPageAsync("/children")).Status);

        var second = fixture.NewSession();
        var password = await second.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = SecurityFixture.Password });
        Assert.Equal("/sign-in/code", password.Headers.Location!.OriginalString.Split('?')[0]);
        Assert.Equal(HttpStatusCode.Redirect, (await second.Client.GetAsync("/children")).StatusCode); // not signed in yet
        var code = fixture.NextCode(email);
        var accepted = await second.PostFormAsync("/sign-in/code", "/sign-in/code", new() { ["Code"] = code });
        Assert.Equal((HttpStatusCode.Redirect, "/"), (accepted.StatusCode, accepted.Headers.Location?.OriginalString));

        // The same code, within its 30 seconds, on another device: refused.
        var third = fixture.NewSession();
        await third.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = SecurityFixture.Password });
        var replayed = await third.PostFormAsync("/sign-in/code", "/sign-in/code", new() { ["Code"] = code });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replayed.StatusCode);
        Assert.Contains("used already", await Session.Body(replayed));
        Assert.Equal(HttpStatusCode.Redirect, (await third.Client.GetAsync("/children")).StatusCode);
    }

    [Fact]
    public async Task A_code_from_two_steps_ago_is_refused()
    {
        var email = await fixture.NewUserAsync("Manager");
        await fixture.SignedInWithSecondFactorAsync(email);
        var stale = fixture.NextCode(email);
        fixture.Clock.Advance(TimeSpan.FromSeconds(60));

        var session = fixture.NewSession();
        await session.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = SecurityFixture.Password });
        var refused = await session.PostFormAsync("/sign-in/code", "/sign-in/code", new() { ["Code"] = stale });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once()
    {
        var email = await fixture.NewUserAsync("Auditor");
        var enrolling = fixture.NewSession();
        await enrolling.SignInAsync(email, SecurityFixture.Password);
        var codes = await fixture.EnrolAsync(enrolling, email);
        Assert.Equal(10, codes.Count);

        async Task<HttpResponseMessage> UseAsync(string recovery)
        {
            var session = fixture.NewSession();
            await session.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = SecurityFixture.Password });
            return await session.PostFormAsync("/sign-in/recovery-code", "/sign-in/recovery-code", new() { ["RecoveryCode"] = recovery });
        }

        Assert.Equal(HttpStatusCode.Redirect, (await UseAsync(codes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await UseAsync(codes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await UseAsync(codes[1])).StatusCode);
    }

    [Fact]
    public async Task Wrong_codes_count_towards_lockout_and_the_lockout_is_audited()
    {
        var email = await fixture.NewUserAsync("Caseworker");
        await fixture.SignedInWithSecondFactorAsync(email);
        var session = fixture.NewSession();
        await session.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = SecurityFixture.Password });

        var attempts = fixture.App.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;
        for (var i = 0; i < attempts; i++)
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await session.PostFormAsync("/sign-in/code", "/sign-in/code", new() { ["Code"] = "000000" })).StatusCode);
        }

        var userId = await fixture.App.UserIdAsync(email);
        await using var db = fixture.Database.CreateContext();
        var actions = db.AuditEntries.Where(e => e.EntityId == userId).Select(e => e.Action).ToList();
        Assert.Contains("locked_out", actions);
        Assert.Contains("sign_in_failed", actions);
    }
}
