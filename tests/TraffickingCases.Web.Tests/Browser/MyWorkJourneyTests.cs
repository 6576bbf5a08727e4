using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class MyWorkJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_caseworker_starts_at_my_work_sees_a_missing_child_and_an_overdue_decision_and_opens_the_child_and_the_manager_sees_the_team()
    {
        var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
        var today = UkCalendar.Today(TimeProvider.System);
        var missing = await ChildAsync("Journeymissing", caseworkerId, (c, now) =>
            c.RecordMissingEpisode(new MissingEpisodeDetails { WentMissingAt = now.AddHours(-3).AddMinutes(-5), WhereaboutsKnown = false }, now));
        var overdue = await ChildAsync("Journeyoverdue", caseworkerId, (c, now) => c.AddReferral(new ReferralDetails
        {
            ReferralDate = today.AddDays(-14),
            FirstResponderOrganisation = "North Shire Council",
            FirstResponderType = Domain.Organisations.OrganisationType.LocalAuthority,
            ExploitationTypes = ExploitationTypes.Criminal,
            CompetentAuthority = CompetentAuthority.Sca,
        }, now));

        var page = await fixture.SignedInPageAsync(Session.Caseworker);
        await page.SetViewportSizeAsync(1280, 800);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My work", Level = 1 })).ToBeVisibleAsync();
        var missingRow = page.GetByTestId("missing-now").Locator($"tr[data-child='{missing.Reference}']");
        await Assertions.Expect(missingRow).ToContainTextAsync("Missing 3 hours");
        var overdueRow = page.GetByTestId("due").Locator($"tr[data-child='{overdue.Reference}'][data-kind='ReasonableGroundsDecision']");
        await Assertions.Expect(overdueRow).ToContainTextAsync("overdue by");
        await Assertions.Expect(page.GetByTestId("new-flags").Locator($"tr[data-child='{missing.Reference}']").First).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);

        await missingRow.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync($"**/children/{missing.Id}");
        await Assertions.Expect(page.GetByTestId("child-name")).ToHaveTextAsync("Ana Journeymissing");

        // At 390 pixels wide the tables become one block per row: nothing scrolls sideways.
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/");
        await Assertions.Expect(overdueRow).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "My work scrolls sideways at 390 pixels");
        await BrowserFixture.AssertAccessibleAsync(page);

        // The administrator puts the caseworker in the manager's team; the manager's My work then shows the child, with its caseworker.
        var admin = await fixture.SignedInPageAsync(Session.Admin);
        await admin.GotoAsync($"/admin/users/{caseworkerId}");
        await admin.GetByLabel("Supervising manager").SelectOptionAsync(new SelectOptionValue { Label = "Priya Shah" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save supervising manager" }).ClickAsync();
        await Assertions.Expect(admin.Locator(".govuk-notification-banner")).ToContainTextAsync("Sam Carter is now in Priya Shah's team");
        await Assertions.Expect(admin.GetByTestId("user-supervisor")).ToHaveTextAsync("Priya Shah");
        await BrowserFixture.AssertAccessibleAsync(admin);

        var manager = await fixture.SignedInPageAsync(Session.Manager);
        await manager.SetViewportSizeAsync(390, 844);
        await manager.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Assertions.Expect(manager.GetByTestId("team-member").Filter(new() { HasText = "Sam Carter" })).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByTestId("missing-now").Locator($"tr[data-child='{missing.Reference}']")).ToContainTextAsync("Sam Carter");
        Assert.True(await manager.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "A manager's My work scrolls sideways at 390 pixels");
        await BrowserFixture.AssertAccessibleAsync(manager);
    }

    private async Task<(Guid Id, string Reference)> ChildAsync(string family, string caseworkerId, Action<Child, DateTimeOffset> change)
    {
        await using var db = fixture.Database.CreateContext();
        var organisationId = await db.Organisations.Where(o => o.Code == "NSC").Select(o => o.Id).SingleAsync();
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var changes = scope.ServiceProvider.GetRequiredService<ChildChanges>();
        var details = new ChildDetails { GivenNames = "Ana", FamilyName = family, DateOfBirth = new DateOnly(2011, 6, 1), Gender = Gender.Female };
        var child = Assert.IsType<ChangeResult<Child>.Saved>(await changes.RegisterAsync(organisationId, details, caseworkerId, CancellationToken.None)).Value;
        Assert.IsType<ChangeResult<int>.Saved>(await changes.ChangeAsync(organisationId, child.Id, (c, now) =>
        {
            change(c, now);
            return 0;
        }, null, CancellationToken.None));
        return (child.Id, child.Reference);
    }
}
