using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Audit;

/// <summary>
/// One line of the trail as the auditor reads it. <c>MergedFrom</c> is the entry's child's reference when that record
/// has since been merged into another.
/// </summary>
public sealed record AuditRow(AuditEntry Entry, string? ChildReference, string Summary, string? MergedFrom = null);

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

/// <summary>A page of the trail; <c>MergedInto</c> is set when the child searched for was merged into another record, whose access log holds both.</summary>
public sealed record AuditPage(AuditQuery Query, IReadOnlyList<AuditRow> Rows, long? NextBefore, bool IsFirstPage, string? Problem, MergedRecord? MergedInto = null);

/// <summary>A page of a child's access log; <c>MergedReferences</c> are the records merged into the child, whose entries it includes.</summary>
public sealed record AccessLogPage(
    Guid ChildId, string ChildReference, IReadOnlyList<AuditRow> Rows, long? NextBefore, bool IsFirstPage, IReadOnlyList<string> MergedReferences);

public sealed record MergedRecord(Guid Id, string Reference, DateTimeOffset? At);

/// <summary>
/// The auditor's view of the trail: entries by people of their organisation or about its children, filtered by
/// user, child reference, action and date range, newest first and paged by sequence number; and the chain check.
/// The child's access log shows its managers and auditors who viewed or changed the child, including under the
/// references of records since merged into it: a merged record's log is its survivor's.
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

        MergedRecord? mergedInto = null;
        if (!string.IsNullOrEmpty(query.Child))
        {
            // Merged records too: their entries keep their own reference, and the auditor may ask about it.
            var reference = query.Child.ToUpperInvariant();
            var found = await db.Children.AsNoTracking().Where(c => c.OrganisationId == organisationId && c.Reference == reference)
                .Select(c => new { c.Id, c.MergedIntoId, c.MergedAt }).SingleOrDefaultAsync(ct);
            if (found is null)
            {
                problem = $"No child of your organisation has the reference {reference}";
                ModelState.AddModelError("child", problem);
            }
            else if (found.MergedIntoId is { } survivorId)
            {
                var survivor = await SurvivorAsync(survivorId, ct);
                mergedInto = new MergedRecord(survivor.Id, survivor.Reference, found.MergedAt);
            }

            var childId = found?.Id;
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
        return View(new AuditPage(query, rows, next, before is null, problem, mergedInto));
    }

    [Authorize(Policy = Policies.ReadAuditTrail)]
    [EnableRateLimiting(Throttling.AuditVerify)]
    [HttpGet("/audit/verify")]
    public async Task<IActionResult> Verify([FromServices] RecentChainCheck checks, CancellationToken ct)
    {
        var check = await checks.CheckAsync(audit, ct);
        ViewData["Section"] = "Audit";
        ViewData["ChainCheck"] = check;
        return View(check.Result);
    }

    [Authorize(Policy = Policies.ReadAccessLog)]
    [HttpGet("/children/{id:guid}/access")]
    public async Task<IActionResult> Access(Guid id, long? before, CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        var child = await db.Children.AsNoTracking().Where(c => c.Id == id && c.OrganisationId == organisationId)
            .Select(c => new { c.Id, c.Reference, c.MergedIntoId }).SingleOrDefaultAsync(ct);
        if (child is null)
        {
            return NotFound();
        }

        if (child.MergedIntoId is { } survivorId)
        {
            // One child, one log: the survivor's holds the merged record's entries, marked with its old reference,
            // and every view of the combined record since.
            var survivor = await SurvivorAsync(survivorId, ct);
            return Redirect($"/children/{survivor.Id}/access{(before is null ? string.Empty : $"?before={before}")}");
        }

        var merged = await MergedIntoAsync(child.Id, ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "AccessLog", child.Id.ToString(), child.Id, new { child.Reference }), ct);
        var (rows, next) = await PageAsync(AccessLogEntries([child.Id, .. merged.Select(m => m.Id)], before), before, ct);
        ViewData["Section"] = "Children";
        return View(new AccessLogPage(child.Id, child.Reference, rows, next, before is null, merged.Select(m => m.Reference).ToList()));
    }

    /// <summary>
    /// The newest entries of each of the children before the key, merged: each child's come from the (child_id,
    /// sequence) index newest first and stop at a page, so the cost is a page per child, not the child's whole history.
    /// </summary>
    private IQueryable<AuditEntry> AccessLogEntries(Guid[] childIds, long? before) =>
        db.AuditEntries.FromSql($"""
            SELECT e.*
            FROM unnest({childIds}) AS c(id)
            CROSS JOIN LATERAL (
                SELECT * FROM audit_entries a
                WHERE a.child_id = c.id AND a.sequence < {before ?? long.MaxValue}
                ORDER BY a.sequence DESC
                LIMIT {PageSize + 1}) AS e
            """).AsNoTracking();

    /// <summary>The records merged into the child, and into those in turn, as long as the merge stands.</summary>
    private async Task<List<MergedRecord>> MergedIntoAsync(Guid childId, CancellationToken ct)
    {
        var found = new List<MergedRecord>();
        var seen = new HashSet<Guid> { childId };
        for (List<Guid> survivors = [childId]; survivors.Count > 0;)
        {
            var merged = await db.Children.AsNoTracking().Where(c => c.MergedIntoId != null && survivors.Contains(c.MergedIntoId.Value))
                .Select(c => new MergedRecord(c.Id, c.Reference, c.MergedAt)).ToListAsync(ct);
            merged.RemoveAll(m => !seen.Add(m.Id));
            found.AddRange(merged);
            survivors = merged.Select(m => m.Id).ToList();
        }

        return found;
    }

    /// <summary>The record a merged record now lives in: its survivor, or the survivor's survivor when that was merged in turn.</summary>
    private async Task<MergedRecord> SurvivorAsync(Guid survivorId, CancellationToken ct)
    {
        var seen = new HashSet<Guid>();
        while (true)
        {
            var survivor = await db.Children.AsNoTracking().Where(c => c.Id == survivorId)
                .Select(c => new { c.Id, c.Reference, c.MergedIntoId, c.MergedAt }).SingleAsync(ct);
            if (survivor.MergedIntoId is not { } next || !seen.Add(next))
            {
                return new MergedRecord(survivor.Id, survivor.Reference, survivor.MergedAt);
            }

            survivorId = next;
        }
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
        var organisationId = User.OrganisationId();
        var children = await db.Children.Where(c => c.OrganisationId == organisationId && childIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Reference, Merged = c.MergedIntoId != null })
            .ToDictionaryAsync(c => c.Id, ct);
        var rows = shown.Select(e => e.ChildId is { } id && children.TryGetValue(id, out var child)
                ? new AuditRow(e, child.Reference, Summarise(e), child.Merged ? child.Reference : null)
                : new AuditRow(e, null, Summarise(e)))
            .ToList();
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
