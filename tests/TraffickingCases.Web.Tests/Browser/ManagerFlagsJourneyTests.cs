using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ManagerFlagsJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_manager_filters_the_queue_to_repeat_referrals_acknowledges_one_resolves_another_and_sees_the_history()
    {
        var first = await ChildWithRepeatReferrals("Queueone");
        var second = await ChildWithRepeatReferrals("Queuetwo");
        await RulesChangedAsync("NSC");

        var page = await fixture.SignedInPageAsync(Session.Manager);
        await page.GetByRole(AriaRole.Link, new() { Name = "Flags", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/flags");
        await BrowserFixture.AssertAccessibleAsync(page);

        // The one-off summary of the change of rules, offered on the queue until the manager has read it.
        await page.GetByTestId("rule-change-banner").GetByRole(AriaRole.Link, new() { Name = "See what changed" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("rule-change-summary")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark as read" }).ClickAsync();
        await page.WaitForURLAsync("**/flags");
        await Assertions.Expect(page.GetByTestId("rule-change-banner")).ToHaveCountAsync(0);

        await page.GetByLabel("Rule").SelectOptionAsync("RR-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter flags" }).ClickAsync();
        await page.WaitForURLAsync("**/flags?rule=RR-01*");
        var rows = page.GetByTestId("flag-queue").Locator("tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "Queueone" })).ToHaveCountAsync(1);
        Assert.All(await page.GetByTestId("flag-queue").Locator("[data-flag]").EvaluateAllAsync<string[]>("flags => flags.map(f => f.dataset.rule)"), rule => Assert.Equal("RR-01", rule));
        await BrowserFixture.AssertAccessibleAsync(page);

        await rows.Filter(new() { HasText = "Queueone" }).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByLabel("Acknowledge").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply to selected flags" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("Acknowledged 1 flag");
        await Assertions.Expect(rows.Filter(new() { HasText = "Queueone" })).ToContainTextAsync("Acknowledged");

        await rows.Filter(new() { HasText = "Queuetwo" }).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByLabel("Resolve").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply to selected flags" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Enter why you are resolving this flag");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Reason").FillAsync("Referrals reviewed at the strategy meeting; safety plan agreed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply to selected flags" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("Resolved 1 flag");
        await Assertions.Expect(rows.Filter(new() { HasText = "Queuetwo" })).ToHaveCountAsync(0);

        await page.GotoAsync(second);
        var history = page.GetByTestId("flag-history");
        await Assertions.Expect(history).ToContainTextAsync("Resolved");
        await Assertions.Expect(history).ToContainTextAsync("Referrals reviewed at the strategy meeting; safety plan agreed");
        await Assertions.Expect(history).ToContainTextAsync("Priya Shah");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GotoAsync(first);
        await Assertions.Expect(page.GetByTestId("open-flags").Locator("tr[data-rule='RR-01']")).ToContainTextAsync("Acknowledged");
        await Assertions.Expect(page.GetByTestId("live-flags").Locator("tr[data-rule='RR-01']")).ToHaveCountAsync(1);

        // An override needs a review date: refused without one, the message beside the field and in the summary.
        await page.GetByText("Override the risk level").ClickAsync();
        await page.Locator("#risk-Low").CheckAsync();
        await page.Locator("#risk-reason").FillAsync("Both referrals concern one incident; safety plan agreed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save risk level" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("risk-error-summary")).ToContainTextAsync("Enter the date by which the override will be reviewed");
        await Assertions.Expect(page.Locator("#risk-review-on-error")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        var review = DateTime.UtcNow.AddDays(30);
        await page.FillDateAsync("Review by", review.Day.ToString(System.Globalization.CultureInfo.InvariantCulture), review.Month.ToString(System.Globalization.CultureInfo.InvariantCulture), review.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save risk level" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("Risk level overridden");
        await Assertions.Expect(page.GetByTestId("risk-level")).ToHaveTextAsync("Low");
        await Assertions.Expect(page.GetByTestId("risk-override")).ToContainTextAsync("To be reviewed by");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Rules", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-rule-detail='RR-04'] [data-field=lifetime]")).ToContainTextAsync("until they return");
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    [Theory]
    [InlineData(1280, "Widequeue")]
    [InlineData(390, "Narrowqueue")]
    public async Task A_manager_works_the_queue_child_by_child_selecting_all_of_a_page_and_acting_from_the_top(int width, string family)
    {
        // Two children with two hand-raised flags each, and one with a single flag: three rows, five flags.
        var session = await CaseworkerSession();
        var children = new List<string>();
        foreach (var (given, severities) in new[] { ("Ana", new[] { "High", "Low" }), ("Besa", new[] { "Medium", "Medium" }), ("Cleo", new[] { "Low" }) })
        {
            var child = await session.RegisterChildAsync(given, family, "2010-02-02");
            foreach (var severity in severities)
            {
                var form = (await session.GetPageAsync(child)).Page;
                Assert.Equal(HttpStatusCode.Redirect, (await session.PostAsync(form, $"{child}/flags",
                    [new("Flag.Severity", severity), new("Flag.Message", $"{severity} concern noticed by the school about {given}")])).StatusCode);
            }

            children.Add(child);
        }

        var page = await fixture.SignedInPageAsync(Session.Manager);
        await page.SetViewportSizeAsync(width, 900);
        // Children registered here have no caseworker yet: the filters narrow the queue to them.
        await page.GotoAsync("/flags?rule=MANUAL&caseworker=unassigned");
        var rows = page.GetByTestId("flag-queue").Locator("tbody tr").Filter(new() { HasText = family });
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        // Highest severity first: Ana (high), then Besa (medium), then Cleo (low); each child once, with all its flags.
        Assert.Equal([$"Ana {family}", $"Besa {family}", $"Cleo {family}"],
            (await rows.Locator("[data-testid=child-name]").AllTextContentsAsync()).Select(t => t.Trim()).ToList());
        await Assertions.Expect(rows.Nth(0).Locator("[data-flag]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("queue-total")).ToContainTextAsync("open flag");
        await AssertNoSidewaysScrollAsync(page);
        await BrowserFixture.AssertAccessibleAsync(page);

        // Select all ticks every flag on the page and says how many.
        var selectAll = page.GetByLabel(new System.Text.RegularExpressions.Regex("^Select all \\d+ flags on this page$"));
        await selectAll.CheckAsync();
        var boxes = page.GetByTestId("flag-queue").Locator("tbody input[type=checkbox]");
        Assert.All(await boxes.EvaluateAllAsync<bool[]>("boxes => boxes.map(b => b.checked)"), Assert.True);
        await Assertions.Expect(page.Locator("[data-selected-count]")).ToContainTextAsync("selected");
        await selectAll.UncheckAsync();
        Assert.All(await boxes.EvaluateAllAsync<bool[]>("boxes => boxes.map(b => b.checked)"), Assert.False);

        // Work child by child: Ana's and Besa's flags from the form at the top.
        foreach (var row in new[] { rows.Nth(0), rows.Nth(1) })
        {
            foreach (var box in await row.GetByRole(AriaRole.Checkbox).AllAsync())
            {
                await box.CheckAsync();
            }
        }

        await Assertions.Expect(page.Locator("[data-selected-count]")).ToHaveTextAsync("4 flags selected");
        await page.GetByLabel("Dismiss").CheckAsync();
        await page.GetByLabel("Reason").FillAsync("Discussed with the school; no exploitation concern");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply to selected flags" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("Dismissed 4 flags");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.Locator("[data-testid=child-name]")).ToHaveTextAsync($"Cleo {family}");
        await AssertNoSidewaysScrollAsync(page);
        await BrowserFixture.AssertAccessibleAsync(page);
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"{page.Url} scrolls sideways at {page.ViewportSize?.Width} pixels");

    [Fact]
    public async Task A_manager_reviews_a_possible_same_child_pair_and_records_they_are_different_children()
    {
        var session = await CaseworkerSession();
        await session.RegisterChildAsync("Mohammed", "Browserpair", "2009-04-05", nationalities: "SDN");
        await session.RegisterChildAsync("Muhammad", "Browserpair", "2009-05-04", nationalities: "SDN");

        var page = await fixture.SignedInPageAsync(Session.Manager);
        await page.GetByRole(AriaRole.Link, new() { Name = "Possible same children" }).ClickAsync();
        await page.WaitForURLAsync("**/matches");
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByTestId("match-queue").Locator("tbody tr").Filter(new() { HasText = "Browserpair" }).First.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("match-pair")).ToContainTextAsync("Muhammad");
        await Assertions.Expect(page.GetByTestId("match-evidence")).ToContainTextAsync("day and month swapped");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByLabel("Why these are not the same child").FillAsync("Brothers with the same name; different schools");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record: not the same child" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("are not the same child");
        await Assertions.Expect(page.GetByTestId("match-queue").Locator("tbody tr").Filter(new() { HasText = "Browserpair" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_manager_merges_a_pair_from_matches_sees_everything_on_one_record_and_can_undo_it()
    {
        var session = await CaseworkerSession();
        var first = await session.RegisterChildAsync("Nguyen Van", "Browsermerge", "2008-01-01", nationalities: "VNM", precision: "Estimated");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(first, "2024-02-01", "Labour")).StatusCode);
        var second = await session.RegisterChildAsync("Nguyễn Văn", "Browsermerge", "2008-01-01", nationalities: "VNM", precision: "Estimated");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(second, "2025-03-01", "Criminal")).StatusCode);

        var page = await fixture.SignedInPageAsync(Session.Manager);
        await page.GotoAsync("/matches");
        await page.GetByTestId("match-queue").Locator("tbody tr").Filter(new() { HasText = "Browsermerge" }).First.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByTestId("merge-form")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge these records" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Choose which record to keep");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByLabel("(this record)").CheckAsync();
        await page.GetByLabel("Why these are the same child").FillAsync("Same school photo; the second record spelt the name in Vietnamese");
        await page.GetByRole(AriaRole.Button, new() { Name = "Merge these records" }).ClickAsync();

        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("merged into");
        await Assertions.Expect(page.GetByTestId("merges")).ToContainTextAsync("Same school photo");
        await Assertions.Expect(page.GetByTestId("open-flags").Locator("tr[data-rule=RR-01]")).ToHaveCountAsync(1);
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Undo this merge" }).ClickAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Why are you undoing the merge?").FillAsync("Merged the wrong pair");
        await page.GetByRole(AriaRole.Button, new() { Name = "Undo the merge" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner")).ToContainTextAsync("Merge undone");
        await Assertions.Expect(page.GetByTestId("merges")).ToContainTextAsync("Undone");
    }

    /// <summary>What the migration that brings in a change of rules writes for an organisation.</summary>
    private async Task RulesChangedAsync(string organisationCode)
    {
        await using var db = fixture.Database.CreateContext();
        var organisationId = await db.Organisations.Where(o => o.Code == organisationCode).Select(o => o.Id).SingleAsync();
        if (!await db.RuleChangeSummaries.AnyAsync(s => s.OrganisationId == organisationId && s.Version == RulesService.RulesVersion))
        {
            db.RuleChangeSummaries.Add(new RuleChangeSummary
            {
                OrganisationId = organisationId, Version = RulesService.RulesVersion, AppliedAt = DateTimeOffset.UtcNow.AddHours(-1),
            });
            await db.SaveChangesAsync();
        }
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

    private async Task<string> ChildWithRepeatReferrals(string family)
    {
        var session = await CaseworkerSession();
        var child = await session.RegisterChildAsync("Flagged", family, "2009-03-03");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, "2024-01-10", "Labour")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, "2024-06-10", "Criminal")).StatusCode);
        return child;
    }
}
