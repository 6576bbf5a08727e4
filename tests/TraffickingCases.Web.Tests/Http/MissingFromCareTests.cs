using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>
/// Missing from care (issue 14): recording a return, the return interview due and overdue, the "missing now"
/// caseload filter, assigning a caseworker, and the Philomena Protocol profile with its page for the police.
/// On the rules' app, whose clock the tests move.
/// </summary>
[Collection(RulesCollection.Name)]
public sealed class MissingFromCareTests(RulesFixture fixture)
{
    private DateTimeOffset Now => fixture.Clock.GetUtcNow();

    [Fact]
    public async Task Recording_the_return_closes_the_episode_takes_the_child_off_missing_now_and_ends_the_missing_now_flag()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Ilir", "Returnsnow", "2009-06-01");
        var childId = Id(child);
        await GoMissingAsync(caseworker, child, Now.AddHours(-3), police: "NS/2026/1234");
        Assert.Contains(await RefAsync(childId), MissingNowList(await caseworker.GetPageAsync("/children?missing=now")));
        await using (var db = fixture.Database.CreateContext())
        {
            Assert.Equal(FlagStatus.Open, (await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == childId && f.RuleCode == "RR-04")).Status);
        }

        var page = (await caseworker.GetPageAsync(child)).Page;
        var returnLink = page.QuerySelector("[data-testid=record-return]")!.GetAttribute("href")!;
        Assert.Matches($"^/children/{childId}/missing-episodes/[0-9a-f-]{{36}}/return$", returnLink);
        var form = (await caseworker.GetPageAsync(returnLink)).Page;
        Assert.Contains("Missing since", form.QuerySelector("[data-testid=missing-since]")!.TextContent, StringComparison.Ordinal);
        var returned = await caseworker.PostAsync(form, returnLink, [new("Form.ReturnedAt", Local(Now.AddMinutes(-20))), new("Form.WhereaboutsKnown", "true")]);

        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal(child, returned.Headers.Location!.OriginalString);
        await using var after = fixture.Database.CreateContext();
        var episode = await after.MissingEpisodes.AsNoTracking().SingleAsync(e => e.ChildId == childId);
        Assert.Equal(Minute(Now.AddMinutes(-20)), episode.ReturnedAt);
        Assert.True(episode.WhereaboutsKnown);
        Assert.Equal("NS/2026/1234", episode.PoliceReference);
        Assert.False(await after.Children.Where(c => c.Id == childId).Select(c => EF.Property<bool>(c, ShadowProperties.MissingNow)).SingleAsync());
        Assert.NotEqual(FlagStatus.Open, (await after.Flags.AsNoTracking().SingleAsync(f => f.ChildId == childId && f.RuleCode == "RR-04")).Status);
        Assert.True(await after.AuditEntries.AnyAsync(a => a.Action == AuditActions.Updated && a.EntityType == "MissingEpisode" && a.EntityId == episode.Id.ToString()));
        Assert.DoesNotContain(await RefAsync(childId), MissingNowList(await caseworker.GetPageAsync("/children?missing=now")));
        Assert.Null((await caseworker.GetPageAsync(child)).Page.QuerySelector("[data-testid=record-return]"));
    }

    [Fact]
    public async Task A_return_without_its_time_or_recorded_twice_is_refused_beside_the_field_and_the_first_return_stands()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Besnik", "Returntwice", "2009-06-02");
        await GoMissingAsync(caseworker, child, Now.AddHours(-5));
        var returnLink = (await caseworker.GetPageAsync(child)).Page.QuerySelector("[data-testid=record-return]")!.GetAttribute("href")!;
        var form = (await caseworker.GetPageAsync(returnLink)).Page;

        var untimed = await caseworker.PostAsync(form, returnLink, [new("Form.WhereaboutsKnown", "false")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, untimed.StatusCode);
        Assert.Contains("Enter when the child returned", Session.Parse(await Session.Body(untimed)).QuerySelector("#Form_ReturnedAt-error")!.TextContent, StringComparison.Ordinal);

        // Two people open the form; the first records the return, the second is told and overwrites nothing.
        var first = await caseworker.PostAsync(form, returnLink, [new("Form.ReturnedAt", Local(Now.AddHours(-2))), new("Form.WhereaboutsKnown", "false")]);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var second = await caseworker.PostAsync(form, returnLink, [new("Form.ReturnedAt", Local(Now.AddHours(-1))), new("Form.WhereaboutsKnown", "true")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("The return was already recorded", Session.Parse(await Session.Body(second)).QuerySelector("#Form_ReturnedAt-error")!.TextContent, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        var episode = await db.MissingEpisodes.AsNoTracking().SingleAsync(e => e.ChildId == Id(child));
        Assert.Equal(Minute(Now.AddHours(-2)), episode.ReturnedAt);
        Assert.False(episode.WhereaboutsKnown);
    }

    [Fact]
    public async Task The_return_interview_reads_due_by_its_time_then_overdue_as_the_clock_moves_and_is_gone_once_completed()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Dritan", "Interviewdue", "2009-06-03");
        var returnedAt = Minute(Now.AddHours(-1));
        await GoMissingAsync(caseworker, child, Now.AddHours(-6), returned: returnedAt);

        var dueBy = UkCalendar.ToLondon(returnedAt.AddHours(72)).ToString("d MMM HH:mm", CultureInfo.GetCultureInfo("en-GB"));
        var page = (await caseworker.GetPageAsync(child)).Page;
        Assert.Contains($"Return interview due by {dueBy}", page.QuerySelector("[data-testid=return-interview]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"Return interview due by {dueBy}", ReturnedEntry(page).QuerySelector(".moj-timeline__description p")!.TextContent.Trim());

        fixture.Clock.Advance(TimeSpan.FromHours(80));
        caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var late = (await caseworker.GetPageAsync(child)).Page;
        var overdue = $"Return interview overdue by {(int)(Now - returnedAt.AddHours(72)).TotalHours} hours";
        Assert.Contains(overdue, late.QuerySelector("[data-testid=return-interview]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(overdue, ReturnedEntry(late).QuerySelector(".moj-timeline__description p")!.TextContent.Trim());
        var recordInterview = late.QuerySelector("[data-testid=return-interview] a")!;
        Assert.Equal("Record interview", recordInterview.TextContent.Trim());
        Assert.EndsWith("/edit#return-interview", recordInterview.GetAttribute("href")!, StringComparison.Ordinal);

        fixture.Clock.Advance(TimeSpan.FromDays(2));
        caseworker = await fixture.SignedInAsync(Session.Caseworker);
        Assert.Contains("overdue by 2 days", (await caseworker.GetPageAsync(child)).Page.QuerySelector("[data-testid=return-interview]")!.TextContent, StringComparison.Ordinal);

        var edit = recordInterview.GetAttribute("href")!.Split('#')[0];
        var episode = (await caseworker.GetPageAsync(edit)).Page;
        var saved = await caseworker.PostAsync(episode, edit,
        [
            new("Form.WentMissingAt", Local(returnedAt.AddHours(-5))),
            new("Form.HasReturned", "true"),
            new("Form.ReturnedAt", Local(returnedAt)),
            new("Form.WhereaboutsKnown", "false"),
            new("Form.ReportedToPolice", "false"),
            new("Form.ReturnInterviewCompletedAt", Local(Now.AddHours(-1))), // the clock has moved on 2 days since the return
        ]);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, Session.Parse(await Session.Body(saved)).QuerySelector(".govuk-error-summary")?.TextContent);
        var done = (await caseworker.GetPageAsync(child)).Page;
        Assert.Null(done.QuerySelector("[data-testid=return-interview]"));
        Assert.StartsWith("Completed", ReturnedEntry(done).QuerySelector(".govuk-summary-list__value")!.TextContent.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_missing_now_filter_lists_only_my_organisations_missing_children_most_recently_missing_first()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var manager = await fixture.SignedInAsync(Session.Manager);
        var east = await fixture.SignedInAsync(Session.OtherOrganisationCaseworker);
        var longAgo = await caseworker.RegisterChildAsync("Agim", "Missinglong", "2009-07-01");
        var recently = await manager.RegisterChildAsync("Arta", "Missingrecent", "2009-07-02");
        var notMissing = await caseworker.RegisterChildAsync("Alban", "Athome", "2009-07-03");
        var theirs = await east.RegisterChildAsync("Adnan", "Missingeast", "2009-07-04");
        await GoMissingAsync(caseworker, longAgo, Now.AddDays(-2));
        await GoMissingAsync(manager, recently, Now.AddMinutes(-50));
        await GoMissingAsync(east, theirs, Now.AddMinutes(-10));

        var (status, page) = await caseworker.GetPageAsync("/children?missing=now");

        Assert.Equal(HttpStatusCode.OK, status);
        var listed = MissingNowList((status, page));
        Assert.DoesNotContain(await RefAsync(Id(theirs)), listed);
        Assert.DoesNotContain(await RefAsync(Id(notMissing)), listed);
        var recentIndex = listed.IndexOf(await RefAsync(Id(recently)));
        var longIndex = listed.IndexOf(await RefAsync(Id(longAgo)));
        Assert.True(recentIndex >= 0 && longIndex > recentIndex, $"expected the recently missing child before the one missing for two days: {string.Join(", ", listed)}");
        Assert.Equal("Missing now, most recently missing first", page.QuerySelector("[data-testid=caseload] caption")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#missing[checked]"));
        var row = page.QuerySelectorAll("[data-testid=caseload] tbody tr").Single(r => r.TextContent.Contains("Missingrecent", StringComparison.Ordinal));
        Assert.Contains("since " + UkCalendar.ToLondon(Minute(Now.AddMinutes(-50))).ToString("d MMMM yyyy, HH:mm", CultureInfo.GetCultureInfo("en-GB")),
            row.QuerySelector("[data-testid=missing-since]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(await RefAsync(Id(recently)), MissingNowList(await east.GetPageAsync("/children?missing=now")));
    }

    [Fact]
    public async Task A_caseworkers_caseload_opens_on_their_own_children_and_anyone_shows_the_rest()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var manager = await fixture.SignedInAsync(Session.Manager);
        var mine = await caseworker.RegisterChildAsync("Erion", "Mydefault", "2009-08-01");
        await TakeOnAsync(caseworker, mine, Session.Caseworker);
        await manager.RegisterChildAsync("Elira", "Managersdefault", "2009-08-02");

        var (_, opened) = await caseworker.GetPageAsync("/children");
        var anyone = (await caseworker.GetPageAsync("/children?q=&caseworker=")).Page;

        var selected = opened.QuerySelector("#caseworker option[selected]")!;
        Assert.Equal(await fixture.App.UserIdAsync(Session.Caseworker), selected.GetAttribute("value"));
        Assert.StartsWith("My children", selected.TextContent, StringComparison.Ordinal);
        Assert.Contains("Mydefault", opened.QuerySelector("[data-testid=caseload]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Managersdefault", opened.QuerySelector("[data-testid=caseload]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Managersdefault", anyone.QuerySelector("[data-testid=caseload]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Managersdefault", (await manager.GetPageAsync("/children")).Page.QuerySelector("[data-testid=caseload]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_reassigns_a_child_audited_with_both_caseworkers_and_the_first_caseworker_can_still_open_the_record()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Fatos", "Reassigned", "2009-09-01");
        var childId = Id(child);
        var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
        var managerId = await fixture.App.UserIdAsync(Session.Manager);
        await TakeOnAsync(caseworker, child, Session.Caseworker);

        // The caseworker may not reassign a child who has a caseworker.
        var (_, refusedPage) = await caseworker.GetPageAsync($"{child}/caseworker");
        Assert.NotNull(refusedPage.QuerySelector("[data-testid=manager-only]"));
        Assert.Null((await caseworker.GetPageAsync(child)).Page.QuerySelector("[data-testid=assign-caseworker]"));

        var manager = await fixture.SignedInAsync(Session.Manager);
        var link = (await manager.GetPageAsync(child)).Page.QuerySelector("[data-testid=assign-caseworker]")!;
        Assert.Equal("Change caseworker", link.TextContent.Trim());
        var form = (await manager.GetPageAsync($"{child}/caseworker")).Page;
        var stale = form;
        var saved = await manager.PostAsync(form, $"{child}/caseworker",
            [new("Form.CaseworkerId", managerId), new("Form.Reason", "Caseload balanced after a leaver"), new("Form.CurrentCaseworkerId", caseworkerId)]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = (await manager.GetPageAsync(child)).Page;
        Assert.Contains("Priya Shah", page.QuerySelector("[data-testid=child-details]")!.TextContent, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.CaseworkerAssigned && a.ChildId == childId).ToListAsync();
        Assert.Equal(2, entries.Count);
        var entry = Assert.Single(entries, e => e.Details.Contains(managerId, StringComparison.Ordinal));
        Assert.Contains($"\"from\": \"{caseworkerId}\"", entry.Details, StringComparison.Ordinal);
        Assert.Contains($"\"to\": \"{managerId}\"", entry.Details, StringComparison.Ordinal);
        Assert.Contains("Caseload balanced after a leaver", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("Fatos", entry.Details, StringComparison.Ordinal);
        Assert.DoesNotContain("Reassigned", entry.Details, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await caseworker.GetPageAsync(child)).Status);

        // A form opened before the change is a conflict, not a silent overwrite.
        var conflict = await manager.PostAsync(stale, $"{child}/caseworker", [new("Form.CaseworkerId", "unassigned"), new("Form.CurrentCaseworkerId", caseworkerId)]);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal(managerId, await db.Children.Where(c => c.Id == childId).Select(c => c.AssignedCaseworkerId).SingleAsync());

        // Another organisation's manager cannot see it.
        var east = await fixture.SignedInAsync(Session.OtherOrganisationManager);
        Assert.Equal(HttpStatusCode.NotFound, (await east.GetPageAsync($"{child}/caseworker")).Status);
    }

    [Fact]
    public async Task A_caseworker_takes_on_a_child_nobody_is_assigned_to()
    {
        var manager = await fixture.SignedInAsync(Session.Manager);
        var child = await manager.RegisterChildAsync("Genti", "Unassigned", "2009-09-02");
        Assert.Contains("Nobody (not assigned)", (await manager.GetPageAsync($"{child}/caseworker")).Page.QuerySelector("#Form_CaseworkerId")!.TextContent, StringComparison.Ordinal);

        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
        Assert.Equal("Assign a caseworker", (await caseworker.GetPageAsync(child)).Page.QuerySelector("[data-testid=assign-caseworker]")!.TextContent.Trim());
        var mine = (await caseworker.GetPageAsync($"{child}/caseworker")).Page;
        Assert.Null(mine.QuerySelector("option[value=unassigned]"));
        var saved = await caseworker.PostAsync(mine, $"{child}/caseworker", [new("Form.CaseworkerId", caseworkerId), new("Form.CurrentCaseworkerId", string.Empty)]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("Sam Carter", (await caseworker.GetPageAsync(child)).Page.QuerySelector("[data-testid=child-details]")!.TextContent, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        var entry = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.CaseworkerAssigned && a.ChildId == Id(child)).OrderBy(a => a.OccurredAt).LastAsync();
        Assert.Contains("\"from\": null", entry.Details, StringComparison.Ordinal);
        Assert.Contains($"\"to\": \"{caseworkerId}\"", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_profile_is_saved_refused_when_too_long_kept_from_a_second_writer_and_printed_for_the_police()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var manager = await fixture.SignedInAsync(Session.Manager);
        var child = await caseworker.RegisterChildAsync("Hana", "Profiled", "2009-10-01");
        await TakeOnAsync(caseworker, child, Session.Caseworker);
        var childId = Id(child);
        var profile = $"{child}/missing-profile";
        var mine = (await caseworker.GetPageAsync(profile)).Page;
        var theirs = (await manager.GetPageAsync(profile)).Page;

        var tooLong = await caseworker.PostAsync(mine, profile, [new("Form.Description", new string('x', 4001)), new("Form.Places", "Birmingham New Street"), new("Form.Version", "0")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        var refused = Session.Parse(await Session.Body(tooLong));
        Assert.Contains("The description must be 4000 characters or fewer", refused.QuerySelector("#Form_Description-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Birmingham New Street", refused.QuerySelector("#Form_Places")!.TextContent);

        var saved = await caseworker.PostAsync(mine, profile,
        [
            new("Form.Description", "Slim, 5ft 6, short black hair, scar on left eyebrow"),
            new("Form.Associates", "Older cousin known as 'K'"),
            new("Form.Places", "Birmingham New Street station"),
            new("Form.PhoneNumbers", "07700 900123"),
            new("Form.Version", "0"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        // The manager opened the page before the caseworker saved: told, shown the saved text, nothing overwritten.
        var late = await manager.PostAsync(theirs, profile, [new("Form.Description", "Tall"), new("Form.Version", "0")]);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var conflict = Session.Parse(await Session.Body(late));
        Assert.Contains("Slim, 5ft 6", conflict.QuerySelector("[data-testid=conflict] + table")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Tall", conflict.QuerySelector("#Form_Description")!.TextContent);
        await using (var db = fixture.Database.CreateContext())
        {
            Assert.Equal("Slim, 5ft 6, short black hair, scar on left eyebrow", await db.MissingProfiles.Where(p => p.ChildId == childId).Select(p => p.Description).SingleAsync());
        }

        await GoMissingAsync(caseworker, child, Now.AddHours(-2), police: "WM-55120");
        var childPage = (await caseworker.GetPageAsync(child)).Page;
        Assert.Equal($"{profile}/print", childPage.QuerySelector("[data-testid=missing-from-care] [data-testid=print-profile]")!.GetAttribute("href"));
        var (printStatus, print) = await caseworker.GetPageAsync($"{profile}/print");
        Assert.Equal(HttpStatusCode.OK, printStatus);
        Assert.Equal("OFFICIAL-SENSITIVE", print.QuerySelector("[data-testid=protective-marking]")!.TextContent.Trim());
        Assert.Equal("Hana Profiled", print.QuerySelector("[data-testid=profile-name]")!.TextContent.Trim());
        Assert.Equal("Birmingham New Street station", print.QuerySelector("[data-testid=print-places]")!.TextContent.Trim());
        Assert.Equal("07700 900123", print.QuerySelector("[data-testid=print-phone-numbers]")!.TextContent.Trim());
        Assert.Contains("WM-55120", print.QuerySelector("[data-testid=print-missing-now]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Sam Carter", print.QuerySelector("[data-testid=print-caseworker]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("1 October 2009", print.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(await RefAsync(childId), print.Body!.TextContent, StringComparison.Ordinal);

        var east = await fixture.SignedInAsync(Session.OtherOrganisationManager);
        Assert.Equal(HttpStatusCode.NotFound, (await east.GetPageAsync(profile)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await east.GetPageAsync($"{profile}/print")).Status);
        var auditor = await fixture.SignedInAsync(Session.Auditor);
        var readOnly = (await auditor.GetPageAsync(profile)).Page;
        Assert.Null(readOnly.QuerySelector("form[action$='/missing-profile']"));
        Assert.Contains("Older cousin", readOnly.QuerySelector("[data-testid=profile]")!.TextContent, StringComparison.Ordinal);

        await using var audit = fixture.Database.CreateContext();
        var actions = await audit.AuditEntries.AsNoTracking().Where(a => a.ChildId == childId && a.EntityType == "MissingProfile").Select(a => a.Action).ToListAsync();
        Assert.Contains(AuditActions.Viewed, actions);
        Assert.Contains(AuditActions.Printed, actions);
        Assert.Contains(AuditActions.Created, actions);
    }

    private async Task GoMissingAsync(Session session, string child, DateTimeOffset wentMissing, string? police = null, DateTimeOffset? returned = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["Form.WentMissingAt"] = Local(wentMissing),
            ["Form.WhereaboutsKnown"] = "false",
        };
        if (police is not null)
        {
            fields["Form.PoliceReference"] = police;
        }

        if (returned is not null)
        {
            fields["Form.ReturnedAt"] = Local(returned.Value);
        }

        var response = await session.AddMissingEpisodeAsync(child, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"recording the episode answered {(int)response.StatusCode}: {await Session.Body(response)}");
    }

    private async Task<string> RefAsync(Guid childId)
    {
        await using var db = fixture.Database.CreateContext();
        return await db.Children.Where(c => c.Id == childId).Select(c => c.Reference).SingleAsync();
    }

    /// <summary>Assigns the child to the person with <paramref name="email"/> through the caseworker page.</summary>
    private async Task TakeOnAsync(Session session, string child, string email)
    {
        var form = (await session.GetPageAsync($"{child}/caseworker")).Page;
        var current = form.QuerySelector("input[name='Form.CurrentCaseworkerId']")!.GetAttribute("value") ?? string.Empty;
        var response = await session.PostAsync(form, $"{child}/caseworker", [new("Form.CaseworkerId", await fixture.App.UserIdAsync(email)), new("Form.CurrentCaseworkerId", current)]);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"assigning answered {(int)response.StatusCode}: {await Session.Body(response)}");
    }

    private static List<string> MissingNowList((HttpStatusCode Status, IHtmlDocument Page) page) =>
        page.Page.QuerySelectorAll("[data-testid=caseload] tbody tr td:first-child a").Select(a => a.TextContent.Trim()).ToList();

    private static AngleSharp.Dom.IElement ReturnedEntry(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=timeline] .moj-timeline__item[data-kind=missing]")
            .Single(e => e.QuerySelector(".moj-timeline__title")!.TextContent.Trim() == "Returned");

    private static Guid Id(string childPath) => Guid.Parse(childPath.Split('/')[^1]);

    private static DateTimeOffset Minute(DateTimeOffset instant) =>
        UkCalendar.FromLondon(DateTime.ParseExact(Local(instant), "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));

    private static string Local(DateTimeOffset instant) =>
        UkCalendar.ToLondon(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
