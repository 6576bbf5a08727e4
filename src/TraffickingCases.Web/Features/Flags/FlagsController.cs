using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Flags;

public sealed record QueueRow(
    Guid FlagId, Guid ChildId, string ChildReference, string ChildName, string RuleCode, Severity Severity, FlagStatus Status,
    string Evidence, DateTimeOffset RaisedAt, DateTimeOffset? ConditionClearedAt, string? Caseworker);

public sealed class FlagQuery
{
    public string? Rule { get; set; }

    public Severity? Severity { get; set; }

    /// <summary>open (open and acknowledged, the default), acknowledged, resolved, dismissed, cleared or all.</summary>
    public string? Status { get; set; }

    public string? Caseworker { get; set; }

    public string? After { get; set; }

    public string ToQueryString(string? after = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{key}={Uri.EscapeDataString(value)}");
            }
        }

        Add("rule", Rule);
        Add("severity", Severity?.ToString());
        Add("status", Status);
        Add("caseworker", Caseworker);
        Add("after", after);
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}

public sealed class FlagActionForm
{
    public List<Guid> FlagIds { get; set; } = [];

    /// <summary>acknowledge, resolve or dismiss.</summary>
    public string? Action { get; set; }

    public string? Reason { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class QueuePage
{
    public required IReadOnlyList<QueueRow> Rows { get; init; }

    public required FlagQuery Query { get; init; }

    public FlagActionForm Form { get; init; } = new();

    public IReadOnlyList<SelectListItem> Rules { get; init; } = [];

    public IReadOnlyList<SelectListItem> Caseworkers { get; init; } = [];

    public string? NextCursor { get; init; }

    public bool CanAct { get; init; }
}

public sealed class ManualFlagForm
{
    public Severity? Severity { get; set; }

    public string? Message { get; set; }
}

public sealed class RiskOverrideForm
{
    /// <summary>Low, Medium, High, or empty to remove the override.</summary>
    public Severity? Level { get; set; }

    public string? Reason { get; set; }
}

/// <summary>The manager's queue of flags, and the actions on flags and risk levels.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class FlagsController(CasesDbContext db, RulesService rules, TimeProvider clock, ILogger<FlagsController> logger)
    : Controller
{
    public const int MaxBulk = 100;
    private const int PageSize = 50;

    [HttpGet("/flags")]
    public async Task<IActionResult> Index([FromQuery] FlagQuery query, CancellationToken ct) =>
        View(await QueueAsync(query, new FlagActionForm(), ct));

    [Authorize(Policy = Policies.ManageFlags)]
    [HttpPost("/flags/act")]
    public async Task<IActionResult> Act([FromQuery] FlagQuery query, [Bind(Prefix = "Form")] FlagActionForm form, CancellationToken ct)
    {
        var ids = form.FlagIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            ModelState.AddModelError("Form.FlagIds", "Choose at least one flag");
        }
        else if (ids.Count > MaxBulk)
        {
            ModelState.AddModelError("Form.FlagIds", $"Choose {MaxBulk} flags or fewer at a time");
        }

        if (form.Action is not ("acknowledge" or "resolve" or "dismiss"))
        {
            ModelState.AddModelError("Form.Action", "Choose what to do with the flags");
        }

        var organisationId = User.OrganisationId();
        var flags = ModelState.IsValid
            ? await db.Flags.Where(f => ids.Contains(f.Id))
                .Where(f => db.Children.Any(c => c.Id == f.ChildId && c.OrganisationId == organisationId))
                .ToListAsync(ct)
            : [];
        if (ModelState.IsValid && flags.Count != ids.Count)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        foreach (var flag in flags)
        {
            try
            {
                switch (form.Action)
                {
                    case "acknowledge":
                        if (flag.Status == FlagStatus.Open)
                        {
                            flag.Acknowledge(User.UserId(), User.DisplayName(), form.Reason, now);
                        }

                        break;
                    case "resolve":
                        flag.Resolve(User.UserId(), User.DisplayName(), form.Reason ?? string.Empty, now);
                        break;
                    default:
                        flag.Dismiss(User.UserId(), User.DisplayName(), form.Reason ?? string.Empty, now);
                        break;
                }
            }
            catch (DomainValidationException e)
            {
                foreach (var error in e.Errors)
                {
                    var key = error.Field == "Reason" ? "Form.Reason" : "Form.FlagIds";
                    if (ModelState.GetFieldValidationState(key) != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
                    {
                        ModelState.AddModelError(key, error.Field == "Reason" ? error.Message : $"{error.Message}: choose only open flags");
                    }
                }
            }
        }

        if (!ModelState.IsValid)
        {
            if (Url.IsLocalUrl(form.ReturnUrl) && form.ReturnUrl!.StartsWith("/children/", StringComparison.Ordinal))
            {
                TempData["FlagError"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
                return Redirect(form.ReturnUrl);
            }

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", await QueueAsync(query, form, ct));
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("{Count} flags {Action} by a manager", flags.Count, form.Action);
        var verb = form.Action switch { "acknowledge" => "Acknowledged", "resolve" => "Resolved", _ => "Dismissed" };
        TempData["Confirmation"] = $"{verb} {flags.Count} flag{(flags.Count == 1 ? string.Empty : "s")}";
        return Redirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/flags" + query.ToQueryString());
    }

    [Authorize(Policy = Policies.WriteCases)]
    [HttpPost("/children/{childId:guid}/flags")]
    public async Task<IActionResult> Raise(Guid childId, [Bind(Prefix = "Flag")] ManualFlagForm form, CancellationToken ct)
    {
        if (!await db.Children.VisibleTo(User).AnyAsync(c => c.Id == childId, ct))
        {
            return NotFound();
        }

        try
        {
            var flag = Flag.RaiseManually(childId, form.Severity ?? default, form.Message ?? string.Empty, User.UserId(), User.DisplayName(), clock.GetUtcNow());
            db.Flags.Add(flag);
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Manual flag {FlagId} raised on child {ChildId}", flag.Id, childId);
            TempData["Confirmation"] = "Flag raised";
        }
        catch (DomainValidationException e)
        {
            TempData["FlagError"] = string.Join(" ", e.Errors.Select(x => x.Message));
        }

        return Redirect($"/children/{childId}#flags");
    }

    [Authorize(Policy = Policies.ManageFlags)]
    [HttpPost("/children/{childId:guid}/risk")]
    public async Task<IActionResult> Override(Guid childId, [Bind(Prefix = "Risk")] RiskOverrideForm form, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await rules.LockAsync([childId], ct);
        var child = await db.Children.VisibleTo(User).SingleOrDefaultAsync(c => c.Id == childId, ct);
        if (child is null)
        {
            return NotFound();
        }

        try
        {
            child.OverrideRiskLevel(form.Level, form.Reason ?? string.Empty, User.UserId(), User.DisplayName(), clock.GetUtcNow());
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Risk level of child {ChildId} overridden", childId);
            TempData["Confirmation"] = form.Level is null ? "Risk level override removed" : "Risk level overridden";
        }
        catch (DomainValidationException e)
        {
            TempData["FlagError"] = string.Join(" ", e.Errors.Select(x => x.Message));
        }

        return Redirect($"/children/{childId}#risk");
    }

    private async Task<QueuePage> QueueAsync(FlagQuery query, FlagActionForm form, CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        var rows = db.Flags.AsNoTracking()
            .Join(db.Children.Where(c => c.OrganisationId == organisationId), f => f.ChildId, c => c.Id, (f, c) => new { Flag = f, Child = c });
        rows = (query.Status ?? "open") switch
        {
            "acknowledged" => rows.Where(r => r.Flag.Status == FlagStatus.Acknowledged),
            "resolved" => rows.Where(r => r.Flag.Status == FlagStatus.Resolved),
            "dismissed" => rows.Where(r => r.Flag.Status == FlagStatus.Dismissed),
            "cleared" => rows.Where(r => (r.Flag.Status == FlagStatus.Open || r.Flag.Status == FlagStatus.Acknowledged) && r.Flag.ConditionClearedAt != null),
            "all" => rows,
            _ => rows.Where(r => r.Flag.Status == FlagStatus.Open || r.Flag.Status == FlagStatus.Acknowledged),
        };
        if (!string.IsNullOrEmpty(query.Rule))
        {
            rows = rows.Where(r => r.Flag.RuleCode == query.Rule);
        }

        if (query.Severity is { } severity)
        {
            rows = rows.Where(r => r.Flag.Severity == severity);
        }

        if (query.Caseworker == "unassigned")
        {
            rows = rows.Where(r => r.Child.AssignedCaseworkerId == null);
        }
        else if (!string.IsNullOrEmpty(query.Caseworker))
        {
            rows = rows.Where(r => r.Child.AssignedCaseworkerId == query.Caseworker);
        }

        if (TryReadCursor(query.After, out var afterSeverity, out var afterRaised, out var afterSequence))
        {
            rows = rows.Where(r => r.Flag.Severity < afterSeverity
                || (r.Flag.Severity == afterSeverity && r.Flag.RaisedAt > afterRaised)
                || (r.Flag.Severity == afterSeverity && r.Flag.RaisedAt == afterRaised && EF.Property<long>(r.Flag, "Sequence") > afterSequence));
        }

        var page = await rows
            .OrderByDescending(r => r.Flag.Severity).ThenBy(r => r.Flag.RaisedAt).ThenBy(r => EF.Property<long>(r.Flag, "Sequence"))
            .Take(PageSize + 1)
            .Select(r => new
            {
                r.Flag.Id, ChildId = r.Child.Id, r.Child.Reference, r.Child.GivenNames, r.Child.FamilyName, r.Flag.RuleCode, r.Flag.Severity,
                r.Flag.Status, r.Flag.Evidence, r.Flag.RaisedAt, r.Flag.ConditionClearedAt, r.Child.AssignedCaseworkerId,
                Sequence = EF.Property<long>(r.Flag, "Sequence"),
            })
            .ToListAsync(ct);
        var caseworkers = await db.CaseworkersAsync(User);
        var names = caseworkers.ToDictionary(u => u.Id, u => u.DisplayName);
        var last = page.Count > PageSize ? page[PageSize - 1] : null;
        ViewData["Section"] = "Flags";
        return new QueuePage
        {
            Rows = page.Take(PageSize).Select(r => new QueueRow(
                r.Id, r.ChildId, r.Reference, string.Join(' ', new[] { r.GivenNames, r.FamilyName }.Where(n => n.Length > 0)), r.RuleCode,
                r.Severity, r.Status, r.Evidence, r.RaisedAt, r.ConditionClearedAt,
                r.AssignedCaseworkerId is { } id ? names.GetValueOrDefault(id) : null)).ToList(),
            Query = query,
            Form = form,
            Rules = [new SelectListItem("Any rule", string.Empty), new SelectListItem("RR-00 Possible same child", Flag.MatchCode), .. RuleSet.All.Select(r => new SelectListItem($"{r.Code} {r.Title}", r.Code)), new SelectListItem("Raised by hand", Flag.ManualCode)],
            Caseworkers = [new SelectListItem("Anyone", string.Empty), new SelectListItem("Not assigned", "unassigned"), .. caseworkers.Select(u => new SelectListItem(u.DisplayName, u.Id))],
            NextCursor = last is null ? null : $"{(int)last.Severity}_{last.RaisedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}_{last.Sequence.ToString(CultureInfo.InvariantCulture)}",
            CanAct = User.IsInRole(Roles.Manager),
        };
    }

    private static bool TryReadCursor(string? cursor, out Severity severity, out DateTimeOffset raised, out long sequence)
    {
        severity = default;
        raised = default;
        sequence = 0;
        var parts = cursor?.Split('_');
        if (parts is not { Length: 3 }
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var level) || !Enum.IsDefined((Severity)level)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out sequence))
        {
            return false;
        }

        severity = (Severity)level;
        raised = new DateTimeOffset(ticks, TimeSpan.Zero);
        return true;
    }
}
