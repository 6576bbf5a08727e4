using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Features.Children;
using TraffickingCases.Web.Infrastructure;
using Profile = TraffickingCases.Domain.Children.MissingProfile;

namespace TraffickingCases.Web.Features.MissingProfile;

public sealed class MissingProfileForm
{
    public string? Description { get; set; }

    public string? Associates { get; set; }

    public string? Places { get; set; }

    public string? PhoneNumbers { get; set; }

    /// <summary>The profile's version when the page was opened (0 before anyone wrote one).</summary>
    public uint Version { get; set; }

    public MissingProfileDetails ToDetails() => new()
    {
        Description = Description,
        Associates = Associates,
        Places = Places,
        PhoneNumbers = PhoneNumbers,
    };

    public static MissingProfileForm From(Profile? profile) => new()
    {
        Description = profile?.Description,
        Associates = profile?.Associates,
        Places = profile?.Places,
        PhoneNumbers = profile?.PhoneNumbers,
        Version = profile?.Version ?? 0,
    };
}

public sealed class MissingProfilePage
{
    public required MissingProfileForm Form { get; init; }

    public required Guid ChildId { get; init; }

    public required string ChildReference { get; init; }

    public required string ChildName { get; init; }

    public bool MissingNow { get; init; }

    public bool CanEdit { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public string? UpdatedByName { get; init; }

    public IReadOnlyList<ConflictingChange> Conflicts { get; init; } = [];
}

/// <summary>The one page the police are given when a child goes missing.</summary>
public sealed class MissingProfilePrint
{
    public required Child Child { get; init; }

    public Profile? Profile { get; init; }

    public int? Age { get; init; }

    public Placement? CurrentPlacement { get; init; }

    public MissingEpisode? CurrentEpisode { get; init; }

    public string? CaseworkerName { get; init; }

    public string? CaseworkerEmail { get; init; }

    public string? CaseworkerPhone { get; init; }

    public required string OrganisationName { get; init; }

    public string? OutOfHoursEmail { get; init; }

    public DateTimeOffset PrintedAt { get; init; }
}

/// <summary>
/// The Philomena Protocol profile (<c>/children/{id}/missing-profile</c>): a description, associates, places and
/// phone numbers kept ready before a child goes missing, and printed on one page for the police
/// (<c>/children/{id}/missing-profile/print</c>). Opening, printing and changing it are audited; another
/// organisation's child answers 404. Two people saving at once: the second is shown the first's text and keeps theirs.
/// </summary>
[Authorize(Policy = Policies.ReadCases)]
[Route("/children/{id:guid}/missing-profile")]
public sealed class MissingProfileController(CasesDbContext db, AuditTrail audit, TimeProvider clock, ILogger<MissingProfileController> logger) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Show(Guid id, CancellationToken ct)
    {
        var profile = await db.MissingProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.ChildId == id, ct);
        var page = await PageAsync(id, MissingProfileForm.From(profile), profile, [], ct);
        if (page is null)
        {
            return NotFound();
        }

