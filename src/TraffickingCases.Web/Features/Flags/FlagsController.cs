using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Infrastructure.Statistics;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Flags;

/// <summary>One flag in a child's row of the queue.</summary>
public sealed record QueueFlag(
    Guid Id, string RuleCode, Severity Severity, FlagStatus Status, string Evidence, DateTimeOffset RaisedAt, bool IsLive,
    DateTimeOffset? ConditionClearedAt, DateTimeOffset? ReturnedAt);

/// <summary>One child in the queue, with the flags the filters list, highest severity then newest first.</summary>
public sealed record QueueChild(Guid ChildId, string Reference, string Name, string? Caseworker, IReadOnlyList<QueueFlag> Flags);

public sealed class FlagQuery
{
    public string? Rule { get; set; }

    public Severity? Severity { get; set; }

    /// <summary>open (open and acknowledged, the default), acknowledged, resolved, dismissed, ended or all.</summary>
    public string? Status { get; set; }

    public string? Caseworker { get; set; }

    public string? After { get; set; }

    /// <summary>The previous page: the children before this key.</summary>
    public string? Before { get; set; }

    public string ToQueryString(string? after = null, string? before = null)
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
        Add("before", before);
        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}

public sealed class FlagActionForm
{
    public List<Guid> FlagIds { get; set; } = [];

    /// <summary>acknowledge, resolve or dismiss.</summary>
    public FlagDecision? Action { get; set; }

    public string? Reason { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class QueuePage
{
    public required IReadOnlyList<QueueChild> Children { get; init; }

    /// <summary>How many children, and flags, the filters list across all pages.</summary>
    public int TotalChildren { get; init; }

    public int TotalFlags { get; init; }

    /// <summary>When the default view's total was counted (at most <see cref="QueueTotals.Refresh"/> ago); null when counted now.</summary>
    public DateTimeOffset? TotalCountedAt { get; init; }

    public DateTimeOffset Now { get; init; }

    /// <summary>open (open and acknowledged), acknowledged, resolved or dismissed.</summary>
    public required string Status { get; init; }

    public required FlagQuery Query { get; init; }

    public FlagActionForm Form { get; init; } = new();

    public IReadOnlyList<SelectListItem> Rules { get; init; } = [];

    public IReadOnlyList<SelectListItem> Caseworkers { get; init; } = [];

    public string? NextCursor { get; init; }

    public string? PreviousCursor { get; init; }

    /// <summary>The filters asked for RR-00, whose pairs are reviewed at /matches, not here.</summary>
    public bool AskedForMatches { get; init; }

    /// <summary>The filters asked for flags that ended, which are in each child's flag history, not here.</summary>
    public bool AskedForEnded { get; init; }

    public bool CanAct { get; init; }

    /// <summary>When the rules last changed, while this manager has not yet read the summary of what the change did.</summary>
    public DateTimeOffset? UnreadRuleChange { get; init; }
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

    /// <summary>When the override is reviewed (required when setting one; at most six months ahead).</summary>
    [System.ComponentModel.DataAnnotations.Display(Name = "The review date")]
    public DateOnly? ReviewOn { get; set; }
}

/// <summary>The manager's queue of flags, and the actions on flags and risk levels.</summary>
[Authorize(Policy = Policies.ReadCases)]
public sealed class FlagsController(
    CasesDbContext db, ChildChanges changes, QueueTotals totals, DashboardCache dashboard, TimeProvider clock, ILogger<FlagsController> logger)
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

        if (form.Action is null && ModelState.GetFieldValidationState("Form.Action") != ModelValidationState.Invalid)
        {
            ModelState.AddModelError("Form.Action", "Choose what to do with the flags");
        }

        if (!ModelState.IsValid || form.Action is not { } decision)
        {
            return await Refused(query, form, ct);
        }

        var result = await changes.ActOnFlagsAsync(User.OrganisationId(), ids,
            (flag, now) => flag.Decide(decision, User.UserId(), User.DisplayName(), form.Reason, now), ct);
        switch (result)
        {
            case ChangeResult<IReadOnlyList<Flag>>.Saved { Value: var flags }:
                logger.LogInformation("{Count} flags {Action} by a manager", flags.Count, decision);
                Forget();
                var verb = decision switch
                {
                    FlagDecision.Acknowledge => "Acknowledged",
                    FlagDecision.Resolve => "Resolved",
                    FlagDecision.Dismiss => "Dismissed",
                };
                TempData["Confirmation"] = $"{verb} {flags.Count} flag{(flags.Count == 1 ? string.Empty : "s")}";
                return Redirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/flags" + query.ToQueryString(query.After, query.Before));
            case ChangeResult<IReadOnlyList<Flag>>.Invalid invalid:
                foreach (var error in invalid.Errors)
                {
                    var key = error.Field == "Reason" ? "Form.Reason" : "Form.FlagIds";
                    if (ModelState.GetFieldValidationState(key) != ModelValidationState.Invalid)
                    {
                        ModelState.AddModelError(key, error.Field == "Reason" ? error.Message : $"{error.Message}: choose only open flags");
                    }
                }

                return await Refused(query, form, ct);
            default:
                return NotFound();
        }
    }

