using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Statistics;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Dashboard;

/// <summary>A number of children now, and the list it opens (none when the list is not the viewer's to open).</summary>
public sealed record DashboardNumber(string Key, int Count, string One, string Many, string? Href)
{
    public string Label => Count == 1 ? One : Many;
}

public sealed class DashboardPage
{
    public required string ScopeName { get; init; }

    /// <summary>national auditors: the organisation's code, or <see cref="DashboardController.AllOrganisations"/>.</summary>
    public string? Organisation { get; init; }

    public bool CanChooseOrganisation { get; init; }

    public IReadOnlyList<SelectListItem> Organisations { get; init; } = [];

    /// <summary>Whether the numbers link to lists: only for the viewer's own organisation, the one the lists show.</summary>
    public bool ListsOpen { get; init; }

    public IReadOnlyList<DashboardNumber> Numbers { get; init; } = [];

    public DashboardTrends? Trends { get; init; }

    /// <summary>When the numbers were counted (at most <see cref="DashboardFigures.NowRefresh"/> ago).</summary>
    public DateTimeOffset? NumbersAsOf { get; init; }

    public DateTimeOffset Now { get; init; }
}

/// <summary>
/// Where the risk is, on one screen: children missing now, flagged and overdue, each number opening its list; 24 months of
/// trends with their tables; each caseworker's load. Internal figures, not suppressed: Statistics keeps the published ones.
/// Like Statistics' page, a view is not audited: it shows counts and staff names, no child.
/// </summary>
[Authorize(Policy = Policies.ReadDashboard)]
public sealed class DashboardController(CasesDbContext db, DashboardFigures dashboard, RuleThresholds thresholds, TimeProvider clock)
    : Controller
{
    public const string AllOrganisations = "all";

    [HttpGet("/dashboard")]
    public async Task<IActionResult> Index(string? organisation, CancellationToken ct)
    {
        ViewData["Section"] = "Dashboard";
        var ownId = User.OrganisationId();
        var national = User.IsInRole(Roles.NationalAuditor);
        var all = await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Code, o.Name }).ToListAsync(ct);
        var own = all.Single(o => o.Id == ownId);
        var choices = national
            ? [new SelectListItem("All organisations", AllOrganisations), .. all.Select(o => new SelectListItem($"{o.Name} ({o.Code})", o.Code))]
            : new List<SelectListItem>();

        // Need to know: only a national auditor chooses; everyone else sees their own organisation whatever the link says.
        var code = national && !string.IsNullOrWhiteSpace(organisation) ? organisation.Trim() : own.Code;
        IReadOnlyList<Guid> scope;
        string scopeName;
        if (string.Equals(code, AllOrganisations, StringComparison.OrdinalIgnoreCase))
        {
            (scope, scopeName, code) = (all.Select(o => o.Id).ToList(), "All organisations", AllOrganisations);
        }
        else if (all.SingleOrDefault(o => string.Equals(o.Code, code, StringComparison.OrdinalIgnoreCase)) is { } chosen)
        {
            (scope, scopeName, code) = ([chosen.Id], chosen.Name, chosen.Code);
        }
        else
        {
            ModelState.AddModelError("organisation", "Choose an organisation from the list");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(new DashboardPage
            {
                ScopeName = own.Name, Organisation = organisation, CanChooseOrganisation = national, Organisations = choices, Now = clock.GetUtcNow(),
            });
        }

        foreach (var choice in choices)
        {
            choice.Selected = choice.Value == code;
        }

        var listsOpen = scope.Count == 1 && scope[0] == ownId;
        var now = await dashboard.NowAsync(code, scope, ct);
        var trends = await dashboard.TrendsAsync(code, scope, ct);
        string? Link(string href) => listsOpen ? href : null;
        return View(new DashboardPage
        {
            ScopeName = scopeName,
            Organisation = code,
            CanChooseOrganisation = national,
            Organisations = choices,
            ListsOpen = listsOpen,
            Now = clock.GetUtcNow(),
            Trends = trends,
            NumbersAsOf = now.AsOf,
            Numbers =
            [
                new("missing-now", now.MissingNow, "child missing now", "children missing now", Link("/children?missing=now")),
                new("high-flags", now.HighFlags, "child with a high flag", "children with a high flag", Link("/flags?severity=High")),
                new("medium-flags", now.MediumFlags, "child with a medium flag", "children with a medium flag", Link("/flags?severity=Medium")),
                new("return-interviews-overdue", now.ReturnInterviewsOverdue, "return interview overdue", "return interviews overdue",
                    Link($"/flags?rule={DashboardFigures.ReturnInterviewOverdue}")),
                new("decisions-overdue", now.DecisionsOverdue, "Reasonable Grounds decision overdue", "Reasonable Grounds decisions overdue",
                    Link($"/flags?rule={DashboardFigures.DecisionOverdue}")),
                new("turning-18", now.TurningEighteen, $"child turning 18 within {thresholds.TurningEighteenWithinDays} days, NRM case open",
                    $"children turning 18 within {thresholds.TurningEighteenWithinDays} days, NRM case open", Link($"/flags?rule={DashboardFigures.TurningEighteen}")),
                new("support-waiting", now.SupportWaiting, "child waiting for support too long", "children waiting for support too long",
                    Link($"/flags?rule={DashboardFigures.SupportWaiting}")),
            ],
        });
    }
}
