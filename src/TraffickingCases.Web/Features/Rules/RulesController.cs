using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Rules;

public sealed record RuleRow(IRiskRule Rule, string Thresholds, int OpenFlags);

public sealed record RulesPage(IReadOnlyList<RuleRow> Rules, int ManualOpenFlags, SweepSettings Sweep);

/// <summary>Every rule with its reasoning, source, current thresholds and how many flags it has open.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class RulesController(CasesDbContext db, RuleThresholds thresholds, SweepSettings sweep) : Controller
{
    [HttpGet("/rules")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        var counts = await db.Flags.ThatAreOpen()
            .Where(f => db.Children.Any(c => c.Id == f.ChildId && c.OrganisationId == organisationId))
            .GroupBy(f => f.RuleCode)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        ViewData["Section"] = "Rules";
        return View(new RulesPage(
            RuleSet.All.Select(r => new RuleRow(r, r.Thresholds(thresholds), counts.GetValueOrDefault(r.Code))).ToList(),
            counts.GetValueOrDefault(Flag.ManualCode),
            sweep));
    }
}
