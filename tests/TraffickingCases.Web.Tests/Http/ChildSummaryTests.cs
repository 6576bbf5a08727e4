using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>
/// The summary kept on each child's row (what the caseload lists) and the due time the sweep reads: written in
/// the transaction of every change that alters them, so a list never shows a stale risk level or NRM stage.
/// </summary>
[Collection(RulesCollection.Name)]
public sealed class ChildSummaryTests(RulesFixture fixture)
{
    private string Today(int days = 0) => fixture.Clock.GetUtcNow().AddDays(days).ToString("yyyy-MM-dd");

    [Fact]
    public async Task The_row_follows_referrals_flags_and_a_managers_dismissal_and_the_caseload_lists_it()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Summera", "Rowkeeper", "2009-04-01");
        var id = Guid.Parse(child.Split('/')[^1]);
        var fresh = await SummaryAsync(id);
        Assert.Equal((0, 0, (Severity?)null, Severity.Low, NrmStage.NoReferral, false, 0), fresh.Summary);
        Assert.NotNull(fresh.DueAt);

        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, Today(-200), "Labour")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, Today(-57))).StatusCode);

        var flagged = await SummaryAsync(id);
        Assert.Equal(2, flagged.Summary.Referrals);
        Assert.Equal(NrmStage.AwaitingReasonableGrounds, flagged.Summary.Stage);
        Assert.True(flagged.Summary.Open >= 1);
        Assert.Equal(Severity.High, flagged.Summary.Highest);
        Assert.Equal(Severity.High, flagged.Summary.Risk);
        var row = await CaseloadRowAsync(session, "Rowkeeper");
        Assert.Contains("Waiting for RG decision", row, StringComparison.Ordinal);
        Assert.Contains("High", row, StringComparison.Ordinal);

        await using (var db = fixture.Database.CreateContext())
        {
            var flag = await db.Flags.SingleAsync(f => f.ChildId == id && f.RuleCode == "RR-01");
            var organisation = await db.Children.Where(c => c.Id == id).Select(c => c.OrganisationId).SingleAsync();
            Assert.Equal(organisation, await db.Flags.Where(f => f.Id == flag.Id).Select(f => EF.Property<Guid>(f, ShadowProperties.FlagOrganisation)).SingleAsync());

            var manager = fixture.NewSession();
            await manager.SignInAsync(Session.Manager);
            var queue = (await manager.GetPageAsync("/flags?rule=RR-01")).Page;
            var dismissed = await manager.PostAsync(queue, "/flags/act?rule=RR-01",
                [new("Form.FlagIds", flag.Id.ToString()), new("Form.Action", "dismiss"), new("Form.Reason", "Known to the police; plan in place")]);
            Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);
        }

        var after = await SummaryAsync(id);
        Assert.Equal(flagged.Summary.Open - 1, after.Summary.Open);
        Assert.Equal(flagged.Summary.Active - 1, after.Summary.Active);
        Assert.Equal(2, after.Summary.Referrals);
    }

    [Fact]
    public async Task A_refused_change_leaves_the_row_as_it_was()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Norowa", "Unchanged", "2009-04-01");
        var id = Guid.Parse(child.Split('/')[^1]);
        var before = await SummaryAsync(id);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await session.AddReferralAsync(child, "2001-01-01")).StatusCode);

        Assert.Equal(before, await SummaryAsync(id));
    }

    [Fact]
    public async Task An_open_missing_episode_shows_on_the_row_and_the_sweep_takes_the_child_only_once_it_is_due()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Duetta", "Sweeponly", "2009-04-01");
        var id = Guid.Parse(child.Split('/')[^1]);
        var wentMissing = Domain.Common.UkCalendar.ToLondon(fixture.Clock.GetUtcNow().AddHours(-1));
        var recorded = await session.PostFormAsync($"{child}/missing-episodes/new", $"{child}/missing-episodes/new", new()
        {
            ["Form.WentMissingAt"] = wentMissing.ToString("yyyy-MM-dd'T'HH:mm"),
            ["Form.WhereaboutsKnown"] = "false",
        });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var missing = await SummaryAsync(id);
        Assert.True(missing.Summary.Missing);
        var due = Assert.NotNull(missing.DueAt);
        Assert.True(due > fixture.Clock.GetUtcNow());

        // Not yet due: a sweep leaves the child's row alone.
        await fixture.App.SweepAsync();
        Assert.Equal(missing, await SummaryAsync(id));

        // Due: the sweep evaluates the child and moves its due time on.
        fixture.Clock.Advance(due - fixture.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var swept = await fixture.App.SweepAsync();
        Assert.True(swept.Result.Evaluated >= 1);
        Assert.True((await SummaryAsync(id)).DueAt > due);
    }

    private async Task<((int Open, int Active, Severity? Highest, Severity Risk, NrmStage Stage, bool Missing, int Referrals) Summary, DateTimeOffset? DueAt)> SummaryAsync(Guid id)
    {
        await using var db = fixture.Database.CreateContext();
        var row = await db.Children.AsNoTracking().Where(c => c.Id == id).Select(c => new
        {
            Open = EF.Property<int>(c, ShadowProperties.OpenFlags),
            Active = EF.Property<int>(c, ShadowProperties.ActiveFlags),
            Highest = EF.Property<Severity?>(c, ShadowProperties.HighestSeverity),
            Risk = EF.Property<Severity>(c, ShadowProperties.RiskLevel),
            Stage = EF.Property<NrmStage>(c, ShadowProperties.NrmStage),
            Missing = EF.Property<bool>(c, ShadowProperties.MissingNow),
            Referrals = EF.Property<int>(c, ShadowProperties.ReferralCount),
            Due = EF.Property<DateTimeOffset?>(c, ShadowProperties.NextDueAt),
        }).SingleAsync();
        return ((row.Open, row.Active, row.Highest, row.Risk, row.Stage, row.Missing, row.Referrals), row.Due);
    }

    private static async Task<string> CaseloadRowAsync(Session session, string familyName)
    {
        var (status, page) = await session.GetPageAsync($"/children?q={familyName}");
        Assert.Equal(HttpStatusCode.OK, status);
        return Assert.Single(page.QuerySelectorAll("[data-testid=caseload] tbody tr")).TextContent;
    }
}
