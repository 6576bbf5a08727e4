using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>
/// Issue 13, finding 8, retried as the security review did, against a Kestrel host with HTTPS required (the production
/// default) behind a TLS proxy on the same machine: the proxy says https in X-Forwarded-Proto.
/// </summary>
public sealed class TransportSecurityTests : IAsyncLifetime
{
    private const string Host = "cases.example";

    private TestDatabase _database = null!;
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new TestApp(_database, kestrel: true, settings: new Dictionary<string, string>
        {
            ["Security:RequireHttps"] = "true",
            ["AllowedHosts"] = $"{Host};localhost;127.0.0.1",
            // As an environment variable gives it: one value, commas between networks.
            ["Security:KnownNetworks"] = "10.0.0.0/8, 192.168.0.0/16",
        });
        _app.StartKestrel();
        await _app.SeedAsync(children: 0);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    private HttpClient Client() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = _app.BaseAddress };

    private static HttpRequestMessage Request(HttpMethod method, string path, string? cookies = null, bool viaProxy = true, string host = Host)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        if (viaProxy)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }

        if (cookies is not null)
        {
            request.Headers.Add("Cookie", cookies);
        }

        return request;
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https_but_the_health_probes_answer()
    {
        using var client = Client();

        var page = await client.SendAsync(Request(HttpMethod.Get, "/sign-in", viaProxy: false));
        var probe = await client.SendAsync(Request(HttpMethod.Get, "/health/live", viaProxy: false));

        Assert.Equal(HttpStatusCode.PermanentRedirect, page.StatusCode);
        Assert.Equal($"https://{Host}/sign-in", page.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
    }

    [Fact]
    public async Task Through_the_proxy_pages_carry_HSTS_and_no_server_banner_and_a_forged_host_is_refused()
    {
        using var client = Client();

        var page = await client.SendAsync(Request(HttpMethod.Get, "/sign-in"));
        var forged = await client.SendAsync(Request(HttpMethod.Get, "/sign-in", host: "attacker.example"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.StartsWith("max-age=31536000", string.Join(",", page.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("Server"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Null(forged.Headers.Location);
    }

    [Fact]
    public async Task The_session_and_antiforgery_cookies_are_host_bound_and_secure_and_the_audit_records_the_client_s_address()
    {
        using var client = Client();
        var form = await client.SendAsync(Request(HttpMethod.Get, "/sign-in"));
        var antiforgery = Assert.Single(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-tc_antiforgery=", StringComparison.Ordinal));
        AssertHostBound(antiforgery);
        var token = new HtmlParser().ParseDocument(await form.Content.ReadAsStringAsync())
            .QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var signIn = Request(HttpMethod.Post, "/sign-in", cookies: antiforgery.Split(';')[0]);
        signIn.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = Session.Caseworker, ["Password"] = DemoSeeder.DemoPassword, ["__RequestVerificationToken"] = token,
        });
        var signedIn = await client.SendAsync(signIn);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-tc_session=", StringComparison.Ordinal));
        AssertHostBound(session);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Request(HttpMethod.Get, "/children", cookies: session.Split(';')[0]))).StatusCode);
        // The proxy's X-Forwarded-For, from a proxy on this machine, is the client's address; not the proxy's own.
        await using var db = _database.CreateContext();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.ClientIp == "203.0.113.7"), "the audit trail records the client's address");
    }

    private static void AssertHostBound(string setCookie)
    {
        var attributes = setCookie.Split(';').Select(a => a.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("path=/", attributes);
        Assert.DoesNotContain(attributes, a => a.StartsWith("domain=", StringComparison.Ordinal));
        Assert.Contains("httponly", attributes);
    }
}
