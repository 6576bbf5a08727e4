using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using TraffickingCases.Domain.Children;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Features.Shared;

namespace TraffickingCases.Web.Features.MissingEpisodes;

/// <summary>Times are entered and shown in UK time, and stored as UTC instants.</summary>
public sealed class MissingEpisodeForm : IRevealingForm
{
    [Required(ErrorMessage = "Enter when the child went missing")]
    [Display(Name = "The date and time the child went missing")]
    public DateTime? WentMissingAt { get; set; }

    /// <summary>Null when the question was not asked (an older client): the return time posted decides.</summary>
    public bool? HasReturned { get; set; }

    [Display(Name = "The date and time the child came back")]
    public DateTime? ReturnedAt { get; set; }

    public bool WhereaboutsKnown { get; set; }

    public bool? ReportedToPolice { get; set; }

    [Display(Name = "The date and time the child was reported to the police")]
    public DateTime? ReportedToPoliceAt { get; set; }

    public string? PoliceReference { get; set; }

    public PoliceRiskGrading? PoliceRiskGrading { get; set; }

    [Display(Name = "The date and time the return interview was offered")]
    public DateTime? ReturnInterviewOfferedAt { get; set; }

    [Display(Name = "The date and time the return interview was completed")]
    public DateTime? ReturnInterviewCompletedAt { get; set; }

    public bool ReturnInterviewDeclined { get; set; }

    public string? Concerns { get; set; }

    public IEnumerable<string> HiddenFields()
    {
        if (HasReturned == false)
        {
            yield return nameof(ReturnedAt);
        }

        if (ReportedToPolice == false)
        {
            yield return nameof(ReportedToPoliceAt);
            yield return nameof(PoliceReference);
            yield return nameof(PoliceRiskGrading);
        }
    }
}

public static class MissingEpisodeChoices
{
    public static IReadOnlyList<SelectListItem> Whereabouts =>
    [
        new("Missing: whereabouts not known", "false"),
        new("Away from placement without authorisation: whereabouts known", "true"),
    ];

    public static IReadOnlyList<SelectListItem> RiskGradings =>
        [new("Not graded yet", string.Empty), .. Enum.GetValues<PoliceRiskGrading>().Select(v => new SelectListItem(Labels.Of(v), v.ToString()))];
}

[Route("/children/{childId:guid}/missing-episodes")]
public sealed class MissingEpisodesController(CasesDbContext db, ChildChanges changes, TimeProvider clock, AuditTrail audit, ILogger<MissingEpisodesController> logger)
    : ChildRecordController<MissingEpisodeForm>(db, changes, clock, audit)
{
    [HttpGet("new")]
    public Task<IActionResult> New(Guid childId) => ShowForm(childId, new MissingEpisodeForm(), null);

    [HttpPost("new")]
    public Task<IActionResult> Create(Guid childId, [Bind(Prefix = "Form")] MissingEpisodeForm form) =>
        Save(childId, form, null, (child, now) => child.RecordMissingEpisode(ToDetails(form), now),
            episode => logger.LogInformation("Missing episode {EpisodeId} recorded for child {ChildId}", episode.Id, childId), "Missing episode recorded");

    [HttpGet("{id:guid}/edit")]
    public Task<IActionResult> Edit(Guid childId, Guid id) =>
        ShowRecord(childId, id, c => c.MissingEpisodes, e => e.Id, e => new MissingEpisodeForm
        {
            WentMissingAt = ToLondon(e.WentMissingAt),
            HasReturned = e.ReturnedAt is not null,
            ReturnedAt = ToLondon(e.ReturnedAt),
            ReportedToPolice = e.ReportedToPoliceAt is not null || e.PoliceReference is not null || e.PoliceRiskGrading is not null,
            WhereaboutsKnown = e.WhereaboutsKnown,
            ReportedToPoliceAt = ToLondon(e.ReportedToPoliceAt),
            PoliceReference = e.PoliceReference,
            PoliceRiskGrading = e.PoliceRiskGrading,
            ReturnInterviewOfferedAt = ToLondon(e.ReturnInterviewOfferedAt),
            ReturnInterviewCompletedAt = ToLondon(e.ReturnInterviewCompletedAt),
            ReturnInterviewDeclined = e.ReturnInterviewDeclined,
            Concerns = e.Concerns,
        });

    [HttpPost("{id:guid}/edit")]
    public Task<IActionResult> Update(Guid childId, Guid id, [Bind(Prefix = "Form")] MissingEpisodeForm form) =>
        Save(childId, form, id, (child, now) => child.UpdateMissingEpisode(id, ToDetails(form), now),
            _ => logger.LogInformation("Missing episode {EpisodeId} of child {ChildId} updated", id, childId), "Missing episode saved");

    private static MissingEpisodeDetails ToDetails(MissingEpisodeForm form) => new()
    {
        WentMissingAt = FromLondon(form.WentMissingAt) ?? default,
        ReturnedAt = form.HasReturned == false ? null : FromLondon(form.ReturnedAt),
        WhereaboutsKnown = form.WhereaboutsKnown,
        ReportedToPoliceAt = form.ReportedToPolice == false ? null : FromLondon(form.ReportedToPoliceAt),
        PoliceReference = form.ReportedToPolice == false ? null : form.PoliceReference,
        PoliceRiskGrading = form.ReportedToPolice == false ? null : form.PoliceRiskGrading,
        ReturnInterviewOfferedAt = FromLondon(form.ReturnInterviewOfferedAt),
        ReturnInterviewCompletedAt = FromLondon(form.ReturnInterviewCompletedAt),
        ReturnInterviewDeclined = form.ReturnInterviewDeclined,
        Concerns = form.Concerns,
    };
}
