using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>Correcting mistakes over HTTP: moving a record to the right child, and marking one as entered in error.</summary>
[Collection(HttpCollection.Name)]
public sealed class CorrectionsTests(AppFixture fixture)
{
    [Fact]
    public async Task Moving_a_missing_episode_takes_it_and_its_repeated_missing_flag_to_the_right_child_audited_on_both()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var from = await caseworker.RegisterChildAsync("Arben", "Movefromaj", "2010-05-06");
        var to = await caseworker.RegisterChildAsync("Dritan", "Movetoqq", "2011-07-08");
        await EpisodeAsync(caseworker, from, daysAgo: 20);
        var moved = await EpisodeAsync(caseworker, from, daysAgo: 9);
        await EpisodeAsync(caseworker, to, daysAgo: 15);
        await using var db = fixture.Database.CreateContext();
        Assert.True(await OpenAsync(db, Id(from), "RR-03"));
        Assert.False(await OpenAsync(db, Id(to), "RR-03"));
        var target = await db.Children.AsNoTracking().SingleAsync(c => c.Id == Id(to));
        var movePath = $"{from}/records/missing-episodes/{moved}/move";

        var form = (await caseworker.GetPageAsync(movePath)).Page;
        var confirm = await caseworker.PostAsync(form, movePath, [new("Form.TargetReference", " " + target.Reference.ToLowerInvariant() + " ")]);

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        var confirmation = Session.Parse(await Session.Body(confirm));
        Assert.Contains("Dritan Movetoqq", confirmation.QuerySelector("[data-testid=move-target-name]")!.TextContent, StringComparison.Ordinal);
        db.ChangeTracker.Clear();
        Assert.Equal(Id(from), (await db.MissingEpisodes.AsNoTracking().SingleAsync(e => e.Id == moved)).ChildId);

