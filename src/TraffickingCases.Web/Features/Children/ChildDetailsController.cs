using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Children;

/// <summary>Registering a child (similar children first) and changing a child's details.</summary>
[Authorize(Policy = Policies.WriteCases)]
public sealed class ChildDetailsController(
    CasesDbContext db, ChildChanges changes, SimilarChildrenLookup similarChildren, AuditTrail audit, TimeProvider clock, ILogger<ChildDetailsController> logger)
    : Controller
{
    private const string FormView = "/Features/Children/Form.cshtml";

    [HttpGet("/children/new")]
    public async Task<IActionResult> New() => View(FormView, await FormPage(new ChildForm { Gender = null, AssignedCaseworkerId = User.UserId() }, null));

    [EnableRateLimiting(Throttling.CandidateSearch)]
    [HttpPost("/children/new")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] ChildForm form, CancellationToken ct)
    {
        form.Check(ModelState);
        var details = form.ToDetails();
        if (ModelState.IsValid && !form.Confirmed)
        {
            var similar = await SimilarChildrenAsync(details, ct);
            if (similar is not null)
            {
                form.Confirmed = true;
                ModelState.Remove("Form." + nameof(ChildForm.Confirmed));
                return View(FormView, await FormPage(form, null, similar: similar));
            }
        }

        if (ModelState.IsValid)
        {
            await EnsureExternalIdFree(details.ExternalId, null, ct);
        }

        if (!ModelState.IsValid)
        {
            // Nothing is saved; the domain only checks the details, so every problem shows beside the binding ones.
            ModelState.AddDomainErrorsNotYetShown(Child.Check(details, clock.GetUtcNow()), "Form");
            return await Invalid(form, null);
        }

        switch (await changes.RegisterAsync(User.OrganisationId(), details, await ValidCaseworker(form.AssignedCaseworkerId), ct))
        {
            case ChangeResult<Child>.Saved { Value: var child }:
                logger.LogInformation("Child {ChildId} registered as {Reference}", child.Id, child.Reference);
                TempData["Confirmation"] = $"Child registered as {child.Reference}";
                return Redirect($"/children/{child.Id}");
            case ChangeResult<Child>.Invalid invalid:
                ModelState.AddDomainErrors(invalid.Errors, "Form");
                return await Invalid(form, null);
            default:
                return NotFound();
        }
    }

    [HttpGet("/children/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken ct)
    {
        var child = await db.Children.VisibleTo(User).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (child is null)
        {
            return NotFound();
        }

        // The form shows every detail of the child: a view like the record's page.
        await audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Child", child.Id.ToString(), child.Id, new { child.Reference, page = "edit form" }), ct);
        return View(FormView, await FormPage(ChildForm.From(child), child));
    }

    [HttpPost("/children/{id:guid}/edit")]
    public async Task<IActionResult> Update(Guid id, [Bind(Prefix = "Form")] ChildForm form, CancellationToken ct)
    {
        form.Check(ModelState);
        var shown = await db.Children.VisibleTo(User).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (shown is null)
        {
            return NotFound();
        }

        var details = form.ToDetails();
        if (ModelState.IsValid)
        {
            await EnsureExternalIdFree(details.ExternalId, id, ct);
        }

        if (!ModelState.IsValid)
        {
            var errors = await changes.CheckAsync(User.OrganisationId(), id, (child, now) =>
            {
                child.UpdateDetails(details, now);
                return child;
            }, ct);
            ModelState.AddDomainErrorsNotYetShown(errors ?? [], "Form");
            return await Invalid(form, shown);
        }

        var caseworker = await ValidCaseworker(form.AssignedCaseworkerId);
        var result = await changes.ChangeAsync(User.OrganisationId(), id, (child, now) =>
        {
            child.UpdateDetails(details, now);
            child.AssignCaseworker(caseworker, now);
            return child;
        }, new ChangeOptions
        {
            // Someone saved this child since the form was opened: refuse if they changed what this form shows.
            ChangedSince = current => current.Version != form.Version && Conflicts(form, current).Count > 0,

            // New names, an alias or a corrected date of birth may reveal a record of the same child.
            Rematch = true,
        }, ct);
        switch (result)
        {
            case ChangeResult<Child>.Saved:
                logger.LogInformation("Child {ChildId} details updated", id);
                TempData["Confirmation"] = "Child's details saved";
                return Redirect($"/children/{id}");
            case ChangeResult<Child>.Invalid invalid:
                ModelState.AddDomainErrors(invalid.Errors, "Form");
                return await Invalid(form, shown);
            case ChangeResult<Child>.Conflict { Current: { } current }:
                return await Conflict(form, current, Conflicts(form, current));
            default:
                return NotFound();
        }
    }

    private async Task<IActionResult> Invalid(ChildForm form, Child? child)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(FormView, await FormPage(form, child));
    }

    private async Task<IActionResult> Conflict(ChildForm form, Child current, IReadOnlyList<ConflictingChange> conflicts)
    {
        logger.LogInformation("Edit of child {ChildId} refused: changed by someone else", current.Id);
        ModelState.AddModelError(string.Empty, "Someone else changed this child's details after you opened this page. Nothing you entered has been saved yet. Check their changes below, then save again to keep your version.");
        form.Version = current.Version;
        form.Original = ChildForm.Snapshot(current.ToDetails());
        ModelState.Remove("Form." + nameof(ChildForm.Version));
        ModelState.Remove("Form." + nameof(ChildForm.Original));
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View(FormView, await FormPage(form, current, conflicts.Count > 0 ? conflicts : [new ConflictingChange("Record", "changed", "not yet saved")]));
    }

    private static List<ConflictingChange> Conflicts(ChildForm form, Child current) =>
        ConflictingChange.Between(ChildForm.FromSnapshot<ChildDetails>(form.Original), current.ToDetails(), form.ToDetails(),
            ("External id", d => d.ExternalId ?? string.Empty),
            ("Given names", d => d.GivenNames),
            ("Family name", d => d.FamilyName),
            ("Other names", d => string.Join(", ", d.OtherNames)),
            ("Date of birth", d => Display.Date(d.DateOfBirth)),
            ("How sure is the date of birth", d => Labels.Of(d.DobPrecision)),
            ("Gender", d => Labels.Of(d.Gender)),
            ("Nationalities", d => string.Join(", ", d.Nationalities)),
            ("First language", d => d.FirstLanguage ?? string.Empty),
            ("Needs an interpreter", d => Display.YesNo(d.InterpreterNeeded)),
            ("Unaccompanied asylum-seeking child", d => Display.YesNo(d.IsUasc)),
            ("Parental responsibility held in the UK", d => Display.YesNo(d.ParentalResponsibilityInUk)));

    /// <summary>
    /// Children in any organisation the matcher rates as possibly or likely the same child, as this user may see them;
    /// null when there is nothing to show.
    /// </summary>
    private async Task<SimilarChildrenView?> SimilarChildrenAsync(ChildDetails details, CancellationToken ct)
    {
        var found = await similarChildren.FindAsync(details, User.UserId(), User.OrganisationId(), ct);
        if (!found.Any)
        {
            return null;
        }

        var workings = User.CanSeeMatchWorkings();
        return new SimilarChildrenView(
            found.Own.Select(c => new SimilarChild(c.ChildId, c.Reference, Child.FullNameOf(c.GivenNames, c.FamilyName), c.DateOfBirth, c.Match.Band,
                c.Match.Reasons, workings ? new MatchWorkings(c.Match.Probability, c.Match.Explanation) : null)).ToList(),
            found.HeldElsewhere.Select(c => new ChildHeldElsewhere(c.Reference, c.OrganisationName, c.Match.Band)).ToList(),
            found.MoreHeldElsewhere,
            found.Limited,
            found.LookupsPerHour,
            found.LimitEndsAt);
    }

    private async Task EnsureExternalIdFree(string? externalId, Guid? self, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(externalId))
        {
            return;
        }

        // External ids are unique across the service; the message is the same whoever holds the id, so it tells
        // nothing about another organisation's children.
        var trimmed = externalId.Trim();
        if (await db.Children.AnyAsync(c => c.ExternalId == trimmed && c.Id != self, ct))
        {
            ModelState.AddModelError("Form." + nameof(ChildForm.ExternalId), ChildChanges.ExternalIdInUse);
        }
    }

    private async Task<string?> ValidCaseworker(string? userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        var caseworkers = await db.CaseworkersAsync(User);
        return caseworkers.Any(u => u.Id == userId) ? userId : null;
    }

    private async Task<ChildFormPage> FormPage(ChildForm form, Child? child, IReadOnlyList<ConflictingChange>? conflicts = null, SimilarChildrenView? similar = null)
    {
        ViewData["Section"] = "Children";
        var caseworkers = await db.CaseworkersAsync(User);
        return new ChildFormPage
        {
            Form = form,
            ChildId = child?.Id,
            ChildReference = child?.Reference,
            Caseworkers = [new SelectListItem("Not assigned", string.Empty), .. caseworkers.Select(u => new SelectListItem(u.DisplayName, u.Id))],
            Conflicts = conflicts ?? [],
            SimilarChildren = similar,
        };
    }
}