    [Authorize(Policy = Policies.WriteCases)]
    [HttpPost("/children/{childId:guid}/flags")]
    public async Task<IActionResult> Raise(Guid childId, [Bind(Prefix = "Flag")] ManualFlagForm form, CancellationToken ct)
    {
        var result = await changes.RaiseFlagAsync(User.OrganisationId(), childId,
            now => Flag.RaiseManually(childId, form.Severity ?? default, form.Message ?? string.Empty, User.UserId(), User.DisplayName(), now), ct);
        switch (result)
        {
            case ChangeResult<Flag>.Saved { Value: var flag }:
                logger.LogInformation("Manual flag {FlagId} raised on child {ChildId}", flag.Id, childId);
                Forget();
                TempData["Confirmation"] = "Flag raised";
                break;
            case ChangeResult<Flag>.Invalid invalid:
                TempData["FlagError"] = string.Join(" ", invalid.Errors.Select(x => x.Message));
                break;
            default:
                return NotFound();
        }

        return Redirect($"/children/{childId}#flags");
    }

    [Authorize(Policy = Policies.ManageFlags)]
    [HttpPost("/children/{childId:guid}/risk")]
    public async Task<IActionResult> Override(Guid childId, [Bind(Prefix = "Risk")] RiskOverrideForm form, CancellationToken ct)
    {
        // A value that did not bind (a level or date typed by hand) must not pass as "no level", which removes the override.
        var unbound = new List<(string Field, string Message)>();
        if (ModelState.GetFieldValidationState("Risk.Level") == ModelValidationState.Invalid)
        {
            unbound.Add(("Level", "Choose a risk level"));
        }

        if (ModelState.GetFieldValidationState("Risk.ReviewOn") == ModelValidationState.Invalid)
        {
            var typed = ModelState["Risk.ReviewOn"];
            unbound.Add(("ReviewOn", typed?.RawValue is Domain.Common.DateParts ? typed.Errors[0].ErrorMessage : "Enter the review date as a real date, for example 31 March 2027"));
        }

        var result = unbound.Count > 0
            ? null
            : await changes.ChangeAsync(User.OrganisationId(), childId, (child, now) =>
            {
                child.OverrideRiskLevel(form.Level, form.Reason ?? string.Empty, form.ReviewOn, User.UserId(), User.DisplayName(), now);
                return child;
            }, ChangeOptions.Default, ct);
        switch (result)
        {
            case null:
                if (!await db.Children.VisibleTo(User).AnyAsync(c => c.Id == childId, ct))
                {
                    return NotFound();
                }

                RiskRefused(form, unbound);
                break;
            case ChangeResult<Domain.Children.Child>.Saved:
                logger.LogInformation("Risk level of child {ChildId} overridden", childId);
                TempData["Confirmation"] = form.Level is null ? "Risk level override removed" : "Risk level overridden";
                break;
            case ChangeResult<Domain.Children.Child>.Invalid invalid:
                RiskRefused(form, invalid.Errors.Select(e => (e.Field, e.Message)).ToList());
                break;
            case ChangeResult<Domain.Children.Child>.Conflict:
                TempData["FlagError"] = "Someone else changed this child while you were overriding the risk level. Nothing has been saved; check the record and try again.";
                break;
            default:
                return NotFound();
        }

        return Redirect($"/children/{childId}#risk");
    }

