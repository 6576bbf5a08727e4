using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using TraffickingCases.Domain.Common;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

/// <summary>The child's page as a caseworker works it at a desk and on a phone: key facts, filter, chronology, print (issue 14).</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChildPageJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280, 800)]
    [InlineData(390, 844)]
    public async Task A_caseworker_sees_the_key_facts_first_filters_the_timeline_opens_the_chronology_and_prints(int width, int height)
    {
        var child = await MissingChildAsync($"Journeyfacts{width}");
        var page = await fixture.SignedInPageAsync(Session.Caseworker);
        await page.SetViewportSizeAsync(width, height);

        await page.GotoAsync(child);
        await Assertions.Expect(page.GetByTestId("missing-now")).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByTestId("header-risk")).ToBeInViewportAsync();
        await Assertions.Expect(page.GetByTestId("header-nrm")).ToContainTextAsync("Conclusive Grounds pending, 102 days");
        await Assertions.Expect(page.GetByTestId("header-placement")).ToContainTextAsync("Foster care, Bradford");
        await Assertions.Expect(page.GetByTestId("header-guardian")).ToContainTextAsync("Referred");
        var facts = await page.GetByTestId("key-facts").BoundingBoxAsync();
        var firstButton = await page.GetByRole(AriaRole.Button, new() { Name = "Add a referral" }).BoundingBoxAsync();
        Assert.True(facts!.Y < firstButton!.Y, "the key facts come before the buttons");
        if (width >= 1280)
        {
            await Assertions.Expect(page.GetByTestId("header-age")).ToBeInViewportAsync();
        }

        await AssertNoSidewaysScrollAsync(page);
        await BrowserFixture.AssertAccessibleAsync(page);

        // The timeline, filtered to missing episodes: a GET form, so the filter is in the address.
        await page.GetByText("Filter the timeline").ClickAsync();
        foreach (var kind in new[] { "Referrals", "Decisions", "Placements", "Support", "Notes" })
        {
            await page.GetByLabel(kind, new() { Exact = true }).UncheckAsync();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Filter timeline" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("kind=missing"));
        var items = page.GetByTestId("timeline").Locator(".moj-timeline__item");
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(items.First).ToHaveAttributeAsync("data-kind", "missing");
        await AssertNoSidewaysScrollAsync(page);
        await BrowserFixture.AssertAccessibleAsync(page);

        // Printing the page prints the record, not the interface.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add a referral" })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".moj-sub-navigation")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".govuk-footer")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("timeline-filter")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("key-facts")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("timeline")).ToBeVisibleAsync();
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.GetByTestId("chronology-link").ClickAsync();
        await page.WaitForURLAsync("**/chronology");
        await Assertions.Expect(page.GetByTestId("protective-marking")).ToHaveTextAsync("OFFICIAL-SENSITIVE");
        var rows = page.GetByTestId("chronology").Locator("tbody tr");
        await Assertions.Expect(rows.First).ToContainTextAsync("NRM referral (first)");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeVisibleAsync();
        await AssertNoSidewaysScrollAsync(page);
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".govuk-back-link")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".moj-sub-navigation")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("chronology")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("protective-marking")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{page.Url} scrolls sideways by {overflow} pixels");
    }

    /// <summary>A child waiting for a CG decision, in foster care, referred for a guardian, and missing for two hours.</summary>
    private async Task<string> MissingChildAsync(string family)
    {
        var session = new Session(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() })
        {
            BaseAddress = fixture.App.BaseAddress,
        });
        await session.SignInAsync(Session.Caseworker);
        var today = UkCalendar.DateOf(DateTimeOffset.UtcNow);
        string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var child = await session.RegisterChildAsync("Drilon", family, "2010-06-01");
        Expect(await session.AddReferralAsync(child, Iso(today.AddDays(-102)), extra: new()
        {
            ["Form.RgOutcome"] = "Positive",
            ["Form.RgDecisionDate"] = Iso(today.AddDays(-60)),
        }));
        Expect(await session.PostFormAsync($"{child}/placements/new", $"{child}/placements/new", new()
        {
            ["Form.Type"] = "Foster",
            ["Form.StartDate"] = Iso(today.AddDays(-20)),
            ["Form.Area"] = "Bradford",
        }));
        Expect(await session.PostFormAsync($"{child}/support/new", $"{child}/support/new", new()
        {
            ["Form.Type"] = "Ictg",
            ["Form.RequestedOn"] = Iso(today.AddDays(-5)),
        }));
        Expect(await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = UkCalendar.ToLondon(DateTimeOffset.UtcNow.AddHours(-2)).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
            ["Form.WhereaboutsKnown"] = "false",
        }));
        Expect(await session.AddNoteAsync(child, "Police informed; Philomena profile shared."));
        return child;
    }

    private static void Expect(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"answered {(int)response.StatusCode}");
}
