using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Features.Children;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Shared;

/// <summary>
/// A form with questions revealed by an earlier answer (<c>govuk-reveal</c>): the fields its answers hide are
/// neither checked nor saved, whatever their boxes still hold.
/// </summary>
public interface IRevealingForm
{
    /// <summary>The names of the properties the answers given hide.</summary>
    IEnumerable<string> HiddenFields();
}

/// <summary>The page model of every form that adds or changes one record in a child's history.</summary>
public sealed class RecordFormPage<TForm>
{
    public required TForm Form { get; init; }

    public required Guid ChildId { get; init; }

    public required string ChildReference { get; init; }

    public required string ChildName { get; init; }

    public Guid? RecordId { get; init; }

    public IReadOnlyList<ConflictingChange> Conflicts { get; init; } = [];

    public bool Editing => RecordId is not null;

    public string Action(string segment) =>
        RecordId is { } id ? $"/children/{ChildId}/{segment}/{id}/edit" : $"/children/{ChildId}/{segment}/new";
}

/// <summary>
/// Adding and changing the records of a child's history works the same way for every kind: the change goes
/// to <see cref="ChildChanges"/> (404 outside the user's organisation), then the page redirects with a
/// confirmation, or shows the form again with the errors beside the fields, or with what someone else changed.
/// </summary>
[Authorize(Policy = Policies.WriteCases)]
public abstract class ChildRecordController<TForm>(CasesDbContext db, ChildChanges changes, TimeProvider clock, AuditTrail audit) : Controller
    where TForm : class
{
    protected DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>The view of the form: "Form" in the feature's folder unless a controller shows another.</summary>
    protected virtual string FormView => "Form";

    protected async Task<IActionResult> ShowForm(Guid childId, TForm form, Guid? recordId, IReadOnlyList<ConflictingChange>? conflicts = null)
    {
        var child = await db.Children.VisibleTo(User).AsNoTracking()
            .Where(c => c.Id == childId)
            .Select(c => new { c.Reference, c.GivenNames, c.FamilyName })
            .SingleOrDefaultAsync(HttpContext.RequestAborted);
        if (child is null)
        {
            return NotFound();
        }

        ViewData["Section"] = "Children";
        return View(FormView, new RecordFormPage<TForm>
        {
            Form = form,
            ChildId = childId,
            ChildReference = child.Reference,
            ChildName = Child.FullNameOf(child.GivenNames, child.FamilyName),
            RecordId = recordId,
            Conflicts = conflicts ?? [],
        });
    }

    /// <summary>
    /// The edit form of one record of the child's history. It shows the record (a police reference, concerns, an
    /// area), so opening it is recorded as a view of that record, in the child's access log, as the child's page is.
    /// </summary>
    protected async Task<IActionResult> ShowRecord<TRecord>(Guid childId, Guid recordId, Func<Child, IEnumerable<TRecord>> records, Func<TRecord, Guid> key, Func<TRecord, TForm> toForm)
    {
        var child = await db.FindWithHistoryAsync(User, childId, HttpContext.RequestAborted);
        var record = child is null ? default : records(child).FirstOrDefault(r => key(r) == recordId);
        if (child is null || record is null)
        {
            return NotFound();
        }

        await audit.RecordAsync(
            new AuditEvent(AuditActions.Viewed, AuditInterceptor.EntityName(typeof(TRecord)), recordId.ToString(), child.Id, new { child.Reference, page = "edit form" }),
            HttpContext.RequestAborted);
        if (record is ChildHistoryRecord { IsEnteredInError: true })
        {
            // Kept as it was when marked: the form shows it, and saving is refused.
            ModelState.AddModelError(string.Empty, "This record was marked as entered in error, so it cannot be changed or moved");
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return await ShowForm(childId, toForm(record), recordId);
    }

    /// <summary>
    /// Applies a change to the child and saves it, or shows the form again with what is wrong. A form that
    /// failed binding is not applied: the domain only checks it, so every problem shows at once.
    /// </summary>
    protected async Task<IActionResult> Save<TRecord>(
        Guid childId, TForm form, Guid? recordId, Func<Child, DateTimeOffset, TRecord> apply, Action<TRecord> saved, string confirmation,
        Func<Child, IReadOnlyList<ConflictingChange>>? conflicts = null)
    {
        var ct = HttpContext.RequestAborted;
        if (form is IRevealingForm revealing)
        {
            foreach (var hidden in revealing.HiddenFields())
            {
                ModelState.Remove($"Form.{hidden}");
            }
        }

        if (!ModelState.IsValid)
        {
            var errors = await changes.CheckAsync(User.OrganisationId(), childId, apply, ct);
            if (errors is null)
            {
                return NotFound();
            }

            ModelState.AddDomainErrorsNotYetShown(errors, "Form");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowForm(childId, form, recordId);
        }

        var options = new ChangeOptions { ChangedSince = conflicts is null ? null : child => conflicts(child).Count > 0 };
        switch (await changes.ChangeAsync(User.OrganisationId(), childId, apply, options, ct))
        {
            case ChangeResult<TRecord>.Saved done:
                saved(done.Value);
                TempData["Confirmation"] = confirmation;
                return Redirect($"/children/{childId}");
            case ChangeResult<TRecord>.Invalid invalid:
                ModelState.AddDomainErrors(invalid.Errors, "Form");
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return await ShowForm(childId, form, recordId);
            case ChangeResult<TRecord>.Conflict { Current: { } current }:
                return await Conflict(childId, form, recordId, current, conflicts?.Invoke(current) ?? []);
            default:
                return NotFound();
        }
    }

    /// <summary>Refreshes the form's version from the saved record, so saving again keeps this person's version knowingly.</summary>
    protected virtual void Refresh(TForm form, Child current, Guid? recordId)
    {
    }

    private async Task<IActionResult> Conflict(Guid childId, TForm form, Guid? recordId, Child current, IReadOnlyList<ConflictingChange> changed)
    {
        ModelState.AddModelError(string.Empty, "Someone else changed this record after you opened this page. Nothing you entered has been saved yet. Check their changes below, then save again to keep your version.");
        Refresh(form, current, recordId);
        ModelState.Remove("Form.Version");
        ModelState.Remove("Form.Original");
        Response.StatusCode = StatusCodes.Status409Conflict;
        return await ShowForm(childId, form, recordId, changed.Count > 0 ? changed : [new ConflictingChange("Record", "changed", "not yet saved")]);
    }

    protected static DateTimeOffset? FromLondon(DateTime? local) => local is { } t ? UkCalendar.FromLondon(t) : null;

    protected static DateTime? ToLondon(DateTimeOffset? instant) => instant is { } t ? UkCalendar.ToLondon(t) : null;
}