    /// <summary>The child's page shows each message beside its field and in a summary, with what the manager typed.</summary>
    private void RiskRefused(RiskOverrideForm form, IReadOnlyList<(string Field, string Message)> errors)
    {
        foreach (var (field, message) in errors.GroupBy(e => e.Field is "Level" or "Reason" or "ReviewOn" ? e.Field : "Reason").Select(g => (g.Key, g.First().Message)))
        {
            TempData["RiskError." + field] = message;
        }

        TempData["RiskForm.Level"] = Request.Form["Risk.Level"].ToString();
        TempData["RiskForm.Reason"] = form.Reason;
        // The review date's boxes as typed; a single posted value (a script's ISO date) is shown in them if it reads.
        var single = Request.Form["Risk.ReviewOn"].ToString();
        var parts = DateOnly.TryParse(single, System.Globalization.CultureInfo.InvariantCulture, out var date) ? Domain.Common.DateParts.Of(date)
            : new Domain.Common.DateParts(Request.Form["Risk.ReviewOn.Day"].ToString() is { Length: > 0 } d ? d : single, Request.Form["Risk.ReviewOn.Month"], Request.Form["Risk.ReviewOn.Year"]);
        TempData["RiskForm.ReviewOn.Day"] = parts.Day;
        TempData["RiskForm.ReviewOn.Month"] = parts.Month;
        TempData["RiskForm.ReviewOn.Year"] = parts.Year;
    }

