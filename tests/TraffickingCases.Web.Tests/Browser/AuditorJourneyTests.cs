using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AuditorJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_auditor_filters_the_audit_trail_to_views_of_a_child_and_opens_the_childs_access_log()
    {
        var caseworker = new Session(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = fixture.App.BaseAddress,
        });
        await caseworker.SignInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Audited", "Browserchild", "2009-06-07");
        var (status, childPage) = await caseworker.GetPageAsync(child);
        Assert.Equal(HttpStatusCode.OK, status);
        var reference = childPage.QuerySelector(".govuk-caption-l")!.TextContent.Trim();

        var page = await fixture.SignedInPageAsync(Session.Auditor);
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit trail", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/audit");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByLabel("Child reference").FillAsync(reference);
        await page.GetByLabel("Action").SelectOptionAsync("viewed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search the audit trail" }).ClickAsync();
        await page.WaitForURLAsync("**/audit?*");
        var rows = page.GetByTestId("audit-entries").Locator("tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync("Sam Carter");
        Assert.All(await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.action)"), action => Assert.Equal("viewed", action));
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByTestId("verify-chain").ClickAsync();
        await Assertions.Expect(page.GetByTestId("chain-result")).ToContainTextAsync("entries verified");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GotoAsync(child);
        await page.GetByTestId("access-log").ClickAsync();
        await page.WaitForURLAsync("**/access");
        var entries = page.GetByTestId("audit-entries");
        await Assertions.Expect(entries.Locator("tbody tr[data-action='created']")).ToContainTextAsync("Sam Carter");
        await Assertions.Expect(entries.Locator("tbody tr[data-action='viewed']").First).ToContainTextAsync("Alex Morgan");
        await BrowserFixture.AssertAccessibleAsync(page);

        // Over a real connection the entries carry the client's address.
        await using var db = fixture.Database.CreateContext();
        var signIn = await db.AuditEntries.Where(e => e.Action == "signed_in" && e.ActorName == "Alex Morgan").OrderByDescending(e => e.Sequence).FirstAsync();
        Assert.False(string.IsNullOrEmpty(signIn.ClientIp));
        Assert.False(string.IsNullOrEmpty(signIn.CorrelationId));
    }
}
