using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>A manager's override of a child's risk level: its review date, and the two ways it stops applying.</summary>
[Collection(RulesCollection.Name)]
public sealed class RiskOverrideTests(RulesFixture fixture)
{
    private DateOnly Today => UkCalendar.DateOf(fixture.Clock.GetUtcNow());

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_override_needs_a_review_date_within_six_months_and_the_page_shows_it()
    {
        var child = await ChildWithRecentRepeatReferral("Reviewdate");
        var manager = await fixture.SignedInAsync(Session.Manager);
        var page = (await manager.GetPageAsync(child)).Page;
        Assert.Equal("High", page.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());

        var undated = await manager.PostAsync(page, $"{child}/risk", [new("Risk.Level", "Low"), new("Risk.Reason", "Both referrals concern one incident")]);

        Assert.Equal(HttpStatusCode.Redirect, undated.StatusCode);
        var refused = (await manager.GetPageAsync(child)).Page;
        Assert.Equal("High", refused.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
        Assert.Contains("Enter the date by which the override will be reviewed", refused.QuerySelector("#risk-review-on-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(refused.QuerySelector("[data-testid=risk-error-summary] a[href='#risk-review-on-day']"));
        Assert.NotNull(refused.QuerySelector("[data-testid=risk-override-form][open]"));
        Assert.Equal("Both referrals concern one incident", refused.QuerySelector("#risk-reason")!.TextContent);
        Assert.NotNull(refused.QuerySelector("#risk-Low[checked]"));

        await manager.PostAsync(refused, $"{child}/risk", [new("Risk.Level", "Low"), new("Risk.Reason", "Both referrals concern one incident"), new("Risk.ReviewOn", Iso(Today.AddDays(200)))]);
        var tooFar = (await manager.GetPageAsync(child)).Page;
        Assert.Contains("within 183 days (six months)", tooFar.QuerySelector("#risk-review-on-error")!.TextContent, StringComparison.Ordinal);

        await manager.PostAsync(tooFar, $"{child}/risk", [new("Risk.Level", "Low"), new("Risk.Reason", "Both referrals concern one incident"), new("Risk.ReviewOn", "31/02/2027")]);
        Assert.Contains("real date", (await manager.GetPageAsync(child)).Page.QuerySelector("#risk-review-on-error")!.TextContent, StringComparison.Ordinal);

        var saved = await manager.PostAsync(tooFar, $"{child}/risk", [new("Risk.Level", "Low"), new("Risk.Reason", "Both referrals concern one incident"), new("Risk.ReviewOn", Iso(Today.AddDays(60)))]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = (await manager.GetPageAsync(child)).Page;
        Assert.Equal("Low", after.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
        Assert.Null(after.QuerySelector("[data-testid=risk-error-summary]"));
        Assert.Equal(TraffickingCases.Web.Infrastructure.Display.Date(Today.AddDays(60)), after.QuerySelector("[data-testid=risk-override-review]")!.TextContent.Trim());
        await using var db = fixture.Database.CreateContext();
        var childId = Guid.Parse(child.Split('/')[^1]);
        Assert.Equal(Today.AddDays(60), (await db.Children.AsNoTracking().SingleAsync(c => c.Id == childId)).RiskOverrideReviewOn);
    }

    [Fact]
    public async Task From_its_review_date_an_override_no_longer_applies_on_the_child_page_or_the_caseload()
    {
        var child = await ChildWithRecentRepeatReferral("Reviewlapse");
        var manager = await fixture.SignedInAsync(Session.Manager);
        var page = (await manager.GetPageAsync(child)).Page;
        var saved = await manager.PostAsync(page, $"{child}/risk", [new("Risk.Level", "Low"), new("Risk.Reason", "Safety plan holding"), new("Risk.ReviewOn", Iso(Today.AddDays(1)))]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Low", (await manager.GetPageAsync(child)).Page.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
        var before = CaseloadRisk((await manager.GetPageAsync("/children?q=Reviewlapse")).Page, child);
        Assert.StartsWith("Low", before, StringComparison.Ordinal);
        Assert.Contains("set by a manager", before, StringComparison.Ordinal);

        fixture.Clock.Advance(TimeSpan.FromDays(1));
        // The session has expired in a day of fake time: sign in again.
        manager = await fixture.SignedInAsync(Session.Manager);

        var after = (await manager.GetPageAsync(child)).Page;
        Assert.Equal("High", after.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
        Assert.Null(after.QuerySelector("[data-testid=risk-override]"));
        Assert.Contains("lapsed on its review date", after.QuerySelector("[data-testid=risk-override-lapsed]")!.TextContent, StringComparison.Ordinal);
        var caseload = CaseloadRisk((await manager.GetPageAsync("/children?q=Reviewlapse")).Page, child);
        Assert.StartsWith("High", caseload, StringComparison.Ordinal);
        Assert.DoesNotContain("set by a manager", caseload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_high_live_flag_lapses_the_override_and_the_page_says_why()
    {
        var child = await ChildWithRecentRepeatReferral("Flaglapse");
        var manager = await fixture.SignedInAsync(Session.Manager);
        var page = (await manager.GetPageAsync(child)).Page;
        await manager.PostAsync(page, $"{child}/risk", [new("Risk.Level", "Low"), new("Risk.Reason", "Safety plan holding"), new("Risk.ReviewOn", Iso(Today.AddDays(90)))]);
        Assert.Equal("Low", (await manager.GetPageAsync(child)).Page.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());

        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var missing = await caseworker.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = UkCalendar.ToLondon(fixture.Clock.GetUtcNow().AddHours(-1)).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            ["Form.WhereaboutsKnown"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, missing.StatusCode);

        var after = (await manager.GetPageAsync(child)).Page;
        Assert.Equal("High", after.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
        Assert.Contains("lapsed", after.QuerySelector("[data-testid=risk-override-lapsed]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("raised a new high flag", after.QuerySelector("[data-testid=risk-override-lapsed]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(after.QuerySelector("[data-testid=flag-history] tr[data-action=OverrideLapsed]"));
        Assert.NotNull(after.QuerySelector("[data-testid=live-flags] tr[data-rule='RR-04']"));
    }

    [Fact]
    public async Task When_the_child_returns_and_the_missing_flag_passes_to_another_rule_an_override_made_since_stands()
    {
        var child = await ChildWithRecentRepeatReferral("Leadchange");
        var childId = Guid.Parse(child.Split('/')[^1]);
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var wentMissing = Local(fixture.Clock.GetUtcNow().AddHours(-3));
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = wentMissing,
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);
        // The manager judges the child after the episode began: the override is made knowing of it.
        var manager = await fixture.SignedInAsync(Session.Manager);
        await OverrideAsync(manager, child, "Medium", "Found at a friend's; police happy");

        await using var db = fixture.Database.CreateContext();
        var episode = await EditTheEpisodeAsync(db, caseworker, child, childId, new()
        {
            ["Form.WentMissingAt"] = wentMissing,
            ["Form.ReturnedAt"] = Local(fixture.Clock.GetUtcNow().AddHours(-1)),
            ["Form.WhereaboutsKnown"] = "false",
        });

        // "Missing now" ended with the return; "missing while a case is open" leads the one missing flag now, for the same
        // episode: not a new event, so the override stands.
        var flags = await db.Flags.AsNoTracking().Where(f => f.ChildId == childId && (f.RuleCode == "RR-04" || f.RuleCode == "RR-02")).ToListAsync();
        Assert.Equal(FlagStatus.Ended, Assert.Single(flags, f => f.RuleCode == "RR-04").Status);
        var lead = Assert.Single(flags, f => f.RuleCode == "RR-02");
        Assert.Equal((FlagStatus.Open, Severity.High, episode.Id.ToString()), (lead.Status, lead.Severity, lead.OccurrenceKey));
        var after = (await manager.GetPageAsync(child)).Page;
        Assert.Equal("Medium", after.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
        Assert.Null(after.QuerySelector("[data-testid=risk-override-lapsed]"));
    }

    [Fact]
    public async Task Concerns_disclosed_after_the_override_lapse_it_though_they_are_about_the_same_episode()
    {
        // No case: the return interview outstanding (RR-05, medium) leads the child's missing flag.
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Override", "Disclosure", "2010-03-03");
        var childId = Guid.Parse(child.Split('/')[^1]);
        var wentMissing = Local(fixture.Clock.GetUtcNow().AddDays(-5));
        var returned = Local(fixture.Clock.GetUtcNow().AddDays(-4));
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = wentMissing, ["Form.ReturnedAt"] = returned, ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);
        var manager = await fixture.SignedInAsync(Session.Manager);
        Assert.Equal("Medium", (await manager.GetPageAsync(child)).Page.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
        await OverrideAsync(manager, child, "Low", "Interview booked for tomorrow");

        // The interview: the child says who they were with. RR-14 (high) now leads the same episode's flag.
        await using var db = fixture.Database.CreateContext();
        var episode = await EditTheEpisodeAsync(db, caseworker, child, childId, new()
        {
            ["Form.WentMissingAt"] = wentMissing, ["Form.ReturnedAt"] = returned, ["Form.WhereaboutsKnown"] = "false",
            ["Form.ReturnInterviewCompletedAt"] = Local(fixture.Clock.GetUtcNow().AddHours(-1)),
            ["Form.Concerns"] = "Was driven to a flat by two older men",
        });

        var lead = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == childId && f.Status == FlagStatus.Open);
        Assert.Equal(("RR-14", Severity.High, episode.Id.ToString()), (lead.RuleCode, lead.Severity, lead.OccurrenceKey));
        var after = (await manager.GetPageAsync(child)).Page;
        Assert.Equal("High", after.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
        Assert.Contains("RR-14 raised a new high flag", after.QuerySelector("[data-testid=risk-override-lapsed]")!.TextContent, StringComparison.Ordinal);
    }

    private async Task OverrideAsync(Session manager, string child, string level, string reason)
    {
        var page = (await manager.GetPageAsync(child)).Page;
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostAsync(page, $"{child}/risk",
            [new("Risk.Level", level), new("Risk.Reason", reason), new("Risk.ReviewOn", Iso(Today.AddDays(30)))])).StatusCode);
    }

    /// <summary>Saves the child's only episode through its edit form; returns the episode as it was.</summary>
    private static async Task<TraffickingCases.Domain.Children.MissingEpisode> EditTheEpisodeAsync(
        TraffickingCases.Infrastructure.Persistence.CasesDbContext db, Session caseworker, string child, Guid childId, Dictionary<string, string> fields)
    {
        var episode = await db.MissingEpisodes.AsNoTracking().SingleAsync(e => e.ChildId == childId);
        var edit = $"{child}/missing-episodes/{episode.Id}/edit";
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync(edit, edit, fields)).StatusCode);
        return episode;
    }

    private static string Local(DateTimeOffset instant) =>
        UkCalendar.ToLondon(instant).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Live_indicators_are_shown_apart_from_static_vulnerabilities()
    {
        var child = await ChildWithRecentRepeatReferral("Groups");
        var session = await fixture.SignedInAsync(Session.Caseworker);

        var page = (await session.GetPageAsync(child)).Page;

        // RR-01 (a recent repeat referral) is live; RR-06 (the decision overdue since the older referral) is static.
        Assert.NotNull(page.QuerySelector("[data-testid=live-flags] tr[data-rule='RR-01']"));
        Assert.Null(page.QuerySelector("[data-testid=static-flags] tr[data-rule='RR-01']"));
        Assert.NotNull(page.QuerySelector("[data-testid=static-flags] tr[data-rule='RR-06']"));
        Assert.Null(page.QuerySelector("[data-testid=live-flags] tr[data-rule='RR-06']"));
        Assert.DoesNotContain("Condition cleared", page.QuerySelector("[data-testid=open-flags]")!.TextContent, StringComparison.Ordinal);
    }

    private static string CaseloadRisk(AngleSharp.Html.Dom.IHtmlDocument caseload, string child) =>
        caseload.QuerySelectorAll("[data-testid=caseload] tbody tr")
            .Single(r => r.QuerySelector($"a[href='{child}']") is not null)
            .QuerySelector("[data-testid=risk]")!.TextContent.Trim();

    /// <summary>A child referred twice within the year, both cases pending: a high RR-01 flag.</summary>
    private async Task<string> ChildWithRecentRepeatReferral(string family)
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Override", family, "2009-03-03");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, Iso(Today.AddDays(-200)), "Labour")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, Iso(Today.AddDays(-30)), "Labour")).StatusCode);
        return child;
    }
}
