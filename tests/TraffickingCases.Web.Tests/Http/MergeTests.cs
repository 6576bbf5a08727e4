using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class MergeTests(AppFixture fixture)
{
    [Fact]
    public async Task Merging_a_pair_moves_everything_to_the_survivor_raises_RR01_and_undoing_restores_both()
    {
        var caseworker = fixture.NewSession();
        await caseworker.SignInAsync(Session.Caseworker);
        var first = await caseworker.RegisterChildAsync("Mohammed", "Mergetestabad", "2009-02-03", nationalities: "AFG");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(first, "2024-03-01")).StatusCode);
        var second = await caseworker.RegisterChildAsync("Muhammad", "Mergetestabad", "2009-03-02", nationalities: "AFG");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(second, "2025-06-10")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync($"{second}/notes/new", $"{second}/notes/new", new() { ["Form.Text"] = "Second record's note" })).StatusCode);
        var firstId = Id(first);
        var secondId = Id(second);
        await using var db = fixture.Database.CreateContext();
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == firstId && f.RuleCode == Flag.MatchCode && f.OccurrenceKey == secondId.ToString());
        Assert.DoesNotContain(await db.Flags.AsNoTracking().Where(f => f.ChildId == firstId && f.Status == FlagStatus.Open).Select(f => f.RuleCode).ToListAsync(), c => c == "RR-01");
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);
        var pair = (await manager.GetPageAsync($"/matches/{flag.Id}")).Page;

        var noChoice = await manager.PostAsync(pair, $"/matches/{flag.Id}/merge", [new("Merge.Reason", "")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noChoice.StatusCode);
        var errors = Session.Parse(await Session.Body(noChoice));
        Assert.Contains("Choose which record to keep", errors.QuerySelector("#Merge_Survivor-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Enter why these records are the same child", errors.QuerySelector("#Merge_Reason-error")!.TextContent, StringComparison.Ordinal);

        var merged = await manager.PostAsync(pair, $"/matches/{flag.Id}/merge", [new("Merge.Survivor", "ours"), new("Merge.Reason", "Same photo and school")]);

        Assert.Equal(HttpStatusCode.Redirect, merged.StatusCode);
        Assert.Equal(first, merged.Headers.Location!.OriginalString);
        db.ChangeTracker.Clear();
        Assert.Equal(2, await db.Referrals.CountAsync(r => r.ChildId == firstId));
        Assert.Equal(0, await db.Referrals.CountAsync(r => r.ChildId == secondId));
        Assert.Equal(1, await db.CaseNotes.CountAsync(n => n.ChildId == firstId));
        var survivor = await db.Children.AsNoTracking().SingleAsync(c => c.Id == firstId);
        Assert.Contains("Muhammad Mergetestabad", survivor.OtherNames);
        Assert.Equal(firstId, (await db.Children.AsNoTracking().SingleAsync(c => c.Id == secondId)).MergedIntoId);
        var survivorFlags = await db.Flags.AsNoTracking().Where(f => f.ChildId == firstId).ToListAsync();
        Assert.Contains(survivorFlags, f => f.RuleCode == "RR-01" && f.IsOpen);
        Assert.All(survivorFlags.Where(f => f.RuleCode == Flag.MatchCode), f => Assert.Equal(FlagStatus.Resolved, f.Status));
        var merge = await db.ChildMerges.AsNoTracking().SingleAsync(m => m.MergedId == secondId);
        Assert.Equal("Same photo and school", merge.Reason);
        Assert.Equal("Priya Shah", merge.ByName);
        var mergedEntries = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "merged" && e.EntityId == merge.Id.ToString()).ToListAsync();
        Assert.Equal(new[] { firstId, secondId }.Order(), mergedEntries.Select(e => e.ChildId!.Value).Order());
        Assert.All(mergedEntries, e => Assert.Equal("Priya Shah", e.ActorName));
        // The moved referral's entry says from which child to which.
        Assert.Contains(await db.AuditEntries.AsNoTracking().Where(e => e.EntityType == "NrmReferral" && e.Action == "updated").Select(e => e.Details).ToListAsync(),
            d => d.Contains(firstId.ToString(), StringComparison.Ordinal) && d.Contains(secondId.ToString(), StringComparison.Ordinal));

        // The merged record redirects to the survivor and leaves the caseload; the survivor lists the merge.
        var redirect = await manager.Client.GetAsync(second);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(first, redirect.Headers.Location!.OriginalString);
        var caseload = (await caseworker.GetPageAsync("/children?q=Mergetestabad")).Page.QuerySelector("main")!.TextContent;
        Assert.Contains(survivor.Reference, caseload, StringComparison.Ordinal);
        Assert.DoesNotContain(merge.MergedReference, caseload, StringComparison.Ordinal);
        var record = (await manager.GetPageAsync(first)).Page;
        Assert.Contains(merge.MergedReference, record.QuerySelector("[data-testid=merges]")!.TextContent, StringComparison.Ordinal);

        // Undo: everything the merge moved goes back, the rules clear RR-01, and the pair is flagged again.
        var undoPage = (await manager.GetPageAsync($"/merges/{merge.Id}/undo")).Page;
        var noReason = await manager.PostAsync(undoPage, $"/merges/{merge.Id}/undo", [new("Form.Reason", " ")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        var undone = await manager.PostAsync(undoPage, $"/merges/{merge.Id}/undo", [new("Form.Reason", "Different fathers' names on the passports")]);

        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        db.ChangeTracker.Clear();
        Assert.Equal(1, await db.Referrals.CountAsync(r => r.ChildId == firstId));
        Assert.Equal(1, await db.Referrals.CountAsync(r => r.ChildId == secondId));
        Assert.Equal(1, await db.CaseNotes.CountAsync(n => n.ChildId == secondId));
        Assert.Null((await db.Children.AsNoTracking().SingleAsync(c => c.Id == secondId)).MergedIntoId);
        Assert.DoesNotContain("Muhammad Mergetestabad", (await db.Children.AsNoTracking().SingleAsync(c => c.Id == firstId)).OtherNames);
        var rr01 = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == firstId && f.RuleCode == "RR-01");
        Assert.NotNull(rr01.ConditionClearedAt);
        Assert.Equal(2, await db.Flags.CountAsync(f => f.RuleCode == Flag.MatchCode && f.Status == FlagStatus.Open
            && ((f.ChildId == firstId && f.OccurrenceKey == secondId.ToString()) || (f.ChildId == secondId && f.OccurrenceKey == firstId.ToString()))));
        Assert.NotNull((await db.ChildMerges.AsNoTracking().SingleAsync(m => m.Id == merge.Id)).UndoneAt);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "unmerged" && e.EntityId == merge.Id.ToString()));
        Assert.Equal(HttpStatusCode.OK, (await manager.GetPageAsync(second)).Status);
    }

    [Fact]
    public async Task A_merge_that_would_put_two_missing_episodes_at_once_on_one_child_is_refused_and_changes_nothing()
    {
        var caseworker = fixture.NewSession();
        await caseworker.SignInAsync(Session.Caseworker);
        var first = await caseworker.RegisterChildAsync("Dritan", "Overlapmerge", "2008-05-05");
        var second = await caseworker.RegisterChildAsync("Dritan", "Overlapmerge", "2008-05-05");
        foreach (var child in new[] { first, second })
        {
            var recorded = await caseworker.PostFormAsync($"{child}/missing-episodes/new", $"{child}/missing-episodes/new", new()
            {
                ["Form.WentMissingAt"] = "2025-01-10T20:00",
                ["Form.ReturnedAt"] = "2025-01-12T09:00",
                ["Form.WhereaboutsKnown"] = "false",
            });
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        }

        await using var db = fixture.Database.CreateContext();
        var firstId = Id(first);
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == firstId && f.RuleCode == Flag.MatchCode && f.OccurrenceKey == Id(second).ToString());
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);
        var pair = (await manager.GetPageAsync($"/matches/{flag.Id}")).Page;

        var refused = await manager.PostAsync(pair, $"/matches/{flag.Id}/merge", [new("Merge.Survivor", "theirs"), new("Merge.Reason", "Same child")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("a child is missing once at a time", Session.Parse(await Session.Body(refused)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await db.MissingEpisodes.CountAsync(e => e.ChildId == firstId));
        Assert.Null((await db.Children.AsNoTracking().SingleAsync(c => c.Id == firstId)).MergedIntoId);
        Assert.False(await db.ChildMerges.AnyAsync(m => m.MergedId == firstId || m.SurvivorId == firstId));
        Assert.Equal(FlagStatus.Open, (await db.Flags.AsNoTracking().SingleAsync(f => f.Id == flag.Id)).Status);
    }

    [Fact]
    public async Task Changing_a_childs_names_to_match_another_record_raises_RR00_unless_a_manager_decided_the_pair()
    {
        var caseworker = fixture.NewSession();
        await caseworker.SignInAsync(Session.Caseworker);
        var first = await caseworker.RegisterChildAsync("Yonas", "Editmatchtest", "2009-07-07", nationalities: "ERI");
        var second = await caseworker.RegisterChildAsync("Kidane", "Unrelatedperson", "2009-07-07", nationalities: "ERI");
        await using var db = fixture.Database.CreateContext();
        var firstId = Id(first);
        var secondId = Id(second);
        Assert.False(await db.Flags.AnyAsync(f => f.ChildId == secondId && f.RuleCode == Flag.MatchCode));

        var edited = await EditNames(caseworker, second, "Yonas", "Editmatchtest");

        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var flags = await db.Flags.AsNoTracking().Where(f => f.RuleCode == Flag.MatchCode && (f.ChildId == firstId || f.ChildId == secondId)).ToListAsync();
        Assert.Contains(flags, f => f.ChildId == secondId && f.OccurrenceKey == firstId.ToString());
        Assert.Contains(flags, f => f.ChildId == firstId && f.OccurrenceKey == secondId.ToString());

        // A manager decides "not the same": the decision is recorded, and later edits never alert on the pair again.
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);
        var flag = flags.First(f => f.ChildId == secondId);
        var pair = (await manager.GetPageAsync($"/matches/{flag.Id}")).Page;
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostAsync(pair, $"/matches/{flag.Id}/not-same", [new("Form.Reason", "Twins' cousins, seen together")])).StatusCode);
        var decision = await db.MatchDecisions.AsNoTracking().SingleAsync(d => d.ChildAId == MatchDecision.Ordered(firstId, secondId).A && d.ChildBId == MatchDecision.Ordered(firstId, secondId).B);
        Assert.Equal(MatchDecisionKind.NotSame, decision.Kind);
        Assert.Equal("Twins' cousins, seen together", decision.Reason);
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == "match_decided" && e.EntityId == decision.Id.ToString()));

        Assert.Equal(HttpStatusCode.Redirect, (await EditNames(caseworker, second, "Yonas Tesfay", "Editmatchtest")).StatusCode);
        Assert.Equal(0, await db.Flags.CountAsync(f => f.RuleCode == Flag.MatchCode && f.Status == FlagStatus.Open && (f.ChildId == firstId || f.ChildId == secondId)));
    }

    [Fact]
    public async Task Across_organisations_a_manager_records_the_same_child_and_their_record_shows_only_the_other_reference()
    {
        var east = fixture.NewSession();
        await east.SignInAsync(Session.OtherOrganisationCaseworker);
        var theirs = await east.RegisterChildAsync("Fatima", "Crossorgsame", "2010-01-01", gender: "Female", nationalities: "SDN", precision: "Estimated");
        var north = fixture.NewSession();
        await north.SignInAsync(Session.Caseworker);
        var ours = await north.RegisterChildAsync("Fatma", "Crossorgsame", "2010-01-01", gender: "Female", nationalities: "SSD", precision: "Estimated");
        await using var db = fixture.Database.CreateContext();
        var ourId = Id(ours);
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == ourId && f.RuleCode == Flag.MatchCode);
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);
        var pair = (await manager.GetPageAsync($"/matches/{flag.Id}")).Page;
        Assert.Null(pair.QuerySelector("[data-testid=merge-form]"));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsync(pair, $"/matches/{flag.Id}/merge", [new("Merge.Survivor", "ours"), new("Merge.Reason", "x")])).StatusCode);

        var same = await manager.PostAsync(pair, $"/matches/{flag.Id}/same", [new("Same.Reason", "Same Home Office reference")]);

        Assert.Equal(HttpStatusCode.Redirect, same.StatusCode);
        var theirId = Id(theirs);
        var theirReference = await db.Children.Where(c => c.Id == theirId).Select(c => c.Reference).SingleAsync();
        var linked = (await manager.GetPageAsync(ours)).Page.QuerySelector("[data-testid=linked-records]")!.TextContent;
        Assert.Contains(theirReference, linked, StringComparison.Ordinal);
        Assert.Contains("East Borough Council", linked, StringComparison.Ordinal);
        Assert.DoesNotContain("Fatima", linked, StringComparison.Ordinal);
        Assert.Equal(FlagStatus.Resolved, (await db.Flags.AsNoTracking().SingleAsync(f => f.Id == flag.Id)).Status);
        // The other organisation's flag is theirs to decide.
        Assert.Equal(FlagStatus.Open, (await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == theirId && f.RuleCode == Flag.MatchCode)).Status);
        Assert.Equal(MatchDecisionKind.SameHeldElsewhere, (await db.MatchDecisions.AsNoTracking().SingleAsync(d => d.ChildAId == ourId || d.ChildBId == ourId)).Kind);
    }

    [Fact]
    public async Task After_a_merge_the_access_log_and_the_audit_trail_still_show_who_saw_the_merged_record()
    {
        var pair = await fixture.MergedPairAsync("Accessmerged", "Trailkept");
        await using var db = fixture.Database.CreateContext();
        var mergedEntries = await db.AuditEntries.AsNoTracking().Where(e => e.ChildId == pair.MergedId).Select(e => new { e.Sequence, e.Action }).ToListAsync();
        var keptEntries = await db.AuditEntries.AsNoTracking().Where(e => e.ChildId == pair.KeptId).Select(e => e.Sequence).ToListAsync();
        Assert.Contains(mergedEntries, e => e.Action == "viewed");
        var auditor = fixture.NewSession();
        await auditor.SignInAsync(Session.Auditor);

        var mergedLog = await auditor.Client.GetAsync($"{pair.Merged}/access");
        var keptLog = await AccessLogAsync(auditor, $"{pair.Kept}/access");
        var (status, trail) = await auditor.GetPageAsync($"/audit?child={pair.MergedReference}");

        // The merged record's log is the kept record's, which holds both.
        Assert.Equal(HttpStatusCode.Redirect, mergedLog.StatusCode);
        Assert.Equal($"{pair.Kept}/access", mergedLog.Headers.Location!.OriginalString);
        foreach (var entry in mergedEntries)
        {
            Assert.True(keptLog.TryGetValue(entry.Sequence, out var row), $"the merged record's {entry.Action} entry {entry.Sequence} is not in the kept record's access log");
            Assert.Equal(pair.MergedReference, row.QuerySelector("[data-merged-from]")?.GetAttribute("data-merged-from"));
            Assert.Contains(pair.MergedReference, row.TextContent, StringComparison.Ordinal);
        }

        Assert.All(keptEntries, sequence => Assert.Null(keptLog[sequence].QuerySelector("[data-merged-from]")));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(trail.QuerySelector(".govuk-error-summary"));
        Assert.Contains($"merged into {pair.KeptReference}", trail.QuerySelector("[data-testid=merged-into]")!.TextContent, StringComparison.Ordinal);
        var found = trail.QuerySelectorAll("[data-testid=audit-entries] tbody tr").Select(r => long.Parse(r.GetAttribute("data-sequence")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(mergedEntries.Select(e => e.Sequence).Order(), found.Order());
    }

    /// <summary>Every row of an access log, following its pages, by the entry's sequence number.</summary>
    private static async Task<Dictionary<long, AngleSharp.Dom.IElement>> AccessLogAsync(Session session, string path)
    {
        var rows = new Dictionary<long, AngleSharp.Dom.IElement>();
        for (var next = path; next is not null;)
        {
            var (status, page) = await session.GetPageAsync(next);
            Assert.Equal(HttpStatusCode.OK, status);
            foreach (var row in page.QuerySelectorAll("[data-testid=audit-entries] tbody tr"))
            {
                rows.Add(long.Parse(row.GetAttribute("data-sequence")!, System.Globalization.CultureInfo.InvariantCulture), row);
            }

            next = page.QuerySelector("a[rel=next]")?.GetAttribute("href");
        }

        return rows;
    }

    private static Guid Id(string path) => Guid.Parse(path.Split('/')[^1]);

    private static async Task<HttpResponseMessage> EditNames(Session session, string child, string given, string family)
    {
        var (_, form) = await session.GetPageAsync($"{child}/edit");
        var fields = form.QuerySelectorAll("form input, form select, form textarea")
            .Where(e => e.GetAttribute("name") is { } name && name != "__RequestVerificationToken"
                && (e.GetAttribute("type") is not ("radio" or "checkbox") || e.HasAttribute("checked")))
            .Select(e => new KeyValuePair<string, string>(e.GetAttribute("name")!, e.TagName switch
            {
                "SELECT" => e.QuerySelector("option[selected]")?.GetAttribute("value") ?? string.Empty,
                "TEXTAREA" => e.TextContent,
                _ => e.GetAttribute("value") ?? string.Empty,
            }))
            .Where(f => f.Key is not ("Form.GivenNames" or "Form.FamilyName"))
            .Append(new("Form.GivenNames", given))
            .Append(new("Form.FamilyName", family))
            .ToList();
        return await session.PostAsync(form, $"{child}/edit", fields);
    }
}
