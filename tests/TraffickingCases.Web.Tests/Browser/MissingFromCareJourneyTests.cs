using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TraffickingCases.Domain.Common;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

/// <summary>A child goes missing, is found under "Missing now", the police get the printed profile, and the return is recorded.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class MissingFromCareJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280, "Wide")]
    [InlineData(390, "Narrow")]
    public async Task A_child_missing_now_is_listed_their_profile_printed_for_the_police_and_their_return_recorded(int width, string name)
    {
        var page = await fixture.SignedInPageAsync(Session.Caseworker);
        await page.SetViewportSizeAsync(width, 900);
        var family = $"Missingjourney{name}";
        var childUrl = await RegisterAndGoMissingAsync(page, "Mirela", family);

        // Missing now, from the caseload's filter.
        await page.GotoAsync("/children");
        await page.GetByLabel("Only children missing now").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("missing=now"));
        var row = page.GetByTestId("caseload").Locator("tbody tr").Filter(new() { HasText = family });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.GetByTestId("missing-since")).ToContainTextAsync("since");
        await BrowserFixture.AssertAccessibleAsync(page);

        // The profile, written and printed for the police.
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.WaitForURLAsync(childUrl);
        await page.GetByTestId("missing-profile-link").ClickAsync();
        await page.WaitForURLAsync("**/missing-profile");
        await Assertions.Expect(page.GetByTestId("profile-missing-now")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await AssertNoSidewaysScrollAsync(page);
        await page.GetByLabel("Description (optional)").FillAsync("Slim, short dark hair, a small scar through the left eyebrow; usually in a grey tracksuit");
        await page.GetByLabel("Places (optional)").FillAsync("Birmingham New Street station; a takeaway on Soho Road, Handsworth, where she was found before");
        await page.GetByLabel("Phone numbers (optional)").FillAsync("07700900123 and Snapchat mirela_xx_2010_official_account_name");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("Missing person profile saved");
        await page.GetByRole(AriaRole.Button, new() { Name = "Print the profile for the police" }).ClickAsync();
        await page.WaitForURLAsync("**/missing-profile/print");
        await Assertions.Expect(page.GetByTestId("protective-marking")).ToHaveTextAsync("OFFICIAL-SENSITIVE");
        await Assertions.Expect(page.GetByTestId("print-places")).ToContainTextAsync("Soho Road");
        await Assertions.Expect(page.GetByTestId("print-missing-now")).ToContainTextAsync("MP/26/0042");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Print this page" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await AssertNoSidewaysScrollAsync(page);

        // The child is back: the return recorded from the child's page.
        await page.GotoAsync(childUrl);
        await page.GetByTestId("record-return").ClickAsync();
        await page.WaitForURLAsync("**/return");
        await BrowserFixture.AssertAccessibleAsync(page);
        await AssertNoSidewaysScrollAsync(page);
        var back = TraffickingCases.Domain.Common.UkCalendar.ToLondon(DateTimeOffset.UtcNow.AddMinutes(-15));
        await page.FillDateAsync("When did the child come back?", back.Day.ToString(CultureInfo.InvariantCulture), back.Month.ToString(CultureInfo.InvariantCulture),
            back.Year.ToString(CultureInfo.InvariantCulture), back.Hour.ToString(CultureInfo.InvariantCulture), back.Minute.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Missing: whereabouts not known").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Record return" }).ClickAsync();
        await page.WaitForURLAsync(childUrl);
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("Return recorded");
        await Assertions.Expect(page.GetByTestId("return-interview")).ToContainTextAsync("Return interview due by");
        await Assertions.Expect(page.GetByTestId("record-return")).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GotoAsync("/children?missing=now");
        await Assertions.Expect(page.GetByText(family)).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    private static async Task<string> RegisterAndGoMissingAsync(IPage page, string given, string family)
    {
        await page.GotoAsync("/children/new");
        await page.GetByLabel("Given names").FillAsync(given);
        await page.GetByLabel("Family name").FillAsync(family);
        await page.FillDateAsync("Date of birth (optional)", "5", "5", "2010");
        await page.GetByLabel("Exact", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Female", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register child" }).ClickAsync();
        await page.WaitForURLAsync(ChildPage());
        var childUrl = page.Url;

        await page.GetByRole(AriaRole.Button, new() { Name = "Record a missing episode" }).ClickAsync();
        var went = TraffickingCases.Domain.Common.UkCalendar.ToLondon(DateTimeOffset.UtcNow.AddHours(-1));
        await page.FillDateAsync("When did the child go missing?", went.Day.ToString(CultureInfo.InvariantCulture), went.Month.ToString(CultureInfo.InvariantCulture),
            went.Year.ToString(CultureInfo.InvariantCulture), went.Hour.ToString(CultureInfo.InvariantCulture), went.Minute.ToString(CultureInfo.InvariantCulture));
        await page.GetByLabel("Missing: whereabouts not known").CheckAsync();
        await page.AnswerAsync("Has the child come back?", "No");
        await page.AnswerAsync("Has the child been reported missing to the police?", "Yes");
        await page.GetByLabel("Police reference (optional)").FillAsync("MP/26/0042");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record missing episode" }).ClickAsync();
        await page.WaitForURLAsync(childUrl);
        await Assertions.Expect(page.GetByTestId("missing-now")).ToBeVisibleAsync();
        return childUrl;
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scroll, client) = (widths[0], widths[1]);
        Assert.True(scroll <= client, $"{page.Url} scrolls sideways: {scroll} px of content in {client} px");
    }

    private static string Local(DateTimeOffset instant) =>
        UkCalendar.ToLondon(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex("/children/[0-9a-f-]{36}$")]
    private static partial Regex ChildPage();
}
