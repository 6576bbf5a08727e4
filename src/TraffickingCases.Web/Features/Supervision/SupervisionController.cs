using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Supervision;

/// <summary>A supervision note, with the next review date as a GOV.UK date input (day, month, year).</summary>
public sealed class SupervisionForm
{
    public string? Text { get; set; }

    public string? ReviewDay { get; set; }

    public string? ReviewMonth { get; set; }

    public string? ReviewYear { get; set; }

    /// <summary>The date entered, or null with the reason when it is not a real date.</summary>
    public (DateOnly? Date, string? Problem) ReviewDate()
    {
        var parts = new[] { ReviewDay, ReviewMonth, ReviewYear }.Select(p => (p ?? string.Empty).Trim()).ToArray();
        if (parts.All(p => p.Length == 0))
        {
            return (null, null);
        }

        if (parts.Any(p => p.Length == 0))
        {
            return (null, "The next review date must include a day, month and year");
        }

        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && year is >= 1900 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? (new DateOnly(year, month, day), null)
            : (null, "The next review date must be a real date, like 27 3 2027");
    }
}

public sealed class SupervisionPage
{
    public required Guid ChildId { get; init; }

    public required string ChildReference { get; init; }

    public required string ChildName { get; init; }

    public DateOnly? ReviewOn { get; init; }

    public DateOnly Today { get; init; }

    public required IReadOnlyList<SupervisionNote> Notes { get; init; }

    public bool CanRecord { get; init; }

    public SupervisionForm Form { get; init; } = new();

    public bool ReviewOverdue => ReviewOn is { } on && on < Today;
}

/// <summary>
/// Supervision of a child's case: every note, newest first, for anyone who may read the case; the form for managers, who
/// record what was discussed and decided and the next review date (RR-20 flags it once passed).
/// </summary>
[Authorize(Policy = Policies.ReadCases)]
[Route("/children/{childId:guid}/supervision")]
public sealed class SupervisionController(CasesDbContext db, CaseSupervision supervision, TimeProvider clock, AuditTrail audit) : Controller
{
    [HttpGet("")]
    public Task<IActionResult> Index(Guid childId) => ShowAsync(childId, new SupervisionForm(), viewed: true);

    [HttpPost("")]
    [Authorize(Policy = Policies.RecordSupervision)]
    public async Task<IActionResult> Record(Guid childId, [Bind(Prefix = "Form")] SupervisionForm form)
    {
        var (reviewOn, problem) = form.ReviewDate();
        var result = await supervision.RecordAsync(User.OrganisationId(), childId, form.Text, reviewOn, User.UserId(), User.DisplayName(), HttpContext.RequestAborted);
        switch (result)
        {
            case ChangeResult<SupervisionNote>.Saved { Value: var note }:
                TempData["Confirmation"] = $"Supervision recorded. Next review by {Display.Date(note.NextReviewOn)}.";
                return Redirect($"/children/{childId}/supervision");
            case ChangeResult<SupervisionNote>.Invalid invalid:
                // A date that is not a real one is named as such, not as missing.
                AddErrors(invalid.Errors, problem);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return await ShowAsync(childId, form, viewed: false);
            case ChangeResult<SupervisionNote>.Conflict:
                ModelState.AddModelError(string.Empty, "Someone else changed this child's record at the same moment. Nothing was saved; try again.");
                Response.StatusCode = StatusCodes.Status409Conflict;
                return await ShowAsync(childId, form, viewed: false);
            default:
                return NotFound();
        }
    }

    /// <summary>The fields in the order the form shows them, so the error summary follows the page.</summary>
    private void AddErrors(IReadOnlyList<ValidationError> errors, string? dateProblem)
    {
        foreach (var error in errors.Where(e => e.Field == "Text"))
        {
            ModelState.AddModelError("Form.Text", error.Message);
        }

        var dateMessage = dateProblem ?? errors.FirstOrDefault(e => e.Field == "NextReviewOn")?.Message;
        if (dateMessage is { } message)
        {
            ModelState.AddModelError("Form.ReviewDay", message);
        }

        foreach (var error in errors.Where(e => e.Field is not ("Text" or "NextReviewOn")))
        {
            ModelState.AddModelError(string.Empty, error.Message);
        }
    }

    private async Task<IActionResult> ShowAsync(Guid childId, SupervisionForm form, bool viewed)
    {
        var ct = HttpContext.RequestAborted;
        var child = await db.Children.VisibleTo(User).AsNoTracking()
            .Where(c => c.Id == childId)
            .Select(c => new { c.Id, c.Reference, c.GivenNames, c.FamilyName, c.SupervisionReviewOn })
            .SingleOrDefaultAsync(ct);
        if (child is null)
        {
            return NotFound();
        }

        if (viewed)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "SupervisionNote", null, child.Id, new { child.Reference, page = "supervision" }), ct);
        }

        ViewData["Section"] = "Children";
        return View("Index", new SupervisionPage
        {
            ChildId = child.Id,
            ChildReference = child.Reference,
            ChildName = Child.FullNameOf(child.GivenNames, child.FamilyName),
            ReviewOn = child.SupervisionReviewOn,
            Today = UkCalendar.DateOf(clock.GetUtcNow()),
            Notes = await supervision.NotesAsync(child.Id, ct),
            CanRecord = User.IsInRole(TraffickingCases.Infrastructure.Identity.Roles.Manager),
            Form = form,
        });
    }
}

/// <summary>The latest supervision notes on the child's page, with the next review date and a link to all of them.</summary>
public sealed class SupervisionSummaryViewComponent(CaseSupervision supervision, TimeProvider clock) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(Guid childId, DateOnly? reviewOn)
    {
        var notes = await supervision.NotesAsync(childId, HttpContext.RequestAborted);
        return View("~/Features/Supervision/_Summary.cshtml", new SupervisionPage
        {
            ChildId = childId,
            ChildReference = string.Empty,
            ChildName = string.Empty,
            ReviewOn = reviewOn,
            Today = UkCalendar.DateOf(clock.GetUtcNow()),
            Notes = notes,
            CanRecord = User is System.Security.Claims.ClaimsPrincipal user && user.IsInRole(TraffickingCases.Infrastructure.Identity.Roles.Manager),
        });
    }
}
