using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Domain.Children;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Features.Shared;

namespace TraffickingCases.Web.Features.MissingEpisodes;

/// <summary>The short form that records the return of a child missing now. Times are entered in UK time.</summary>
public sealed class ReturnForm
{
    [Required(ErrorMessage = "Enter when the child returned")]
    public DateTime? ReturnedAt { get; set; }

    public bool WhereaboutsKnown { get; set; }

    public DateTime? ReturnInterviewOfferedAt { get; set; }

    /// <summary>When the child went missing, shown for reference only (UK time); never saved from the form.</summary>
    public DateTime? WentMissingAt { get; set; }
}

/// <summary>
/// "Record return" on a current missing episode (<c>/children/{id}/missing-episodes/{episodeId}/return</c>): the
/// change goes through the same path as the episode's full form (<see cref="Child.RecordReturn"/>), so it is audited
/// as a change of the episode, and the missing-now flag's condition clears with it. A return someone else recorded
/// first is refused beside the field, so neither person's times are overwritten.
/// </summary>
[Route("/children/{childId:guid}/missing-episodes/{id:guid}/return")]
public sealed class MissingReturnController(CasesDbContext db, ChildChanges changes, TimeProvider clock, AuditTrail audit, ILogger<MissingReturnController> logger)
    : ChildRecordController<ReturnForm>(db, changes, clock, audit)
{
    protected override string FormView => "/Features/MissingEpisodes/Return.cshtml";

    [HttpGet("")]
    public Task<IActionResult> New(Guid childId, Guid id) =>
        ShowRecord(childId, id, c => c.MissingEpisodes, e => e.Id, e => new ReturnForm
        {
            WentMissingAt = ToLondon(e.WentMissingAt),
            WhereaboutsKnown = e.WhereaboutsKnown,
        });

    [HttpPost("")]
    public Task<IActionResult> Create(Guid childId, Guid id, [Bind(Prefix = "Form")] ReturnForm form) =>
        Save(childId, form, id, (child, now) => child.RecordReturn(id, new ReturnDetails
            {
                ReturnedAt = FromLondon(form.ReturnedAt),
                WhereaboutsKnown = form.WhereaboutsKnown,
                ReturnInterviewOfferedAt = FromLondon(form.ReturnInterviewOfferedAt),
            }, now),
            _ => logger.LogInformation("Return recorded on missing episode {EpisodeId} of child {ChildId}", id, childId), "Return recorded");
}
