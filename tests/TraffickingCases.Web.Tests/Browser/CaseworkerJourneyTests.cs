using Microsoft.Playwright;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CaseworkerJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_caseworker_registers_a_child_logs_two_referrals_and_a_missing_episode_and_sees_them_on_the_timeline()
    {
        var page = await fixture.SignedInPageAsync(Session.Caseworker);
        await page.GetByRole(AriaRole.Link, new() { Name = "Children", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/children");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Register a child" }).ClickAsync();
        await page.WaitForURLAsync("**/children/new");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Given names").FillAsync("Klevis");
        await page.GetByLabel("Family name").FillAsync("Journeyman");
        await page.FillDateAsync("Date of birth (optional)", "20", "11", "2008");
        await page.GetByLabel("Estimated (for example only the year is known)").CheckAsync();
        await page.GetByLabel("Male", new() { Exact = true }).CheckAsync();
        await page.ChooseNationalityAsync("Alb", "Albanian");
        await page.GetByLabel("Unaccompanied asylum-seeking child (UASC)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register child" }).ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/children/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("child-name")).ToHaveTextAsync("Klevis Journeyman");
        await BrowserFixture.AssertAccessibleAsync(page);
        var childUrl = page.Url;

        await AddReferral(page, "2024-02-10", "Labour");
        await page.WaitForURLAsync(childUrl);
        await AddReferral(page, "2024-09-05", "Criminal");
        await page.WaitForURLAsync(childUrl);

        await page.GetByRole(AriaRole.Button, new() { Name = "Record a missing episode" }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.FillDateAsync("When did the child go missing?", "1", "10", "2024", "22", "15");
        await page.GetByLabel("Missing: whereabouts not known").CheckAsync();
        await page.AnswerAsync("Has the child come back?", "Yes");
        await page.FillDateAsync("When did the child come back?", "3", "10", "2024", "07", "40");
        await page.AnswerAsync("Has the child been reported missing to the police?", "Yes");
        await page.GetByLabel("Police reference (optional)").FillAsync("MP/24/1234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record missing episode" }).ClickAsync();
        await page.WaitForURLAsync(childUrl);

        var titles = page.GetByTestId("timeline").Locator(".moj-timeline__title");
        await Assertions.Expect(titles).ToHaveTextAsync(["Returned", "Went missing", "NRM referral (second)", "NRM referral (first)"]);
        await Assertions.Expect(page.GetByTestId("timeline")).ToContainTextAsync("MP/24/1234");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Back to children" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("caseload").Locator("tbody tr").First).ToContainTextAsync("Klevis Journeyman");
    }

    [Fact]
    public async Task A_caseworker_who_leaves_a_required_field_empty_sees_the_error_beside_it()
    {
        var page = await fixture.SignedInPageAsync(Session.Caseworker);
        await page.GotoAsync("/children/new");
        await page.GetByLabel("Given names").FillAsync("Nameonly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register child" }).ClickAsync();

        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Choose the child's gender");
        await Assertions.Expect(page.Locator("#Form_Gender-error")).ToContainTextAsync("Choose the child's gender");
        await Assertions.Expect(page.GetByLabel("Given names")).ToHaveValueAsync("Nameonly");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_caseworker_meets_a_possible_same_child_at_registration_and_opens_that_record()
    {
        var page = await fixture.SignedInPageAsync(Session.Caseworker);
        await page.GotoAsync("/children/new");
        await page.GetByLabel("Given names").FillAsync("Erion");
        await page.GetByLabel("Family name").FillAsync("Muçabrowser");
        await page.FillDateAsync("Date of birth (optional)", "7", "3", "2009");
        await page.GetByLabel("Exact", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Male", new() { Exact = true }).CheckAsync();
        await page.ChooseNationalityAsync("Alb", "Albanian");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register child" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/children/[0-9a-f-]{36}$"));
        var existing = page.Url;

        await page.GotoAsync("/children/new");
        await page.GetByLabel("Given names").FillAsync("Erion");
        await page.GetByLabel("Family name").FillAsync("Mucabrowser");
        await page.FillDateAsync("Date of birth (optional)", "3", "7", "2009");
        await page.GetByLabel("Estimated (for example only the year is known)").CheckAsync();
        await page.GetByLabel("Male", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Register child" }).ClickAsync();

        var candidates = page.GetByTestId("similar-children");
        await Assertions.Expect(candidates).ToContainTextAsync("Likely the same child");
        await Assertions.Expect(candidates).ToContainTextAsync("born 7 March 2009");

        // The weights behind the band are for managers; a caseworker sees the reasons in words.
        await Assertions.Expect(candidates.GetByText("How this was worked out")).ToHaveCountAsync(0);
        await BrowserFixture.AssertAccessibleAsync(page);
        await candidates.GetByRole(AriaRole.Link).Filter(new() { HasText = "Muçabrowser" }).ClickAsync();
        await page.WaitForURLAsync(existing);
        await Assertions.Expect(page.GetByTestId("child-name")).ToHaveTextAsync("Erion Muçabrowser");
    }

    private static async Task AddReferral(IPage page, string date, string exploitation)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a referral" }).ClickAsync();
        await page.WaitForURLAsync("**/referrals/new");
        await BrowserFixture.AssertAccessibleAsync(page);
        var parts = date.Split('-');
        await page.FillDateAsync("Referral date", parts[2], parts[1], parts[0]);
        await page.GetByLabel("First responder organisation").FillAsync("North Shire Council");
        await page.GetByLabel("Local authority").CheckAsync();
        await page.GetByLabel(exploitation, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("UK", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Single Competent Authority").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add referral" }).ClickAsync();
    }
}
