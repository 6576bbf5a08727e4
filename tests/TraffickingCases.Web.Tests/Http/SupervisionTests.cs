using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>Supervision notes over HTTP: managers record them, everyone who reads the case sees them, RR-20 flags an overdue review.</summary>
[Collection(RulesCollection.Name)]
public sealed class SupervisionTests(RulesFixture fixture)
{
    private DateOnly Today => UkCalendar.DateOf(fixture.Clock.GetUtcNow());

    [Fact]
    public async Task A_manager_records_supervision_which_caseworkers_and_auditors_read_but_cannot_record()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Luan", "Supervisedone", "2010-05-06");
        var manager = await fixture.SignedInAsync(Session.Manager);
        var form = (await manager.GetPageAsync($"{child}/supervision")).Page;
        var review = Today.AddDays(28);

        var saved = await manager.PostAsync(form, $"{child}/supervision", Fields("Weekly visits agreed; chase the ICTG referral", review));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var db = fixture.Database.CreateContext();
        var note = await db.SupervisionNotes.AsNoTracking().SingleAsync(n => n.ChildId == Id(child));
        Assert.Equal(review, note.NextReviewOn);
        Assert.Equal("Priya Shah", note.AuthorName);
        Assert.Equal(review, (await db.Children.AsNoTracking().SingleAsync(c => c.Id == Id(child))).SupervisionReviewOn);
        Assert.True(await db.AuditEntries.AsNoTracking().AnyAsync(e => e.EntityType == "SupervisionNote" && e.Action == "created" && e.ChildId == Id(child)));

        var childPage = (await caseworker.GetPageAsync(child)).Page;
        Assert.Contains("Weekly visits agreed", childPage.QuerySelector("[data-testid=supervision-summary]")!.TextContent, StringComparison.Ordinal);
        var (status, list) = await caseworker.GetPageAsync($"{child}/supervision");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Weekly visits agreed", list.QuerySelector("[data-testid=supervision-notes]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(list.QuerySelector("[data-testid=supervision-form]"));
        var auditor = await fixture.SignedInAsync(Session.Auditor);
        Assert.Contains("Weekly visits agreed", (await auditor.GetPageAsync($"{child}/supervision")).Page.QuerySelector("[data-testid=supervision-notes]")!.TextContent, StringComparison.Ordinal);

        var posted = await caseworker.PostAsync(list, $"{child}/supervision", Fields("I supervise myself", Today.AddDays(10)));

        Assert.True(posted.StatusCode == HttpStatusCode.Forbidden || posted.Headers.Location?.OriginalString.Contains("/access-denied", StringComparison.Ordinal) == true,
            $"a caseworker's post answered {(int)posted.StatusCode}");
        Assert.Equal(1, await db.SupervisionNotes.CountAsync(n => n.ChildId == Id(child)));
        var other = await fixture.SignedInAsync(Session.OtherOrganisationManager);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetPageAsync($"{child}/supervision")).Status);
    }

    [Fact]
    public async Task Missing_or_impossible_answers_are_shown_beside_the_fields_in_page_order_and_nothing_is_saved()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Mira", "Supervisedtwo", "2010-05-06");
        var manager = await fixture.SignedInAsync(Session.Manager);
        var form = (await manager.GetPageAsync($"{child}/supervision")).Page;

        var empty = await manager.PostAsync(form, $"{child}/supervision", [new("Form.Text", ""), new("Form.ReviewDay", ""), new("Form.ReviewMonth", ""), new("Form.ReviewYear", "")]);
        var impossible = await manager.PostAsync(form, $"{child}/supervision", [new("Form.Text", "Reviewed"), new("Form.ReviewDay", "31"), new("Form.ReviewMonth", "2"), new("Form.ReviewYear", "2027")]);
        var tooFar = await manager.PostAsync(form, $"{child}/supervision", Fields("Reviewed", Today.AddDays(120)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var page = Session.Parse(await Session.Body(empty));
        Assert.Equal(["#Form_Text", "#Form_ReviewDay"], page.QuerySelectorAll(".govuk-error-summary a").Select(a => a.GetAttribute("href")!));
        Assert.Contains("Enter what was discussed", page.QuerySelector("#Form_Text-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Enter the date of the next supervision review", page.QuerySelector("#Form_ReviewDay-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("real date", Session.Parse(await Session.Body(impossible)).QuerySelector("#Form_ReviewDay-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Reviewed", Session.Parse(await Session.Body(impossible)).QuerySelector("#Form_Text")!.TextContent);
        Assert.Contains("within 92 days", Session.Parse(await Session.Body(tooFar)).QuerySelector("#Form_ReviewDay-error")!.TextContent, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        Assert.False(await db.SupervisionNotes.AnyAsync(n => n.ChildId == Id(child)));
    }

    [Fact]
    public async Task After_the_review_date_passes_the_sweep_raises_RR_20_and_a_new_note_ends_it()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Nora", "Supervisedthree", "2010-05-06");
        var manager = await fixture.SignedInAsync(Session.Manager);
        var review = Today.AddDays(1);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostAsync((await manager.GetPageAsync($"{child}/supervision")).Page, $"{child}/supervision", Fields("Plan agreed", review))).StatusCode);
        await using var db = fixture.Database.CreateContext();
        Assert.False(await OpenRr20Async(db, Id(child)));
        Assert.Equal(UkCalendar.StartOf(review.AddDays(1)),
            await db.Children.AsNoTracking().Where(c => c.Id == Id(child)).Select(c => EF.Property<DateTimeOffset?>(c, "NextDueAt")).SingleAsync());

        fixture.Clock.Advance(TimeSpan.FromDays(2));
        await fixture.App.SweepAsync();

        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == Id(child) && f.RuleCode == "RR-20");
        Assert.True(flag.IsOpen);
        Assert.Equal(Severity.Medium, flag.Severity);
        Assert.Contains(review.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), flag.Evidence, StringComparison.Ordinal);
        manager = await fixture.SignedInAsync(Session.Manager);
        Assert.Contains("overdue", (await manager.GetPageAsync(child)).Page.QuerySelector("[data-testid=supervision-review]")!.TextContent, StringComparison.Ordinal);

        var again = await manager.PostAsync((await manager.GetPageAsync($"{child}/supervision")).Page, $"{child}/supervision", Fields("Reviewed: plan holding", Today.AddDays(30)));

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.False(await OpenRr20Async(db, Id(child)));
    }

    private static Task<bool> OpenRr20Async(TraffickingCases.Infrastructure.Persistence.CasesDbContext db, Guid childId) =>
        db.Flags.AsNoTracking().AnyAsync(f => f.ChildId == childId && f.RuleCode == "RR-20" && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged));

    private static KeyValuePair<string, string>[] Fields(string text, DateOnly review) =>
    [
        new("Form.Text", text),
        new("Form.ReviewDay", review.Day.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Form.ReviewMonth", review.Month.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("Form.ReviewYear", review.Year.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    private static Guid Id(string path) => Guid.Parse(path.Split('/')[^1]);
}
