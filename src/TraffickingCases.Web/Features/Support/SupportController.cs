using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using TraffickingCases.Domain.Children;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Features.Shared;

namespace TraffickingCases.Web.Features.Support;

public sealed class SupportRequestForm : IRevealingForm
{
    [Required(ErrorMessage = "Choose the type of support")]
    public SupportType? Type { get; set; }

    [Required(ErrorMessage = "Enter the date support was requested")]
    [Display(Name = "The date support was requested")]
    public DateOnly? RequestedOn { get; set; }

    /// <summary>Null when the question was not asked (an older client): the start date posted decides.</summary>
    public bool? Started { get; set; }

    [Display(Name = "The date support started")]
    public DateOnly? StartedOn { get; set; }

    public SupportRequestDetails ToDetails() => new() { Type = Type ?? default, RequestedOn = RequestedOn ?? default, StartedOn = Started == false ? null : StartedOn };

    public IEnumerable<string> HiddenFields() => Started == false ? [nameof(StartedOn)] : [];
}

public static class SupportChoices
{
    public static IReadOnlyList<SelectListItem> Types =>
        Enum.GetValues<SupportType>().Select(v => new SelectListItem(Labels.Of(v), v.ToString())).ToList();
}

[Route("/children/{childId:guid}/support")]
public sealed class SupportController(CasesDbContext db, ChildChanges changes, TimeProvider clock, AuditTrail audit, ILogger<SupportController> logger)
    : ChildRecordController<SupportRequestForm>(db, changes, clock, audit)
{
    [HttpGet("new")]
    public Task<IActionResult> New(Guid childId) =>
        ShowForm(childId, new SupportRequestForm { RequestedOn = Domain.Common.UkCalendar.DateOf(Now) }, null);

    [HttpPost("new")]
    public Task<IActionResult> Create(Guid childId, [Bind(Prefix = "Form")] SupportRequestForm form) =>
        Save(childId, form, null, (child, now) => child.RequestSupport(form.ToDetails(), now),
            request => logger.LogInformation("Support request {SupportRequestId} added for child {ChildId}", request.Id, childId), "Support request added");

    [HttpGet("{id:guid}/edit")]
    public Task<IActionResult> Edit(Guid childId, Guid id) =>
        ShowRecord(childId, id, c => c.SupportRequests, s => s.Id, s => new SupportRequestForm { Type = s.Type, RequestedOn = s.RequestedOn, Started = s.StartedOn is not null, StartedOn = s.StartedOn });

    [HttpPost("{id:guid}/edit")]
    public Task<IActionResult> Update(Guid childId, Guid id, [Bind(Prefix = "Form")] SupportRequestForm form) =>
        Save(childId, form, id, (child, now) => child.UpdateSupportRequest(id, form.ToDetails(), now),
            _ => logger.LogInformation("Support request {SupportRequestId} of child {ChildId} updated", id, childId), "Support request saved");
}
