using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Statistics;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>An app of its own with no demo children and a clock the tests move, so the dashboard's counts are exact.</summary>
public sealed class DashboardFixture : HostFixture
{
    public DashboardFixture()
        : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private DashboardFixture(FakeTimeProvider clock)
        : base(clock, 0) => Clock = clock;

    public FakeTimeProvider Clock { get; }

    /// <summary>Moves the clock past the time the trends are kept, so the next view reads them again.</summary>
    public void PassTrendsRefresh() => Clock.Advance(TimeSpan.FromMinutes(6));

    /// <summary>Moves the clock past the time the numbers now are kept, so the next view counts them again.</summary>
    public void PassNowRefresh() => Clock.Advance(DashboardFigures.NowRefresh);

    /// <summary>Waits for the trends being read again in the background.</summary>
    public Task TrendsReadAsync() => App.Services.GetRequiredService<DashboardCache>().WhenRefreshed();
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "Dashboard against PostgreSQL";
}

[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_child_who_goes_missing_is_counted_once_and_the_number_opens_a_list_of_children_missing_now()
    {
        var manager = await fixture.SignedInAsync(Session.Manager);
        var before = Count(await DashboardAsync(manager), "missing-now");
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var missing = await caseworker.RegisterChildAsync("Arben", "Dashmissing", "2010-05-05");
        var home = await caseworker.RegisterChildAsync("Besnik", "Dashhome", "2010-06-06");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(missing, new()
        {
            ["Form.WentMissingAt"] = Local(fixture.Clock.GetUtcNow().AddHours(-1)),
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);

        var page = await DashboardAsync(manager);

        Assert.Equal(before + 1, Count(page, "missing-now"));
        var link = page.QuerySelector("[data-number=missing-now] a")!.GetAttribute("href")!;
        Assert.Equal("/children?missing=now", link);
        var list = (await manager.GetPageAsync(link)).Page.QuerySelector("[data-testid=caseload]")!;
        Assert.NotNull(list.QuerySelector($"a[href='{missing}']"));
        Assert.Null(list.QuerySelector($"a[href='{home}']"));
        Assert.All(list.QuerySelectorAll("tbody tr"), row => Assert.Contains("Missing now", row.TextContent, StringComparison.Ordinal));
        Assert.Contains("not for publication", page.QuerySelector("[data-testid=internal-figures]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_organisations_children_are_never_counted_and_a_national_auditor_chooses_the_organisation_or_all()
    {
        var manager = await fixture.SignedInAsync(Session.Manager);
        var east = await fixture.SignedInAsync(Session.OtherOrganisationManager);
        var national = await fixture.SignedInAsync(Session.NationalAuditor);
        var ours = Count(await DashboardAsync(manager), "missing-now");
        var theirs = Count(await DashboardAsync(east), "missing-now");

        var eastCaseworker = await fixture.SignedInAsync(Session.OtherOrganisationCaseworker);
        var child = await eastCaseworker.RegisterChildAsync("Dawit", "Dasheast", "2009-07-07", nationalities: "ERI");
        Assert.Equal(HttpStatusCode.Redirect, (await eastCaseworker.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = Local(fixture.Clock.GetUtcNow().AddHours(-2)),
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);

        Assert.Equal(ours, Count(await DashboardAsync(manager), "missing-now"));
        Assert.Equal(theirs + 1, Count(await DashboardAsync(east), "missing-now"));
        // The manager cannot ask for another organisation: the choice is ignored.
        var asked = await DashboardAsync(manager, "?organisation=EBC");
        Assert.Equal("North Shire Council", asked.QuerySelector("[data-testid=dashboard-scope]")!.TextContent.Trim());
        Assert.Equal(ours, Count(asked, "missing-now"));

        var eastSeen = await DashboardAsync(national, "?organisation=EBC");
        Assert.Equal("East Borough Council", eastSeen.QuerySelector("[data-testid=dashboard-scope]")!.TextContent.Trim());
        Assert.Equal(theirs + 1, Count(eastSeen, "missing-now"));
        // The lists open on the auditor's own organisation only, so another's numbers are not links.
        Assert.Null(eastSeen.QuerySelector("[data-number=missing-now] a"));
        var everyone = await DashboardAsync(national, "?organisation=all");
        Assert.Equal("All organisations", everyone.QuerySelector("[data-testid=dashboard-scope]")!.TextContent.Trim());
        Assert.Equal(ours + theirs + 1, Count(everyone, "missing-now"));
        Assert.Equal("all", everyone.QuerySelector("#organisation option[selected]")!.GetAttribute("value"));

        var (status, wrong) = await national.GetPageAsync("/dashboard?organisation=NOPE");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Choose an organisation from the list", wrong.QuerySelector("#organisation-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(wrong.QuerySelector(".govuk-error-summary a[href='#organisation']"));
    }

    [Fact]
    public async Task A_referral_counts_in_its_month_and_a_second_referral_of_the_same_child_as_a_re_referral()
    {
        var manager = await fixture.SignedInAsync(Session.Manager);
        var today = UkCalendar.DateOf(fixture.Clock.GetUtcNow());
        var earlier = new DateOnly(today.Year, today.Month, 15).AddMonths(-3);
        var later = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        var before = await FreshTrendsAsync(manager);

        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Hamid", "Dashtrend", "2009-08-08", nationalities: "AFG");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, Iso(earlier))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, Iso(later))).StatusCode);
        // Within the time the trends are kept, the page shows them as they were read.
        Assert.Equal(Trend(before, "referrals", earlier, 0), Trend(await DashboardAsync(manager), "referrals", earlier, 0));
        // Past that time the next view is not kept waiting: it is served the old trends while they are read again.
        fixture.PassTrendsRefresh();
        Assert.Equal(Trend(before, "referrals", earlier, 0), Trend(await DashboardAsync(manager), "referrals", earlier, 0));
        await fixture.TrendsReadAsync();
        var after = await DashboardAsync(manager);

        Assert.Equal(Trend(before, "referrals", earlier, 0) + 1, Trend(after, "referrals", earlier, 0));
        Assert.Equal(Trend(before, "referrals", earlier, 1), Trend(after, "referrals", earlier, 1));
        Assert.Equal(Trend(before, "referrals", later, 0) + 1, Trend(after, "referrals", later, 0));
        Assert.Equal(Trend(before, "referrals", later, 1) + 1, Trend(after, "referrals", later, 1));
        Assert.Equal(24, after.QuerySelectorAll("[data-testid=trend-referrals] tbody tr").Length);
        Assert.Contains(UkCalendar.ToLondon(fixture.Clock.GetUtcNow()).ToString("HH:mm", CultureInfo.InvariantCulture),
            after.QuerySelector("[data-testid=trends-as-of]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_median_time_to_acknowledge_is_the_middle_of_the_hours_each_flag_waited_and_each_caseworker_shows_their_oldest()
    {
        var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
        var first = await ChildWithHighFlagAsync("Dashackone", caseworkerId);
        var second = await ChildWithHighFlagAsync("Dashacktwo", caseworkerId);
        var manager = await fixture.SignedInAsync(Session.Manager);
        var before = await FreshTrendsAsync(manager);
        Assert.True(Count(before, "high-flags") >= 2);
        var caseworkerRow = before.QuerySelector($"[data-testid=caseworkers] tr[data-caseworker='{caseworkerId}']")!;
        Assert.True(int.Parse(caseworkerRow.QuerySelector("[data-field=children]")!.TextContent.Trim(), CultureInfo.InvariantCulture) >= 2);
        Assert.Contains("hour", caseworkerRow.QuerySelector("[data-field=oldest]")!.TextContent, StringComparison.Ordinal);

        // Raised together; acknowledged 2 hours and 6 hours later: the median is 4 hours.
        fixture.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(6));
        await AcknowledgeAsync(first);
        fixture.Clock.Advance(TimeSpan.FromHours(4));
        await AcknowledgeAsync(second);
        var after = await FreshTrendsAsync(await fixture.SignedInAsync(Session.Manager));

        var month = UkCalendar.DateOf(fixture.Clock.GetUtcNow());
        Assert.Equal("4.0", Cell(after, "acknowledge", month, 0));
        Assert.Equal("2", Cell(after, "acknowledge", month, 1));
    }

    [Fact]
    public async Task Caseworkers_and_administrators_are_denied_and_an_auditor_sees_their_own_organisation()
    {
        foreach (var email in new[] { Session.Caseworker, Session.Admin })
        {
            var session = await fixture.SignedInAsync(email);
            var response = await session.Client.GetAsync("/dashboard");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var auditor = await fixture.SignedInAsync(Session.Auditor);
        var page = await DashboardAsync(auditor, "?organisation=EBC");
        Assert.Equal("North Shire Council", page.QuerySelector("[data-testid=dashboard-scope]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("#organisation"));
        Assert.Equal("/flags?severity=High", page.QuerySelector("[data-number=high-flags] a")!.GetAttribute("href"));
    }

    private async Task<string> ChildWithHighFlagAsync(string family, string caseworkerId)
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Flagged", family, "2009-03-03");
        var today = UkCalendar.DateOf(fixture.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, Iso(today.AddDays(-120)), "Labour")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, Iso(today.AddDays(-20)), "Criminal")).StatusCode);
        // Assignment has no form of its own yet; the registration form's assignment is what a caseworker would set.
        var id = Guid.Parse(child.Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        await db.Database.ExecuteSqlAsync($"UPDATE children SET assigned_caseworker_id = {caseworkerId} WHERE id = {id}");
        return child;
    }

    /// <summary>A manager signed in now (the clock has moved past the last session's idle time) acknowledges the child's flag.</summary>
    private async Task AcknowledgeAsync(string child)
    {
        var manager = await fixture.SignedInAsync(Session.Manager);
        var id = Guid.Parse(child.Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        var flagId = await db.Flags.Where(f => f.ChildId == id && f.RuleCode == "RR-01").Select(f => f.Id).SingleAsync();
        var queue = (await manager.GetPageAsync("/flags")).Page;
        var response = await manager.PostAsync(queue, "/flags/act", [new("Form.FlagIds", flagId.ToString()), new("Form.Action", "acknowledge")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    /// <summary>
    /// The page with trends read after everything before: past the time they are kept, the first view is served the old
    /// ones and starts reading them again in the background; once that read ends, the next view shows the new ones.
    /// </summary>
    private async Task<IHtmlDocument> FreshTrendsAsync(Session session)
    {
        fixture.PassTrendsRefresh();
        var stale = await DashboardAsync(session);
        await fixture.TrendsReadAsync();
        var fresh = await DashboardAsync(session);
        Assert.NotNull(stale.QuerySelector("[data-testid=trends-as-of]"));
        return fresh;
    }

    /// <summary>The page with its numbers counted now (past the time they are kept).</summary>
    private async Task<IHtmlDocument> DashboardAsync(Session session, string query = "")
    {
        fixture.PassNowRefresh();
        var (status, page) = await session.GetPageAsync("/dashboard" + query);
        Assert.True(status == HttpStatusCode.OK, $"/dashboard{query} answered {(int)status}: {fixture.App.Logs.Events.LastOrDefault(e => e.Contains("Exception", StringComparison.Ordinal))}");
        return page;
    }

    private static int Count(IHtmlDocument page, string number) =>
        int.Parse(page.QuerySelector($"[data-testid=count-{number}]")!.TextContent.Trim(), CultureInfo.InvariantCulture);

    private static string Cell(IHtmlDocument page, string trend, DateOnly month, int column) =>
        page.QuerySelectorAll($"[data-testid=trend-{trend}] tr[data-month='{month:yyyy-MM}'] td")[column].TextContent.Trim();

    private static int Trend(IHtmlDocument page, string trend, DateOnly month, int column) =>
        int.Parse(Cell(page, trend, month, column), CultureInfo.InvariantCulture);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Local(DateTimeOffset instant) =>
        UkCalendar.ToLondon(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
