using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed partial class ServerTimingTests(AppFixture fixture)
{
    [Fact]
    public async Task With_server_timing_on_pages_and_saves_say_how_long_they_spent_in_the_database()
    {
        await using var app = new TestApp(fixture.Database, kestrel: false, settings: new Dictionary<string, string> { ["Diagnostics:ServerTiming"] = "true" });
        var session = new Session(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Timingchild", "Servertiming", "2011-05-06");

        var caseload = await session.Client.GetAsync("/children?q=Servertiming");
        var page = await session.Client.GetAsync(child);
        var save = await session.PostFormAsync($"{child}/notes/new", $"{child}/notes/new", new() { ["Form.Text"] = "Timed note" });

        Assert.Equal(HttpStatusCode.OK, caseload.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        foreach (var response in new[] { caseload, page, save })
        {
            var value = Assert.Single(response.Headers.GetValues("Server-Timing"));
            var match = TimingPattern().Match(value);
            Assert.True(match.Success, $"unexpected Server-Timing: {value}");
            var db = double.Parse(match.Groups["db"].Value, CultureInfo.InvariantCulture);
            var total = double.Parse(match.Groups["app"].Value, CultureInfo.InvariantCulture);
            Assert.True(int.Parse(match.Groups["commands"].Value, CultureInfo.InvariantCulture) > 0, value);
            Assert.True(db > 0 && db <= total, value);
        }
    }

    [Fact]
    public async Task Without_the_setting_no_response_says_how_long_it_took()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);

        var response = await session.Client.GetAsync("/children");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server-Timing"));
    }

    [GeneratedRegex("""^db;dur=(?<db>\d+\.\d);desc="(?<commands>\d+) commands", app;dur=(?<app>\d+\.\d)$""")]
    private static partial Regex TimingPattern();
}
