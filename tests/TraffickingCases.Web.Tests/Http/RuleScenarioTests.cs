using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>
/// The scenarios for flags a manager can trust, through the imports (the command line, at the real time) and the
/// forms: a flag is there at once when it matters, never for an old closed case, ends when its condition ends, and a new
/// occurrence is a new flag.
/// </summary>
[Collection(RulesCollection.Name)]
public sealed class RuleScenarioTests(RulesFixture fixture) : IDisposable
{
    private const string ChildColumns = "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc";
    private const string ReferralColumns = "child_external_id,referral_date,first_responder_type,first_responder_organisation,exploitation_types,county_lines,exploitation_location,future_exploitation_concern,competent_authority,rg_decision,rg_decision_date,cg_decision,cg_decision_date";
    private const string EpisodeColumns = "child_external_id,missing_from,returned_at,whereabouts_known,reported_to_police_at,police_reference,risk_level,return_interview_offered_at,return_interview_completed_at";

    private readonly string _folder = Directory.CreateTempSubdirectory("tc-scenarios-").FullName;

    [Fact]
    public async Task Imported_histories_flag_what_is_live_and_nothing_that_is_over()
    {
        var now = DateTimeOffset.UtcNow; // the command line runs at the real time
        Assert.Equal(0, (await Tc("import", "children", Write("children.csv", ChildColumns,
            "SCN-OLD,Arben,Oldcase,,2008-02-01,exact,male,ALB,NSC,true",
            "SCN-HOUR,Dritan,Onehour,,2010-05-01,exact,male,ALB,NSC,true",
            "SCN-ICTG,Lirim,Guardian,,2011-06-01,exact,male,ALB,NSC,true"))).Code);
        Assert.Equal(0, (await Tc("import", "referrals", Write("referrals.csv", ReferralColumns,
            $"SCN-OLD,{Day(now, -1000)},police,Kent Police,labour,false,uk,false,sca,negative,{Day(now, -990)},,",
            $"SCN-ICTG,{Day(now, -40)},police,Kent Police,labour,false,uk,false,sca,positive,{Day(now, -37)},,"))).Code);
        Assert.Equal(0, (await Tc("import", "missing-episodes", Write("episodes.csv", EpisodeColumns,
            $"SCN-OLD,{Instant(now.AddDays(-730))},{Instant(now.AddDays(-729))},false,,,,,",
            $"SCN-HOUR,{Instant(now.AddHours(-1))},,false,,,,,"))).Code);

        await using var db = fixture.Database.CreateContext();
        // An episode two years ago on a closed case: no open flag at all.
        Assert.Empty(await OpenFlagsAsync(db, "SCN-OLD"));
        // Missing for an hour with no police report: high at once.
        var missing = Assert.Single(await OpenFlagsAsync(db, "SCN-HOUR"), f => f.RuleCode == "RR-04");
        Assert.Equal(Severity.High, missing.Severity);
        Assert.True(missing.IsLive);
        Assert.Equal(Severity.High, await RiskLevelAsync(db, "SCN-HOUR"));
        // A referral with no guardian service referral: RR-09 while the case is open.
        Assert.Contains(await OpenFlagsAsync(db, "SCN-ICTG"), f => f.RuleCode == "RR-09");

        Assert.Equal(0, (await Tc("import", "support", Write("support.csv", "child_external_id,support_type,requested_on,started_on",
            $"SCN-ICTG,ictg,{Day(now, -38)},{Day(now, -30)}"))).Code);

        // The support file cleared the condition: no stale flag waits in the queue; the ended flag says why.
        db.ChangeTracker.Clear();
        Assert.DoesNotContain(await OpenFlagsAsync(db, "SCN-ICTG"), f => f.RuleCode == "RR-09");
        var ended = await db.Flags.AsNoTracking().SingleAsync(f => f.RuleCode == "RR-09" && db.Children.Any(c => c.Id == f.ChildId && c.ExternalId == "SCN-ICTG"));
        Assert.Equal(FlagStatus.Ended, ended.Status);
        Assert.Equal("Guardian service started", ended.EndReason);
    }

