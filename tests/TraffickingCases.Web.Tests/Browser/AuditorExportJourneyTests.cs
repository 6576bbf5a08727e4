using Microsoft.Playwright;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AuditorExportJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task An_auditor_downloads_a_pseudonymised_csv_of_referrals_and_reads_the_statistics()
    {
        var page = await fixture.SignedInPageAsync(Session.Auditor);
        await page.GetByRole(AriaRole.Link, new() { Name = "Exports", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/exports");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByLabel("NRM referrals").CheckAsync();
        await page.GetByLabel("CSV (opens in any spreadsheet)").CheckAsync();
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download export" }).ClickAsync());

        Assert.Matches(@"^referrals-pseudonymised-\d{4}-\d{2}-\d{2}\.csv$", download.SuggestedFilename);
        var path = await download.PathAsync();
        var rows = await ExportFiles.ReadCsvAsync(await File.ReadAllBytesAsync(path));
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Matches("^P[0-9A-F]{16}$", r["child_pseudonym"]));
        Assert.DoesNotContain("family_name", rows[0].Keys);
        Assert.DoesNotContain("date_of_birth", rows[0].Keys);

        // An identifiable export without a justification or password comes back with the errors beside the fields.
        await page.GetByLabel("Include names, aliases, dates of birth, free text and police references").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Download export" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter why you need names");
        await Assertions.Expect(page.Locator("#Form_Password-error")).ToContainTextAsync("Enter your password");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Statistics", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/statistics");
        await Assertions.Expect(page.GetByTestId("statistics-children-referred")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
    }
}
