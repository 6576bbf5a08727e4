using System.Net;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class LoggingTests(AppFixture fixture)
{
    [Fact]
    public async Task Logs_never_hold_a_childs_name_date_of_birth_or_notes()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Zyxwonder", "Qwertyfamily", "2009-12-31");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, "2024-06-01")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync($"{child}/notes/new", $"{child}/notes/new", new() { ["Form.Text"] = "Confidentialnotetext seen" })).StatusCode);
        await session.GetPageAsync("/children?q=Qwertyfamily");
        await session.GetPageAsync(child);

        var logs = fixture.App.Logs.Events;
        Assert.Contains(logs, e => e.Contains("registered as", StringComparison.Ordinal));
        foreach (var secret in new[] { "Zyxwonder", "Qwertyfamily", "2009-12-31", "31/12/2009", "31 December 2009", "Confidentialnotetext" })
        {
            Assert.DoesNotContain(logs, e => e.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