    [Fact]
    public async Task Children_an_import_creates_are_judged_as_they_are_written_with_their_flags_summary_and_due_time()
    {
        var now = DateTimeOffset.UtcNow;
        var dob = UkCalendar.DateOf(now).AddYears(-18).AddDays(40);
        var dobText = dob.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(0, (await Tc("import", "children", Write("new-children.csv", ChildColumns,
            $"SCN-NEW-AGE,Besnik,Disputedage,,{dobText},disputed,male,ALB,NSC,true",
            $"SCN-NEW-PLAIN,Ilir,Plainnew,,{dobText},exact,male,ALB,NSC,true"))).Code);

        await using var db = fixture.Database.CreateContext();
        // The disputed age raises RR-16 in the import's own transaction; the plain child has no flag.
        var disputed = Assert.Single(await OpenFlagsAsync(db, "SCN-NEW-AGE"));
        Assert.Equal(("RR-16", Severity.Medium), (disputed.RuleCode, disputed.Severity));
        Assert.Empty(await OpenFlagsAsync(db, "SCN-NEW-PLAIN"));
        var rows = await db.Children.AsNoTracking().Where(c => c.ExternalId!.StartsWith("SCN-NEW-"))
            .Select(c => new
            {
                c.ExternalId,
                Open = EF.Property<int>(c, ShadowProperties.OpenFlags),
                Risk = EF.Property<Severity>(c, ShadowProperties.RiskLevel),
                Due = EF.Property<DateTimeOffset?>(c, ShadowProperties.NextDueAt),
                Version = EF.Property<int>(c, ShadowProperties.RulesVersion),
            }).ToDictionaryAsync(r => r.ExternalId!);
        Assert.Equal((1, Severity.Medium), (rows["SCN-NEW-AGE"].Open, rows["SCN-NEW-AGE"].Risk));
        Assert.Equal((0, Severity.Low), (rows["SCN-NEW-PLAIN"].Open, rows["SCN-NEW-PLAIN"].Risk));
        // The 18th birthday ends RR-16 (no case open): the sweep is due to look at the child then.
        Assert.Equal(UkCalendar.StartOf(dob.AddYears(18)), rows["SCN-NEW-AGE"].Due);
        Assert.All(rows.Values, r => Assert.Equal(RulesService.RulesVersion, r.Version));
    }

    [Fact]
    public async Task The_summaries_an_import_writes_with_its_children_are_those_worked_out_from_the_stored_records()
    {
        var now = DateTimeOffset.UtcNow;
        var dob = UkCalendar.DateOf(now).AddYears(-18).AddDays(120).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // A disputed age (RR-16), a plain child, and one child on two rows (RR-00 on both, found after the rows are written).
        // The plain child's row is as the COPY wrote it; the flagged children's rows were worked out again after their flags.
        Assert.Equal(0, (await Tc("import", "children", Write("summaries.csv", ChildColumns,
            $"SCN-SUM-AGE,Fatmir,Ageunsure,,{dob},disputed,male,ALB,NSC,true",
            "SCN-SUM-PLAIN,Edmond,Nothingyet,,2012-09-14,exact,male,ALB,NSC,false",
            "SCN-SUM-TWIN1,Kujtim,Tworowsky,,2011-03-07,exact,male,ALB,NSC,true",
            "SCN-SUM-TWIN2,Kujtim,Tworowsky,,2011-03-07,exact,male,ALB,NSC,true"))).Code);

        await using var db = fixture.Database.CreateContext();
        var ids = await db.Children.Where(c => c.ExternalId!.StartsWith("SCN-SUM-")).ToDictionaryAsync(c => c.ExternalId!, c => c.Id);
        var written = await StoredSummariesAsync(db, ids.Values);
        Assert.Equal((1, 1, Severity.Medium), (written[ids["SCN-SUM-AGE"]].Open, written[ids["SCN-SUM-AGE"]].Active, written[ids["SCN-SUM-AGE"]].Risk));
        Assert.Contains(await OpenFlagsAsync(db, "SCN-SUM-TWIN1"), f => f.RuleCode == "RR-00");
        Assert.All(written.Values, w => Assert.Equal(RulesService.RulesVersion, w.Version));

        // The rules and ChildSummaries as any later change runs them: nothing new to raise, and every column worked out from
        // the stored records and flags is what the import wrote.
        Assert.Equal(0, await fixture.App.EvaluateRulesAsync(ids.Values.ToList()));
        db.ChangeTracker.Clear();
        Assert.Equal(written, await StoredSummariesAsync(db, ids.Values));
    }

