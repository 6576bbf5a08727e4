using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

/// <summary>Filling in GOV.UK date inputs and the nationality autocomplete, the way a person does in a browser.</summary>
public static class FormFilling
{
    /// <summary>Types a date (and a time) into the boxes of the date input whose legend is <paramref name="legend"/>.</summary>
    public static async Task FillDateAsync(this IPage page, string legend, string day, string month, string year, string? hour = null, string? minute = null)
    {
        var group = page.GetByRole(AriaRole.Group, new() { Name = legend, Exact = true });
        await group.GetByLabel("Day", new() { Exact = true }).FillAsync(day);
        await group.GetByLabel("Month", new() { Exact = true }).FillAsync(month);
        await group.GetByLabel("Year", new() { Exact = true }).FillAsync(year);
        if (hour is not null)
        {
            await group.GetByLabel("Hour", new() { Exact = true }).FillAsync(hour);
            await group.GetByLabel("Minute", new() { Exact = true }).FillAsync(minute ?? "00");
        }
    }

    /// <summary>Types the start of a nationality into its autocomplete and chooses the suggestion.</summary>
    public static async Task ChooseNationalityAsync(this IPage page, string typed, string name, string label = "Nationality")
    {
        var box = page.GetByRole(AriaRole.Combobox, new() { Name = label, Exact = true });
        await box.FillAsync(typed);
        await page.GetByRole(AriaRole.Option, new() { Name = name, Exact = true }).ClickAsync();
    }

    /// <summary>Answers a yes-or-no question by its legend.</summary>
    public static Task AnswerAsync(this IPage page, string question, string answer) =>
        page.GetByRole(AriaRole.Group, new() { Name = question, Exact = true }).GetByLabel(answer, new() { Exact = true }).CheckAsync();
}

[Collection(BrowserCollection.Name)]
public sealed class FormsJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(390)]
    public async Task A_caseworker_types_dates_as_day_month_year_chooses_Albanian_by_typing_and_records_a_missing_episode_with_its_time(int width)
    {
        var page = await fixture.SignedInPageAsync(Session.Caseworker);
        await page.SetViewportSizeAsync(width, 900);
        await page.GotoAsync("/children/new");
        await BrowserFixture.AssertAccessibleAsync(page);
        await Assertions.Expect(page.Locator("input[name='Form.DobPrecision']:checked")).ToHaveCountAsync(0);

        await page.GetByLabel("Given names").FillAsync($"Ardit{width}");
        await page.GetByLabel("Family name").FillAsync("Formsjourney");
        await page.FillDateAsync("Date of birth (optional)", "4", "3", "2010");
        await page.GetByLabel("Exact", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Male", new() { Exact = true }).CheckAsync();
        await page.ChooseNationalityAsync("Alb", "Albanian");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register child" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/children/[0-9a-f-]{36}$"));
        var childUrl = page.Url;
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("4 March 2010");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Albanian (ALB)");
        await AssertNoSidewaysScrollAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Record a missing episode" }).ClickAsync();
        await page.WaitForURLAsync("**/missing-episodes/new");
        // The police questions are revealed by the answer "Yes", not before.
        await Assertions.Expect(page.GetByLabel("Police reference (optional)")).ToBeHiddenAsync();
        await page.FillDateAsync("When did the child go missing?", "1", "7", "2024", "21", "30");
        await page.GetByLabel("Missing: whereabouts not known").CheckAsync();
        await page.AnswerAsync("Has the child come back?", "No");
        await page.AnswerAsync("Has the child been reported missing to the police?", "Yes");
        await page.GetByLabel("Police reference (optional)").FillAsync("MP/24/7788");
        await BrowserFixture.AssertAccessibleAsync(page);
        await AssertNoSidewaysScrollAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record missing episode" }).ClickAsync();
        await page.WaitForURLAsync(childUrl);
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("1 July 2024, 21:30");
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("MP/24/7788");
    }

    [Fact]
    public async Task The_error_summary_lists_problems_in_field_order_and_its_link_moves_to_the_box_at_fault()
    {
        var page = await fixture.SignedInPageAsync(Session.Caseworker);
        await page.GotoAsync("/children/new");
        await page.FillDateAsync("Date of birth (optional)", "31", "2", "2010");
        await page.GetByLabel("Exact", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register child" }).ClickAsync();

        var links = page.Locator(".govuk-error-summary a");
        await Assertions.Expect(links).ToHaveTextAsync([new Regex("name", RegexOptions.IgnoreCase), new Regex("Date of birth must be a real date"), new Regex("gender")]);
        await Assertions.Expect(page.Locator("#Form_DateOfBirth-day")).ToHaveClassAsync(new Regex("govuk-input--error"));
        await Assertions.Expect(page.Locator("#Form_DateOfBirth-day")).ToHaveValueAsync("31");
        await BrowserFixture.AssertAccessibleAsync(page);

        await links.Nth(1).ClickAsync();
        await Assertions.Expect(page.Locator("#Form_DateOfBirth-day")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Every_main_page_fits_390_pixels_without_sideways_scrolling_and_passes_axe()
    {
        var caseworker = await fixture.SignedInPageAsync(Session.Caseworker);
        await caseworker.SetViewportSizeAsync(390, 844);
        await caseworker.GotoAsync("/children");
        var child = await caseworker.GetByTestId("caseload").Locator("tbody tr a").First.GetAttributeAsync("href");
        foreach (var path in new[] { "/rules", "/children", child!, "/children/new", $"{child}/referrals/new", $"{child}/missing-episodes/new", $"{child}/placements/new", $"{child}/support/new", $"{child}/notes/new" })
        {
            await caseworker.GotoAsync(path);
            await AssertNoSidewaysScrollAsync(caseworker);
            await BrowserFixture.AssertAccessibleAsync(caseworker);
        }

        // The header is plain text for the signed-in name, and reads as the service's name.
        await Assertions.Expect(caseworker.Locator(".moj-header__link--organisation-name")).ToHaveTextAsync("Trafficking cases");

        var manager = await fixture.SignedInPageAsync(Session.Manager);
        await manager.SetViewportSizeAsync(390, 844);
        foreach (var path in new[] { "/flags", "/matches", "/statistics" })
        {
            await manager.GotoAsync(path);
            await AssertNoSidewaysScrollAsync(manager);
            await BrowserFixture.AssertAccessibleAsync(manager);
        }

        var auditor = await fixture.SignedInPageAsync(Session.Auditor);
        await auditor.SetViewportSizeAsync(390, 844);
        foreach (var path in new[] { "/audit", "/statistics", "/exports" })
        {
            await auditor.GotoAsync(path);
            await AssertNoSidewaysScrollAsync(auditor);
            await BrowserFixture.AssertAccessibleAsync(auditor);
        }
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (widths[0], widths[1]);
        if (scrollWidth > innerWidth)
        {
            // Name the elements that reach past the right edge, to say what to fix.
            var culprits = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement.closest('.app-table-scroll, table'))" +
                ".slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right) + ' in ' + e.parentElement.tagName + '.' + e.parentElement.className + ' (' + getComputedStyle(e.parentElement).overflowX + ', ' + Math.round(e.parentElement.getBoundingClientRect().width) + ')')");
            Assert.Fail($"{page.Url} scrolls sideways at {innerWidth}px: the page is {scrollWidth}px wide; past the edge: {string.Join("; ", culprits)}");
        }
    }
}
