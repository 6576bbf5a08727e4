using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>
/// The flag queue lists children, not flags: one row per child with its flags, the highest severity and newest flag
/// first, a total, actions at the top, and pages by key both ways. RR-00 is for /matches and ended flags for the child's
/// history; neither is in the queue, and RR-00 never raises a child's risk level.
/// </summary>
[Collection(HttpCollection.Name)]
public sealed class FlagQueueByChildTests(AppFixture fixture)
{
    [Fact]
    public async Task A_child_with_three_flags_is_one_row_with_its_flags_highest_severity_first()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Trio", "Queuerow");
        await RaiseAsync(caseworker, child, "Low", "Missed two school days");
        await RaiseAsync(caseworker, child, "High", "Seen with an adult known to police");
        await RaiseAsync(caseworker, child, "Medium", "New phone, will not say who gave it");

        var queue = await QueueAsync("/flags?rule=MANUAL");

        var rows = queue.QuerySelectorAll($"[data-testid=flag-queue] tbody tr[data-child='{Id(child)}']");
        var row = Assert.Single(rows);
        var flags = row.QuerySelectorAll("[data-flag]").Select(f => f.GetAttribute("data-severity")).ToList();
        Assert.Equal(["High", "Medium", "Low"], flags);
        Assert.Contains("Queuerow", row.QuerySelector("[data-testid=child-name]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Seen with an adult known to police", row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Children_come_highest_severity_first_and_within_a_severity_the_newest_flag_first()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var olderMedium = await caseworker.RegisterChildAsync("Olderm", "Queueorder");
        var olderHigh = await caseworker.RegisterChildAsync("Olderh", "Queueorder");
        var newerMedium = await caseworker.RegisterChildAsync("Newerm", "Queueorder");
        var newerHigh = await caseworker.RegisterChildAsync("Newerh", "Queueorder");
        await RaiseAsync(caseworker, olderMedium, "Medium", "First concern");
        await RaiseAsync(caseworker, olderHigh, "High", "Second concern");
        await RaiseAsync(caseworker, newerMedium, "Medium", "Third concern");
        await RaiseAsync(caseworker, newerHigh, "High", "Fourth concern");

        var order = await ChildOrderAsync("/flags?rule=MANUAL", [olderMedium, olderHigh, newerMedium, newerHigh]);

        Assert.Equal([Id(newerHigh), Id(olderHigh), Id(newerMedium), Id(olderMedium)], order);
    }

    [Fact]
    public async Task The_total_counts_the_children_and_the_open_flags_the_filters_list()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Counted", "Queuetotal");
        await RaiseAsync(caseworker, child, "High", "Counted once");
        await RaiseAsync(caseworker, child, "Low", "Counted twice");

        var everything = await QueueAsync("/flags");
        var high = await QueueAsync("/flags?severity=High");

        await using var db = fixture.Database.CreateContext();
        var organisationId = await db.Children.Where(c => c.Id == Id(child)).Select(c => c.OrganisationId).SingleAsync();
        var open = db.Flags.Where(f => EF.Property<Guid>(f, ShadowProperties.FlagOrganisation) == organisationId
            && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged) && f.RuleCode != Flag.MatchCode);
        var all = (Children: await open.Select(f => f.ChildId).Distinct().CountAsync(), Flags: await open.CountAsync());
        var highs = (Children: await open.Where(f => f.Severity == Severity.High).Select(f => f.ChildId).Distinct().CountAsync(),
            Flags: await open.CountAsync(f => f.Severity == Severity.High));
        Assert.Equal(Total(all.Children, all.Flags), everything.QuerySelector("[data-testid=queue-total]")!.TextContent.Trim());
        Assert.Equal(Total(highs.Children, highs.Flags), high.QuerySelector("[data-testid=queue-total]")!.TextContent.Trim());
        Assert.True(all.Flags > highs.Flags);
    }

    [Fact]
    public async Task Possible_same_child_pairs_and_flags_that_ended_are_not_in_the_queue()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var first = await caseworker.RegisterChildAsync("Mohammed", "Queuepair", "2009-04-05", nationalities: "SDN");
        await caseworker.RegisterChildAsync("Muhammad", "Queuepair", "2009-05-04", nationalities: "SDN");
        var missing = await caseworker.RegisterChildAsync("Returned", "Queueended");
        var wentMissing = DateTimeOffset.UtcNow.AddHours(-5);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(missing, new()
        {
            ["Form.WentMissingAt"] = Local(wentMissing),
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);
        await using var db = fixture.Database.CreateContext();
        var match = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == Id(first) && f.RuleCode == Flag.MatchCode);
        var missingNow = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == Id(missing) && f.RuleCode == "RR-04");
        Assert.NotNull((await QueueAsync("/flags?rule=RR-04")).QuerySelector($"[data-flag='{missingNow.Id}']"));

        var episode = await db.MissingEpisodes.AsNoTracking().SingleAsync(e => e.ChildId == Id(missing));
        var edit = $"{missing}/missing-episodes/{episode.Id}/edit";
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync(edit, edit, new()
        {
            ["Form.WentMissingAt"] = Local(wentMissing),
            ["Form.ReturnedAt"] = Local(wentMissing.AddHours(2)),
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);
        Assert.Equal(FlagStatus.Ended, (await db.Flags.AsNoTracking().SingleAsync(f => f.Id == missingNow.Id)).Status);

        foreach (var path in new[] { "/flags", "/flags?severity=High", "/flags?rule=RR-04" })
        {
            var queue = await QueueAsync(path);
            Assert.Null(queue.QuerySelector($"[data-flag='{match.Id}']"));
            Assert.Null(queue.QuerySelector($"[data-flag='{missingNow.Id}']"));
            Assert.DoesNotContain(queue.QuerySelectorAll("[data-testid=flag-queue] [data-flag]"), f => f.GetAttribute("data-rule") == Flag.MatchCode);
        }

        var asked = await QueueAsync("/flags?rule=RR-00");
        Assert.Contains("/matches", asked.QuerySelector("[data-testid=matches-elsewhere] a")!.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Null(asked.QuerySelector("[data-testid=flag-queue]"));
        var ended = await QueueAsync("/flags?status=ended&rule=RR-04");
        Assert.NotNull(ended.QuerySelector("[data-testid=ended-elsewhere]"));
        Assert.Null(ended.QuerySelector($"[data-flag='{missingNow.Id}']"));
        // The child's history keeps it, saying the child returned.
        var history = (await (await fixture.SignedInAsync(Session.Manager)).GetPageAsync(missing)).Page;
        Assert.Contains("Returned", history.QuerySelector($"[data-testid=past-flags] tr[data-rule='RR-04'] [data-testid=end-reason]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_flag_closed_while_the_child_was_missing_reads_as_returned_once_the_child_is_back()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Backagain", "Queuecleared");
        var wentMissing = DateTimeOffset.UtcNow.AddHours(-6);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = Local(wentMissing),
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);
        await using var db = fixture.Database.CreateContext();
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == Id(child) && f.RuleCode == "RR-04");
        var manager = await fixture.SignedInAsync(Session.Manager);
        var queue = (await manager.GetPageAsync("/flags?rule=RR-04")).Page;
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostAsync(queue, "/flags/act?rule=RR-04",
            [new("Form.FlagIds", flag.Id.ToString()), new("Form.Action", "resolve"), new("Form.Reason", "Police searching; strategy meeting held")])).StatusCode);

        var episode = await db.MissingEpisodes.AsNoTracking().SingleAsync(e => e.ChildId == Id(child));
        var edit = $"{child}/missing-episodes/{episode.Id}/edit";
        var returned = wentMissing.AddHours(3);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync(edit, edit, new()
        {
            ["Form.WentMissingAt"] = Local(wentMissing),
            ["Form.ReturnedAt"] = Local(returned),
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);
        Assert.NotNull((await db.Flags.AsNoTracking().SingleAsync(f => f.Id == flag.Id)).ConditionClearedAt);

        var expected = $"Returned {UkCalendar.ToLondon(returned):d MMMM yyyy, HH:mm} — condition cleared";
        var resolved = (await manager.GetPageAsync("/flags?status=resolved&rule=RR-04")).Page;
        var shown = resolved.QuerySelector($"[data-flag='{flag.Id}']")!;
        Assert.Equal(expected, shown.QuerySelector("[data-testid=condition-cleared]")!.TextContent.Trim());
        Assert.Null(shown.QuerySelector("[data-testid=flag-evidence]"));
        var page = (await manager.GetPageAsync(child)).Page;
        Assert.Equal(expected, page.QuerySelector("[data-testid=past-flags] tr[data-rule='RR-04'] [data-testid=condition-cleared]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_manager_acts_on_two_childrens_flags_at_once_from_the_form_at_the_top()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var first = await caseworker.RegisterChildAsync("Firstof", "Queuebulk");
        var second = await caseworker.RegisterChildAsync("Secondof", "Queuebulk");
        await RaiseAsync(caseworker, first, "High", "Bulk one");
        await RaiseAsync(caseworker, first, "Medium", "Bulk two");
        await RaiseAsync(caseworker, second, "Low", "Bulk three");
        var manager = await fixture.SignedInAsync(Session.Manager);
        var queue = (await manager.GetPageAsync("/flags?rule=MANUAL")).Page;
        var actions = queue.QuerySelector("[data-testid=queue-actions]")!;
        Assert.True(actions.CompareDocumentPosition(queue.QuerySelector("[data-testid=flag-queue]")!).HasFlag(AngleSharp.Dom.DocumentPositions.Following));
        Assert.NotNull(queue.QuerySelector("[data-testid=flag-queue] thead #select-all"));
        var ids = new[] { first, second }.SelectMany(c => queue.QuerySelectorAll($"tr[data-child='{Id(c)}'] input[name='Form.FlagIds']")
            .Select(i => i.GetAttribute("value")!)).ToList();
        Assert.Equal(3, ids.Count);

        var response = await manager.PostAsync(queue, "/flags/act?rule=MANUAL",
            [.. ids.Select(id => new KeyValuePair<string, string>("Form.FlagIds", id)), new("Form.Action", "acknowledge")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await manager.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Acknowledged 3 flags", after.Page.QuerySelector(".govuk-notification-banner")!.TextContent, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        var statuses = await db.Flags.AsNoTracking().Where(f => f.ChildId == Id(first) || f.ChildId == Id(second)).Select(f => f.Status).ToListAsync();
        Assert.Equal(3, statuses.Count(s => s == FlagStatus.Acknowledged));
        Assert.All(after.Page.QuerySelectorAll($"tr[data-child='{Id(first)}'] [data-testid=flag-status]"), s => Assert.Equal("Acknowledged", s.TextContent.Trim()));
    }

    [Fact]
    public async Task More_than_a_hundred_flags_at_once_are_refused_and_the_limit_is_explained()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Toomany", "Queuelimit");
        await RaiseAsync(caseworker, child, "Low", "One of many");
        var manager = await fixture.SignedInAsync(Session.Manager);
        var queue = (await manager.GetPageAsync("/flags")).Page;
        Assert.Contains("up to 100 flags at a time", queue.QuerySelector("[data-testid=bulk-limit]")!.TextContent, StringComparison.Ordinal);

        var response = await manager.PostAsync(queue, "/flags/act",
            [.. Enumerable.Range(0, 101).Select(_ => new KeyValuePair<string, string>("Form.FlagIds", Guid.NewGuid().ToString())), new("Form.Action", "acknowledge")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        Assert.Contains("Choose 100 flags or fewer at a time", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("#Form_FlagIds", page.QuerySelector(".govuk-error-summary a")!.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("#Form_FlagIds"));
    }

    [Fact]
    public async Task The_queue_pages_forward_and_back_by_child_without_repeating_a_child()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        for (var i = 0; i < 52; i++)
        {
            var child = await caseworker.RegisterChildAsync($"Paged{(char)('a' + (i % 26))}{(char)('a' + (i / 26))}", "Queuepages");
            await RaiseAsync(caseworker, child, "Low", $"Concern {i}");
        }

        var manager = await fixture.SignedInAsync(Session.Manager);
        var pages = new List<(string Path, List<string> Children)>();
        var path = "/flags?rule=MANUAL";
        while (true)
        {
            var page = (await manager.GetPageAsync(path)).Page;
            pages.Add((path, Rows(page)));
            Assert.Equal(pages.Count > 1, page.QuerySelector("a[rel=prev]") is not null);
            if (page.QuerySelector("a[rel=next]")?.GetAttribute("href") is not { } next)
            {
                var total = page.QuerySelector("[data-testid=queue-total] strong")!.TextContent;
                Assert.Equal(int.Parse(total.Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("en-GB")), pages.Sum(p => p.Children.Count));
                break;
            }

            path = WebUtility.HtmlDecode(next);
        }

        Assert.True(pages.Count >= 2);
        Assert.Equal(50, pages[0].Children.Count);
        var everyone = pages.SelectMany(p => p.Children).ToList();
        Assert.Equal(everyone.Count, everyone.Distinct().Count());

        // Back from the last page, page by page, to the first: the same children in the same order.
        var back = (await manager.GetPageAsync(pages[^1].Path)).Page;
        for (var i = pages.Count - 2; i >= 0; i--)
        {
            back = (await manager.GetPageAsync(WebUtility.HtmlDecode(back.QuerySelector("a[rel=prev]")!.GetAttribute("href")!))).Page;
            Assert.Equal(pages[i].Children, Rows(back));
        }

        Assert.Null(back.QuerySelector("a[rel=prev]"));
    }

    [Fact]
    public async Task A_possible_same_child_flag_leaves_the_risk_level_low_in_the_summary()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var first = await caseworker.RegisterChildAsync("Yousef", "Queuerisk", "2010-03-04", nationalities: "SYR");
        await caseworker.RegisterChildAsync("Yusuf", "Queuerisk", "2010-04-03", nationalities: "SYR");
        await using var db = fixture.Database.CreateContext();
        var match = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == Id(first) && f.RuleCode == Flag.MatchCode);
        Assert.Equal(FlagStatus.Open, match.Status);

        var row = await db.Children.AsNoTracking().Where(c => c.Id == Id(first)).Select(c => new
        {
            Open = EF.Property<int>(c, ShadowProperties.OpenFlags),
            Active = EF.Property<int>(c, ShadowProperties.ActiveFlags),
            Highest = EF.Property<Severity?>(c, ShadowProperties.HighestSeverity),
            Risk = EF.Property<Severity>(c, ShadowProperties.RiskLevel),
        }).SingleAsync();
        Assert.Equal((1, 0, (Severity?)null, Severity.Low), (row.Open, row.Active, row.Highest, row.Risk));
        var page = (await caseworker.GetPageAsync(first)).Page;
        Assert.Equal("Low", page.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
    }

    private static Guid Id(string childPath) => Guid.Parse(childPath.Split('/')[^1]);

    private static string Local(DateTimeOffset instant) =>
        UkCalendar.ToLondon(instant).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static string Total(int children, int flags) =>
        $"{children.ToString("N0", CultureInfo.GetCultureInfo("en-GB"))} {(children == 1 ? "child" : "children")} with {flags.ToString("N0", CultureInfo.GetCultureInfo("en-GB"))} open flag{(flags == 1 ? "" : "s")}";

    private static List<string> Rows(IHtmlDocument page) =>
        page.QuerySelectorAll("[data-testid=flag-queue] tbody tr[data-child]").Select(r => r.GetAttribute("data-child")!).ToList();

    private static async Task RaiseAsync(Session caseworker, string child, string severity, string message)
    {
        var page = (await caseworker.GetPageAsync(child)).Page;
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostAsync(page, $"{child}/flags", [new("Flag.Severity", severity), new("Flag.Message", message)])).StatusCode);
    }

    private async Task<IHtmlDocument> QueueAsync(string path)
    {
        var manager = await fixture.SignedInAsync(Session.Manager);
        var (status, page) = await manager.GetPageAsync(path);
        Assert.Equal(HttpStatusCode.OK, status);
        return page;
    }

    /// <summary>The order in which these children appear, walking the queue's pages.</summary>
    private async Task<List<Guid>> ChildOrderAsync(string path, IReadOnlyCollection<string> children)
    {
        var wanted = children.Select(c => Id(c).ToString()).ToHashSet();
        var manager = await fixture.SignedInAsync(Session.Manager);
        var order = new List<Guid>();
        string? next = path;
        while (next is not null)
        {
            var page = (await manager.GetPageAsync(next)).Page;
            order.AddRange(Rows(page).Where(wanted.Contains).Select(Guid.Parse));
            next = page.QuerySelector("a[rel=next]")?.GetAttribute("href") is { } href ? WebUtility.HtmlDecode(href) : null;
        }

        return order;
    }
}
