using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Features.Children;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Corrections;

public sealed class CorrectionForm
{
    public string? Reason { get; set; }

    public string? TargetReference { get; set; }

    /// <summary>Set by the confirmation step: the person has seen the target child's name.</summary>
    public bool Confirmed { get; set; }
}

/// <summary>The record being corrected, as its first timeline entry shows it, and the form.</summary>
public sealed class CorrectionPage
{
    public required Guid ChildId { get; init; }

    public required string ChildReference { get; init; }

    public required string ChildName { get; init; }

    public required string KindSegment { get; init; }

    public required HistoryRecordKind Kind { get; init; }

    public required TimelineEntry Entry { get; init; }

    public required CorrectionForm Form { get; init; }

    /// <summary>The child the record would move to, once found: the confirmation step.</summary>
    public MoveTarget? Target { get; init; }

    public bool AlreadyEnteredInError => Entry.Record?.EnteredInError is not null;

    public string Noun => HistoryRecordKinds.Noun(Kind);

    public string Url(string action) => CorrectionsController.UrlOf(ChildId, Kind, Entry.Record!.Id, action);
}

/// <summary>
/// Correcting a record entered by mistake: move it to the right child of the organisation (found by reference and confirmed by
/// name), or mark it as entered in error with a reason. Both through <see cref="RecordCorrections"/>: audited, never deleted.
/// </summary>
[Authorize(Policy = Policies.WriteCases)]
[Route("/children/{childId:guid}/records/{kind}/{recordId:guid}")]
public sealed class CorrectionsController(CasesDbContext db, RecordCorrections corrections, TimeProvider clock, AuditTrail audit) : Controller
{
    /// <summary>The kinds of record by the segment their pages already use.</summary>
    private static readonly Dictionary<string, HistoryRecordKind> Kinds = new(StringComparer.Ordinal)
    {
        ["referrals"] = HistoryRecordKind.Referral,
        ["missing-episodes"] = HistoryRecordKind.MissingEpisode,
        ["placements"] = HistoryRecordKind.Placement,
        ["support"] = HistoryRecordKind.SupportRequest,
        ["notes"] = HistoryRecordKind.Note,
    };

    public static string Segment(HistoryRecordKind kind) => Kinds.Single(k => k.Value == kind).Key;

    public static string UrlOf(Guid childId, HistoryRecordKind kind, Guid recordId, string action) =>
        $"/children/{childId}/records/{Segment(kind)}/{recordId}/{action}";

    [HttpGet("entered-in-error")]
    public Task<IActionResult> EnteredInError(Guid childId, string kind, Guid recordId) =>
        ShowAsync("EnteredInError", childId, kind, recordId, new CorrectionForm(), null, viewed: true);

    [HttpPost("entered-in-error")]
    public async Task<IActionResult> MarkEnteredInError(Guid childId, string kind, Guid recordId, [Bind(Prefix = "Form")] CorrectionForm form)
    {
        if (!Kinds.TryGetValue(kind, out var recordKind))
        {
            return NotFound();
        }

        switch (await corrections.MarkEnteredInErrorAsync(childId, recordKind, recordId, form.Reason, Actor(), HttpContext.RequestAborted))
        {
            case ChangeResult<Child>.Saved:
                TempData["Confirmation"] = $"The {HistoryRecordKinds.Noun(recordKind)} is marked as entered in error. It stays in the timeline, and no rule reads it.";
                return Redirect($"/children/{childId}");
            case ChangeResult<Child>.Invalid invalid:
                AddErrors(invalid.Errors);
                return await ShowAsync("EnteredInError", childId, kind, recordId, form, null, viewed: false, StatusCodes.Status422UnprocessableEntity);
            case ChangeResult<Child>.Conflict:
                ModelState.AddModelError(string.Empty, "Someone else changed this child's record at the same moment. Nothing was saved; try again.");
                return await ShowAsync("EnteredInError", childId, kind, recordId, form, null, viewed: false, StatusCodes.Status409Conflict);
            default:
                return NotFound();
        }
    }

