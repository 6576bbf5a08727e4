using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class NotificationsJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_caseworker_sees_the_count_in_the_header_opens_the_list_follows_a_child_and_marks_all_read_at_390_and_1280_pixels()
    {
        var child = await ChildWithHighFlagAsync("Notifyjourney");
        await fixture.App.NotifyAsync();

        // At 390 pixels: the count, the list and the child's page, without sideways scrolling.
        var narrow = await SignedInPageAsync(Session.Caseworker, 390, 844);
        await Assertions.Expect(narrow.GetByTestId("notification-count")).ToBeVisibleAsync();
        await narrow.GetByTestId("notifications-link").ClickAsync();
        await narrow.WaitForURLAsync("**/notifications");
        await Assertions.Expect(narrow.GetByTestId("notifications")).ToContainTextAsync(child.Reference);
        await AssertNoSidewaysScrollAsync(narrow);
        await BrowserFixture.AssertAccessibleAsync(narrow);
        await narrow.GetByTestId("notifications").GetByRole(AriaRole.Link, new() { Name = child.Reference }).First.ClickAsync();
        await Assertions.Expect(narrow).ToHaveURLAsync(new Regex($"{Regex.Escape(child.Path)}$"));
        await narrow.Context.CloseAsync();

        // At 1280 pixels: the same, then mark all read and the count is gone.
        var page = await SignedInPageAsync(Session.Caseworker, 1280, 900);
        await Assertions.Expect(page.GetByTestId("notification-count")).ToBeVisibleAsync();
        await page.GetByTestId("notifications-link").ClickAsync();
        await page.WaitForURLAsync("**/notifications");
        await BrowserFixture.AssertAccessibleAsync(page);
        var item = page.GetByTestId("notifications").Locator("li", new() { HasText = child.Reference });
        await Assertions.Expect(item).ToContainTextAsync("High flag raised");
        await Assertions.Expect(item).ToContainTextAsync("MANUAL");
        await item.GetByRole(AriaRole.Link, new() { Name = child.Reference }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(child.Path)}$"));
        await page.GotoAsync("/notifications");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark all as read" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("marked as read");
        await Assertions.Expect(page.GetByTestId("notification-count")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("unread-summary")).ToHaveTextAsync("You have no unread notifications.");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    private sealed record FlaggedChild(string Path, string Reference);

    private async Task<FlaggedChild> ChildWithHighFlagAsync(string family)
    {
        // The app runs on a real port here, so a plain HttpClient talks to it.
        var session = new Session(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = fixture.App.BaseAddress,
        });
        await session.SignInAsync(Session.Caseworker);
        var path = await session.RegisterChildAsync("Rosamund", family);
        var id = Guid.Parse(path.Split('/')[^1]);
        var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
        await using var db = fixture.Database.CreateContext();
        await db.Children.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AssignedCaseworkerId, caseworkerId));
        var raised = await session.PostFormAsync(path, $"{path}/flags", new() { ["Flag.Severity"] = "High", ["Flag.Message"] = "Seen at the station late at night" });
        Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
        return new FlaggedChild(path, await db.Children.Where(c => c.Id == id).Select(c => c.Reference).SingleAsync());
    }

    private async Task<IPage> SignedInPageAsync(string email, int width, int height)
    {
        var page = await fixture.SignedInPageAsync(email);
        await page.SetViewportSizeAsync(width, height);
        await page.ReloadAsync();
        return page;
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var (scroll, viewport) = (await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("() => window.innerWidth"));
        Assert.True(scroll <= viewport, $"{page.Url} is {scroll} pixels wide in a {viewport}-pixel window");
    }
}
