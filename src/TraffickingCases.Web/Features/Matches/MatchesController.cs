using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Matches;

public sealed record MatchRow(Guid FlagId, Guid ChildId, string Reference, string Name, Guid OtherId, string OtherReference, string? OtherName,
    string OtherOrganisation, bool SameOrganisation, Severity Severity, string Evidence, DateTimeOffset RaisedAt);

public sealed record MatchQueuePage(IReadOnlyList<MatchRow> Rows);

/// <summary>One side of a pair; the personal fields are empty when the record is held by another organisation.</summary>
public sealed record MatchSide(Guid Id, string Reference, string Organisation, bool Visible, Child? Child);

public sealed record MatchPairPage(Guid FlagId, Flag Flag, MatchSide Ours, MatchSide Theirs);

public sealed class NotSameForm
{
    public string? Reason { get; set; }
}

/// <summary>
/// The manager's review of RR-00 "possible same child" pairs. A manager sees both records in full when both
/// belong to their organisation; a record held by another organisation shows only its organisation and
/// reference (need-to-know). A manager decides "not the same child" for the flags their organisation holds:
/// across organisations, each organisation's manager decides for its own record.
/// </summary>
[Authorize(Policy = Policies.ManageFlags)]
public sealed class MatchesController(CasesDbContext db, AuditTrail audit, TimeProvider clock, ILogger<MatchesController> logger) : Controller
{
    [HttpGet("/matches")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        var flags = await db.Flags.AsNoTracking()
            .Where(f => f.RuleCode == Flag.MatchCode && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged))
            .Join(db.Children.Where(c => c.OrganisationId == organisationId), f => f.ChildId, c => c.Id, (f, c) => new { Flag = f, Child = c })
            .OrderByDescending(x => x.Flag.Severity).ThenBy(x => x.Flag.RaisedAt)
            .Take(200)
            .ToListAsync(ct);
        var otherIds = flags.Select(x => Guid.Parse(x.Flag.OccurrenceKey)).Distinct().ToList();
        var others = await db.Children.AsNoTracking().Where(c => otherIds.Contains(c.Id))
            .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new { c.Id, c.Reference, c.GivenNames, c.FamilyName, c.OrganisationId, Organisation = o.Name })
            .ToDictionaryAsync(c => c.Id, ct);
        var rows = new List<MatchRow>();
        var seen = new HashSet<(Guid, Guid)>();
        foreach (var x in flags)
        {
            var otherId = Guid.Parse(x.Flag.OccurrenceKey);
            var pair = x.Child.Id.CompareTo(otherId) < 0 ? (x.Child.Id, otherId) : (otherId, x.Child.Id);
            if (!others.TryGetValue(otherId, out var other) || !seen.Add(pair))
            {
                continue;
            }

            var same = other.OrganisationId == organisationId;
            rows.Add(new MatchRow(x.Flag.Id, x.Child.Id, x.Child.Reference, x.Child.FullName, otherId, other.Reference,
                same ? string.Join(' ', new[] { other.GivenNames, other.FamilyName }.Where(n => n.Length > 0)) : null,
                other.Organisation, same, x.Flag.Severity, x.Flag.Evidence, x.Flag.RaisedAt));
        }

        ViewData["Section"] = "Matches";
        return View(new MatchQueuePage(rows));
    }

    [HttpGet("/matches/{flagId:guid}")]
    public async Task<IActionResult> Show(Guid flagId, CancellationToken ct)
    {
        var page = await PairAsync(flagId, ct);
        if (page is null)
        {
            return NotFound();
        }

        // Both records are on this page (the other organisation's by reference only): two views of children.
        await audit.RecordAsync(
            new[] { page.Ours, page.Theirs }.Select(side => new AuditEvent(AuditActions.Viewed, "Child", side.Id.ToString(), side.Id,
                new { side.Reference, page = "match review", full_record = side.Visible })), ct);
        ViewData["Section"] = "Matches";
        return View(page);
    }

    [HttpPost("/matches/{flagId:guid}/not-same")]
    public async Task<IActionResult> NotSame(Guid flagId, [Bind(Prefix = "Form")] NotSameForm form, CancellationToken ct)
    {
        var page = await PairAsync(flagId, ct);
        if (page is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(form.Reason))
        {
            ModelState.AddModelError("Form.Reason", "Enter why these are not the same child");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            ViewData["Section"] = "Matches";
            return View("Show", page);
        }

        // Dismiss every open flag on this pair that this organisation holds: both, when both records are ours.
        var organisationId = User.OrganisationId();
        var ours = page.Ours.Id;
        var theirs = page.Theirs.Id;
        var flags = await db.Flags
            .Where(f => f.RuleCode == Flag.MatchCode && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged))
            .Where(f => (f.ChildId == ours && f.OccurrenceKey == theirs.ToString()) || (f.ChildId == theirs && f.OccurrenceKey == ours.ToString()))
            .Where(f => db.Children.Any(c => c.Id == f.ChildId && c.OrganisationId == organisationId))
            .ToListAsync(ct);
        foreach (var flag in flags)
        {
            flag.Dismiss(User.UserId(), User.DisplayName(), $"Not the same child: {form.Reason.Trim()}", clock.GetUtcNow());
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Pair {FlagId} decided not the same child; {Count} flags dismissed", flagId, flags.Count);
        TempData["Confirmation"] = $"Recorded: {page.Ours.Reference} and {page.Theirs.Reference} are not the same child. This pair will not alert again.";
        return Redirect("/matches");
    }

    private async Task<MatchPairPage?> PairAsync(Guid flagId, CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        var flag = await db.Flags.AsNoTracking().Include(f => f.Events).SingleOrDefaultAsync(f => f.Id == flagId && f.RuleCode == Flag.MatchCode, ct);
        if (flag is null || !Guid.TryParse(flag.OccurrenceKey, out var otherId))
        {
            return null;
        }

        var children = await db.Children.AsNoTracking().Include(c => c.Referrals).Where(c => c.Id == flag.ChildId || c.Id == otherId).ToListAsync(ct);
        var ours = children.SingleOrDefault(c => c.Id == flag.ChildId);
        var theirs = children.SingleOrDefault(c => c.Id == otherId);
        if (ours is null || theirs is null || ours.OrganisationId != organisationId)
        {
            return null;
        }

        var names = await db.Organisations.AsNoTracking().Where(o => o.Id == ours.OrganisationId || o.Id == theirs.OrganisationId)
            .ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var visible = theirs.OrganisationId == organisationId;
        return new MatchPairPage(flagId, flag,
            new MatchSide(ours.Id, ours.Reference, names[ours.OrganisationId], true, ours),
            new MatchSide(theirs.Id, theirs.Reference, names[theirs.OrganisationId], visible, visible ? theirs : null));
    }

    public static string DateOfBirth(Child child) =>
        child.DateOfBirth is { } dob ? $"{UkCalendar.Format(dob)} ({Labels.Of(child.DobPrecision).ToLowerInvariant()})" : "Not known";
}
