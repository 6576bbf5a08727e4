using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Merges;

public sealed class UndoMergeForm
{
    public string? Reason { get; set; }
}

public sealed record UndoMergePage(ChildMerge Merge, UndoMergeForm Form);

/// <summary>A manager undoes a merge of their organisation's records, with a reason.</summary>
[Authorize(Policy = Policies.ManageFlags)]
public sealed class MergesController(CasesDbContext db, MergeService merges, ILogger<MergesController> logger) : Controller
{
    [HttpGet("/merges/{id:guid}/undo")]
    public async Task<IActionResult> Undo(Guid id, CancellationToken ct)
    {
        var merge = await FindAsync(id, ct);
        return merge is null ? NotFound() : Page(new UndoMergePage(merge, new UndoMergeForm()));
    }

    [HttpPost("/merges/{id:guid}/undo")]
    public async Task<IActionResult> Undo(Guid id, [Bind(Prefix = "Form")] UndoMergeForm form, CancellationToken ct)
    {
        var merge = await FindAsync(id, ct);
        if (merge is null)
        {
            return NotFound();
        }

        switch (await merges.UndoAsync(id, form.Reason ?? string.Empty, new MergeActor(User.UserId(), User.DisplayName(), User.OrganisationId()), ct))
        {
            case ChangeResult<ChildMerge>.Saved:
                break;
            case ChangeResult<ChildMerge>.Invalid invalid:
                ModelState.AddDomainErrors(invalid.Errors, "Form");
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page(new UndoMergePage(merge, form));
            case ChangeResult<ChildMerge>.Conflict:
                ModelState.AddModelError(string.Empty, "Someone else changed these records while you were undoing the merge. Nothing has been saved; try again.");
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page(new UndoMergePage(merge, form));
            default:
                return NotFound();
        }

        logger.LogInformation("Merge {MergeId} undone", id);
        TempData["Confirmation"] = $"Merge undone: {merge.MergedReference} is a separate record again, with the records it had. Both records are flagged for a decision.";
        return Redirect($"/children/{merge.SurvivorId}");
    }

    private Task<ChildMerge?> FindAsync(Guid id, CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        return db.ChildMerges.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.OrganisationId == organisationId, ct);
    }

    private ViewResult Page(UndoMergePage page)
    {
        ViewData["Section"] = "Matches";
        return View("Undo", page);
    }
}