    private static async Task<Dictionary<Guid, (int Open, int Active, Severity? Highest, Severity Risk, string Stage, bool Missing, int Referrals, DateTimeOffset? Due, int Version)>>
        StoredSummariesAsync(CasesDbContext db, IEnumerable<Guid> ids)
    {
        var list = ids.ToList();
        return (await db.Children.AsNoTracking().Where(c => list.Contains(c.Id)).Select(c => new
            {
                c.Id,
                Open = EF.Property<int>(c, ShadowProperties.OpenFlags),
                Active = EF.Property<int>(c, ShadowProperties.ActiveFlags),
                Highest = EF.Property<Severity?>(c, ShadowProperties.HighestSeverity),
                Risk = EF.Property<Severity>(c, ShadowProperties.RiskLevel),
                Stage = EF.Property<Domain.Children.NrmStage>(c, ShadowProperties.NrmStage),
                Missing = EF.Property<bool>(c, ShadowProperties.MissingNow),
                Referrals = EF.Property<int>(c, ShadowProperties.ReferralCount),
                Due = EF.Property<DateTimeOffset?>(c, ShadowProperties.NextDueAt),
                Version = EF.Property<int>(c, ShadowProperties.RulesVersion),
            }).ToListAsync())
            .ToDictionary(r => r.Id, r => (r.Open, r.Active, r.Highest, r.Risk, r.Stage.ToString(), r.Missing, r.Referrals, r.Due, r.Version));
    }

