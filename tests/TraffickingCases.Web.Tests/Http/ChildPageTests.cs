using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>The child's page leads with the key facts; its timeline filters; the chronology prints (issue 14, part 4).</summary>
[Collection(HttpCollection.Name)]
public sealed class ChildPageTests(AppFixture fixture)
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    private static DateOnly Today => UkCalendar.DateOf(DateTimeOffset.UtcNow);

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Long(DateOnly date) => date.ToString("d MMMM yyyy", Uk);

    [Fact]
    public async Task The_header_shows_missing_since_the_nrm_stage_and_days_waiting_the_placement_the_guardian_and_the_18th_birthday()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var eighteen = Today.AddDays(42);
        var child = await session.RegisterChildAsync("Gentian", "Headerfacts", Iso(eighteen.AddYears(-18)));
        AssertRedirect(await session.AddReferralAsync(child, Iso(Today.AddDays(-102)), extra: new()
        {
            ["Form.RgOutcome"] = "Positive",
            ["Form.RgDecisionDate"] = Iso(Today.AddDays(-60)),
        }));
        AssertRedirect(await Post(session, $"{child}/placements/new", new()
        {
            ["Form.Type"] = "HomeOfficeHotel",
            ["Form.StartDate"] = Iso(Today.AddDays(-30)),
            ["Form.Area"] = "Leeds",
        }));
        AssertRedirect(await Post(session, $"{child}/support/new", new()
        {
            ["Form.Type"] = "Ictg",
            ["Form.RequestedOn"] = Iso(Today.AddDays(-10)),
        }));
        var wentMissing = UkCalendar.ToLondon(DateTimeOffset.UtcNow.AddHours(-5));
        AssertRedirect(await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = wentMissing.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture),
            ["Form.WhereaboutsKnown"] = "false",
        }));

        var (status, page) = await session.GetPageAsync(child);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal($"Missing since {wentMissing.ToString("d MMMM yyyy, HH:mm", Uk)}, 5 hours", page.QuerySelector("[data-testid=missing-now] .govuk-warning-text__text")!.TextContent.Replace("Warning", string.Empty, StringComparison.Ordinal).Trim());
        Assert.StartsWith("Conclusive Grounds pending, 102 days", Text(page, "header-nrm"), StringComparison.Ordinal);
        Assert.Contains($"Referred {Long(Today.AddDays(-102))}", Text(page, "header-nrm"), StringComparison.Ordinal);
        Assert.StartsWith($"Home Office hotel, Leeds, since {Long(Today.AddDays(-30))}", Text(page, "header-placement"), StringComparison.Ordinal);
        Assert.Equal($"Referred {Long(Today.AddDays(-10))}, waiting 10 days", Text(page, "header-guardian"));
        Assert.Equal($"17 years; 18 in 42 days, on {Long(eighteen)}", Text(page, "header-age"));
        Assert.Equal("Not assigned", Text(page, "header-caseworker"));

        // The facts come before any button, and the placement's link lands on its entry in the timeline.
        var html = page.Body!.InnerHtml;
        Assert.True(html.IndexOf("data-testid=\"key-facts\"", StringComparison.Ordinal) < html.IndexOf("Add a referral", StringComparison.Ordinal));
        var anchor = page.QuerySelector("[data-testid=header-placement] a")!.GetAttribute("href")!;
        var placed = page.QuerySelector($"[data-testid=timeline] {anchor}")!;
        Assert.Equal("placement", placed.GetAttribute("data-kind"));
        Assert.Contains("Current placement", placed.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_not_missing_with_no_referral_placement_or_guardian_says_so_and_a_birthday_far_off_reads_as_a_date()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Arta", "Quietheader", "2014-04-02", gender: "Female");

        var (_, page) = await session.GetPageAsync(child);

        Assert.Null(page.QuerySelector("[data-testid=missing-now]"));
        Assert.Equal("No", Text(page, "header-missing"));
        Assert.Equal("No referral yet", Text(page, "header-nrm"));
        Assert.Equal("No current placement recorded", Text(page, "header-placement"));
        Assert.Equal("Not referred", Text(page, "header-guardian"));
        Assert.EndsWith("; 18 on 2 April 2032", Text(page, "header-age"), StringComparison.Ordinal);
        Assert.StartsWith("Low", Text(page, "header-risk"), StringComparison.Ordinal);
        Assert.Contains("0 open flags", Text(page, "header-risk"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timeline_filters_by_kind_and_by_dates_and_a_date_that_is_not_real_is_refused_beside_the_field()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Besnik", "Filtertimeline", "2009-05-01");
        AssertRedirect(await session.AddReferralAsync(child, "2024-03-02", extra: new() { ["Form.RgOutcome"] = "Positive", ["Form.RgDecisionDate"] = "2024-03-08" }));
        AssertRedirect(await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = "2024-05-01T21:30",
            ["Form.ReturnedAt"] = "2024-05-03T08:00",
            ["Form.WhereaboutsKnown"] = "false",
        }));
        AssertRedirect(await session.AddNoteAsync(child, "Seen at school."));

        var missingOnly = (await session.GetPageAsync($"{child}?kind=missing")).Page;
        Assert.Equal(["Returned", "Went missing"], Titles(missingOnly));
        Assert.NotNull(missingOnly.QuerySelector("#kind-missing[checked]"));
        Assert.Null(missingOnly.QuerySelector("#kind-note[checked]"));

        var march = (await session.GetPageAsync($"{child}?from-day=1&from-month=3&from-year=2024&to-day=31&to-month=3&to-year=2024")).Page;
        Assert.Equal(["Reasonable Grounds decision: positive", "NRM referral (first)"], Titles(march));
        Assert.Equal("2", march.QuerySelector("[data-testid=timeline-count]")!.TextContent.Trim()[..1]);

        var everything = (await session.GetPageAsync(child)).Page;
        Assert.Equal(["Note", "Returned", "Went missing", "Reasonable Grounds decision: positive", "NRM referral (first)"], Titles(everything));

        var response = await session.Client.GetAsync($"{child}?from-day=31&from-month=2&from-year=2024");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refused = Session.Parse(await Session.Body(response));
        Assert.Contains("The start date must be a real date", refused.QuerySelector("#from-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#from-day", refused.QuerySelector("[data-testid=timeline-error-summary] a")!.GetAttribute("href"));
        Assert.Equal("31", refused.QuerySelector("#from-day")!.GetAttribute("value"));
        Assert.Equal(5, Titles(refused).Count);

        var backwards = Session.Parse(await Session.Body(await session.Client.GetAsync($"{child}?from-day=2&from-month=3&from-year=2024&to-day=1&to-month=3&to-year=2024")));
        Assert.Contains("The end date must be the same as or after the start date", backwards.QuerySelector("#to-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flags_are_on_the_timeline_only_when_asked_and_their_history_is_collapsed_with_a_count()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Dorian", "Flaghistory", "2009-05-01");
        AssertRedirect(await Post(session, child, $"{child}/flags", new() { ["Flag.Severity"] = "Medium", ["Flag.Message"] = "Seen with older men near the station" }));

        var (_, page) = await session.GetPageAsync(child);
        var history = page.QuerySelector("details[data-testid=flag-history-details]")!;
        Assert.Null(history.GetAttribute("open"));
        Assert.Equal("Flag history (1)", history.QuerySelector("summary")!.TextContent.Trim());
        Assert.Empty(page.QuerySelectorAll("[data-testid=timeline] [data-kind=flag]"));

        var flags = (await session.GetPageAsync($"{child}?kind=flag")).Page;
        var raised = Assert.Single(flags.QuerySelectorAll("[data-testid=timeline] [data-kind=flag]"));
        Assert.Equal("Flag raised: MANUAL", raised.QuerySelector(".moj-timeline__title")!.TextContent.Trim());
        Assert.Contains("Seen with older men near the station", raised.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_record_entered_in_error_is_greyed_with_its_reason_and_leaves_the_header()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Elira", "Wrongchild", "2009-05-01", gender: "Female");
        AssertRedirect(await Post(session, $"{child}/placements/new", new() { ["Form.Type"] = "Foster", ["Form.StartDate"] = Iso(Today.AddDays(-3)) }));
        var childId = Guid.Parse(child.Split('/')[^1]);

        // The marking itself is another part of issue 14; here the mark is set as that part will set it.
        await using (var db = fixture.Database.CreateContext())
        {
            await db.Database.ExecuteSqlAsync($"UPDATE placements SET entered_in_error_at = now(), entered_in_error_reason = 'Recorded against the wrong child', entered_in_error_by_name = 'Sam Carter' WHERE child_id = {childId}");
        }

        var (_, page) = await session.GetPageAsync(child);

        Assert.Equal("No current placement recorded", Text(page, "header-placement"));
        var entry = page.QuerySelector("[data-testid=timeline] [data-kind=placement]")!;
        Assert.Contains("app-timeline__item--entered-in-error", entry.ClassName, StringComparison.Ordinal);
        Assert.Contains("Recorded against the wrong child", entry.QuerySelector("[data-testid=entered-in-error]")!.TextContent, StringComparison.Ordinal);

        var chronology = (await session.GetPageAsync($"{child}/chronology")).Page;
        Assert.Contains("Recorded against the wrong child", chronology.QuerySelector("[data-testid=chronology] tr[data-kind=placement] [data-testid=entered-in-error]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chronology_lists_every_event_oldest_first_with_who_recorded_it_under_the_childs_name_reference_and_marking()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Fatjon", "Chronology", "2009-05-01");
        AssertRedirect(await session.AddReferralAsync(child, "2024-03-02"));
        AssertRedirect(await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = "2024-05-01T21:30",
            ["Form.ReturnedAt"] = "2024-05-03T08:00",
            ["Form.WhereaboutsKnown"] = "true",
        }));
        AssertRedirect(await session.AddNoteAsync(child, "Strategy meeting held."));
        var reference = await ReferenceAsync(child);

        var (status, page) = await session.GetPageAsync($"{child}/chronology");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("OFFICIAL-SENSITIVE", page.QuerySelector("[data-testid=protective-marking]")!.TextContent.Trim());
        Assert.Equal("Fatjon Chronology", page.QuerySelector("[data-testid=child-name]")!.TextContent.Trim());
        Assert.Equal(reference, page.QuerySelector("[data-testid=chronology-reference]")!.TextContent.Trim());
        Assert.Equal("1 May 2009 (exact)", page.QuerySelector("[data-testid=chronology-dob]")!.TextContent.Trim());
        Assert.StartsWith(Long(Today), page.QuerySelector("[data-testid=chronology-printed]")!.TextContent.Trim(), StringComparison.Ordinal);

        var rows = page.QuerySelectorAll("[data-testid=chronology] tbody tr").ToList();
        var records = rows.Where(r => r.GetAttribute("data-kind") != "flag").ToList();
        Assert.Equal(
            ["NRM referral (first)", "Went missing", "Returned", "Record opened", "Note"],
            records.Select(r => r.QuerySelectorAll("td")[1].TextContent.Trim()).ToList());
        var times = rows.Select(r => DateTimeOffset.Parse(r.QuerySelector("time")!.GetAttribute("datetime")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order().ToList(), times);
        Assert.All(records, r => Assert.Equal("Sam Carter", r.QuerySelectorAll("td")[3].TextContent.Trim()));

        // The flags the rules raised on these records are events of the record too, raised by the rules service.
        var flags = rows.Where(r => r.GetAttribute("data-kind") == "flag").ToList();
        Assert.NotEmpty(flags);
        Assert.All(flags, r => Assert.StartsWith("Flag raised: RR-", r.QuerySelectorAll("td")[1].TextContent.Trim(), StringComparison.Ordinal));
        Assert.All(flags, r => Assert.Equal("Rules service", r.QuerySelectorAll("td")[3].TextContent.Trim()));
    }

    [Fact]
    public async Task The_chronology_answers_as_the_childs_page_does_and_each_view_is_audited()
    {
        var owner = await fixture.SignedInAsync(Session.Caseworker);
        var child = await owner.RegisterChildAsync("Ilir", "Chronologyaccess", "2009-05-01");
        var childId = Guid.Parse(child.Split('/')[^1]);

        var outsider = await fixture.SignedInAsync(Session.OtherOrganisationManager);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync($"{child}/chronology")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.Client.GetAsync(child)).StatusCode);

        var admin = await fixture.SignedInAsync(Session.Admin);
        var denied = await admin.Client.GetAsync($"{child}/chronology");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/access-denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var auditor = await fixture.SignedInAsync(Session.Auditor);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetPageAsync($"{child}/chronology")).Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetPageAsync($"{child}/chronology")).Status);

        await using var db = fixture.Database.CreateContext();
        var views = await db.AuditEntries.AsNoTracking()
            .Where(e => e.ChildId == childId && e.Action == AuditActions.ViewedChronology)
            .Select(e => e.ActorName).ToListAsync();
        Assert.Equal(2, views.Count);
        Assert.Contains("Sam Carter", views);

        var log = (await auditor.GetPageAsync($"{child}/access")).Page;
        Assert.Contains("Viewed the chronology", log.Body!.TextContent, StringComparison.Ordinal);
    }

    private async Task<string> ReferenceAsync(string child)
    {
        var id = Guid.Parse(child.Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        return await db.Children.Where(c => c.Id == id).Select(c => c.Reference).SingleAsync();
    }

    private static string Text(IHtmlDocument page, string testId) =>
        string.Join(' ', page.QuerySelector($"[data-testid={testId}]")!.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static List<string> Titles(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=timeline] .moj-timeline__title").Select(t => t.TextContent.Trim()).ToList();

    private static void AssertRedirect(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"answered {(int)response.StatusCode}");

    private static Task<HttpResponseMessage> Post(Session session, string path, Dictionary<string, string> fields) =>
        session.PostFormAsync(path, path, fields);

    private static Task<HttpResponseMessage> Post(Session session, string formPage, string path, Dictionary<string, string> fields) =>
        session.PostFormAsync(formPage, path, fields);
}
