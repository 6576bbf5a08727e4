using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using TraffickingCases.Domain.Children;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Features.Shared;

namespace TraffickingCases.Web.Features.Placements;

public sealed class PlacementForm : IRevealingForm
{
    [Required(ErrorMessage = "Choose the type of placement")]
    public PlacementType? Type { get; set; }

    [Required(ErrorMessage = "Enter the start date")]
    [Display(Name = "Start date")]
    public DateOnly? StartDate { get; set; }

    /// <summary>Null when the question was not asked (an older client): the end date posted decides.</summary>
    public bool? Ended { get; set; }

    [Display(Name = "End date")]
    public DateOnly? EndDate { get; set; }

    public string? Area { get; set; }

    [Display(Name = "Answer")]
    public bool? OutOfArea { get; set; }

    [Display(Name = "Answer")]
    public bool? OfstedRegistered { get; set; }

    public PlacementDetails ToDetails() => new()
    {
        Type = Type ?? default, StartDate = StartDate ?? default, EndDate = Ended == false ? null : EndDate, Area = Area, OutOfArea = OutOfArea, OfstedRegistered = OfstedRegistered,
    };

    public IEnumerable<string> HiddenFields() => Ended == false ? [nameof(EndDate)] : [];

    public static PlacementForm From(Placement placement) => new()
    {
        Type = placement.Type,
        StartDate = placement.StartDate,
        Ended = placement.EndDate is not null,
        EndDate = placement.EndDate,
        Area = placement.Area,
        OutOfArea = placement.OutOfArea,
        OfstedRegistered = placement.OfstedRegistered,
    };
}

public static class PlacementChoices
{
    public static IReadOnlyList<SelectListItem> Types =>
        Enum.GetValues<PlacementType>().Select(v => new SelectListItem(Labels.Of(v), v.ToString())).ToList();
}

[Route("/children/{childId:guid}/placements")]
public sealed class PlacementsController(CasesDbContext db, ChildChanges changes, TimeProvider clock, AuditTrail audit, ILogger<PlacementsController> logger)
    : ChildRecordController<PlacementForm>(db, changes, clock, audit)
{
    [HttpGet("new")]
    public Task<IActionResult> New(Guid childId) => ShowForm(childId, new PlacementForm(), null);

    [HttpPost("new")]
    public Task<IActionResult> Create(Guid childId, [Bind(Prefix = "Form")] PlacementForm form) =>
        Save(childId, form, null, (child, now) => child.AddPlacement(form.ToDetails(), now),
            placement => logger.LogInformation("Placement {PlacementId} added for child {ChildId}", placement.Id, childId), "Placement added");

    [HttpGet("{id:guid}/edit")]
    public Task<IActionResult> Edit(Guid childId, Guid id) =>
        ShowRecord(childId, id, c => c.Placements, p => p.Id, PlacementForm.From);

    [HttpPost("{id:guid}/edit")]
    public Task<IActionResult> Update(Guid childId, Guid id, [Bind(Prefix = "Form")] PlacementForm form) =>
        Save(childId, form, id, (child, now) => child.UpdatePlacement(id, form.ToDetails(), now),
            _ => logger.LogInformation("Placement {PlacementId} of child {ChildId} updated", id, childId), "Placement saved");
}