    [Fact]
    public async Task A_second_imported_episode_after_an_acknowledged_missing_flag_raises_a_new_flag()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(0, (await Tc("import", "children", Write("children.csv", ChildColumns,
            "SCN-AGAIN,Gentian,Twiceaway,,2010-03-01,exact,male,ALB,NSC,true"))).Code);
        Assert.Equal(0, (await Tc("import", "missing-episodes", Write("episodes.csv", EpisodeColumns,
            $"SCN-AGAIN,{Instant(now.AddHours(-30))},,false,{Instant(now.AddHours(-29))},PR-1,medium,,"))).Code);
        await using var db = fixture.Database.CreateContext();
        var child = await db.Children.AsNoTracking().SingleAsync(c => c.ExternalId == "SCN-AGAIN");
        var first = Assert.Single(await OpenFlagsAsync(db, "SCN-AGAIN"), f => f.RuleCode == "RR-04");
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);
        Assert.Equal(HttpStatusCode.Redirect, (await manager.PostFormAsync("/flags", "/flags/act", new()
        {
            ["Form.FlagIds"] = first.Id.ToString(),
            ["Form.Action"] = "Acknowledge",
        })).StatusCode);

        // The child returns (recorded by the form), then goes missing again (imported).
        var caseworker = fixture.NewSession();
        await caseworker.SignInAsync(Session.Caseworker);
        var episode = await db.MissingEpisodes.AsNoTracking().SingleAsync(e => e.ChildId == child.Id);
        var page = $"/children/{child.Id}/missing-episodes/{episode.Id}/edit";
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync(page, page, new()
        {
            ["Form.WentMissingAt"] = Local(episode.WentMissingAt),
            ["Form.ReturnedAt"] = Local(now.AddHours(-5)),
            ["Form.WhereaboutsKnown"] = "false",
            ["Form.ReportedToPoliceAt"] = Local(episode.ReportedToPoliceAt!.Value),
            ["Form.PoliceReference"] = "PR-1",
            ["Form.PoliceRiskGrading"] = "Medium",
        })).StatusCode);
        Assert.Equal(0, (await Tc("import", "missing-episodes", Write("again.csv", EpisodeColumns,
            $"SCN-AGAIN,{Instant(now.AddHours(-2))},,true,{Instant(now.AddHours(-1))},PR-2,low,,"))).Code);

        db.ChangeTracker.Clear();
        var flags = await db.Flags.AsNoTracking().Where(f => f.ChildId == child.Id && f.RuleCode == "RR-04").ToListAsync();
        Assert.Equal(2, flags.Count);
        Assert.Equal(FlagStatus.Ended, flags.Single(f => f.Id == first.Id).Status);
        var second = Assert.Single(flags, f => f.Id != first.Id);
        Assert.Equal(FlagStatus.Open, second.Status);
        // Reported, graded low, whereabouts known, under 24 hours: RR-04 alone would be medium; but missing again before any
        // return interview and within 7 days of the return is RR-13, high, shown on the same one missing flag.
        Assert.Contains("graded low risk; whereabouts known. Also: ", second.Evidence, StringComparison.Ordinal);
        Assert.Contains("; RR-13 went missing again", second.Evidence, StringComparison.Ordinal);
        Assert.Equal(Severity.High, second.Severity);
        Assert.DoesNotContain(await OpenFlagsAsync(db, "SCN-AGAIN"), f => f.RuleCode == "RR-13");
    }

    [Fact]
    public async Task The_sweep_brings_a_child_evaluated_under_the_old_rules_onto_the_new_ones_and_says_the_rule_changed()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var path = await session.RegisterChildAsync("Petrit", "Oldrules", "2009-04-01");
        var childId = Guid.Parse(path.Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        // A flag the old rules kept for good (RR-02 on an episode long ago), and the child marked as evaluated under them.
        var stale = Flag.Raise(childId, new Finding("RR-02", Severity.High, "Went missing long ago while a case was open", Guid.NewGuid().ToString()) { Live = true },
            fixture.Clock.GetUtcNow().AddYears(-1));
        db.Flags.Add(stale);
        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE children SET rules_version = 1, next_due_at = '9999-12-31' WHERE id = {0}", childId);

        var result = await fixture.App.SweepAsync();

        Assert.True(result.Result.Evaluated >= 1);
        db.ChangeTracker.Clear();
        var ended = await db.Flags.AsNoTracking().SingleAsync(f => f.Id == stale.Id);
        Assert.Equal(FlagStatus.Ended, ended.Status);
        Assert.StartsWith("Rule changed: ", ended.EndReason, StringComparison.Ordinal);
        Assert.Equal(RulesService.RulesVersion, await db.Children.Where(c => c.Id == childId).Select(c => EF.Property<int>(c, "RulesVersion")).SingleAsync());
    }

    [Fact]
    public async Task When_the_same_child_held_by_another_organisation_goes_missing_there_this_organisation_gets_a_flag_naming_only_them()
    {
        var ours = fixture.NewSession();
        await ours.SignInAsync(Session.Caseworker);
        var oursPath = await ours.RegisterChildAsync("Valmir", "Heldtwice", "2009-09-09");
        var theirs = fixture.NewSession();
        await theirs.SignInAsync(Session.OtherOrganisationCaseworker);
        var theirsPath = await theirs.RegisterChildAsync("Valmir", "Heldtwice", "2009-09-09");
        var oursId = Guid.Parse(oursPath.Split('/')[^1]);
        var theirsId = Guid.Parse(theirsPath.Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        var north = await db.Children.Where(c => c.Id == oursId).Select(c => c.OrganisationId).SingleAsync();
        db.MatchDecisions.Add(Domain.Matching.MatchDecision.Decide(oursId, theirsId, Domain.Matching.MatchDecisionKind.SameHeldElsewhere, north,
            "Same child: confirmed with East Borough", "manager", "A Manager", fixture.Clock.GetUtcNow()));
        await db.SaveChangesAsync();

        var missing = await theirs.PostFormAsync($"{theirsPath}/missing-episodes/new", $"{theirsPath}/missing-episodes/new", new()
        {
            ["Form.WentMissingAt"] = Local(fixture.Clock.GetUtcNow().AddHours(-2)),
            ["Form.WhereaboutsKnown"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, missing.StatusCode);

        db.ChangeTracker.Clear();
        var flag = await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == oursId && f.RuleCode == "RR-19" && f.Status == FlagStatus.Open);
        var reference = await db.Children.Where(c => c.Id == theirsId).Select(c => c.Reference).SingleAsync();
        Assert.Equal(Severity.High, flag.Severity);
        Assert.Contains($"held by East Borough Council as {reference}, went missing there", flag.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("Valmir", flag.Evidence, StringComparison.Ordinal);
        // Their own child has its own RR-04; the linked flag is ours alone.
        Assert.False(await db.Flags.AnyAsync(f => f.ChildId == theirsId && f.RuleCode == "RR-19"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Day(DateTimeOffset now, int days) => UkCalendar.DateOf(now.AddDays(days)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Local(DateTimeOffset at) => UkCalendar.ToLondon(at).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static Task<List<Flag>> OpenFlagsAsync(CasesDbContext db, string externalId) =>
        db.Flags.AsNoTracking()
            .Where(f => (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged) && db.Children.Any(c => c.Id == f.ChildId && c.ExternalId == externalId))
            .ToListAsync();

    private static Task<Severity> RiskLevelAsync(CasesDbContext db, string externalId) =>
        db.Children.Where(c => c.ExternalId == externalId).Select(c => EF.Property<Severity>(c, "RiskLevel")).SingleAsync();

    private string Write(string name, string header, params string[] rows)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}-{name}");
        File.WriteAllText(path, header + "\n" + string.Join("\n", rows) + "\n");
        return path;
    }

    private Task<(int Code, string Output, string Error)> Tc(params string[] args) => fixture.Database.TcAsync(args);
}
