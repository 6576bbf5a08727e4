using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Infrastructure;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>An app whose clock the tests move, with no demo children: each test makes its own people and children.</summary>
public sealed class MyWorkFixture : HostFixture
{
    public MyWorkFixture()
        : this(new FakeTimeProvider(new DateTimeOffset(2026, 3, 11, 10, 0, 0, TimeSpan.Zero)))
    {
    }

    private MyWorkFixture(FakeTimeProvider clock)
        : base(clock, 0) => Clock = clock;

    public FakeTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public DateOnly Today => UkCalendar.DateOf(Now);

    /// <summary>A new person (password <see cref="DemoSeeder.DemoPassword"/>) in the organisation with this code; their id.</summary>
    public async Task<string> PersonAsync(string email, string name, string role, string organisationCode = "NSC", string? supervisorId = null)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, SupervisorId = supervisorId,
            OrganisationId = await OrganisationAsync(organisationCode),
        };
        Assert.True((await users.CreateAsync(user, DemoSeeder.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user.Id;
    }

    public async Task<Guid> OrganisationAsync(string code)
    {
        await using var db = Database.CreateContext();
        return await db.Organisations.Where(o => o.Code == code).Select(o => o.Id).SingleAsync();
    }

    /// <summary>Registers a child through the app's one way of changing children, then applies each change as its own save.</summary>
    public async Task<(Guid Id, string Reference)> ChildAsync(
        string family, string? caseworkerId, DateOnly? dateOfBirth = null, string organisationCode = "NSC", params Action<Child, DateTimeOffset>[] changes)
    {
        var organisationId = await OrganisationAsync(organisationCode);
        await using var scope = App.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<ChildChanges>();
        var details = new ChildDetails { GivenNames = "Ana", FamilyName = family, DateOfBirth = dateOfBirth ?? new DateOnly(2012, 5, 1), Gender = Gender.Female };
        var child = Assert.IsType<ChangeResult<Child>.Saved>(await service.RegisterAsync(organisationId, details, caseworkerId, CancellationToken.None)).Value;
        foreach (var change in changes)
        {
            Assert.IsType<ChangeResult<int>.Saved>(await service.ChangeAsync(organisationId, child.Id, (c, now) =>
            {
                change(c, now);
                return 0;
            }, null, CancellationToken.None));
        }

        return (child.Id, child.Reference);
    }

    /// <summary>A manager's supervision review date, as issue 14's supervision notes set it.</summary>
    public async Task SetSupervisionReviewAsync(Guid childId, DateOnly on)
    {
        await using var db = Database.CreateContext();
        await db.Database.ExecuteSqlAsync($"UPDATE children SET supervision_review_on = {on} WHERE id = {childId}");
    }
}

[CollectionDefinition(Name)]
public sealed class MyWorkCollection : ICollectionFixture<MyWorkFixture>
{
    public const string Name = "My work against PostgreSQL";
}

/// <summary>"My work" at /: what a caseworker (or a manager's team) has due, missing and newly flagged, and nobody else's.</summary>
[Collection(MyWorkCollection.Name)]
public sealed class MyWorkTests(MyWorkFixture fixture)
{
    private static ReferralDetails Referral(DateOnly on) => new()
    {
        ReferralDate = on,
        FirstResponderOrganisation = "North Shire Council",
        FirstResponderType = Domain.Organisations.OrganisationType.LocalAuthority,
        ExploitationTypes = ExploitationTypes.Criminal,
        CompetentAuthority = CompetentAuthority.Sca,
    };

    private static IReadOnlyList<AngleSharp.Dom.IElement> Rows(IHtmlDocument page, string table) =>
        [.. page.QuerySelectorAll($"[data-testid={table}] tbody tr")];

    private static AngleSharp.Dom.IElement Row(IHtmlDocument page, string table, string reference, string? kind = null) =>
        Assert.Single(Rows(page, table), r => r.GetAttribute("data-child") == reference && (kind is null || r.GetAttribute("data-kind") == kind));

    private static string Text(AngleSharp.Dom.IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    private async Task<IHtmlDocument> MyWorkAsync(string email)
    {
        var session = await fixture.SignedInAsync(email);
        var (status, page) = await session.GetPageAsync("/");
        Assert.Equal(HttpStatusCode.OK, status);
        return page;
    }

    [Fact]
    public async Task A_caseworker_sees_each_kind_of_thing_due_with_its_date_and_wording_most_overdue_first()
    {
        var me = await fixture.PersonAsync("due.caseworker@test.example", "Dana Due", Roles.Caseworker);
        var today = fixture.Today;
        var returned = fixture.Now.AddHours(-80);
        var decision = await fixture.ChildAsync("Decisionlate", me, changes: (c, now) => c.AddReferral(Referral(today.AddDays(-14)), now));
        var interview = await fixture.ChildAsync("Interviewlate", me, changes: (c, now) =>
            c.RecordMissingEpisode(new MissingEpisodeDetails { WentMissingAt = returned.AddHours(-5), ReturnedAt = returned, WhereaboutsKnown = true }, now));
        var guardian = await fixture.ChildAsync("Guardiansoon", me, changes: (c, now) =>
        {
            c.AddReferral(Referral(today), now);
            c.RequestSupport(new SupportRequestDetails { Type = SupportType.MentalHealth, RequestedOn = today.AddDays(-20) }, now);
        });
        var eighteen = await fixture.ChildAsync("Eighteen", me, today.AddDays(50).AddYears(-18));
        var reviewed = await fixture.ChildAsync("Overridden", me, changes: (c, now) =>
            c.OverrideRiskLevel(Severity.Low, "Safety plan holding", today.AddDays(5), "m", "A Manager", now));
        var supervised = await fixture.ChildAsync("Supervised", me);
        await fixture.SetSupervisionReviewAsync(supervised.Id, today.AddDays(-3));
        var someoneElses = await fixture.ChildAsync("Someoneelse", await fixture.PersonAsync("other.due@test.example", "Olly Other", Roles.Caseworker),
            changes: (c, now) => c.AddReferral(Referral(today.AddDays(-14)), now));
        // Another organisation's child, even one naming this caseworker, is never on the page.
        var elsewhere = await fixture.ChildAsync("Elsewhere", me, organisationCode: "EBC", changes: (c, now) => c.AddReferral(Referral(today.AddDays(-14)), now));

        var page = await MyWorkAsync("due.caseworker@test.example");

        Assert.Contains("6 children are assigned to you", page.QuerySelector("[data-testid=my-children]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"[data-testid=my-children] a[href='/children?caseworker={me}']"));

        var rgDue = WorkingDays.Add(today.AddDays(-14), 5);
        var rg = Row(page, "due", decision.Reference, nameof(DueKind.ReasonableGroundsDecision));
        Assert.Equal(Display.Date(rgDue), Text(rg, "due-date"));
        Assert.Equal($"overdue by {today.DayNumber - rgDue.DayNumber} days", Text(rg, "due-when"));
        Assert.Contains($"{decision.Reference} Ana Decisionlate", rg.TextContent, StringComparison.Ordinal);
        Assert.NotNull(rg.QuerySelector($"a[href='/children/{decision.Id}']"));

        var ri = Row(page, "due", interview.Reference, nameof(DueKind.ReturnInterview));
        Assert.Equal(Display.Time(returned.AddHours(72)), Text(ri, "due-date"));
        Assert.StartsWith("overdue", Text(ri, "due-when"), StringComparison.Ordinal);

        var ictgDue = WorkingDays.Add(today, 5);
        var ictg = Row(page, "due", guardian.Reference, nameof(DueKind.GuardianReferral));
        Assert.Equal(Display.Date(ictgDue), Text(ictg, "due-date"));
        Assert.Equal($"due in {ictgDue.DayNumber - today.DayNumber} days", Text(ictg, "due-when"));
        Assert.Equal("due in 8 days", Text(Row(page, "due", guardian.Reference, nameof(DueKind.SupportStart)), "due-when"));
        Assert.Equal("in 50 days", Text(Row(page, "due", eighteen.Reference, nameof(DueKind.EighteenthBirthday)), "due-when"));
        Assert.Equal("due in 5 days", Text(Row(page, "due", reviewed.Reference, nameof(DueKind.RiskOverrideReview)), "due-when"));
        var supervision = Row(page, "due", supervised.Reference, nameof(DueKind.SupervisionReview));
        Assert.Equal("overdue by 3 days", Text(supervision, "due-when"));
        Assert.Equal(Display.Date(today.AddDays(-3)), Text(supervision, "due-date"));
        Assert.DoesNotContain(page.QuerySelectorAll("[data-testid=due] td"), td => td.TextContent.Contains(" 1 days", StringComparison.Ordinal));

        // Most overdue first: the decision (due 9 days ago or so), the interview, then supervision 3 days ago, then what is ahead.
        var order = Rows(page, "due").Select(r => r.GetAttribute("data-kind")).ToList();
        Assert.Equal(nameof(DueKind.ReasonableGroundsDecision), order[0]);
        Assert.True(order.IndexOf(nameof(DueKind.SupervisionReview)) < order.IndexOf(nameof(DueKind.RiskOverrideReview)));
        Assert.Equal(nameof(DueKind.EighteenthBirthday), order[^1]);

        var all = page.QuerySelector("main")!.TextContent;
        Assert.DoesNotContain(someoneElses.Reference, all, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Reference, all, StringComparison.Ordinal);
        Assert.DoesNotContain("Elsewhere", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_child_missing_now_shows_since_when_and_for_how_long_and_an_empty_page_says_so()
    {
        var me = await fixture.PersonAsync("missing.caseworker@test.example", "Mo Missing", Roles.Caseworker);
        var empty = await MyWorkAsync("missing.caseworker@test.example");
        Assert.Contains("No child of yours is missing now", empty.QuerySelector("[data-testid=missing-empty]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nothing is overdue or due in the next 14 days", empty.QuerySelector("[data-testid=due-empty]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(empty.QuerySelector("[data-testid=flags-empty]"));
        Assert.Contains("0 children are assigned to you", empty.QuerySelector("[data-testid=my-children]")!.TextContent, StringComparison.Ordinal);

        var since = fixture.Now.AddHours(-3).AddMinutes(-10);
        var child = await fixture.ChildAsync("Gonenow", me, changes: (c, now) =>
            c.RecordMissingEpisode(new MissingEpisodeDetails { WentMissingAt = since, WhereaboutsKnown = false }, now));

        var page = await MyWorkAsync("missing.caseworker@test.example");

        var row = Row(page, "missing-now", child.Reference);
        Assert.Contains(Display.Time(since), row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Missing 3 hours", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector($"a[href='/children/{child.Id}']"));
        // The missing-now flag it raised is new on a first visit.
        Assert.Contains(Rows(page, "new-flags"), r => r.GetAttribute("data-child") == child.Reference && r.GetAttribute("data-rule") == "RR-04");
    }

    [Fact]
    public async Task Flags_raised_since_the_last_visit_are_shown_and_visits_half_an_hour_apart_count_as_one()
    {
        var me = await fixture.PersonAsync("visits.caseworker@test.example", "Vic Visits", Roles.Caseworker);
        var first = await fixture.ChildAsync("Flaggedfirst", me, changes: (c, now) => c.AddReferral(Referral(fixture.Today.AddDays(-14)), now));

        var visit1 = await MyWorkAsync("visits.caseworker@test.example");
        Assert.Contains("in the last 7 days", visit1.QuerySelector("#new-flags")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Rows(visit1, "new-flags"), r => r.GetAttribute("data-child") == first.Reference && r.GetAttribute("data-rule") == "RR-06");

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        var visit2 = await MyWorkAsync("visits.caseworker@test.example");
        Assert.Contains("in the last 7 days", visit2.QuerySelector("#new-flags")!.TextContent, StringComparison.Ordinal);
        var visit2At = fixture.Now;

        fixture.Clock.Advance(TimeSpan.FromHours(1));
        var visit3 = await MyWorkAsync("visits.caseworker@test.example");
        Assert.Contains("since your last visit", visit3.QuerySelector("#new-flags")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(Display.Time(visit2At), visit3.QuerySelector("[data-testid=flags-since]")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(Rows(visit3, "new-flags"));
        Assert.NotNull(visit3.QuerySelector("[data-testid=flags-empty]"));

        var second = await fixture.ChildAsync("Flaggedsecond", me, changes: (c, now) => c.AddReferral(Referral(fixture.Today.AddDays(-14)), now));
        fixture.Clock.Advance(TimeSpan.FromMinutes(5));
        var visit4 = await MyWorkAsync("visits.caseworker@test.example");
        // Five minutes after the last: the same visit, still counted from before visit 3.
        Assert.Contains(Display.Time(visit2At), visit4.QuerySelector("[data-testid=flags-since]")!.TextContent, StringComparison.Ordinal);
        var rows = Rows(visit4, "new-flags");
        Assert.Contains(rows, r => r.GetAttribute("data-child") == second.Reference);
        Assert.DoesNotContain(rows, r => r.GetAttribute("data-child") == first.Reference);

        await using var db = fixture.Database.CreateContext();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == me);
        Assert.Equal(fixture.Now, user.LastVisitAt);
        Assert.Equal(visit2At, user.PreviousVisitAt);
    }

    [Fact]
    public async Task A_manager_sees_their_team_set_in_admin_and_the_children_with_no_caseworker_with_a_caseworker_column()
    {
        var manager = await fixture.PersonAsync("team.manager@test.example", "Tess Teamlead", Roles.Manager);
        var inTeam = await fixture.PersonAsync("team.member@test.example", "Ira Inteam", Roles.Caseworker);
        await fixture.PersonAsync("not.team@test.example", "Nat Notteam", Roles.Caseworker);
        var outside = await fixture.PersonAsync("outside.team@test.example", "Ola Outside", Roles.Caseworker);
        var eastManager = await fixture.PersonAsync("east.lead@test.example", "Eve East", Roles.Manager, "EBC");
        var gone = fixture.Now.AddHours(-2);
        void Missing(Child c, DateTimeOffset now) => c.RecordMissingEpisode(new MissingEpisodeDetails { WentMissingAt = gone, WhereaboutsKnown = false }, now);
        var teamChild = await fixture.ChildAsync("Teamchild", inTeam, changes: Missing);
        var unassigned = await fixture.ChildAsync("Nocaseworker", null, changes: Missing);
        var outsideChild = await fixture.ChildAsync("Outsidechild", outside, changes: Missing);

        var admin = await fixture.SignedInAsync(Session.Admin);
        var userPage = (await admin.GetPageAsync($"/admin/users/{inTeam}")).Page;
        Assert.Equal("None", userPage.QuerySelector("[data-testid=user-supervisor]")!.TextContent.Trim());
        var options = userPage.QuerySelectorAll("select[name='Supervisor.Form.SupervisorId'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(manager, options);
        Assert.DoesNotContain(eastManager, options);
        var refused = await admin.PostAsync(userPage, $"/admin/users/{inTeam}/supervisor", [new("Supervisor.Form.SupervisorId", eastManager)]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Choose an active manager of the person's organisation", Session.Parse(await Session.Body(refused)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        var saved = await admin.PostAsync(userPage, $"/admin/users/{inTeam}/supervisor", [new("Supervisor.Form.SupervisorId", manager)]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("Tess Teamlead", (await admin.GetPageAsync($"/admin/users/{inTeam}")).Page.QuerySelector("[data-testid=user-supervisor]")!.TextContent.Trim());
        var list = (await admin.GetPageAsync("/admin")).Page;
        Assert.Contains(list.QuerySelectorAll("[data-testid=users] tbody tr"), r => r.TextContent.Contains("team.member@test.example", StringComparison.Ordinal) && r.TextContent.Contains("Tess Teamlead", StringComparison.Ordinal));
        await using (var db = fixture.Database.CreateContext())
        {
            var entry = await db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.UserChanged && a.EntityId == inTeam).OrderByDescending(a => a.Sequence).FirstAsync();
            Assert.Contains(manager, entry.Details, StringComparison.Ordinal);
        }

        var page = await MyWorkAsync("team.manager@test.example");

        Assert.Contains(page.QuerySelectorAll("[data-testid=team-member]"), r => r.TextContent.Contains("Ira Inteam", StringComparison.Ordinal));
        Assert.DoesNotContain(page.QuerySelectorAll("[data-testid=team-member]"), r => r.TextContent.Contains("Nat Notteam", StringComparison.Ordinal));
        Assert.Contains("Ira Inteam", Row(page, "missing-now", teamChild.Reference).TextContent, StringComparison.Ordinal);
        Assert.Contains("No caseworker", Row(page, "missing-now", unassigned.Reference).TextContent, StringComparison.Ordinal);
        Assert.Contains("Missing 2 hours", Row(page, "missing-now", unassigned.Reference).TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(Rows(page, "missing-now"), r => r.GetAttribute("data-child") == outsideChild.Reference);
        Assert.Contains(page.QuerySelectorAll("[data-testid=missing-now] th"), th => th.TextContent == "Caseworker");

        // The caseworker in the team sees only their own child, and no caseworker column.
        var theirs = await MyWorkAsync("team.member@test.example");
        Assert.Equal([teamChild.Reference], Rows(theirs, "missing-now").Select(r => r.GetAttribute("data-child")));
        Assert.DoesNotContain(theirs.QuerySelectorAll("[data-testid=missing-now] th"), th => th.TextContent == "Caseworker");
    }

    [Fact]
    public async Task Auditors_go_to_the_dashboard_and_administrators_to_admin()
    {
        var auditor = await fixture.SignedInAsync(Session.Auditor);
        var admin = await fixture.SignedInAsync(Session.Admin);

        Assert.Equal("/dashboard", (await auditor.Client.GetAsync("/")).Headers.Location?.OriginalString);
        Assert.Equal("/admin", (await admin.Client.GetAsync("/")).Headers.Location?.OriginalString);
    }
}
