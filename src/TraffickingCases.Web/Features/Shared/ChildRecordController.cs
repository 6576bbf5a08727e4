using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Web.Features.Children;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Shared;

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
/// Adding and changing the records of a child's history works the same way for every kind:
/// load the child (404 outside the user's organisation), let the domain apply the change, save,
/// redirect with a confirmation; or show the form again with the errors beside the fields.
/// </summary>
[Authorize(Policy = Policies.WriteCases)]
public abstract class ChildRecordController<TForm>(CasesDbContext db, RulesService rules, TimeProvider clock) : Controller
    where TForm : class
{
    protected CasesDbContext Db => db;

    protected DateTimeOffset Now => clock.GetUtcNow();

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
        return View("Form", new RecordFormPage<TForm>
        {
            Form = form,
            ChildId = childId,
            ChildReference = child.Reference,
            ChildName = string.Join(' ', new[] { child.GivenNames, child.FamilyName }.Where(n => n.Length > 0)),
            RecordId = recordId,
            Conflicts = conflicts ?? [],
        });
    }

    protected async Task<IActionResult> ShowRecord<TRecord>(Guid childId, Guid recordId, Func<Child, IEnumerable<TRecord>> records, Func<TRecord, Guid> key, Func<TRecord, TForm> toForm)
    {
        var child = await db.FindWithHistoryAsync(User, childId, HttpContext.RequestAborted);
        var record = child is null ? default : records(child).FirstOrDefault(r => key(r) == recordId);
        return record is null ? NotFound() : await ShowForm(childId, toForm(record), recordId);
    }

    /// <summary>Applies a change to the child and saves it, or shows the form again with what is wrong.</summary>
    protected async Task<IActionResult> Save(
        Guid childId, TForm form, Guid? recordId, Action<Child, DateTimeOffset> apply, string confirmation,
        Func<Child, IReadOnlyList<ConflictingChange>>? conflicts = null)
    {
        // One transaction for the change and the flags it raises; the child is locked so the rules see
        // every other change to this child that committed before this one.
        await using var transaction = await db.Database.BeginTransactionAsync(HttpContext.RequestAborted);
        await rules.LockAsync([childId], HttpContext.RequestAborted);
        var child = await db.FindWithHistoryAsync(User, childId, HttpContext.RequestAborted);
        if (child is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            // Show the domain's errors too, so the person sees everything wrong at once; nothing is saved.
            try
            {
                apply(child, Now);
            }
            catch (DomainValidationException e)
            {
                ModelState.AddDomainErrorsNotYetShown(e, "Form");
            }

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowForm(childId, form, recordId);
        }

        try
        {
            var changed = conflicts?.Invoke(child) ?? [];
            if (changed.Count > 0)
            {
                return await Conflict(childId, form, recordId, changed);
            }

            apply(child, Now);
            await rules.EvaluateTrackedAsync(child, Now, HttpContext.RequestAborted);
            await db.SaveChangesAsync(HttpContext.RequestAborted);
            await transaction.CommitAsync(HttpContext.RequestAborted);
        }
        catch (KeyNotFoundException)
        {
            return NotFound();
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, "Form");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await ShowForm(childId, form, recordId);
        }
        catch (DbUpdateConcurrencyException)
        {
            await transaction.RollbackAsync(HttpContext.RequestAborted);
            db.ChangeTracker.Clear();
            var current = await db.FindWithHistoryAsync(User, childId, HttpContext.RequestAborted);
            return current is null ? NotFound() : await Conflict(childId, form, recordId, conflicts?.Invoke(current) ?? []);
        }

        TempData["Confirmation"] = confirmation;
        return Redirect($"/children/{childId}");
    }

    /// <summary>Refreshes the form's version from the saved record, so saving again keeps this person's version knowingly.</summary>
    protected virtual void Refresh(TForm form, Child current, Guid? recordId)
    {
    }

    private async Task<IActionResult> Conflict(Guid childId, TForm form, Guid? recordId, IReadOnlyList<ConflictingChange> changed)
    {
        ModelState.AddModelError(string.Empty, "Someone else changed this record after you opened this page. Nothing you entered has been saved yet. Check their changes below, then save again to keep your version.");
        var current = await db.FindWithHistoryAsync(User, childId, HttpContext.RequestAborted);
        if (current is not null)
        {
            Refresh(form, current, recordId);
        }

        ModelState.Remove("Form.Version");
        ModelState.Remove("Form.Original");
        Response.StatusCode = StatusCodes.Status409Conflict;
        return await ShowForm(childId, form, recordId, changed.Count > 0 ? changed : [new ConflictingChange("Record", "changed", "not yet saved")]);
    }

    protected static DateTimeOffset? FromLondon(DateTime? local) => local is { } t ? UkCalendar.FromLondon(t) : null;

    protected static DateTime? ToLondon(DateTimeOffset? instant) => instant is { } t ? UkCalendar.ToLondon(t) : null;
}