    [HttpGet("move")]
    public Task<IActionResult> Move(Guid childId, string kind, Guid recordId) =>
        ShowAsync("Move", childId, kind, recordId, new CorrectionForm(), null, viewed: true);

    /// <summary>First the reference is looked up and the child's name shown; only the confirmed form moves the record.</summary>
    [HttpPost("move")]
    public async Task<IActionResult> MoveRecord(Guid childId, string kind, Guid recordId, [Bind(Prefix = "Form")] CorrectionForm form)
    {
        if (!Kinds.TryGetValue(kind, out var recordKind))
        {
            return NotFound();
        }

        var ct = HttpContext.RequestAborted;
        if (!form.Confirmed)
        {
            var (target, error) = await corrections.FindTargetAsync(User.OrganisationId(), childId, form.TargetReference, ct);
            if (error is not null)
            {
                AddErrors([error]);
            }

            return await ShowAsync("Move", childId, kind, recordId, form, target, viewed: false,
                target is null ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
        }

        switch (await corrections.MoveAsync(childId, recordKind, recordId, form.TargetReference, Actor(), ct))
        {
            case ChangeResult<Child>.Saved { Value: var to }:
                TempData["Confirmation"] = $"The {HistoryRecordKinds.Noun(recordKind)} was moved to {to.Reference}. The flags of both children were worked out again.";
                return Redirect($"/children/{childId}");
            case ChangeResult<Child>.Invalid invalid:
                form.Confirmed = false;
                AddErrors(invalid.Errors);
                return await ShowAsync("Move", childId, kind, recordId, form, null, viewed: false, StatusCodes.Status422UnprocessableEntity);
            case ChangeResult<Child>.Conflict:
                form.Confirmed = false;
                ModelState.AddModelError(string.Empty, "Someone else changed one of these records at the same moment. Nothing was moved; try again.");
                return await ShowAsync("Move", childId, kind, recordId, form, null, viewed: false, StatusCodes.Status409Conflict);
            default:
                return NotFound();
        }
    }

    private CorrectionActor Actor() => new(User.UserId(), User.DisplayName(), User.OrganisationId());

    private void AddErrors(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field.Length == 0 ? string.Empty : $"Form.{error.Field}", error.Message);
        }
    }

    /// <summary>
    /// The page about one record: it shows the record, so opening it is recorded as a view of that record in the child's access
    /// log, as its edit form is. A record entered in error can be neither moved nor marked again: the page says so.
    /// </summary>
    private async Task<IActionResult> ShowAsync(
        string view, Guid childId, string kind, Guid recordId, CorrectionForm form, MoveTarget? target, bool viewed, int status = StatusCodes.Status200OK)
    {
        var ct = HttpContext.RequestAborted;
        if (!Kinds.TryGetValue(kind, out var recordKind))
        {
            return NotFound();
        }

        var child = await db.FindWithHistoryAsync(User, childId, ct);
        var entry = child is null ? null : Timeline.For(child, clock.GetUtcNow()).FirstOrDefault(e => e.Record is { First: true } r && r.Id == recordId && r.Kind == recordKind);
        if (child is null || entry is null)
        {
            return NotFound();
        }

        if (viewed)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.Viewed, RecordCorrections.EntityName(recordKind), recordId.ToString(), child.Id,
                new { child.Reference, page = view == "Move" ? "move form" : "entered in error form" }), ct);
        }

        if (entry.Record!.EnteredInError is not null && status == StatusCodes.Status200OK)
        {
            ModelState.AddModelError(string.Empty, $"This {HistoryRecordKinds.Noun(recordKind)} was marked as entered in error, so it cannot be changed or moved");
            status = StatusCodes.Status409Conflict;
        }

        ViewData["Section"] = "Children";
        Response.StatusCode = status;
        return View(view, new CorrectionPage
        {
            ChildId = child.Id,
            ChildReference = child.Reference,
            ChildName = child.FullName,
            KindSegment = kind,
            Kind = recordKind,
            Entry = entry,
            Form = form,
            Target = target,
        });
    }
}
