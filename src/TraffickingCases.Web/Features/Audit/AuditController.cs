using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Audit;

/// <summary>One line of the trail as the auditor reads it.</summary>
public sealed record AuditRow(AuditEntry Entry, string? ChildReference, string Summary);

public sealed record AuditQuery(string? User, string? Child, string? Action, DateOnly? From, DateOnly? To)
{
    public bool Any => !string.IsNullOrWhiteSpace(User) || !string.IsNullOrWhiteSpace(Child) || !string.IsNullOrWhiteSpace(Action) || From is not null || To is not null;

    public string ToQueryString(long? before) =>
        QueryString.Create(new Dictionary<string, string?>
        {
            ["user"] = User, ["child"] = Child, ["action"] = Action,
            ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"),
            ["before"] = before?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Where(p => !string.IsNullOrEmpty(p.Value))).ToString();
}

public sealed record AuditPage(AuditQuery Query, IReadOnlyList<AuditRow> Rows, long? NextBefore, bool IsFirstPage, string? Problem);

public sealed record AccessLogPage(Guid ChildId, string ChildReference, IReadOnlyList<AuditRow> Rows, long? NextBefore, bool IsFirstPage);

/// <summary>
/// The auditor's view of the trail: entries by people of their organisation or about its children, filtered by
/// user, child reference, action and date range, newest first and paged by sequence number; and the chain check.
/// The child's access log shows its managers and auditors who viewed or changed the child.
/// </summary>
public sealed class AuditController(CasesDbContext db, AuditTrail audit, UserManager<AppUser> users) : Controller
{
    private const int PageSize = 50;

    [Authorize(Policy = Policies.ReadAuditTrail)]
    [HttpGet("/audit")]
    public async Task<IActionResult> Index(
        string? user, string? child, [FromQuery(Name = "action")] string? kind, DateOnly? from, DateOnly? to, long? before, CancellationToken ct)
    {
        // "action" is MVC's route value for the action's name, hence the parameter's other name.
        var query = new AuditQuery(user?.Trim(), child?.Trim(), kind?.Trim(), from, to);
        var organisationId = User.OrganisationId();
        var entries = db.AuditEntries.AsNoTracking()
            .Where(e => e.OrganisationId == organisationId || (e.ChildId != null && db.Children.Any(c => c.Id == e.ChildId && c.OrganisationId == organisationId)));
        string? problem = null;
        if (!string.IsNullOrEmpty(query.User))
        {
            var person = query.User.Contains('@', StringComparison.Ordinal) ? await users.FindByEmailAsync(query.User) : null;
            var pattern = "%" + query.User.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            entries = person is not null
                ? entries.Where(e => e.ActorId == person.Id)
                : entries.Where(e => EF.Functions.ILike(e.ActorName, pattern));
        }

        if (!string.IsNullOrEmpty(query.Child))
        {
            var reference = query.Child.ToUpperInvariant();
            var childId = await db.Children.VisibleTo(User).Where(c => c.Reference == reference).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(ct);
            if (childId is null)
            {
                problem = $"No child of your organisation has the reference {reference}";
                ModelState.AddModelError("child", problem);
            }

            entries = entries.Where(e => e.ChildId == childId);
        }

        if (!string.IsNullOrEmpty(query.Action))
        {
            entries = entries.Where(e => e.Action == query.Action);
        }

        AddDateProblem("from", DateFilter.Problem(from, "The start date"));
        AddDateProblem("to", DateFilter.Problem(to, "The end date"));
        if (ModelState.GetFieldValidationState("from") == ModelValidationState.Invalid || ModelState.GetFieldValidationState("to") == ModelValidationState.Invalid)
        {
            ViewData["Section"] = "Audit";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new AuditPage(query, [], null, true, problem));
        }

        if (from is { } start)
        {
            var since = UkCalendar.FromLondon(start.ToDateTime(TimeOnly.MinValue));
            entries = entries.Where(e => e.OccurredAt >= since);
        }

        if (to is { } end)
        {
            var until = UkCalendar.FromLondon(end.AddDays(1).ToDateTime(TimeOnly.MinValue));
            entries = entries.Where(e => e.OccurredAt < until);
        }

        if (query.Any)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.Searched, "AuditTrail", null, null,
                new { user = query.User, child = query.Child, action = query.Action, from, to, before }), ct);
        }

        var (rows, next) = await PageAsync(entries, before, ct);
        ViewData["Section"] = "Audit";
        return View(new AuditPage(query, rows, next, before is null, problem));
    }

    [Authorize(Policy = Policies.ReadAuditTrail)]
    [HttpGet("/audit/verify")]
    public async Task<IActionResult> Verify(CancellationToken ct)
    {
        var result = await audit.VerifyAndRecordAsync(ct);
        ViewData["Section"] = "Audit";
        return View(result);
    }

    [Authorize(Policy = Policies.ReadAccessLog)]
    [HttpGet("/children/{id:guid}/access")]
    public async Task<IActionResult> Access(Guid id, long? before, CancellationToken ct)
    {
        var child = await db.Children.VisibleTo(User).AsNoTracking().Where(c => c.Id == id).Select(c => new { c.Id, c.Reference }).SingleOrDefaultAsync(ct);
        if (child is null)
        {
            return NotFound();
        }

        await audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "AccessLog", child.Id.ToString(), child.Id, new { child.Reference }), ct);
        var (rows, next) = await PageAsync(db.AuditEntries.AsNoTracking().Where(e => e.ChildId == id), before, ct);
        ViewData["Section"] = "Children";
        return View(new AccessLogPage(child.Id, child.Reference, rows, next, before is null));
    }

    private void AddDateProblem(string field, string? problem)
    {
        if (problem is not null && ModelState.GetFieldValidationState(field) != ModelValidationState.Invalid)
        {
            ModelState.AddModelError(field, problem);
        }
    }

    private async Task<(IReadOnlyList<AuditRow> Rows, long? Next)> PageAsync(IQueryable<AuditEntry> entries, long? before, CancellationToken ct)
    {
        if (before is { } key)
        {
            entries = entries.Where(e => e.Sequence < key);
        }

        var page = await entries.OrderByDescending(e => e.Sequence).Take(PageSize + 1).ToListAsync(ct);
        var shown = page.Take(PageSize).ToList();
        var childIds = shown.Where(e => e.ChildId != null).Select(e => e.ChildId!.Value).Distinct().ToList();
        var references = await db.Children.VisibleTo(User).Where(c => childIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Reference, ct);
        var rows = shown.Select(e => new AuditRow(e, e.ChildId is { } c ? references.GetValueOrDefault(c) : null, Summarise(e))).ToList();
        return (rows, page.Count > PageSize ? shown[^1].Sequence : null);
    }

    /// <summary>The fields an entry changed, or what a search looked for, in a line.</summary>
    public static string Summarise(AuditEntry entry)
    {
        using var details = JsonDocument.Parse(entry.Details);
        var root = details.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return string.Empty;
        }

        if (root.TryGetProperty("changes", out var changes) && changes.ValueKind == JsonValueKind.Object)
        {
            var fields = changes.EnumerateObject().Select(p => p.Name).ToList();
            return fields.Count == 0 ? string.Empty : $"Fields: {string.Join(", ", fields)}";
        }

        var parts = root.EnumerateObject()
            .Where(p => p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
            .Select(p => p.Value.ValueKind == JsonValueKind.Array ? $"{p.Name}: {p.Value.GetArrayLength()}" : $"{p.Name}: {p.Value}");
        var text = string.Join("; ", parts);
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
