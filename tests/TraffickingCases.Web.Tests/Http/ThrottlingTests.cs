using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>A database of its own, with the demo users and a few children; each test starts a host with the limits it needs.</summary>
public sealed class ThrottlingFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        await using var seeder = new TestApp(Database, kestrel: false);
        await seeder.SeedAsync(children: 3);
    }

    public async Task DisposeAsync() => await Database.DisposeAsync();

    /// <summary>
    /// A host with rate limiting on and these settings. Each request reaches it from a proxy on the same machine (trusted,
    /// as in production), so the <c>X-Forwarded-For</c> a visitor sends is its client address.
    /// </summary>
    public TestApp Host(Dictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string> { ["RateLimiting:Enabled"] = "true" };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new TestApp(Database, kestrel: false, settings: all, services: services => services.AddSingleton<IStartupFilter, ThroughLocalProxy>());
    }

    private sealed class ThroughLocalProxy : IStartupFilter
    {
        // The test server gives requests no connection address; a real one would be the proxy's.
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return rest(context);
            });
            next(app);
        };
    }
}

/// <summary>
/// Issue 13, finding 3, retried as the security review did: sign-ins per address and per account, exports at once, the
/// chain check and searches are refused with 429 past their limits, with a page saying to wait; the switch turns it off.
/// </summary>
public sealed class ThrottlingTests(ThrottlingFixture fixture) : IClassFixture<ThrottlingFixture>
{
    private const string WrongPassword = "Wrong-password-123";

