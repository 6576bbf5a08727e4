using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Rules;

public sealed record RuleRow(IRiskRule Rule, string Lifetime, string Thresholds, int OpenFlags)
{
    /// <summary>The thresholds are a service's own choice, with no published figure behind them (RR-07).</summary>
    public bool LocalSettings => Thresholds.StartsWith("local settings", StringComparison.Ordinal);
}

public sealed record WeightingRow(IRuleWeighting Weighting, string Thresholds);

public sealed record RulesPage(
    IReadOnlyList<RuleRow> Rules, IReadOnlyList<WeightingRow> Weightings, int ManualOpenFlags, SweepSettings Sweep, bool RuleChangeSummary);

/// <summary>Flags the latest change of rules ended in one organisation, for one rule.</summary>
public sealed record EndedByRuleChange(string RuleCode, string Title, int Count);

public sealed record RuleChangesPage(
    DateTimeOffset AppliedAt, IReadOnlyList<EndedByRuleChange> Ended, int OverridesGivenReviewDate, DateTimeOffset? SeenAt)
{
    public int EndedTotal => Ended.Sum(e => e.Count);
}

/// <summary>Every rule with its reasoning, source, lifetime, current thresholds and how many flags it has open; and what the last change of rules did.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class RulesController(CasesDbContext db, RuleThresholds thresholds, SweepSettings sweep, TimeProvider clock) : Controller
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
        var summary = User.IsInRole(Roles.Manager)
            && await db.RuleChangeSummaries.AnyAsync(s => s.OrganisationId == organisationId && s.Version == RulesService.RulesVersion, ct);
        ViewData["Section"] = "Rules";
        return View(new RulesPage(
            RuleSet.All.Select(r => new RuleRow(r, r.Lifetime(thresholds), r.Thresholds(thresholds), counts.GetValueOrDefault(r.Code))).ToList(),
            RuleSet.Weightings.Select(w => new WeightingRow(w, w.Thresholds(thresholds))).ToList(),
            counts.GetValueOrDefault(Flag.ManualCode),
            sweep,
            summary));
    }

    /// <summary>The one-off summary of what the latest change of rules did in the manager's organisation.</summary>
    [Authorize(Policy = Policies.ManageFlags)]
    [HttpGet("/rules/changes")]
    public async Task<IActionResult> Changes(CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        var userId = User.UserId();
        ViewData["Section"] = "Rules";
        var summary = await db.RuleChangeSummaries.AsNoTracking()
            .Where(s => s.OrganisationId == organisationId && s.Version == RulesService.RulesVersion)
            .Select(s => new
            {
                s.AppliedAt,
                s.OverridesGivenReviewDate,
                SeenAt = db.RuleChangeSummariesSeen.Where(v => v.UserId == userId && v.Version == s.Version).Select(v => (DateTimeOffset?)v.SeenAt).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (summary is null)
        {
            // A fresh installation began with these rules: nothing changed under anyone's feet.
            return View((RuleChangesPage?)null);
        }

        // The flags the change ended: the partial index ix_flags_ended_by_rule_change holds exactly these.
        var ended = await db.Flags.AsNoTracking()
            .Where(f => EF.Property<Guid>(f, ShadowProperties.FlagOrganisation) == organisationId
                && f.Status == FlagStatus.Ended && EF.Functions.Like(f.EndReason!, RuleChangeReason.Prefix + "%"))
            .GroupBy(f => f.RuleCode)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var rows = ended
            .Select(e => new EndedByRuleChange(e.Key, RuleChangeReason.TitleOf(e.Key), e.Count))
            .OrderBy(e => e.RuleCode, StringComparer.Ordinal)
            .ToList();
        return View(new RuleChangesPage(summary.AppliedAt, rows, summary.OverridesGivenReviewDate, summary.SeenAt));
    }

    /// <summary>The manager has read the summary: the flag queue stops offering it to them.</summary>
    [Authorize(Policy = Policies.ManageFlags)]
    [HttpPost("/rules/changes/seen")]
    public async Task<IActionResult> MarkChangesSeen(CancellationToken ct)
    {
        var userId = User.UserId();
        var now = clock.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"""
            INSERT INTO rule_change_summaries_seen (user_id, version, seen_at) VALUES ({userId}, {RulesService.RulesVersion}, {now})
            ON CONFLICT (user_id, version) DO NOTHING
            """, ct);
        TempData["Confirmation"] = "Marked as read: the flag queue no longer shows the summary of the rule changes";
        return Redirect("/flags");
    }
}

/// <summary>How flags ended by a change of rules are recognised, and named once their rule is gone.</summary>
public static class RuleChangeReason
{
    /// <summary>The start of the end reason of every flag a change of rules ended (the migration's and the first sweep's).</summary>
    public const string Prefix = "Rule changed";

    public static string TitleOf(string code)
    {
        if (RuleSet.Find(code) is { } rule)
        {
            return rule.Title;
        }

        return RuleSet.Weightings.FirstOrDefault(w => w.Code == code) is { } weighting
            ? $"{weighting.Title} (now a weighting on other flags)"
            : Flags.FlagViews.RuleTitle(code);
    }
}
