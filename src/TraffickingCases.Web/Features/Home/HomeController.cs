using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Home;

/// <summary>
/// Where each person starts: "My work" for caseworkers and managers (a manager's covers their team), the dashboard for
/// auditors, the users and organisations for administrators.
/// </summary>
public sealed class HomeController(CasesDbContext db, RuleThresholds thresholds, TimeProvider clock) : Controller
{
    /// <summary>Visits closer together than this are one visit: what is new is counted from before the first of them.</summary>
    public static readonly TimeSpan OneVisit = TimeSpan.FromMinutes(30);

    /// <summary>A first visit shows the flags raised in the days before it.</summary>
    public const int FirstVisitDays = 7;

    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        if (!User.CanWriteCases())
        {
            return User.IsAuditor() ? Redirect("/dashboard")
                : User.IsInRole(Roles.Admin) ? Redirect("/admin")
                : Redirect("/access-denied");
        }

        var now = clock.GetUtcNow();
        var me = User.UserId();
        var organisationId = User.OrganisationId();
        var visit = await db.Users.AsNoTracking().Where(u => u.Id == me).Select(u => new { u.LastVisitAt, u.PreviousVisitAt }).SingleAsync(ct);
        var previous = visit.LastVisitAt is { } last && now - last > OneVisit ? last : visit.PreviousVisitAt;
        // Not through the change tracker: a visit is not an audited change of the account.
        await db.Users.Where(u => u.Id == me)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastVisitAt, now).SetProperty(x => x.PreviousVisitAt, previous), ct);
        var since = previous ?? now.AddDays(-FirstVisitDays);

        var isManager = User.IsInRole(Roles.Manager);
        var people = new Dictionary<string, string> { [me] = User.DisplayName() };
        var team = new List<TeamMember>();
        if (isManager)
        {
            var members = await db.Users.AsNoTracking()
                .Where(u => u.SupervisorId == me && u.OrganisationId == organisationId)
                .OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct);
            foreach (var member in members)
            {
                people[member.Id] = member.DisplayName;
            }

            team = [.. members.Select(m => new TeamMember(m.Id, m.DisplayName, 0))];
        }

        var work = await new MyWorkReader(db, thresholds).ReadAsync(new WorkScope(organisationId, people, isManager), now, since, ct);
        ViewData["Section"] = "MyWork";
        return View("MyWork", new MyWorkPage
        {
            IsTeamView = isManager,
            MyId = me,
            MyChildren = work.ChildCounts.GetValueOrDefault(me),
            Team = [.. team.Select(m => m with { Children = work.ChildCounts.GetValueOrDefault(m.Id) })],
            Work = work,
            Now = now,
            FlagsSince = since,
            FirstVisit = previous is null,
            EighteenDays = thresholds.TurningEighteenWithinDays,
        });
    }
}

public sealed record TeamMember(string Id, string Name, int Children);

public sealed record MyWorkPage
{
    public bool IsTeamView { get; init; }

    public required string MyId { get; init; }

    public int MyChildren { get; init; }

    public IReadOnlyList<TeamMember> Team { get; init; } = [];

    public required MyWork Work { get; init; }

    public DateTimeOffset Now { get; init; }

    public DateTimeOffset FlagsSince { get; init; }

    public bool FirstVisit { get; init; }

    /// <summary>How many days ahead an 18th birthday is shown (RR-10's setting).</summary>
    public int EighteenDays { get; init; }
}