    [Fact]
    public async Task Sign_ins_from_one_address_are_refused_past_its_limit_without_counting_a_failure_while_another_address_signs_in()
    {
        await using var app = fixture.Host(new() { ["RateLimiting:SignInPerAddress:PermitLimit"] = "3" });
        var attacker = Visitor(app, "203.0.113.10");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(attacker, $"guess{i}@demo.test", WrongPassword)).StatusCode);
        }

        var refused = await SignInAsync(attacker, Session.Caseworker, WrongPassword);
        var again = await SignInAsync(attacker, Session.Caseworker, DemoSeeder.DemoPassword);

        await AssertWaitPageAsync(refused, "Go to the sign-in page");
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Equal(0, await FailedSignInsAsync(Session.Caseworker));
        await Visitor(app, "198.51.100.20").SignInAsync(Session.Caseworker);

        // Audited once for the address in its window, with the address tried; logged without it.
        await using var db = fixture.Database.CreateContext();
        var audited = await db.AuditEntries.Where(e => e.Action == AuditActions.SignInThrottled && e.ClientIp == "203.0.113.10").ToListAsync();
        var entry = Assert.Single(audited);
        Assert.Equal("address", JsonDocument.Parse(entry.Details).RootElement.GetProperty("limit").GetString());
        Assert.Contains(app.Logs.Events, e => e.Contains("rate limit", StringComparison.Ordinal) && e.Contains("sign-in", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Events, e => e.Contains("caseworker@", StringComparison.OrdinalIgnoreCase) || e.Contains("guess", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sign_ins_to_one_account_are_refused_past_its_limit_from_any_address_and_an_unknown_account_alike()
    {
        await using var app = fixture.Host(new() { ["RateLimiting:SignInPerAccount:PermitLimit"] = "2" });
        var address = 20;
        Session FromNewAddress() => Visitor(app, $"203.0.113.{address++}");
        foreach (var account in new[] { Session.Manager, "nobody.at.all@demo.test" })
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(FromNewAddress(), account, WrongPassword)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(FromNewAddress(), account, WrongPassword)).StatusCode);

            // The same account however it is typed: the address is normalised before it is counted, never looked up.
            var refused = await SignInAsync(FromNewAddress(), "  " + account.ToUpperInvariant() + " ", WrongPassword);
            await AssertWaitPageAsync(refused, "Go to the sign-in page");
        }

        Assert.Equal(2, await FailedSignInsAsync(Session.Manager));
        await FromNewAddress().SignInAsync(Session.OtherOrganisationManager);
    }

    [Fact]
    public async Task An_attempt_its_account_s_limit_refuses_counts_once_against_its_address()
    {
        await using var app = fixture.Host(new() { ["RateLimiting:SignInPerAddress:PermitLimit"] = "3", ["RateLimiting:SignInPerAccount:PermitLimit"] = "1" });
        var visitor = Visitor(app, "203.0.113.90");

        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(visitor, "first.once@demo.test", WrongPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(visitor, "first.once@demo.test", WrongPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(visitor, "second.once@demo.test", WrongPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SignInAsync(visitor, "third.once@demo.test", WrongPassword)).StatusCode);

        await using var db = fixture.Database.CreateContext();
        var limits = await db.AuditEntries.Where(e => e.Action == AuditActions.SignInThrottled && e.ClientIp == "203.0.113.90").Select(e => e.Details).ToListAsync();
        Assert.Equal(["account", "address"], limits.Select(d => JsonDocument.Parse(d).RootElement.GetProperty("limit").GetString()).Order());
    }

    [Fact]
    public async Task With_rate_limiting_switched_off_nothing_is_refused()
    {
        await using var app = fixture.Host(new()
        {
            ["RateLimiting:Enabled"] = "false",
            ["RateLimiting:SignInPerAddress:PermitLimit"] = "1",
            ["RateLimiting:SignInPerAccount:PermitLimit"] = "1",
            ["RateLimiting:Search:PermitLimit"] = "1",
        });
        var visitor = Visitor(app, "203.0.113.40");
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(visitor, "nobody.again@demo.test", WrongPassword)).StatusCode);
        }

        await visitor.SignInAsync(Session.Caseworker);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await visitor.Client.GetAsync("/children?q=abc")).StatusCode);
        }
    }

    [Fact]
    public async Task A_limit_that_makes_no_sense_stops_the_app_naming_the_setting()
    {
        await using var app = fixture.Host(new() { ["RateLimiting:SignInPerAccount:PermitLimit"] = "0" });

        var refused = Record.Exception(() => app.CreateClient());
        Assert.Contains("RateLimiting:SignInPerAccount needs PermitLimit", refused?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eleven_exports_at_once_by_one_auditor_run_two_and_refuse_the_rest()
    {
        await using var app = fixture.Host();
        var auditor = Visitor(app, "203.0.113.50");
        await auditor.SignInAsync(Session.Auditor);
        var (_, page) = await auditor.GetPageAsync("/exports");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        // Exports that have started wait on this lock, holding their places, until every other has been answered.
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE placements IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        var exports = Enumerable.Range(0, 11).Select(_ => auditor.Client.PostAsync("/exports", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Form.Dataset"] = "placements", ["Form.Format"] = "xlsx", ["Form.Organisation"] = "NSC", ["__RequestVerificationToken"] = token,
        }))).ToList();
        var refusedBeforeRelease = 0;
        for (var waited = 0; waited < 600 && (refusedBeforeRelease = exports.Count(e => e.IsCompletedSuccessfully && e.Result.StatusCode == HttpStatusCode.TooManyRequests)) < 9; waited++)
        {
            await Task.Delay(50);
        }

        await transaction.CommitAsync();
        var answers = await Task.WhenAll(exports);

        Assert.Equal(9, refusedBeforeRelease);
        Assert.Equal(2, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        await AssertWaitPageAsync(answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests), "Go to your start page");
        Assert.Equal(HttpStatusCode.OK, (await auditor.ExportAsync(new() { ["Dataset"] = "placements", ["Format"] = "xlsx" })).StatusCode);
    }

    [Fact]
    public async Task The_chain_check_is_shared_for_a_minute_and_refused_past_its_limit()
    {
        await using var app = fixture.Host(new() { ["RateLimiting:AuditVerify:PermitLimit"] = "3" });
        var auditor = Visitor(app, "203.0.113.60");
        await auditor.SignInAsync(Session.Auditor);

        var first = await auditor.GetPageAsync("/audit/verify");
        var second = await auditor.GetPageAsync("/audit/verify");
        var third = await auditor.GetPageAsync("/audit/verify");
        var refused = await auditor.Client.GetAsync("/audit/verify");

        Assert.All(new[] { first, second, third }, p => Assert.Equal(HttpStatusCode.OK, p.Status));
        var ranAt = first.Page.QuerySelector("[data-testid=checked-at]")!.TextContent;
        Assert.DoesNotContain("shown again", ranAt, StringComparison.Ordinal);
        Assert.Contains("shown again", second.Page.QuerySelector("[data-testid=checked-at]")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith(ranAt.Trim()[..30], second.Page.QuerySelector("[data-testid=checked-at]")!.TextContent.Trim(), StringComparison.Ordinal);
        await AssertWaitPageAsync(refused, "Go to your start page");

        // Every check shown is audited; one ran.
        await using var db = fixture.Database.CreateContext();
        var auditorId = await app.UserIdAsync(Session.Auditor);
        var checks = await db.AuditEntries.Where(e => e.Action == AuditActions.ChainVerified && e.ActorId == auditorId).Select(e => e.Details).ToListAsync();
        Assert.Equal(3, checks.Count);
        Assert.Equal(2, checks.Count(d => d.Contains("reused_from", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Caseload_searches_are_refused_past_their_limit_but_the_caseload_itself_is_not()
    {
        await using var app = fixture.Host(new() { ["RateLimiting:Search:PermitLimit"] = "2" });
        var caseworker = Visitor(app, "203.0.113.70");
        await caseworker.SignInAsync(Session.Caseworker);

        Assert.Equal(HttpStatusCode.OK, (await caseworker.Client.GetAsync("/children?q=sam")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.Client.GetAsync("/children?q=TC-000001")).StatusCode);
        var refused = await caseworker.Client.GetAsync("/children?q=amu");

        await AssertWaitPageAsync(refused, "Go to your start page");
        Assert.Equal(HttpStatusCode.OK, (await caseworker.Client.GetAsync("/children")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.Client.GetAsync("/children?flagged=true")).StatusCode);
        var manager = Visitor(app, "203.0.113.70");
        await manager.SignInAsync(Session.Manager);
        Assert.Equal(HttpStatusCode.OK, (await manager.Client.GetAsync("/children?q=sam")).StatusCode);
    }

    [Fact]
    public async Task Searches_for_the_same_child_across_organisations_are_refused_past_their_limit_but_a_confirmed_registration_is_not()
    {
        await using var app = fixture.Host(new() { ["RateLimiting:CandidateSearch:PermitLimit"] = "1" });
        var caseworker = Visitor(app, "203.0.113.80");
        await caseworker.SignInAsync(Session.Caseworker);
        var child = new Dictionary<string, string>
        {
            ["Form.GivenNames"] = "Throttle", ["Form.FamilyName"] = "Searchfamily", ["Form.DateOfBirth"] = "2010-04-02",
            ["Form.DobPrecision"] = "Exact", ["Form.Gender"] = "Male", ["Form.Nationalities"] = "ALB",
        };

        var searched = await caseworker.PostFormAsync("/children/new", "/children/new", child);
        var refused = await caseworker.PostFormAsync("/children/new", "/children/new", child);

        Assert.NotEqual(HttpStatusCode.TooManyRequests, searched.StatusCode);
        await AssertWaitPageAsync(refused, "Go to your start page");
        await caseworker.RegisterChildAsync("Throttle", "Confirmedfamily");
    }

    private static Session Visitor(TestApp app, string address)
    {
        var session = new Session(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        session.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return session;
    }

    private static Task<HttpResponseMessage> SignInAsync(Session session, string email, string password) =>
        session.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = password });

    /// <summary>A 429 with Retry-After and the GOV.UK page saying to wait, with the way on.</summary>
    private static async Task AssertWaitPageAsync(HttpResponseMessage response, string wayOn)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var seconds = response.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.True(seconds is >= 1, $"Retry-After was {response.Headers.RetryAfter}");
        var page = Session.Parse(await Session.Body(response));
        Assert.Equal("Wait, then try again", page.QuerySelector("h1.govuk-heading-l")?.TextContent);
        Assert.StartsWith("Try again in ", page.QuerySelector("[data-testid=retry-after]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(wayOn, page.QuerySelector("main a.govuk-link, .govuk-grid-column-two-thirds a.govuk-link")?.TextContent);
    }

    private async Task<int> FailedSignInsAsync(string email)
    {
        await using var db = fixture.Database.CreateContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.AccessFailedCount).SingleAsync();
    }
}
