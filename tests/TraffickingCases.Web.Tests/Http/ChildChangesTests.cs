using System.Net;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>The one path every change to a child takes: what it refuses, what it reports after commit, and what it locks.</summary>
[Collection(HttpCollection.Name)]
public sealed class ChildChangesTests(AppFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-changes-").FullName;

    [Fact]
    public async Task A_form_with_a_binding_error_is_not_applied_so_nothing_is_logged_as_added_and_nothing_saved()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Bindo", "Errortest", "2010-03-01");
        var before = fixture.App.Logs.Events.Count;

        // Everything the domain needs is there; only the competent authority is missing (a binding error).
        var response = await session.AddReferralAsync(child, "2024-01-10", extra: new() { ["Form.CompetentAuthority"] = string.Empty });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Choose the competent authority", Session.Parse(await Session.Body(response)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.App.Logs.Events.Skip(before), e => e.Contains("added to child", StringComparison.Ordinal));
        await using var db = fixture.Database.CreateContext();
        var id = Guid.Parse(child.Split('/')[^1]);
        Assert.False(await db.Set<NrmReferral>().AnyAsync(r => r.ChildId == id));
    }

    [Fact]
    public async Task A_form_with_a_binding_error_still_shows_the_domains_errors_beside_it()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Bindi", "Errortest", "2010-03-01");

        // No competent authority (a binding error) and a referral before the child was born (a domain error).
        var response = await session.AddReferralAsync(child, "2009-01-01", extra: new() { ["Form.CompetentAuthority"] = string.Empty });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var summary = Session.Parse(await Session.Body(response)).QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("Choose the competent authority", summary, StringComparison.Ordinal);
        Assert.Contains("birth", summary, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_second_referral_within_a_year_reports_the_raised_flag_after_commit_and_a_refused_change_reports_nothing()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Hookie", "Aftercommit", "2010-03-01");
        var id = Guid.Parse(child.Split('/')[^1]);
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, DaysAgo(200))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, DaysAgo(50))).StatusCode);
        var heard = fixture.Changes.For(id).Count;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await session.AddReferralAsync(child, "2009-01-01")).StatusCode);

        var changes = fixture.Changes.For(id);
        Assert.Equal(heard, changes.Count);
        var raised = Assert.Single(changes.SelectMany(c => c.FlagsRaised), f => f.RuleCode == "RR-01");
        Assert.Equal(id, raised.ChildId);
        Assert.Equal(Severity.High, raised.Severity);
        await using var db = fixture.Database.CreateContext();
        Assert.True(await db.Flags.AnyAsync(f => f.Id == raised.FlagId && f.Status == FlagStatus.Open));
    }

    [Fact]
    public async Task A_manager_closing_a_flag_while_the_sweep_closes_it_waits_and_is_refused_and_nothing_is_overwritten()
    {
        var flagId = await RepeatReferralFlagAsync("Racing", "Flagclose");
        await using var db = fixture.Database.CreateContext();
        var childId = await db.Flags.Where(f => f.Id == flagId).Select(f => f.ChildId).SingleAsync();
        var manager = await fixture.SignedInAsync(Session.Manager);
        var (_, queue) = await manager.GetPageAsync("/flags");

        // Another writer (the sweep, or a second manager) is closing the same flag when the manager's action arrives.
        Task<HttpResponseMessage> resolving;
        await using (await fixture.App.HoldFlagChangeAsync(childId, flagId, (flag, now) => flag.Dismiss("someone-else", "Someone Else", "Recorded twice", now)))
        {
            resolving = manager.PostAsync(queue, "/flags/act", [new("Form.FlagIds", flagId.ToString()), new("Form.Action", "resolve"), new("Form.Reason", "Strategy meeting held")]);
            await WaitForALockWaiterAsync();
        }

        var response = await resolving;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("This flag is already closed", Session.Parse(await Session.Body(response)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        var flag = await db.Flags.Include(f => f.Events).SingleAsync(f => f.Id == flagId);
        Assert.Equal(FlagStatus.Dismissed, flag.Status);
        // The included events come in no set order: find the dismissal, and no resolution after it.
        Assert.Equal("Recorded twice", Assert.Single(flag.Events, e => e.Action == FlagAction.Dismissed).Note);
        Assert.DoesNotContain(flag.Events, e => e.Action == FlagAction.Resolved);
    }

    [Fact]
    public async Task A_second_manager_closing_a_flag_the_first_already_closed_is_told_and_nothing_is_overwritten()
    {
        var flagId = await RepeatReferralFlagAsync("Twice", "Closedtest");
        var first = await fixture.SignedInAsync(Session.Manager);
        var second = await fixture.SignedInAsync(Session.Manager);
        var (_, firstQueue) = await first.GetPageAsync("/flags");
        var (_, secondQueue) = await second.GetPageAsync("/flags");

        Assert.Equal(HttpStatusCode.Redirect, (await first.PostAsync(firstQueue, "/flags/act",
            [new("Form.FlagIds", flagId.ToString()), new("Form.Action", "resolve"), new("Form.Reason", "Placed in foster care")])).StatusCode);
        var late = await second.PostAsync(secondQueue, "/flags/act",
            [new("Form.FlagIds", flagId.ToString()), new("Form.Action", "dismiss"), new("Form.Reason", "Not a risk")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("This flag is already closed", Session.Parse(await Session.Body(late)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        Assert.Equal(FlagStatus.Resolved, (await db.Flags.SingleAsync(f => f.Id == flagId)).Status);
    }

    [Fact]
    public async Task A_second_manager_deciding_a_pair_the_first_already_decided_is_told_and_no_second_decision_is_recorded()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var first = Guid.Parse((await caseworker.RegisterChildAsync("Mergim", "Twicedecided", "2008-11-05")).Split('/')[^1]);
        var second = Guid.Parse((await caseworker.RegisterChildAsync("Mergim", "Twicedecided", "2008-11-05")).Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        var flagId = await db.Flags.Where(f => f.ChildId == first && f.RuleCode == Flag.MatchCode).Select(f => f.Id).SingleAsync();
        var one = await fixture.SignedInAsync(Session.Manager);
        var other = await fixture.SignedInAsync(Session.Manager);
        var (_, onePage) = await one.GetPageAsync($"/matches/{flagId}");
        var (_, otherPage) = await other.GetPageAsync($"/matches/{flagId}");

        Assert.Equal(HttpStatusCode.Redirect, (await one.PostAsync(onePage, $"/matches/{flagId}/not-same", [new("Form.Reason", "Twins, both known to us")])).StatusCode);
        var late = await other.PostAsync(otherPage, $"/matches/{flagId}/not-same", [new("Form.Reason", "Different mothers")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, late.StatusCode);
        Assert.Contains("decided this pair while you were looking at it", Session.Parse(await Session.Body(late)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await db.MatchDecisions.CountAsync(d => (d.ChildAId == first && d.ChildBId == second) || (d.ChildAId == second && d.ChildBId == first)));
    }

    [Fact]
    public async Task An_import_checks_its_rows_against_a_form_save_that_committed_while_it_waited_for_the_childs_lock()
    {
        var children = Write("children.csv",
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc",
            "LOCK-1,Locky,Importwait,,2009-01-01,exact,male,ALB,NSC,true");
        Assert.Equal(0, (await fixture.Database.TcAsync(["import", "children", children])).Code);
        await using var db = fixture.Database.CreateContext();
        var id = await db.Children.Where(c => c.ExternalId == "LOCK-1").Select(c => c.Id).SingleAsync();
        var episodes = Write("missing.csv",
            "child_external_id,missing_from,returned_at,whereabouts_known,reported_to_police_at,police_reference,risk_level,return_interview_offered_at,return_interview_completed_at",
            "LOCK-1,2024-05-01T22:00:00+01:00,2024-05-03T08:00:00+01:00,false,,,,,");

        // A caseworker's save of an overlapping episode is under way when the import starts.
        Task<(int Code, string Output, string Error)> import;
        await using (await fixture.App.HoldChangeAsync(id, (child, now) => child.RecordMissingEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = new DateTimeOffset(2024, 5, 1, 20, 0, 0, TimeSpan.Zero),
            ReturnedAt = new DateTimeOffset(2024, 5, 2, 20, 0, 0, TimeSpan.Zero),
        }, now)))
        {
            import = fixture.Database.TcAsync(["import", "missing-episodes", episodes]);
            await WaitForALockWaiterAsync();
        }

        var (code, _, error) = await import;
        Assert.Equal(1, code);
        Assert.Contains("row 2, missing_from:", error, StringComparison.Ordinal);
        Assert.Equal(1, await db.Set<MissingEpisode>().CountAsync(e => e.ChildId == id));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A date this many days ago, as the forms take it: RR-01 is high only within a year of the latest referral.</summary>
    private static string DaysAgo(int days) => DateTime.UtcNow.AddDays(-days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A child of the demo organisation with two referrals within a year, and its open RR-01 flag.</summary>
    private async Task<Guid> RepeatReferralFlagAsync(string given, string family)
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync(given, family, "2010-03-01");
        await session.AddReferralAsync(child, DaysAgo(200));
        await session.AddReferralAsync(child, DaysAgo(50));
        var id = Guid.Parse(child.Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        return await db.Flags.Where(f => f.ChildId == id && f.RuleCode == "RR-01").Select(f => f.Id).SingleAsync();
    }

    /// <summary>Waits (up to 30 s) until some session waits for a lock: the import or the action, blocked by the held save.</summary>
    private async Task WaitForALockWaiterAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE NOT granted", connection);
        for (var tries = 0; tries < 300; tries++)
        {
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the import never waited for the held save");
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }
}
