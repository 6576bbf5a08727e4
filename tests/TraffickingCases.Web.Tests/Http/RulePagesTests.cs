using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class RulePagesTests(AppFixture fixture)
{
    private static readonly string[] FlagRules =
        ["RR-01", "RR-02", "RR-03", "RR-04", "RR-05", "RR-06", "RR-07", "RR-08", "RR-09", "RR-10", "RR-13", "RR-14", "RR-15", "RR-16", "RR-17", "RR-18", "RR-19", "RR-20"];

    [Fact]
    public async Task The_rules_page_shows_every_rule_with_its_kind_escalation_lifetime_thresholds_and_source()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);

        var (status, page) = await session.GetPageAsync("/rules");

        Assert.Equal(HttpStatusCode.OK, status);
        var codes = page.QuerySelectorAll("[data-testid=rules] tbody tr").Select(r => r.GetAttribute("data-rule")).ToList();
        Assert.Equal([.. FlagRules, "MANUAL"], codes);
        foreach (var code in FlagRules)
        {
            var rule = page.QuerySelector($"[data-rule-detail='{code}']");
            Assert.True(rule is not null, $"{code} has no details on /rules");
            foreach (var field in new[] { "kind", "severity", "lifetime", "thresholds", "rationale", "source" })
            {
                var text = rule.QuerySelector($"[data-field={field}]")?.TextContent.Trim();
                Assert.False(string.IsNullOrEmpty(text), $"{code} shows no {field}");
            }
        }

        var missingNow = page.QuerySelector("[data-rule-detail='RR-04']")!;
        Assert.Equal("Live indicator", missingNow.QuerySelector("[data-field=kind]")!.TextContent.Trim());
        Assert.Contains("until they return", missingNow.QuerySelector("[data-field=lifetime]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("strategy discussion", missingNow.QuerySelector("[data-field=severity]")!.TextContent, StringComparison.Ordinal);
        var decision = page.QuerySelector("[data-rule-detail='RR-06']")!;
        Assert.Equal("Static vulnerability", decision.QuerySelector("[data-field=kind]")!.TextContent.Trim());
        Assert.Contains("low after 5 working days", decision.QuerySelector("[data-field=thresholds]")!.TextContent, StringComparison.Ordinal);
        // RR-07's days have no published source: they are shown as the service's own settings.
        Assert.NotNull(page.QuerySelector("[data-rule-detail='RR-07'] [data-testid=local-settings]"));
        Assert.Single(page.QuerySelectorAll("[data-testid=local-settings]"));

        Assert.Null(page.QuerySelector("[data-testid=rules] tr[data-rule='RR-11']"));
        Assert.Null(page.QuerySelector("[data-testid=rules] tr[data-rule='RR-12']"));
        var weightings = page.QuerySelectorAll("[data-testid=weightings] [data-weighting]").Select(w => w.GetAttribute("data-weighting")).ToList();
        Assert.Equal(["RR-11", "RR-12"], weightings);
        var criminal = page.QuerySelector("[data-weighting='RR-12']")!;
        Assert.Contains("Raises RR-02 and RR-03 to high", criminal.QuerySelector("[data-field=effect]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("15–17", criminal.QuerySelector("[data-field=thresholds]")!.TextContent, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(criminal.QuerySelector("[data-field=source]")!.TextContent));
        Assert.Equal(RiskLevels.Explanation, page.QuerySelector("[data-testid=risk-explanation]")!.TextContent.Trim());
        Assert.Contains("(RR-04, RR-02, RR-03, RR-13, RR-14, RR-05) read the same spell of episodes, so they are shown as one flag",
            page.QuerySelector("[data-testid=missing-flags]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_sees_what_the_rule_change_ended_from_a_banner_on_the_queue_until_they_mark_it_read()
    {
        var east = await fixture.SignedInAsync(Session.OtherOrganisationCaseworker);
        var child = await east.RegisterChildAsync("Dritan", "Rulechange", "2009-05-05");
        var childId = Guid.Parse(child.Split('/')[^1]);
        var appliedAt = DateTimeOffset.UtcNow.AddDays(-2);
        await using (var db = fixture.Database.CreateContext())
        {
            var organisationId = await db.Organisations.Where(o => o.Code == "EBC").Select(o => o.Id).SingleAsync();
            db.RuleChangeSummaries.Add(new RuleChangeSummary { OrganisationId = organisationId, Version = RulesService.RulesVersion, AppliedAt = appliedAt, OverridesGivenReviewDate = 3 });
            db.Flags.AddRange(
                Ended(childId, "RR-11", "a", "Rule changed: RR-11 is now a weighting on other flags, not a flag of its own"),
                Ended(childId, "RR-11", "b", "Rule changed: RR-11 is now a weighting on other flags, not a flag of its own"),
                Ended(childId, "RR-02", "c", "Rule changed: Episode older than 90 days"),
                Ended(childId, "RR-04", "d", "Returned on 1 December 2026"));
            await db.SaveChangesAsync();
        }

        var manager = await fixture.SignedInAsync(Session.OtherOrganisationManager);
        var queue = (await manager.GetPageAsync("/flags")).Page;
        var banner = queue.QuerySelector("[data-testid=rule-change-banner]");
        Assert.NotNull(banner);
        Assert.NotNull(banner.QuerySelector("a[href='/rules/changes']"));
        Assert.Null((await east.GetPageAsync("/flags")).Page.QuerySelector("[data-testid=rule-change-banner]"));
        // North Shire has no summary (as on a fresh installation): no banner.
        Assert.Null((await (await fixture.SignedInAsync(Session.Manager)).GetPageAsync("/flags")).Page.QuerySelector("[data-testid=rule-change-banner]"));

        var (status, summary) = await manager.GetPageAsync("/rules/changes");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("3", summary.QuerySelector("[data-field=ended-total]")!.TextContent.Trim());
        Assert.StartsWith("3", summary.QuerySelector("[data-field=overrides]")!.TextContent.Trim(), StringComparison.Ordinal);
        var byRule = summary.QuerySelectorAll("[data-testid=ended-by-rule] tbody tr")
            .ToDictionary(r => r.GetAttribute("data-rule")!, r => r.QuerySelector("td.govuk-table__cell--numeric")!.TextContent.Trim());
        Assert.Equal(2, byRule.Count);
        Assert.StartsWith("2", byRule["RR-11"], StringComparison.Ordinal);
        Assert.StartsWith("1", byRule["RR-02"], StringComparison.Ordinal);
        Assert.Contains("now a weighting", summary.QuerySelector("[data-testid=ended-by-rule] tr[data-rule='RR-11']")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(summary.QuerySelectorAll("[data-testid=what-changed] li"));

        var denied = await east.Client.GetAsync("/rules/changes");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/access-denied", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var read = await manager.PostAsync(summary, "/rules/changes/seen", []);

        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.Equal("/flags", read.Headers.Location!.OriginalString);
        Assert.Null((await manager.GetPageAsync("/flags")).Page.QuerySelector("[data-testid=rule-change-banner]"));
        Assert.NotNull((await manager.GetPageAsync("/rules/changes")).Page.QuerySelector("[data-testid=rule-change-seen]"));
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostAsync(summary, "/rules/changes/seen", [])).StatusCode);
        await using var check = fixture.Database.CreateContext();
        var managerId = await fixture.App.UserIdAsync(Session.OtherOrganisationManager);
        Assert.Equal(1, await check.RuleChangeSummariesSeen.CountAsync(s => s.UserId == managerId && s.Version == RulesService.RulesVersion));
    }

    [Fact]
    public async Task Flags_that_ended_are_not_in_the_queue_and_the_childs_history_says_why_each_ended()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Ilir", "Endedqueue", "2009-05-05");
        var childId = Guid.Parse(child.Split('/')[^1]);
        await using (var db = fixture.Database.CreateContext())
        {
            db.Flags.Add(Ended(childId, "RR-05", "episode", "Return interview completed"));
            await db.SaveChangesAsync();
        }

        var manager = await fixture.SignedInAsync(Session.Manager);
        var ended = (await manager.GetPageAsync("/flags?rule=RR-05&status=ended")).Page;
        var all = (await manager.GetPageAsync("/flags?rule=RR-05&status=all")).Page;
        var open = (await manager.GetPageAsync("/flags?rule=RR-05")).Page;

        // The queue is for work still to do: asked for ended flags, it says where they are.
        Assert.Contains("flag history", ended.QuerySelector("[data-testid=ended-elsewhere]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(all.QuerySelector("[data-testid=ended-elsewhere]"));
        foreach (var queue in new[] { ended, all, open })
        {
            Assert.DoesNotContain("Endedqueue", queue.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        }

        Assert.Contains("Return interview completed", (await manager.GetPageAsync(child)).Page.QuerySelector("[data-testid=past-flags] tr[data-rule='RR-05'] [data-testid=end-reason]")!.TextContent, StringComparison.Ordinal);
    }

    private static Flag Ended(Guid childId, string code, string key, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        var flag = Flag.Raise(childId, new Finding(code, Severity.Medium, $"{code} evidence for the test", key) { Live = true }, now.AddDays(-30));
        flag.End(reason, now.AddDays(-1));
        return flag;
    }
}
