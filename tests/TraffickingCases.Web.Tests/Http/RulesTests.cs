using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(RulesCollection.Name)]
public sealed class RulesTests(RulesFixture fixture)
{
    private string Today(int days = 0) => fixture.Clock.GetUtcNow().AddDays(days).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Logging_a_second_referral_shows_the_repeat_referral_flag_on_the_child_page_right_after_the_redirect()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Ervin", "Repeatflag", "2009-04-01");
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, Today(-200), "Labour")).StatusCode);
        var afterFirst = (await session.GetPageAsync(child)).Page;
        Assert.Null(afterFirst.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-01]"));

        var second = await session.AddReferralAsync(child, Today(-57), "Criminal");
        Assert.Equal(child, second.Headers.Location!.OriginalString);

        var page = (await session.GetPageAsync(child)).Page;
        var flag = page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-01]")!;
        Assert.Contains($"2nd NRM referral on {Today(-57)}; previous referral {Today(-200)} (143 days earlier); exploitation recorded as labour, now criminal", flag.TextContent, StringComparison.Ordinal);
        Assert.Equal("High", flag.QuerySelector(".govuk-tag")!.TextContent.Trim());
        Assert.Equal("High", page.QuerySelector("[data-testid=risk-level]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_child_missing_with_no_police_report_is_high_at_once_and_a_reassured_episode_becomes_high_at_24_hours_by_the_sweep()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var unreported = await session.RegisterChildAsync("Jurgen", "Unreported", "2009-04-01");
        var now = TraffickingCases.Domain.Common.UkCalendar.ToLondon(fixture.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostFormAsync($"{unreported}/missing-episodes/new", $"{unreported}/missing-episodes/new", new()
        {
            ["Form.WentMissingAt"] = now.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm"),
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);
        var high = (await session.GetPageAsync(unreported)).Page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-04]")!;
        Assert.Equal("High", high.QuerySelector(".govuk-tag")!.TextContent.Trim());
        Assert.Contains("no report to police recorded; whereabouts not known", high.TextContent, StringComparison.Ordinal);

        var child = await session.RegisterChildAsync("Jurgen", "Sweepmissing", "2009-04-01");
        var recorded = await session.PostFormAsync($"{child}/missing-episodes/new", $"{child}/missing-episodes/new", new()
        {
            ["Form.WentMissingAt"] = now.AddHours(-23).ToString("yyyy-MM-dd'T'HH:mm"),
            ["Form.WhereaboutsKnown"] = "true",
            ["Form.ReportedToPoliceAt"] = now.AddHours(-22).ToString("yyyy-MM-dd'T'HH:mm"),
            ["Form.PoliceRiskGrading"] = "Low",
        });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var medium = (await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-04]")!;
        Assert.Equal("Medium", medium.QuerySelector(".govuk-tag")!.TextContent.Trim());

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        var result = await fixture.App.SweepAsync();

        Assert.False(result.Skipped);
        // The session cookie has expired in two hours of fake time: sign in again.
        session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var flag = (await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-04]")!;
        Assert.Contains("(25 hours)", flag.TextContent, StringComparison.Ordinal);
        Assert.Equal("High", flag.QuerySelector(".govuk-tag")!.TextContent.Trim());
        Assert.DoesNotContain("strategy discussion", flag.TextContent, StringComparison.Ordinal);

        fixture.Clock.Advance(TimeSpan.FromHours(48));
        await fixture.App.SweepAsync();
        session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var later = (await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-04]")!;
        Assert.Contains("a strategy discussion is due", later.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_child_returns_the_flag_ends_with_the_return_and_a_second_episode_after_an_acknowledged_flag_raises_a_new_one()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Armando", "Returned", "2009-04-01");
        var wentMissing = TraffickingCases.Domain.Common.UkCalendar.ToLondon(fixture.Clock.GetUtcNow().AddHours(-30));
        await session.PostFormAsync($"{child}/missing-episodes/new", $"{child}/missing-episodes/new", new()
        {
            ["Form.WentMissingAt"] = wentMissing.ToString("yyyy-MM-dd'T'HH:mm"),
            ["Form.WhereaboutsKnown"] = "false",
        });
        Assert.NotNull((await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-04]"));
        await using var db = fixture.Database.CreateContext();
        var childId = Guid.Parse(child.Split('/')[^1]);
        var episodeId = (await db.MissingEpisodes.SingleAsync(e => e.ChildId == childId)).Id;
        var first = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == childId && f.RuleCode == "RR-04");
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/flags", "/flags/act", new()
        {
            ["Form.FlagIds"] = first.Id.ToString(),
            ["Form.Action"] = "Acknowledge",
        })).StatusCode);

        var returnedAt = TraffickingCases.Domain.Common.UkCalendar.ToLondon(fixture.Clock.GetUtcNow().AddMinutes(-5));
        var returned = await session.PostFormAsync($"{child}/missing-episodes/{episodeId}/edit", $"{child}/missing-episodes/{episodeId}/edit", new()
        {
            ["Form.WentMissingAt"] = wentMissing.ToString("yyyy-MM-dd'T'HH:mm"),
            ["Form.ReturnedAt"] = returnedAt.ToString("yyyy-MM-dd'T'HH:mm"),
            ["Form.WhereaboutsKnown"] = "false",
        });

        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Null((await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-04]"));
        var ended = await db.Flags.AsNoTracking().Include(f => f.Events).SingleAsync(f => f.Id == first.Id);
        Assert.Equal(FlagStatus.Ended, ended.Status);
        Assert.StartsWith("Returned ", ended.EndReason, StringComparison.Ordinal);
        Assert.Contains(ended.Events, e => e.Action == FlagAction.Acknowledged);

        // Missing again: a new occurrence, so a new flag with today's date, not the acknowledged one folded back.
        var again = await session.PostFormAsync($"{child}/missing-episodes/new", $"{child}/missing-episodes/new", new()
        {
            ["Form.WentMissingAt"] = returnedAt.AddMinutes(2).ToString("yyyy-MM-dd'T'HH:mm"),
            ["Form.WhereaboutsKnown"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        var flags = await db.Flags.AsNoTracking().Where(f => f.ChildId == childId && f.RuleCode == "RR-04").ToListAsync();
        Assert.Equal(2, flags.Count);
        var second = Assert.Single(flags, f => f.Status == FlagStatus.Open);
        Assert.NotEqual(first.Id, second.Id);
        Assert.True((fixture.Clock.GetUtcNow() - second.RaisedAt).Duration() < TimeSpan.FromSeconds(1), "the new flag is raised now, not dated from the old one");
        // Missing again within minutes of the return: RR-13 holds, shown on the one missing flag.
        var page = (await session.GetPageAsync(child)).Page;
        Assert.Null(page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-13]"));
        Assert.Contains("RR-13 went missing again", page.QuerySelector("[data-testid=open-flags] tr[data-rule=RR-04]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_hosts_sweeping_one_database_at_once_leave_one_flag_per_child_and_rule()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = new TestApp(database, kestrel: false);
        await using var second = new TestApp(database, kestrel: false);
        await first.SeedAsync(children: 0);
        await InsertHistoriesWithoutRules(database, 400);

        var sweeps = await Task.WhenAll(first.SweepAsync(), second.SweepAsync(), first.SweepAsync(), second.SweepAsync());

        Assert.Contains(sweeps, s => !s.Skipped);
        await using var db = database.CreateContext();
        var duplicates = await db.Flags
            .Where(f => f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged)
            .GroupBy(f => new { f.ChildId, f.RuleCode, f.OccurrenceKey }).CountAsync(g => g.Count() > 1);
        Assert.Equal(0, duplicates);
        var flags = await db.Flags.CountAsync();
        Assert.True(flags > 50, $"expected the population to raise many flags, got {flags}");
        Assert.Equal(flags, sweeps.Sum(s => s.Result.Raised));

        // Evaluations that bypass the sweep lock (saves and imports) are serialised per child too.
        await db.Flags.ExecuteDeleteAsync();
        var ids = await db.Children.Select(c => c.Id).ToListAsync();
        var raised = await Task.WhenAll(first.EvaluateRulesAsync(ids), second.EvaluateRulesAsync(ids), first.EvaluateRulesAsync(ids));
        Assert.Equal(flags, await db.Flags.CountAsync());
        Assert.Equal(flags, raised.Sum());
    }

    [Fact]
    public async Task Tc_sweep_and_tc_flags_report_in_their_fixed_formats()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Kristi", "Csvflag", "2009-04-01");
        await session.AddReferralAsync(child, Today(-100), "Labour");
        await session.AddReferralAsync(child, Today(-10), "Labour", new() { ["Form.FutureExploitationConcern"] = "true" });

        var sweep = await Tc("sweep");
        var csv = await Tc("flags", "--format", "csv");
        var all = await Tc("flags", "--status", "all");

        Assert.Equal(0, sweep.Code);
        Assert.Matches(@"^evaluated \d+ children; raised \d+; ended \d+$", sweep.Output.Trim());
        Assert.Equal(0, csv.Code);
        var lines = csv.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("child_reference,child_external_id,rule_code,severity,status,raised_at,evidence", lines[0]);
        Assert.Contains(lines, l => l.Contains(",RR-01,high,open,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(",RR-11,", StringComparison.Ordinal)); // a weighting now, never a flag
        Assert.Equal(0, all.Code);
        Assert.Matches(@"\d+ flags$", all.Output.Trim());
    }

    [Fact]
    public async Task A_nonsensical_threshold_is_refused_at_start_up_with_the_setting_named()
    {
        var (code, _, error) = await Tc(new Dictionary<string, string?> { ["Rules:MissingStrategyDiscussionHours"] = "12" }, "sweep");

        Assert.Equal(2, code);
        Assert.Contains("Rules:MissingStrategyDiscussionHours (12) must be more than Rules:MissingNowHighHours (24)", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Importing_a_second_referral_raises_the_repeat_referral_flag_in_the_same_import()
    {
        var folder = Directory.CreateTempSubdirectory("tc-rules-").FullName;
        try
        {
            var children = Path.Combine(folder, "children.csv");
            var referrals = Path.Combine(folder, "referrals.csv");
            await File.WriteAllTextAsync(children, "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc\nRUL-1,Besnik,Imported,,2009-01-01,exact,male,ALB,NSC,true\n");
            await File.WriteAllTextAsync(referrals,
                "child_external_id,referral_date,first_responder_type,first_responder_organisation,exploitation_types,county_lines,exploitation_location,future_exploitation_concern,competent_authority,rg_decision,rg_decision_date,cg_decision,cg_decision_date\n"
                + $"RUL-1,{Today(-300)},police,Kent Police,labour,false,uk,false,sca,negative,{Today(-290)},,\n"
                + $"RUL-1,{Today(-30)},police,Kent Police,labour,false,uk,false,sca,negative,{Today(-20)},,\n");

            Assert.Equal(0, (await Tc("import", "children", children)).Code);
            Assert.Equal(0, (await Tc("import", "referrals", referrals)).Code);

            await using var db = fixture.Database.CreateContext();
            var id = (await db.Children.SingleAsync(c => c.ExternalId == "RUL-1")).Id;
            var flag = await db.Flags.SingleAsync(f => f.ChildId == id && f.RuleCode == "RR-01");
            Assert.Equal(Severity.High, flag.Severity);
            Assert.Equal(FlagStatus.Open, flag.Status);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Children with realistic histories written straight to the database, so no rule has run on them yet.</summary>
    private static async Task InsertHistoriesWithoutRules(TestDatabase database, int count)
    {
        await using var db = database.CreateContext();
        var organisation = await db.Organisations.SingleAsync(o => o.Code == "NSC");
        var population = new TraffickingCases.Infrastructure.Demo.DemoPopulation(99, DateTimeOffset.UtcNow);
        var references = await db.NextChildReferencesAsync(count);
        db.Children.AddRange(references.Select(r => population.NextChild(r, organisation, null)));
        await db.SaveChangesAsync();
    }

    private Task<(int Code, string Output, string Error)> Tc(params string[] args) => Tc([], args);

    private Task<(int Code, string Output, string Error)> Tc(Dictionary<string, string?> settings, params string[] args) => fixture.Database.TcAsync(args, settings);
}