    /// <summary>The queue again with what is wrong; or, from a child's page, that page with the errors in a banner.</summary>
    private async Task<IActionResult> Refused(FlagQuery query, FlagActionForm form, CancellationToken ct)
    {
        if (Url.IsLocalUrl(form.ReturnUrl) && form.ReturnUrl!.StartsWith("/children/", StringComparison.Ordinal))
        {
            TempData["FlagError"] = string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage));
            return Redirect(form.ReturnUrl);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", await QueueAsync(query, form, ct));
    }

    /// <summary>A manager's decision changes the queue's size and the dashboard's numbers: counted again on the next view.</summary>
    private void Forget()
    {
        totals.Forget(User.OrganisationId());
        dashboard.ForgetNow();
    }

    private async Task<QueuePage> QueueAsync(FlagQuery query, FlagActionForm form, CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        var status = query.Status switch
        {
            "acknowledged" or "resolved" or "dismissed" => query.Status,
            _ => "open",
        };
        IReadOnlyList<FlagStatus> statuses = status switch
        {
            "acknowledged" => [FlagStatus.Acknowledged],
            "resolved" => [FlagStatus.Resolved],
            "dismissed" => [FlagStatus.Dismissed],
            _ => [FlagStatus.Open, FlagStatus.Acknowledged],
        };
        var askedForMatches = query.Rule == Flag.MatchCode;
        var filter = new QueueFilter(organisationId, statuses, string.IsNullOrEmpty(query.Rule) ? null : query.Rule, query.Severity,
            string.IsNullOrEmpty(query.Caseworker) ? null : query.Caseworker);
        var queue = new FlagQueue(db);
        var slice = askedForMatches
            ? new QueueSlice([], false, false)
            : await queue.PageAsync(filter, QueueKey.Read(query.After), QueueKey.Read(query.Before), PageSize, ct);
        var ids = slice.Children.Select(c => c.ChildId).ToList();
        var flags = ids.Count == 0 ? [] : await queue.FlagsOfAsync(filter, ids, ct);
        var children = ids.Count == 0 ? [] : await db.Children.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Reference, c.GivenNames, c.FamilyName, c.AssignedCaseworkerId })
            .ToDictionaryAsync(c => c.Id, ct);
        // A missing flag whose condition has cleared says when the child came back: the episodes' return times, by key.
        var episodeIds = flags.Where(f => f.ConditionClearedAt is not null && MissingFlags.IsMissingRule(f.RuleCode))
            .Select(f => Guid.TryParse(f.OccurrenceKey, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).Distinct().ToList();
        var returns = episodeIds.Count == 0 ? new Dictionary<Guid, DateTimeOffset?>() : await db.MissingEpisodes.AsNoTracking()
            .Where(e => episodeIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.ReturnedAt, ct);
        var total = askedForMatches ? new QueueTotal(0, 0, clock.GetUtcNow())
            : filter.IsEverythingOpen ? await totals.GetAsync(organisationId, token => queue.TotalAsync(filter, clock.GetUtcNow(), token), ct)
            : await queue.TotalAsync(filter, clock.GetUtcNow(), ct);
        var caseworkers = await db.CaseworkersAsync(User);
        var names = caseworkers.ToDictionary(u => u.Id, u => u.DisplayName);
        var manager = User.IsInRole(Roles.Manager);
        var byChild = flags.ToLookup(f => f.ChildId);
        ViewData["Section"] = "Flags";
        return new QueuePage
        {
            Children = slice.Children.Where(c => children.ContainsKey(c.ChildId)).Select(c =>
            {
                var child = children[c.ChildId];
                return new QueueChild(child.Id, child.Reference, Domain.Children.Child.FullNameOf(child.GivenNames, child.FamilyName),
                    child.AssignedCaseworkerId is { } id ? names.GetValueOrDefault(id) : null,
                    byChild[c.ChildId].Select(f => new QueueFlag(f.Id, f.RuleCode, f.Severity, f.Status, f.Evidence, f.RaisedAt, f.IsLive,
                        f.ConditionClearedAt, Guid.TryParse(f.OccurrenceKey, out var key) ? returns.GetValueOrDefault(key) : null)).ToList());
            }).ToList(),
            TotalChildren = total.Children,
            TotalFlags = total.Flags,
            TotalCountedAt = filter.IsEverythingOpen ? total.CountedAt : null,
            Now = clock.GetUtcNow(),
            Status = status,
            Query = query,
            Form = form,
            Rules = FilterChoices.Rules().Where(r => r.Value != Flag.MatchCode).ToList(),
            Caseworkers = FilterChoices.Caseworkers(caseworkers),
            NextCursor = slice.HasNext && slice.Children.Count > 0 ? slice.Children[^1].Key.Write() : null,
            PreviousCursor = slice.HasPrevious && slice.Children.Count > 0 ? slice.Children[0].Key.Write() : null,
            AskedForMatches = askedForMatches,
            AskedForEnded = query.Status is "ended" or "all",
            CanAct = manager,
            UnreadRuleChange = manager ? await UnreadRuleChangeAsync(organisationId, ct) : null,
        };
    }

    /// <summary>
    /// One lookup by two primary keys per queue view: the organisation's summary of the latest change of rules, unless this
    /// manager has marked it read. None on a fresh installation, which began with these rules.
    /// </summary>
    private Task<DateTimeOffset?> UnreadRuleChangeAsync(Guid organisationId, CancellationToken ct)
    {
        var userId = User.UserId();
        return db.RuleChangeSummaries.AsNoTracking()
            .Where(s => s.OrganisationId == organisationId && s.Version == RulesService.RulesVersion
                && !db.RuleChangeSummariesSeen.Any(v => v.UserId == userId && v.Version == s.Version))
            .Select(s => (DateTimeOffset?)s.AppliedAt)
            .FirstOrDefaultAsync(ct);
    }
}
