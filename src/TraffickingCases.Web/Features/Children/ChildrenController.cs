using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Children;

[Authorize(Policy = Policies.ReadCases)]
public sealed class ChildrenController(
    CasesDbContext db, UserManager<AppUser> users, RulesService rules, CandidateSearch candidates, MatchFlagger matches, AuditTrail audit, TimeProvider clock,
    ILogger<ChildrenController> logger)
    : Controller
{
    private const int PageSize = 25;

    [HttpGet("/children")]
    public async Task<IActionResult> Index(string? q, string? caseworker, bool flagged, string? after, CancellationToken ct)
    {
        var today = UkCalendar.Today(clock);
        var children = db.Children.VisibleTo(User);
        var term = q?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            var upper = term.ToUpperInvariant();
            var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            children = children.Where(c =>
                c.Reference == upper
                || c.ExternalId == term
                || EF.Functions.ILike(EF.Property<string>(c, "SearchName"), pattern)
                || c.OtherNames.Any(n => EF.Functions.ILike(n, pattern)));
        }

        if (caseworker == "unassigned")
        {
            children = children.Where(c => c.AssignedCaseworkerId == null);
        }
        else if (!string.IsNullOrEmpty(caseworker))
        {
            children = children.Where(c => c.AssignedCaseworkerId == caseworker);
        }

        if (flagged)
        {
            children = children.Where(c => db.Flags.Any(f => f.ChildId == c.Id && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged)));
        }

        if (TryReadCursor(after, out var afterTime, out var afterReference))
        {
            children = children.Where(c => c.LastActivityAt < afterTime
                || (c.LastActivityAt == afterTime && string.Compare(c.Reference, afterReference) < 0));
        }

        var caseworkers = await db.CaseworkersAsync(User);
        var names = caseworkers.ToDictionary(u => u.Id, u => u.DisplayName);
        var page = await children
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Reference)
            .Take(PageSize + 1)
            .Select(c => new
            {
                c.Id,
                c.Reference,
                c.GivenNames,
                c.FamilyName,
                c.DateOfBirth,
                c.Nationalities,
                c.AssignedCaseworkerId,
                c.LastActivityAt,
                Latest = c.Referrals.OrderByDescending(r => r.ReferralDate)
                    .Select(r => new { r.RgOutcome, r.CgOutcome, r.WithdrawnOn }).FirstOrDefault(),
                Referrals = c.Referrals.Count,
                MissingNow = c.MissingEpisodes.Any(e => e.ReturnedAt == null),
                c.RiskOverrideLevel,
                OpenSeverities = db.Flags
                    .Where(f => f.ChildId == c.Id && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged) && f.ConditionClearedAt == null)
                    .Select(f => f.Severity).ToList(),
            })
            .ToListAsync(ct);

        var rows = page.Take(PageSize).Select(c => new CaseloadRow(
            c.Id, c.Reference, string.Join(' ', new[] { c.GivenNames, c.FamilyName }.Where(n => n.Length > 0)), c.DateOfBirth,
            c.DateOfBirth is { } dob ? UkCalendar.AgeOn(dob, today) : null,
            string.Join(", ", c.Nationalities.Select(Domain.Children.Nationalities.NameOf)),
            c.AssignedCaseworkerId is { } id ? names.GetValueOrDefault(id, "Another user") : null,
            c.LastActivityAt,
            c.Latest is null ? "No referral"
                : c.Latest.WithdrawnOn is not null ? "Withdrawn or suspended"
                : c.Latest.RgOutcome == DecisionOutcome.Pending ? "Waiting for RG decision"
                : c.Latest.RgOutcome == DecisionOutcome.Negative ? "Negative RG"
                : c.Latest.CgOutcome == DecisionOutcome.Pending ? "Waiting for CG decision"
                : $"{Labels.Of(c.Latest.CgOutcome)} CG",
            c.MissingNow,
            c.Referrals,
            c.RiskOverrideLevel ?? RiskLevels.Derive(c.OpenSeverities),
            c.RiskOverrideLevel is not null,
            c.OpenSeverities.Count)).ToList();
        var last = rows.LastOrDefault();
        if (!string.IsNullOrEmpty(term) || !string.IsNullOrEmpty(caseworker) || flagged)
        {
            // What was searched and what it found go to the audit store; the request log has no query string.
            await audit.RecordAsync(new AuditEvent(AuditActions.Searched, "Caseload", null, null,
                new { query = term, caseworker, flagged, after, result_ids = rows.Select(r => r.Id).ToList() }), ct);
        }

        ViewData["Section"] = "Children";
        return View(new CaseloadPage
        {
            Rows = rows,
            Query = term,
            Caseworker = caseworker,
            Flagged = flagged,
            Caseworkers = CaseworkerFilter(caseworkers),
            NextCursor = page.Count > PageSize && last is not null
                ? $"{last.LastActivityAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}_{last.Reference}"
                : null,
            IsFirstPage = after is null,
        });
    }

    [Authorize(Policy = Policies.WriteCases)]
    [HttpGet("/children/new")]
    public async Task<IActionResult> New() => View("Form", await FormPage(new ChildForm { Gender = null, AssignedCaseworkerId = User.UserId() }, null));

    [Authorize(Policy = Policies.WriteCases)]
    [HttpPost("/children/new")]
    public async Task<IActionResult> Create([Bind(Prefix = "Form")] ChildForm form, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var details = form.ToDetails();
        if (ModelState.IsValid && !form.Confirmed)
        {
            var similar = await SimilarChildrenAsync(details, ct);
            if (similar.Count > 0)
            {
                form.Confirmed = true;
                ModelState.Remove("Form." + nameof(ChildForm.Confirmed));
                return View("Form", await FormPage(form, null, similar: similar));
            }
        }

        if (ModelState.IsValid)
        {
            await EnsureExternalIdFree(details.ExternalId, null, ct);
        }

        if (!ModelState.IsValid)
        {
            try
            {
                // Nothing is saved; this only gathers the domain's errors to show beside the binding ones.
                Child.Register("TC-CHECK", details, User.OrganisationId(), null, now);
            }
            catch (DomainValidationException e)
            {
                ModelState.AddDomainErrorsNotYetShown(e, "Form");
            }

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Form", await FormPage(form, null));
        }

        try
        {
            var child = Child.Register(await db.NextChildReferenceAsync(ct), details, User.OrganisationId(),
                await ValidCaseworker(form.AssignedCaseworkerId), now);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Children.Add(child);
            await db.SaveChangesAsync(ct);

            // A registration that may repeat a child already held raises RR-00 on both records now.
            await matches.RaiseForAsync([child.Id], now, ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Child {ChildId} registered as {Reference}", child.Id, child.Reference);
            TempData["Confirmation"] = $"Child registered as {child.Reference}";
            return Redirect($"/children/{child.Id}");
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, "Form");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Form", await FormPage(form, null));
        }
    }

    [HttpGet("/children/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, CancellationToken ct)
    {
        var child = await db.Children.VisibleTo(User).AsNoTracking()
            .Include(c => c.Referrals).Include(c => c.MissingEpisodes).Include(c => c.Placements)
            .Include(c => c.SupportRequests).Include(c => c.Notes)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (child is null)
        {
            // A record merged into another answers with the surviving record.
            var organisationId = User.OrganisationId();
            var merged = await db.Children.AsNoTracking().Where(c => c.Id == id && c.OrganisationId == organisationId && c.MergedIntoId != null)
                .Select(c => new { c.Reference, c.MergedIntoId }).SingleOrDefaultAsync(ct);
            if (merged is null)
            {
                return NotFound();
            }

            TempData["Confirmation"] = $"{merged.Reference} was merged into this record";
            return Redirect($"/children/{merged.MergedIntoId}");
        }

        var merges = await db.ChildMerges.AsNoTracking().Where(m => m.SurvivorId == child.Id).OrderByDescending(m => m.At).ToListAsync(ct);
        var links = await db.MatchDecisions.AsNoTracking()
            .Where(d => d.Kind == MatchDecisionKind.SameHeldElsewhere && (d.ChildAId == child.Id || d.ChildBId == child.Id))
            .Join(db.Children, d => d.ChildAId == child.Id ? d.ChildBId : d.ChildAId, c => c.Id, (d, c) => new { d, c.Reference, c.OrganisationId })
            .Join(db.Organisations, x => x.OrganisationId, o => o.Id, (x, o) => new LinkedRecord(x.Reference, o.Name, x.d.DecidedByName, x.d.DecidedAt, x.d.Reason))
            .ToListAsync(ct);
        var flags = await db.Flags.AsNoTracking().Include(f => f.Events).Where(f => f.ChildId == child.Id)
            .OrderByDescending(f => f.RaisedAt).ToListAsync(ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Child", child.Id.ToString(), child.Id, new { child.Reference }), ct);
        var caseworker = child.AssignedCaseworkerId is { } userId ? await users.FindByIdAsync(userId) : null;
        var organisation = await db.Organisations.AsNoTracking().SingleAsync(o => o.Id == child.OrganisationId, ct);
        ViewData["Section"] = "Children";
        return View(new ChildRecordPage
        {
            Child = child,
            OrganisationName = organisation.Name,
            CaseworkerName = caseworker?.DisplayName,
            Today = UkCalendar.Today(clock),
            Now = clock.GetUtcNow(),
            Timeline = Timeline.For(child, clock.GetUtcNow()),
            CanEdit = User.CanWriteCases(),
            Flags = flags,
            DerivedRisk = RiskLevels.Derive(flags),
            CanManageFlags = User.IsInRole(Roles.Manager),
            Merges = merges,
            LinkedRecords = links,
        });
    }

    [Authorize(Policy = Policies.WriteCases)]
    [HttpGet("/children/{id:guid}/edit")]
    public async Task<IActionResult> Edit(Guid id, CancellationToken ct)
    {
        var child = await db.Children.VisibleTo(User).AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        if (child is null)
        {
            return NotFound();
        }

        // The form shows every detail of the child: a view like the record's page.
        await audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Child", child.Id.ToString(), child.Id, new { child.Reference, page = "edit form" }), ct);
        return View("Form", await FormPage(ChildForm.From(child), child));
    }

    [Authorize(Policy = Policies.WriteCases)]
    [HttpPost("/children/{id:guid}/edit")]
    public async Task<IActionResult> Update(Guid id, [Bind(Prefix = "Form")] ChildForm form, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await rules.LockAsync([id], ct);
        var child = await db.FindWithHistoryAsync(User, id, ct);
        if (child is null)
        {
            return NotFound();
        }

        var details = form.ToDetails();
        if (ModelState.IsValid)
        {
            await EnsureExternalIdFree(details.ExternalId, child.Id, ct);
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Form", await FormPage(form, child));
        }

        // Someone saved this child since the form was opened: refuse if they changed what this form shows.
        var conflicts = child.Version == form.Version ? [] : Conflicts(form, child);
        if (conflicts.Count > 0)
        {
            return await Conflict(form, child, conflicts);
        }

        try
        {
            db.Entry(child).Property(c => c.Version).OriginalValue = child.Version;
            child.UpdateDetails(details, clock.GetUtcNow());
            child.AssignCaseworker(await ValidCaseworker(form.AssignedCaseworkerId), clock.GetUtcNow());

            // A changed date of birth changes the age-based rules.
            await rules.EvaluateTrackedAsync(child, clock.GetUtcNow(), ct);
            await db.SaveChangesAsync(ct);

            // New names, an alias or a corrected date of birth may reveal a record of the same child.
            await matches.RaiseForAsync([child.Id], clock.GetUtcNow(), ct);
            await transaction.CommitAsync(ct);
        }
        catch (DomainValidationException e)
        {
            ModelState.AddDomainErrors(e, "Form");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Form", await FormPage(form, child));
        }
        catch (DbUpdateConcurrencyException)
        {
            // Saved by someone else between loading and saving; show what they changed, overwrite nothing.
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var current = await db.Children.VisibleTo(User).AsNoTracking().SingleAsync(c => c.Id == id, ct);
            return await Conflict(form, current, Conflicts(form, current));
        }

        logger.LogInformation("Child {ChildId} details updated", child.Id);
        TempData["Confirmation"] = "Child's details saved";
        return Redirect($"/children/{child.Id}");
    }

    private async Task<IActionResult> Conflict(ChildForm form, Child current, IReadOnlyList<ConflictingChange> conflicts)
    {
        logger.LogInformation("Edit of child {ChildId} refused: changed by someone else", current.Id);
        ModelState.AddModelError(string.Empty, "Someone else changed this child's details after you opened this page. Nothing you entered has been saved yet. Check their changes below, then save again to keep your version.");
        form.Version = current.Version;
        form.Original = ChildForm.Snapshot(current.ToDetails());
        ModelState.Remove("Form." + nameof(ChildForm.Version));
        ModelState.Remove("Form." + nameof(ChildForm.Original));
        Response.StatusCode = StatusCodes.Status409Conflict;
        return View("Form", await FormPage(form, current, conflicts.Count > 0 ? conflicts : [new ConflictingChange("Record", "changed", "not yet saved")]));
    }

    private static List<ConflictingChange> Conflicts(ChildForm form, Child current) =>
        ConflictingChange.Between(ChildForm.FromSnapshot<ChildDetails>(form.Original), current.ToDetails(), form.ToDetails(),
            ("External id", d => d.ExternalId ?? string.Empty),
            ("Given names", d => d.GivenNames),
            ("Family name", d => d.FamilyName),
            ("Other names", d => string.Join(", ", d.OtherNames)),
            ("Date of birth", d => Display.Date(d.DateOfBirth)),
            ("How sure is the date of birth", d => Labels.Of(d.DobPrecision)),
            ("Gender", d => Labels.Of(d.Gender)),
            ("Nationalities", d => string.Join(", ", d.Nationalities)),
            ("First language", d => d.FirstLanguage ?? string.Empty),
            ("Needs an interpreter", d => Display.YesNo(d.InterpreterNeeded)),
            ("Unaccompanied asylum-seeking child", d => Display.YesNo(d.IsUasc)));

    /// <summary>Children in any organisation the matcher rates as possibly or likely the same child.</summary>
    private async Task<IReadOnlyList<SimilarChild>> SimilarChildrenAsync(ChildDetails details, CancellationToken ct)
    {
        var found = await candidates.FindAsync(PersonRecord.Of(details), null, 10, ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.Searched, "SimilarChildren", null, null, new
        {
            given_names = details.GivenNames, family_name = details.FamilyName, other_names = details.OtherNames,
            date_of_birth = details.DateOfBirth, result_ids = found.Select(c => c.ChildId).ToList(),
        }), ct);
        var organisationId = User.OrganisationId();
        return found.Select(c => c.OrganisationId == organisationId
                ? new SimilarChild(c.ChildId, c.Reference, true, c.OrganisationName, string.Join(' ', new[] { c.GivenNames, c.FamilyName }.Where(n => n.Length > 0)),
                    c.DateOfBirth, Band(c.Match.Band), c.Match.Explanation)
                : new SimilarChild(c.ChildId, c.Reference, false, c.OrganisationName, null, null, Band(c.Match.Band), c.Match.ExplanationWithoutNames))
            .ToList();
    }

    private static string Band(MatchBand band) => band == MatchBand.Likely ? "Likely the same child" : "Possibly the same child";

    private async Task EnsureExternalIdFree(string? externalId, Guid? self, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(externalId))
        {
            return;
        }

        var trimmed = externalId.Trim();
        if (await db.Children.AnyAsync(c => c.ExternalId == trimmed && c.Id != self, ct))
        {
            ModelState.AddModelError("Form." + nameof(ChildForm.ExternalId), "Another child already has this external id");
        }
    }

    private async Task<string?> ValidCaseworker(string? userId)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return null;
        }

        var caseworkers = await db.CaseworkersAsync(User);
        return caseworkers.Any(u => u.Id == userId) ? userId : null;
    }

    private async Task<ChildFormPage> FormPage(ChildForm form, Child? child, IReadOnlyList<ConflictingChange>? conflicts = null, IReadOnlyList<SimilarChild>? similar = null)
    {
        ViewData["Section"] = "Children";
        var caseworkers = await db.CaseworkersAsync(User);
        return new ChildFormPage
        {
            Form = form,
            ChildId = child?.Id,
            ChildReference = child?.Reference,
            Caseworkers = [new SelectListItem("Not assigned", string.Empty), .. caseworkers.Select(u => new SelectListItem(u.DisplayName, u.Id))],
            Conflicts = conflicts ?? [],
            SimilarChildren = similar ?? [],
        };
    }

    private static IReadOnlyList<SelectListItem> CaseworkerFilter(IEnumerable<AppUser> caseworkers) =>
        [new SelectListItem("Anyone", string.Empty), new SelectListItem("Not assigned", "unassigned"), .. caseworkers.Select(u => new SelectListItem(u.DisplayName, u.Id))];

    private static bool TryReadCursor(string? cursor, out DateTimeOffset time, out string reference)
    {
        time = default;
        reference = string.Empty;
        var parts = cursor?.Split('_', 2);
        if (parts is not { Length: 2 } || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        time = new DateTimeOffset(ticks, TimeSpan.Zero);
        reference = parts[1];
        return true;
    }
}
