using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using TraffickingCases.Domain.Common;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class DashboardJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task A_manager_opens_the_dashboard_sees_the_charts_drawn_and_follows_missing_now_to_the_child(int width, int height)
    {
        var family = $"Dashjourney{width}";
        var child = await MissingChildAsync(family);

        var page = await fixture.SignedInPageAsync(Session.Manager);
        await page.SetViewportSizeAsync(width, height);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add(error);

        if (width >= 1000)
        {
            await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/dashboard");
        }
        else
        {
            await page.GotoAsync("/dashboard");
        }

        // Chart.js ran: each trend has a canvas with a size, and its table is one click away.
        var canvas = page.Locator("[data-chart-for=trend-referrals] canvas");
        await Assertions.Expect(canvas).ToBeVisibleAsync();
        var box = await canvas.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Width > 100 && box.Height > 100, $"the chart is {box.Width} by {box.Height}");
        await Assertions.Expect(page.Locator("[data-chart-for] canvas")).ToHaveCountAsync(4);
        await page.GetByText("Show the figures as a table").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("trend-referrals")).ToBeVisibleAsync();
        Assert.True(problems.Count == 0, $"the console had: {string.Join(" | ", problems)}");
        await BrowserFixture.AssertAccessibleAsync(page);

        // Nothing but the tables' own boxes scrolls sideways.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"the page scrolls sideways by {overflow} px at {width} px");

        await page.Locator("[data-number=missing-now] a").ClickAsync();
        await page.WaitForURLAsync("**/children?missing=now");
        await Assertions.Expect(page.GetByTestId("caseload").Locator("tbody tr").Filter(new() { HasText = family })).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("caseload").Locator($"a[href='{child}']")).ToHaveCountAsync(1);
        Assert.True(problems.Count == 0, $"the console had: {string.Join(" | ", problems)}");
    }

    private async Task<string> MissingChildAsync(string family)
    {
        var session = new Session(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = fixture.App.BaseAddress,
        });
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Ilir", family, "2010-02-02");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = UkCalendar.ToLondon(DateTimeOffset.UtcNow.AddHours(-1)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);
        return child;
    }
}
