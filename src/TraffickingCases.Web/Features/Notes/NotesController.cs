using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Features.Shared;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Notes;

public sealed class NoteForm
{
    public string? Text { get; set; }
}

/// <summary>Notes are added, never changed: what was written stays as written.</summary>
[Route("/children/{childId:guid}/notes")]
public sealed class NotesController(CasesDbContext db, ChildChanges changes, TimeProvider clock, AuditTrail audit, ILogger<NotesController> logger)
    : ChildRecordController<NoteForm>(db, changes, clock, audit)
{
    [HttpGet("new")]
    public Task<IActionResult> New(Guid childId) => ShowForm(childId, new NoteForm(), null);

    [HttpPost("new")]
    public Task<IActionResult> Create(Guid childId, [Bind(Prefix = "Form")] NoteForm form) =>
        Save(childId, form, null, (child, now) => child.AddNote(form.Text ?? string.Empty, User.UserId(), User.DisplayName(), now),
            note => logger.LogInformation("Note {NoteId} added to child {ChildId}", note.Id, childId), "Note added");
}
