using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

/// <summary>Correcting mistakes and supervision in the browser, at desktop and phone widths, axe-clean on every page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CorrectionsJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_caseworker_marks_a_note_as_entered_in_error_and_moves_a_placement_to_the_right_child(int width)
    {
        var session = await CaseworkerSession();
        var from = await session.RegisterChildAsync("Petrit", $"Corrfrom{width}", "2010-02-03");
        var to = await session.RegisterChildAsync("Shpend", $"Corrto{width}", "2011-04-05");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddNoteAsync(from, "Seen at the bus station with an older man")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync($"{from}/placements/new", $"{from}/placements/new", new()
        {
            ["Form.Type"] = "Foster",
            ["Form.StartDate"] = DateTime.UtcNow.AddDays(-20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        })).StatusCode);
        await using var db = fixture.Database.CreateContext();
        var toId = Guid.Parse(to.Split('/')[^1]);
        var toReference = await db.Children.Where(c => c.Id == toId).Select(c => c.Reference).SingleAsync();

        var page = await fixture.SignedInPageAsync(Session.Caseworker);
        await page.SetViewportSizeAsync(width, 900);
        await page.GotoAsync(from);
        var note = page.Locator(".moj-timeline__item[data-kind=note]");
        await note.GetByRole(AriaRole.Link, new() { Name = "Mark as entered in error" }).ClickAsync();
        await page.WaitForURLAsync("**/records/notes/*/entered-in-error");
        await Assertions.Expect(page.GetByTestId("correction-record")).ToContainTextAsync("Seen at the bus station");
        await AssertFitsAsync(page, width);
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Mark as entered in error" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter why this record was entered in error");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Why was it entered in error?").FillAsync("Written on the wrong child's record");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark as entered in error" }).ClickAsync();
        await page.WaitForURLAsync($"**{from}");
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("marked as entered in error");
        await Assertions.Expect(note).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("app-entered-in-error"));
        await Assertions.Expect(note.GetByTestId("entered-in-error")).ToContainTextAsync("Written on the wrong child's record");
        await Assertions.Expect(note.GetByRole(AriaRole.Link, new() { Name = "Mark as entered in error" })).ToHaveCountAsync(0);
        await AssertFitsAsync(page, width);
        await BrowserFixture.AssertAccessibleAsync(page);

        var placement = page.Locator(".moj-timeline__item[data-kind=placement]");
        await placement.GetByRole(AriaRole.Link, new() { Name = "Move to another child" }).ClickAsync();
        await page.WaitForURLAsync("**/records/placements/*/move");
        await AssertFitsAsync(page, width);
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Reference of the child it belongs to").FillAsync("TC-999999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Form_TargetReference-error")).ToContainTextAsync("No child of your organisation has the reference TC-999999");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Reference of the child it belongs to").FillAsync(toReference);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("move-target-name")).ToContainTextAsync($"Shpend Corrto{width}");
        await AssertFitsAsync(page, width);
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Move to {toReference}" }).ClickAsync();
        await page.WaitForURLAsync($"**{from}");
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync($"moved to {toReference}");
        await Assertions.Expect(page.Locator(".moj-timeline__item[data-kind=placement]")).ToHaveCountAsync(0);

        await page.GotoAsync(to);
        await Assertions.Expect(page.Locator(".moj-timeline__item[data-kind=placement]")).ToContainTextAsync("Foster care", new() { IgnoreCase = true });
        await AssertFitsAsync(page, width);
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_manager_records_supervision_with_the_next_review_date(int width)
    {
        var session = await CaseworkerSession();
        var child = await session.RegisterChildAsync("Vesa", $"Supervised{width}", "2010-02-03");

        var page = await fixture.SignedInPageAsync(Session.Manager);
        await page.SetViewportSizeAsync(width, 900);
        await page.GotoAsync(child);
        await Assertions.Expect(page.GetByTestId("supervision-summary")).ToContainTextAsync("No supervision recorded yet");
        await page.GetByTestId("supervision-summary").GetByRole(AriaRole.Link, new() { Name = "Record supervision" }).ClickAsync();
        await page.WaitForURLAsync("**/supervision");
        await AssertFitsAsync(page, width);
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save supervision note" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter what was discussed and decided in supervision");
        await Assertions.Expect(page.Locator("#Form_ReviewDay-error")).ToContainTextAsync("Enter the date of the next supervision review");
        await AssertFitsAsync(page, width);
        await BrowserFixture.AssertAccessibleAsync(page);

        var review = DateTime.UtcNow.AddDays(30);
        await page.GetByLabel("What was discussed and decided").FillAsync("Safety plan reviewed; ICTG referral to be chased by Friday");
        await page.GetByLabel("Day").FillAsync(review.Day.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Month").FillAsync(review.Month.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Year").FillAsync(review.Year.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save supervision note" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("Supervision recorded");
        await Assertions.Expect(page.GetByTestId("supervision-notes")).ToContainTextAsync("Safety plan reviewed");
        await AssertFitsAsync(page, width);
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GotoAsync(child);
        await Assertions.Expect(page.GetByTestId("supervision-summary")).ToContainTextAsync("Safety plan reviewed");
        await Assertions.Expect(page.GetByTestId("supervision-review")).ToContainTextAsync("Next supervision review by");
        await AssertFitsAsync(page, width);
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    /// <summary>The page does not scroll sideways at this width.</summary>
    private static async Task AssertFitsAsync(IPage page, int width)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"{page.Url} is {scrollWidth} px wide at a viewport of {width} px");
    }

    private async Task<Session> CaseworkerSession()
    {
        // The app runs on a real port here, so a plain HttpClient talks to it.
        var session = new Session(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = fixture.App.BaseAddress,
        });
        await session.SignInAsync(Session.Caseworker);
        return session;
    }
}