        var done = await caseworker.PostAsync(confirmation, movePath, [new("Form.TargetReference", target.Reference), new("Form.Confirmed", "true")]);

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        db.ChangeTracker.Clear();
        Assert.Equal(Id(to), (await db.MissingEpisodes.AsNoTracking().SingleAsync(e => e.Id == moved)).ChildId);
        Assert.False(await OpenAsync(db, Id(from), "RR-03"));
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == Id(to) && f.RuleCode == "RR-03" && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged));
        Assert.Equal(moved.ToString(), flag.OccurrenceKey);
        Assert.Contains(moved.ToString(), (await caseworker.GetPageAsync(to)).Page.QuerySelector("[data-testid=timeline]")!.InnerHtml, StringComparison.Ordinal);
        Assert.DoesNotContain(moved.ToString(), (await caseworker.GetPageAsync(from)).Page.QuerySelector("[data-testid=timeline]")!.InnerHtml, StringComparison.Ordinal);
        var entries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "record_moved" && e.EntityId == moved.ToString()).ToListAsync();
        Assert.Equal(new[] { Id(from), Id(to) }.Order(), entries.Select(e => e.ChildId!.Value).Order());
        Assert.All(entries, e => Assert.Contains(target.Reference, e.Details, StringComparison.Ordinal));
        // Both summaries were brought up to date in the same change.
        foreach (var childId in new[] { Id(from), Id(to) })
        {
            Assert.Equal(
                await db.Flags.CountAsync(f => f.ChildId == childId && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged)),
                await db.Children.AsNoTracking().Where(c => c.Id == childId).Select(c => EF.Property<int>(c, "OpenFlags")).SingleAsync());
        }
    }

    [Fact]
    public async Task A_record_marked_as_entered_in_error_stays_greyed_is_read_by_no_rule_cannot_be_changed_and_is_audited()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Besnik", "Errorsonly", "2010-05-06");
        await EpisodeAsync(caseworker, child, daysAgo: 20);
        var wrong = await EpisodeAsync(caseworker, child, daysAgo: 9);
        await using var db = fixture.Database.CreateContext();
        Assert.True(await OpenAsync(db, Id(child), "RR-03"));
        var markPath = $"{child}/records/missing-episodes/{wrong}/entered-in-error";
        var form = (await caseworker.GetPageAsync(markPath)).Page;

        var noReason = await caseworker.PostAsync(form, markPath, [new("Form.Reason", "  ")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        var errors = Session.Parse(await Session.Body(noReason));
        Assert.Contains("Enter why this record was entered in error", errors.QuerySelector("#Form_Reason-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(errors.QuerySelector(".govuk-error-summary a[href='#Form_Reason']"));

        var marked = await caseworker.PostAsync(form, markPath, [new("Form.Reason", "Recorded against the wrong date")]);

        Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        db.ChangeTracker.Clear();
        var episode = await db.MissingEpisodes.AsNoTracking().SingleAsync(e => e.Id == wrong);
        Assert.True(episode.IsEnteredInError);
        Assert.Equal("Recorded against the wrong date", episode.EnteredInErrorReason);
        Assert.False(await OpenAsync(db, Id(child), "RR-03"));
        var page = (await caseworker.GetPageAsync(child)).Page;
        var greyed = page.QuerySelectorAll(".moj-timeline__item.app-entered-in-error");
        Assert.NotEmpty(greyed);
        Assert.Contains("Recorded against the wrong date", greyed[0].QuerySelector("[data-testid=entered-in-error]")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain($"missing-episodes/{wrong}/edit", page.DocumentElement.InnerHtml, StringComparison.Ordinal);
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == "entered_in_error" && e.EntityId == wrong.ToString());
        Assert.Equal(Id(child), entry.ChildId);

        // It cannot be changed, moved, or marked again.
        var edit = await caseworker.GetPageAsync($"{child}/missing-episodes/{wrong}/edit");
        Assert.Equal(HttpStatusCode.Conflict, edit.Status);
        var changed = await caseworker.PostAsync(edit.Page, $"{child}/missing-episodes/{wrong}/edit", [
            new("Form.WentMissingAt", Local(DaysAgo(9))), new("Form.ReturnedAt", Local(DaysAgo(9).AddHours(5))), new("Form.WhereaboutsKnown", "true")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.Contains("cannot be changed", Session.Parse(await Session.Body(changed)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await caseworker.GetPageAsync($"{child}/records/missing-episodes/{wrong}/move")).Status);
        var again = await caseworker.PostAsync(form, markPath, [new("Form.Reason", "Twice")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        db.ChangeTracker.Clear();
        Assert.Equal("Recorded against the wrong date", (await db.MissingEpisodes.AsNoTracking().SingleAsync(e => e.Id == wrong)).EnteredInErrorReason);
    }

    [Fact]
    public async Task Another_organisations_child_is_refused_as_a_target_beside_the_field_and_nothing_moves()
    {
        var east = await fixture.SignedInAsync(Session.OtherOrganisationCaseworker);
        var theirs = await east.RegisterChildAsync("Genti", "Eastsideonly", "2010-01-02");
        await using var db = fixture.Database.CreateContext();
        var theirReference = (await db.Children.AsNoTracking().SingleAsync(c => c.Id == Id(theirs))).Reference;
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var ours = await caseworker.RegisterChildAsync("Ilir", "Westsideonly", "2010-01-02");
        var note = await NoteAsync(caseworker, ours, "Met at the drop-in");
        var movePath = $"{ours}/records/notes/{note}/move";
        var form = (await caseworker.GetPageAsync(movePath)).Page;

        var refused = await caseworker.PostAsync(form, movePath, [new("Form.TargetReference", theirReference)]);
        var forged = await caseworker.PostAsync(form, movePath, [new("Form.TargetReference", theirReference), new("Form.Confirmed", "true")]);
        var unknown = await caseworker.PostAsync(form, movePath, [new("Form.TargetReference", "TC-999999")]);
        var empty = await caseworker.PostAsync(form, movePath, [new("Form.TargetReference", "")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = Session.Parse(await Session.Body(refused));
        Assert.Equal($"Error: No child of your organisation has the reference {theirReference}", page.QuerySelector("#Form_TargetReference-error")!.TextContent.Trim());
        Assert.DoesNotContain("Genti", page.DocumentElement.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Contains("No child of your organisation", Session.Parse(await Session.Body(forged)).QuerySelector("#Form_TargetReference-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("Enter the reference", Session.Parse(await Session.Body(empty)).QuerySelector("#Form_TargetReference-error")!.TextContent, StringComparison.Ordinal);
        db.ChangeTracker.Clear();
        Assert.Equal(Id(ours), (await db.CaseNotes.AsNoTracking().SingleAsync(n => n.Id == note)).ChildId);

        // Their people cannot even open our record's correction pages.
        Assert.Equal(HttpStatusCode.NotFound, (await east.GetPageAsync(movePath)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await east.GetPageAsync($"{ours}/records/notes/{note}/entered-in-error")).Status);
    }

    private static Guid Id(string path) => Guid.Parse(path.Split('/')[^1]);

    private static DateTimeOffset DaysAgo(int days) => DateTimeOffset.UtcNow.AddDays(-days);

    private static string Local(DateTimeOffset instant) => UkCalendar.ToLondon(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static Task<bool> OpenAsync(TraffickingCases.Infrastructure.Persistence.CasesDbContext db, Guid childId, string code) =>
        db.Flags.AsNoTracking().AnyAsync(f => f.ChildId == childId && f.RuleCode == code && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged));

    /// <summary>A missing episode of a few hours, returned, with the return interview done: only the repeated-missing rule sees it.</summary>
    private async Task<Guid> EpisodeAsync(Session session, string child, int daysAgo)
    {
        var went = DaysAgo(daysAgo);
        var response = await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = Local(went),
            ["Form.ReturnedAt"] = Local(went.AddHours(5)),
            ["Form.WhereaboutsKnown"] = "true",
            ["Form.ReturnInterviewCompletedAt"] = Local(went.AddHours(30)),
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"episode answered {(int)response.StatusCode}: {Session.Parse(await Session.Body(response)).QuerySelector(".govuk-error-summary")?.TextContent}");
        await using var db = fixture.Database.CreateContext();
        var childId = Id(child);
        return await db.MissingEpisodes.AsNoTracking().Where(e => e.ChildId == childId).OrderByDescending(e => e.CreatedAt).Select(e => e.Id).FirstAsync();
    }

    private async Task<Guid> NoteAsync(Session session, string child, string text)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddNoteAsync(child, text)).StatusCode);
        await using var db = fixture.Database.CreateContext();
        var childId = Id(child);
        return await db.CaseNotes.AsNoTracking().Where(n => n.ChildId == childId).Select(n => n.Id).SingleAsync();
    }
}
