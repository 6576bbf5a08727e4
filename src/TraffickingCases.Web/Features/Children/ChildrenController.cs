using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Features.Assignment;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Children;

[Authorize(Policy = Policies.ReadCases)]
public sealed class ChildrenController(
    CasesDbContext db, AuditTrail audit, TimeProvider clock, RuleThresholds thresholds)
    : Controller
{
    private const int PageSize = 25;

    /// <summary><c>/children?missing=now</c>: the children missing now (the dashboard links here).</summary>
    public const string MissingNowFilter = "now";

    /// <summary>pg_trgm indexes terms of three characters or more.</summary>
    private const int MinimumIndexedTerm = 3;

    [EnableRateLimiting(Throttling.Search)]
    [HttpGet("/children")]
    public async Task<IActionResult> Index(string? q, string? caseworker, bool flagged, string? missing, string? after, string? before, CancellationToken ct)
    {
        var today = UkCalendar.Today(clock);
        var missingNow = missing == MissingNowFilter;
        if (Request.Query.Count == 0 && User.IsInRole(Roles.Caseworker))
        {
            // A caseworker's caseload opens on their own children ("Anyone" in the form shows everyone's); someone
            // with none yet, a new starter, sees everyone's rather than an empty page. One probe of ix_children_caseworker_caseload.
            var me = User.UserId();
            if (await db.Children.VisibleTo(User).AnyAsync(c => c.AssignedCaseworkerId == me, ct))
            {
                caseworker = me;
            }
        }

        var children = db.Children.VisibleTo(User);
        var term = q?.Trim();
        if (!string.IsNullOrEmpty(term))
        {
            // Reference and external id exactly, or any part of a name, other names included: three indexes.
            var upper = term.ToUpperInvariant();
            var pattern = "%" + term.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            if (term.Length >= MinimumIndexedTerm)
            {
                // The matches first, then their order: "OFFSET 0" keeps PostgreSQL from walking the whole caseload
                // in activity order and testing each name (a scan of the organisation for a rare name); it reads
                // the matches from the three indexes instead and sorts only them.
                var organisationId = User.OrganisationId();
                children = db.Children.FromSql($"""
                    SELECT * FROM children
                    WHERE organisation_id = {organisationId} AND merged_into_id IS NULL
                      AND (reference = {upper} OR external_id = {term} OR search_name ILIKE {pattern})
                    OFFSET 0
                    """);
            }
            else
            {
                // Too short for the trigram index; such a term matches many children, found soon in activity order.
                children = children.Where(c =>
                    c.Reference == upper
                    || c.ExternalId == term
                    || EF.Functions.ILike(EF.Property<string>(c, ShadowProperties.SearchName), pattern));
            }
        }

        if (caseworker == FilterChoices.Unassigned)
        {
            children = children.Where(c => c.AssignedCaseworkerId == null);
        }
        else if (!string.IsNullOrEmpty(caseworker))
        {
            children = children.Where(c => c.AssignedCaseworkerId == caseworker);
        }

        if (flagged)
        {
            children = children.Where(c => EF.Property<int>(c, ShadowProperties.OpenFlags) > 0);
        }

        // "Next page" reads on after the last row (after=); "Previous page" reads back from the first (before=), the same
        // index the other way, and turns the rows round.
        var hasAfter = KeysetCursor.TryRead(after, 2, out var cursor) && KeysetCursor.TryReadInstant(cursor[0], out _);
        var backwards = !hasAfter && KeysetCursor.TryRead(before, 2, out cursor) && KeysetCursor.TryReadInstant(cursor[0], out _);
        var hasCursor = hasAfter || backwards;
        var afterTime = hasCursor && KeysetCursor.TryReadInstant(cursor[0], out var t) ? t : default;
        var afterReference = hasCursor ? cursor[1] : string.Empty;
        IQueryable<ListedChild> listed;
        if (missingNow)
        {
            // Children missing now (ix_children_missing_now, a few per thousand) with when their open episode began,
            // most recently missing first: only the missing children are read and sorted, never the whole caseload.
            // The time is looked up per child (the child's latest episode, ix_missing_episodes_child_id_went_missing_at):
            // a join lets PostgreSQL scan every open episode of the service instead (docs/performance.md, issue 14).
            var missingChildren = children.Where(c => EF.Property<bool>(c, ShadowProperties.MissingNow))
                .Select(c => new ListedChild
                {
                    Child = c,
                    MissingSince = db.MissingEpisodes.Where(e => e.ChildId == c.Id && e.ReturnedAt == null)
                        .OrderByDescending(e => e.WentMissingAt).Select(e => (DateTimeOffset?)e.WentMissingAt).FirstOrDefault(),
                });
            if (backwards)
            {
                listed = missingChildren.Where(x => x.MissingSince > afterTime
                        || (x.MissingSince == afterTime && string.Compare(x.Child.Reference, afterReference) > 0))
                    .OrderBy(x => x.MissingSince).ThenBy(x => x.Child.Reference);
            }
            else
            {
                if (hasCursor)
                {
                    missingChildren = missingChildren.Where(x => x.MissingSince < afterTime
                        || (x.MissingSince == afterTime && string.Compare(x.Child.Reference, afterReference) < 0));
                }

                listed = missingChildren.OrderByDescending(x => x.MissingSince).ThenByDescending(x => x.Child.Reference);
            }
        }
        else
        {
            if (backwards)
            {
                listed = children.Where(c => c.LastActivityAt > afterTime
                        || (c.LastActivityAt == afterTime && string.Compare(c.Reference, afterReference) > 0))
                    .OrderBy(c => c.LastActivityAt).ThenBy(c => c.Reference)
                    .Select(c => new ListedChild { Child = c, MissingSince = null });
            }
            else
            {
                if (hasCursor)
                {
                    children = children.Where(c => c.LastActivityAt < afterTime
                        || (c.LastActivityAt == afterTime && string.Compare(c.Reference, afterReference) < 0));
                }

                listed = children.OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Reference)
                    .Select(c => new ListedChild { Child = c, MissingSince = null });
            }
        }

        // One row per child from the children table alone: the summary columns are kept on the row (ChildSummaries).
        var page = await listed
            .Take(PageSize + 1)
            .Select(x => new
            {
                x.Child.Id,
                x.Child.Reference,
                x.Child.GivenNames,
                x.Child.FamilyName,
                x.Child.DateOfBirth,
                x.Child.Nationalities,
                x.Child.AssignedCaseworkerId,
                x.Child.LastActivityAt,
                Stage = EF.Property<NrmStage>(x.Child, ShadowProperties.NrmStage),
                Referrals = EF.Property<int>(x.Child, ShadowProperties.ReferralCount),
                MissingNow = EF.Property<bool>(x.Child, ShadowProperties.MissingNow),
                // The override only while it applies: from its review date the level is the derived one again.
                Override = x.Child.RiskOverrideLevel != null && (x.Child.RiskOverrideReviewOn == null || x.Child.RiskOverrideReviewOn > today) ? x.Child.RiskOverrideLevel : null,
                Risk = EF.Property<Severity>(x.Child, ShadowProperties.RiskLevel),
                ActiveFlags = EF.Property<int>(x.Child, ShadowProperties.ActiveFlags),
                x.MissingSince,
            })
            .ToListAsync(ct);
        var caseworkers = await db.CaseworkersAsync(User);
        var names = caseworkers.ToDictionary(u => u.Id, u => u.DisplayName);

        var more = page.Count > PageSize;
        var shown = page.Take(PageSize).ToList();
        if (backwards)
        {
            shown.Reverse();
        }

        var rows = shown.Select(c => new CaseloadRow(
            c.Id, c.Reference, Child.FullNameOf(c.GivenNames, c.FamilyName), c.DateOfBirth,
            c.DateOfBirth is { } dob ? UkCalendar.AgeOn(dob, today) : null,
            string.Join(", ", c.Nationalities.Select(Domain.Children.Nationalities.NameOf)),
            c.AssignedCaseworkerId is { } id ? names.GetValueOrDefault(id, "Another user") : null,
            c.LastActivityAt,
            Labels.Of(c.Stage),
            c.MissingNow,
            c.Referrals,
            c.Override ?? c.Risk,
            c.Override is not null,
            c.ActiveFlags,
            c.MissingSince)).ToList();
        var first = rows.FirstOrDefault();
        var last = rows.LastOrDefault();
        if (!string.IsNullOrEmpty(term) || !string.IsNullOrEmpty(caseworker) || flagged || missingNow)
        {
            // What was searched and what it found go to the audit store; the request log has no query string.
            await audit.RecordAsync(new AuditEvent(AuditActions.Searched, "Caseload", null, null,
                new { query = term, caseworker, flagged, missing = missingNow ? MissingNowFilter : null, after, before, result_ids = rows.Select(r => r.Id).ToList() }), ct);
        }

        ViewData["Section"] = "Children";
        return View(new CaseloadPage
        {
            Rows = rows,
            Query = term,
            Caseworker = caseworker,
            Flagged = flagged,
            MissingNow = missingNow,
            Caseworkers = [.. FilterChoices.Caseworkers(caseworkers).Select(o => o.Value == User.UserId() ? new SelectListItem($"My children ({o.Text})", o.Value) : o)],
            // Backwards, a full page read plus one means there are more before it; forwards, an after= page has some.
            NextCursor = (backwards || more) && last is not null ? KeysetCursor.Write(last.MissingSince ?? last.LastActivityAt, last.Reference) : null,
            PreviousCursor = (backwards ? more : hasAfter) && first is not null ? KeysetCursor.Write(first.MissingSince ?? first.LastActivityAt, first.Reference) : null,
            IsFirstPage = backwards ? !more : !hasAfter,
        });
    }

    [HttpGet("/children/{id:guid}")]
    public async Task<IActionResult> Show(Guid id, TimelineQuery timeline, CancellationToken ct)
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
        var caseworkerId = child.AssignedCaseworkerId;
        // The organisation, the caseworker's name and the missing profile's last change in one statement.
        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == child.OrganisationId)
            .Select(o => new
            {
                o.Name,
                Caseworker = db.Users.Where(u => u.Id == caseworkerId).Select(u => u.DisplayName).FirstOrDefault(),
                Profile = db.MissingProfiles.Where(p => p.ChildId == id).Select(p => new MissingProfileSummary(p.UpdatedAt, p.UpdatedByName)).FirstOrDefault(),
            })
            .SingleAsync(ct);
        ViewData["Section"] = "Children";
        var now = clock.GetUtcNow();
        var filter = TimelineFilter.Read(timeline);
        if (filter.Problems.Count > 0)
        {
            // The page still shows, with the message beside the date; nothing is lost.
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        var entries = Timeline.For(child, flags, now, TimeSpan.FromHours(thresholds.ReturnInterviewDueHours));
        return View(new ChildRecordPage
        {
            Child = child,
            OrganisationName = organisation.Name,
            CaseworkerName = organisation.Caseworker,
            Today = UkCalendar.DateOf(now),
            Now = now,
            Timeline = filter.Apply(entries),
            TimelineTotal = entries.Count,
            Filter = filter,
            ReturnInterviewDue = TimeSpan.FromHours(thresholds.ReturnInterviewDueHours),
            MissingProfile = organisation.Profile,
            CanAssignCaseworker = CaseworkerAssignment.MayAssign(User, child.AssignedCaseworkerId),
            CanEdit = User.CanWriteCases(),
            Flags = flags,
            DerivedRisk = RiskLevels.Derive(flags),
            CanManageFlags = User.IsInRole(Roles.Manager),
            Merges = merges,
            LinkedRecords = links,
        });
    }

    /// <summary>
    /// Every event of the child's record, oldest first, on one printable page for a strategy meeting or court. The
    /// same access as the child's page (organisation scoping; a merged record answers 404 here), and each view is
    /// audited in the child's access log.
    /// </summary>
    [HttpGet("/children/{id:guid}/chronology")]
    public async Task<IActionResult> Chronology(Guid id, CancellationToken ct)
    {
        var child = await db.Children.VisibleTo(User).AsNoTracking()
            .Include(c => c.Referrals).Include(c => c.MissingEpisodes).Include(c => c.Placements)
            .Include(c => c.SupportRequests).Include(c => c.Notes)
            .AsSplitQuery()
            .SingleOrDefaultAsync(c => c.Id == id, ct);
        if (child is null)
        {
            return NotFound();
        }

        var flags = await db.Flags.AsNoTracking().Include(f => f.Events).Where(f => f.ChildId == child.Id).ToListAsync(ct);
        var merges = await db.ChildMerges.AsNoTracking().Where(m => m.SurvivorId == child.Id).ToListAsync(ct);

        // Who first entered each record: its "created" line in the audit trail, under this child or a record merged into it.
        var childIds = merges.Select(m => m.MergedId).Append(child.Id).Distinct().ToList();
        var creators = await db.AuditEntries.AsNoTracking()
            .Where(e => e.ChildId != null && childIds.Contains(e.ChildId.Value) && e.Action == AuditActions.Created && ChronologyPage.RecordTypes.Contains(e.EntityType))
            .OrderBy(e => e.ChildId).ThenBy(e => e.Sequence)
            .Select(e => new { e.EntityId, e.ActorName })
            .Take(ChronologyPage.MaxCreators)
            .ToListAsync(ct);
        var recordedBy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var creator in creators.Where(c => c.EntityId is not null))
        {
            recordedBy.TryAdd(creator.EntityId!, creator.ActorName);
        }

        var organisation = await db.Organisations.AsNoTracking().Where(o => o.Id == child.OrganisationId).Select(o => o.Name).SingleAsync(ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.ViewedChronology, "Child", child.Id.ToString(), child.Id, new { child.Reference }), ct);

        var now = clock.GetUtcNow();
        var entries = Timeline.For(child, flags, now)
            .Append(new TimelineEntry(child.CreatedAt, Display.Time(child.CreatedAt), "record", "Record opened", [], null, RecordId: child.Id))
            .Concat(merges.SelectMany(m => MergeEntries(m)))
            .OrderBy(e => e.SortAt).ThenBy(e => e.Kind, StringComparer.Ordinal)
            .Select(e => new ChronologyEntry(e, e.Byline ?? (e.RecordId is { } record ? recordedBy.GetValueOrDefault(record.ToString()) : null) ?? "Not recorded"))
            .ToList();
        ViewData["Section"] = "Children";
        return View(new ChronologyPage
        {
            Child = child,
            OrganisationName = organisation,
            PrintedAt = now,
            Entries = entries,
        });
    }

    private static IEnumerable<TimelineEntry> MergeEntries(ChildMerge merge)
    {
        yield return new TimelineEntry(merge.At, Display.Time(merge.At), "record", "Another record of this child merged into this one",
            [], null, merge.ByName, merge.Reason, merge.MergedReference);
        if (merge.UndoneAt is { } undone)
        {
            yield return new TimelineEntry(undone, Display.Time(undone), "record", "Merge undone",
                [], null, merge.UndoneByName, merge.UndoReason, merge.MergedReference);
        }
    }
}
