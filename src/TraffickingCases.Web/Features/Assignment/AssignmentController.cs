using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Assignment;

/// <summary>Who may give a child a caseworker: a manager always; a caseworker only while nobody is assigned.</summary>
public static class CaseworkerAssignment
{
    public const int MaxReasonLength = 500;

    public static bool MayAssign(ClaimsPrincipal user, string? currentCaseworkerId) =>
        user.IsInRole(Roles.Manager) || (user.IsInRole(Roles.Caseworker) && currentCaseworkerId is null);
}

public sealed class AssignmentForm
{
    [Required(ErrorMessage = "Choose a caseworker")]
    public string? CaseworkerId { get; set; }

    [StringLength(CaseworkerAssignment.MaxReasonLength, ErrorMessage = "The reason must be 500 characters or fewer")]
    public string? Reason { get; set; }

    /// <summary>The caseworker when the page was opened: a change by someone else since then is a conflict.</summary>
    public string? CurrentCaseworkerId { get; set; }
}

public sealed class AssignmentPage
{
    public required AssignmentForm Form { get; init; }

    public required Guid ChildId { get; init; }

    public required string ChildReference { get; init; }

    public required string ChildName { get; init; }

    public string? CurrentCaseworkerName { get; init; }

    public bool MayAssign { get; init; }

    public IReadOnlyList<SelectListItem> Caseworkers { get; init; } = [];
}

/// <summary>
/// Assigning or reassigning a child's caseworker (<c>/children/{id}/caseworker</c>): the change goes through
/// <see cref="ChildChanges"/> (the field-level "updated" entry is written in its transaction), and a
/// <see cref="AuditActions.CaseworkerAssigned"/> entry names the old and new caseworker ids and the reason, never the child's name.
/// Who may see the child does not change: every caseworker and manager of the organisation still does.
/// </summary>
[Authorize(Policy = Policies.WriteCases)]
[Route("/children/{id:guid}/caseworker")]
public sealed class AssignmentController(CasesDbContext db, ChildChanges changes, AuditTrail audit, ILogger<AssignmentController> logger) : Controller
{
    private const string Nobody = "unassigned";

    [HttpGet("")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken ct)
    {
        var current = await db.Children.VisibleTo(User).AsNoTracking().Where(c => c.Id == id).Select(c => new { c.AssignedCaseworkerId }).SingleOrDefaultAsync(ct);
        if (current is null)
        {
            return NotFound();
        }

        var form = new AssignmentForm { CaseworkerId = current.AssignedCaseworkerId, CurrentCaseworkerId = current.AssignedCaseworkerId };
        return await Show(id, form, ct) is { } page ? View("Index", page) : NotFound();
    }