        await audit.RecordAsync(new AuditEvent(AuditActions.Viewed, AuditInterceptor.EntityName(typeof(Profile)), id.ToString(), id, new { page.ChildReference, page = "missing person profile" }), ct);
        return View("Show", page);
    }

    [Authorize(Policy = Policies.WriteCases)]
    [HttpPost("")]
    public async Task<IActionResult> Save(Guid id, [Bind(Prefix = "Form")] MissingProfileForm form, CancellationToken ct)
    {
        var exists = await db.Children.VisibleTo(User).AnyAsync(c => c.Id == id, ct);
        if (!exists)
        {
            return NotFound();
        }

        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var profile = await db.MissingProfiles.SingleOrDefaultAsync(p => p.ChildId == id, ct);
        if ((profile?.Version ?? 0) != form.Version)
        {
            return await ConflictAsync(id, form, profile, ct);
        }

        try
        {
            if (profile is null)
            {
                profile = new Profile(id, User.UserId(), User.DisplayName(), now);
                db.MissingProfiles.Add(profile);
            }

            profile.Update(form.ToDetails(), User.UserId(), User.DisplayName(), now);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e.Errors, "Form");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Show", (await PageAsync(id, form, profile, [], ct))!);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Saved by someone else between the read above and this save: show theirs, overwrite nothing.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var current = await db.MissingProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.ChildId == id, ct);
            return await ConflictAsync(id, form, current, ct);
        }

        logger.LogInformation("Missing person profile of child {ChildId} saved", id);
        TempData["Confirmation"] = "Missing person profile saved";
        return Redirect($"/children/{id}/missing-profile");
    }

    [HttpGet("print")]
    public async Task<IActionResult> Print(Guid id, CancellationToken ct)
    {
        var child = await db.Children.VisibleTo(User).AsNoTracking()
            .Include(c => c.Placements).Include(c => c.MissingEpisodes)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (child is null)
        {
            return NotFound();
        }

        var profile = await db.MissingProfiles.AsNoTracking().SingleOrDefaultAsync(p => p.ChildId == id, ct);
        var caseworkerId = child.AssignedCaseworkerId;
        var caseworker = caseworkerId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == caseworkerId).Select(u => new { u.DisplayName, u.Email, u.PhoneNumber }).SingleOrDefaultAsync(ct);
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == child.OrganisationId)
            .Select(o => new { o.Name, o.OutOfHoursEmail }).SingleAsync(ct);
        var now = clock.GetUtcNow();
        var today = UkCalendar.DateOf(now);
        await audit.RecordAsync(new AuditEvent(AuditActions.Printed, AuditInterceptor.EntityName(typeof(Profile)), id.ToString(), id, new { child.Reference, page = "missing person profile for the police" }), ct);
        ViewData["Section"] = "Children";
        return View("Print", new MissingProfilePrint
        {
            Child = child,
            Profile = profile,
            Age = child.AgeOn(today),
            CurrentPlacement = child.Placements.Where(p => p.IsCurrentOn(today)).OrderByDescending(p => p.StartDate).FirstOrDefault(),
            CurrentEpisode = child.CurrentMissingEpisode,
            CaseworkerName = caseworker?.DisplayName,
            CaseworkerEmail = caseworker?.Email,
            CaseworkerPhone = caseworker?.PhoneNumber,
            OrganisationName = organisation.Name,
            OutOfHoursEmail = organisation.OutOfHoursEmail,
            PrintedAt = now,
        });
    }

    private async Task<IActionResult> ConflictAsync(Guid id, MissingProfileForm form, Profile? current, CancellationToken ct)
    {
        var theirs = MissingProfileForm.From(current);
        var changed = new List<ConflictingChange>();
        void Compare(string field, string? saved, string? yours)
        {
            if ((saved ?? string.Empty).Trim() != (yours ?? string.Empty).Trim())
            {
                changed.Add(new ConflictingChange(field, saved ?? "Not recorded", yours ?? "Not recorded"));
            }
        }

        Compare("Description", theirs.Description, form.Description);
        Compare("Associates", theirs.Associates, form.Associates);
        Compare("Places", theirs.Places, form.Places);
        Compare("Phone numbers", theirs.PhoneNumbers, form.PhoneNumbers);
        ModelState.AddModelError(string.Empty,
            "Someone else changed this profile after you opened this page. Nothing you entered has been saved yet. Check their changes below, then save again to keep your version.");
        form.Version = theirs.Version;
        ModelState.Remove("Form.Version");
        Response.StatusCode = StatusCodes.Status409Conflict;
        var page = await PageAsync(id, form, current, changed.Count > 0 ? changed : [new ConflictingChange("Profile", "changed", "not yet saved")], ct);
        return page is null ? NotFound() : View("Show", page);
    }

    private async Task<MissingProfilePage?> PageAsync(Guid id, MissingProfileForm form, Profile? profile, IReadOnlyList<ConflictingChange> conflicts, CancellationToken ct)
    {
        var child = await db.Children.VisibleTo(User).AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { c.Reference, c.GivenNames, c.FamilyName, MissingNow = EF.Property<bool>(c, ShadowProperties.MissingNow) })
            .SingleOrDefaultAsync(ct);
        if (child is null)
        {
            return null;
        }

        ViewData["Section"] = "Children";
        return new MissingProfilePage
        {
            Form = form,
            ChildId = id,
            ChildReference = child.Reference,
            ChildName = Child.FullNameOf(child.GivenNames, child.FamilyName),
            MissingNow = child.MissingNow,
            CanEdit = User.CanWriteCases(),
            UpdatedAt = profile?.UpdatedAt,
            UpdatedByName = profile?.UpdatedByName,
            Conflicts = conflicts,
        };
    }
}