    [HttpPost("")]
    public async Task<IActionResult> Assign(Guid id, [Bind(Prefix = "Form")] AssignmentForm form, CancellationToken ct)
    {
        var current = form.CurrentCaseworkerId is { Length: > 0 } ? form.CurrentCaseworkerId : null;
        var caseworkers = await ActiveCaseworkersAsync(ct);
        string? chosen = null;
        if (form.CaseworkerId == Nobody)
        {
            if (!User.IsInRole(Roles.Manager))
            {
                ModelState.AddModelError("Form.CaseworkerId", "Choose a caseworker");
            }
        }
        else if (form.CaseworkerId is { Length: > 0 } picked)
        {
            chosen = caseworkers.Any(u => u.Id == picked) ? picked : null;
            if (chosen is null)
            {
                ModelState.AddModelError("Form.CaseworkerId", "Choose a caseworker from the list");
            }
        }

        if (ModelState.IsValid && chosen == current)
        {
            ModelState.AddModelError("Form.CaseworkerId", chosen is null ? "Nobody is assigned now; choose a caseworker" : "This is already the child's caseworker; choose another");
        }

        if (!ModelState.IsValid)
        {
            return await Invalid(id, form, StatusCodes.Status422UnprocessableEntity, ct);
        }

        var reason = string.IsNullOrWhiteSpace(form.Reason) ? null : form.Reason.Trim();
        var result = await changes.ChangeAsync(User.OrganisationId(), id, (child, now) =>
        {
            if (!CaseworkerAssignment.MayAssign(User, child.AssignedCaseworkerId))
            {
                throw new DomainValidationException(nameof(AssignmentForm.CaseworkerId), "Only a manager can reassign a child who already has a caseworker");
            }

            var previous = child.AssignedCaseworkerId;
            child.AssignCaseworker(chosen, now);
            return previous;
        }, new ChangeOptions { ChangedSince = child => child.AssignedCaseworkerId != current }, ct);
        switch (result)
        {
            case ChangeResult<string?>.Saved saved:
                await audit.RecordAsync(new AuditEvent(AuditActions.CaseworkerAssigned, "Child", id.ToString(), id,
                    new { from = saved.Value, to = chosen, reason }), ct);
                logger.LogInformation("Child {ChildId} assigned from {FromCaseworkerId} to {ToCaseworkerId}", id, saved.Value, chosen);
                TempData["Confirmation"] = chosen is null ? "Caseworker removed" : $"{caseworkers.First(u => u.Id == chosen).DisplayName} is now the caseworker";
                return Redirect($"/children/{id}");
            case ChangeResult<string?>.Invalid invalid:
                ModelState.AddDomainErrors(invalid.Errors, "Form");
                return await Invalid(id, form, StatusCodes.Status403Forbidden, ct);
            case ChangeResult<string?>.Conflict { Current: { } now }:
                ModelState.AddModelError(string.Empty,
                    "Someone else changed this child's caseworker after you opened this page. Nothing has been saved. Check who is assigned now, then choose again.");
                form.CurrentCaseworkerId = now.AssignedCaseworkerId;
                ModelState.Remove("Form.CurrentCaseworkerId");
                return await Invalid(id, form, StatusCodes.Status409Conflict, ct);
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult> Invalid(Guid id, AssignmentForm form, int status, CancellationToken ct)
    {
        var page = await Show(id, form, ct);
        if (page is null)
        {
            return NotFound();
        }

        Response.StatusCode = status;
        return View("Index", page);
    }

    private async Task<AssignmentPage?> Show(Guid id, AssignmentForm form, CancellationToken ct)
    {
        var child = await db.Children.VisibleTo(User).AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Reference, c.GivenNames, c.FamilyName, c.AssignedCaseworkerId })
            .SingleOrDefaultAsync(ct);
        if (child is null)
        {
            return null;
        }

        var caseworkers = await ActiveCaseworkersAsync(ct);
        var current = child.AssignedCaseworkerId;
        ViewData["Section"] = "Children";
        return new AssignmentPage
        {
            Form = form,
            ChildId = id,
            ChildReference = child.Reference,
            ChildName = Child.FullNameOf(child.GivenNames, child.FamilyName),
            CurrentCaseworkerName = current is null ? null
                : caseworkers.FirstOrDefault(u => u.Id == current)?.DisplayName ?? await db.Users.Where(u => u.Id == current).Select(u => u.DisplayName).SingleOrDefaultAsync(ct),
            MayAssign = CaseworkerAssignment.MayAssign(User, current),
            Caseworkers =
            [
                new SelectListItem("Choose a caseworker", string.Empty),
                .. caseworkers.Select(u => new SelectListItem(u.DisplayName, u.Id)),
                .. User.IsInRole(Roles.Manager) ? [new SelectListItem("Nobody (not assigned)", Nobody)] : Array.Empty<SelectListItem>(),
            ],
        };
    }

    /// <summary>The organisation's caseworkers and managers who can hold a caseload and are not disabled.</summary>
    private async Task<IReadOnlyList<AppUser>> ActiveCaseworkersAsync(CancellationToken ct)
    {
        var all = await db.CaseworkersAsync(User);
        ct.ThrowIfCancellationRequested();
        return all.Where(u => u.DisabledAt is null).ToList();
    }
}
