using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Matches;

/// <summary>
/// One pair in the queue. For a pair whose other record is another organisation's, the other record's name and the
/// flag's evidence are left out: the row shows the band, that organisation and its reference only (need-to-know).
/// </summary>
public sealed record MatchRow(Guid FlagId, Guid ChildId, string Reference, string Name, Guid OtherId, string OtherReference, string? OtherName,
    string OtherOrganisation, bool SameOrganisation, Severity Severity, string? Evidence, DateTimeOffset RaisedAt);

public sealed record MatchQueuePage(IReadOnlyList<MatchRow> Rows);

/// <summary>One side of a pair; the personal fields are empty when the record is held by another organisation.</summary>
public sealed record MatchSide(Guid Id, string Reference, string Organisation, bool Visible, Child? Child);

public sealed record MatchPairPage(Guid FlagId, Flag Flag, MatchSide Ours, MatchSide Theirs)
{
    public bool SameOrganisation => Theirs.Visible;

    /// <summary>For a pair within the manager's organisation: the scores and weights, shown in "How this was worked out".</summary>
    public MatchWorkings? Workings { get; init; }

    public NotSameForm Form { get; init; } = new();

    public MergeForm Merge { get; init; } = new();

    public SameForm Same { get; init; } = new();
}

/// <summary>The probability the flag was raised with, and the pair scored now by the current model (null when no longer a candidate).</summary>
public sealed record MatchWorkings(double? RaisedProbability, int? RaisedModelVersion, MatchResult? Now);

public sealed class NotSameForm
{
    public string? Reason { get; set; }
}

/// <summary>Same child, both records ours: which record survives, and why.</summary>
public sealed class MergeForm
{
    /// <summary>"ours" or "theirs": the record the flag is on, or the other one.</summary>
    public string? Survivor { get; set; }

    public string? Reason { get; set; }
}

/// <summary>Same child, the other record held by another organisation: recorded and linked, not merged.</summary>
public sealed class SameForm
{
    public string? Reason { get; set; }
}

/// <summary>
/// The manager's review of RR-00 "possible same child" pairs. A manager sees both records in full when both
/// belong to their organisation; a record held by another organisation shows only its organisation and
/// reference (need-to-know). Both records ours: decide "same child" (merge) or "not the same". Across
/// organisations a manager decides for their own record only: "not the same", or "same child held by them",
/// which links the records (reference and organisation only) without moving anything (ADR 009).
/// </summary>
[Authorize(Policy = Policies.ManageFlags)]
public sealed class MatchesController(
    CasesDbContext db, MergeService merges, MatchDecisionService decisions, CandidateSearch search, AuditTrail audit, ILogger<MatchesController> logger) : Controller
{
    private const string DecidedMeanwhile =
        "Someone else changed these records or decided this pair while you were looking at it. Nothing you entered has been saved; open the pair again.";

    [HttpGet("/matches")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        var flags = await db.Flags.AsNoTracking().ThatAreOpen()
            .Where(f => f.RuleCode == Flag.MatchCode && EF.Property<Guid>(f, ShadowProperties.FlagOrganisation) == organisationId)
            .Join(db.Children, f => f.ChildId, c => c.Id, (f, c) => new { Flag = f, Child = c })
            .OrderByDescending(x => x.Flag.Severity).ThenBy(x => x.Flag.RaisedAt).ThenBy(x => EF.Property<long>(x.Flag, ShadowProperties.FlagSequence))
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
            var pair = MatchDecision.Ordered(x.Child.Id, otherId);
            if (!others.TryGetValue(otherId, out var other) || !seen.Add(pair))
            {
                continue;
            }

            var same = other.OrganisationId == organisationId;
            rows.Add(new MatchRow(x.Flag.Id, x.Child.Id, x.Child.Reference, x.Child.FullName, otherId, other.Reference,
                same ? Child.FullNameOf(other.GivenNames, other.FamilyName) : null,
                other.Organisation, same, x.Flag.Severity, same ? x.Flag.Evidence : null, x.Flag.RaisedAt));
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

        // Within one organisation a manager may see how the pair was scored: then, and now with the current model.
        if (page.SameOrganisation && page.Ours.Child is { } ours && page.Theirs.Child is { } theirs)
        {
            var now = (await search.ScoreAllAsync(PersonRecord.Of(ours), ours.Id, ct)).FirstOrDefault(c => c.ChildId == theirs.Id)?.Match;
            page = page with { Workings = new MatchWorkings(page.Flag.MatchProbability, page.Flag.MatchModelVersion, now) };
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

        var decision = await DecideAsync(page, MatchDecisionKind.NotSame, form.Reason, ct);
        if (decision is null)
        {
            return Invalid(page with { Form = form });
        }

        TempData["Confirmation"] = $"Recorded: {page.Ours.Reference} and {page.Theirs.Reference} are not the same child. This pair will not alert again.";
        return Redirect("/matches");
    }

    /// <summary>Both records ours, the same child: merge one into the other.</summary>
    [HttpPost("/matches/{flagId:guid}/merge")]
    public async Task<IActionResult> Merge(Guid flagId, [Bind(Prefix = "Merge")] MergeForm form, CancellationToken ct)
    {
        var page = await PairAsync(flagId, ct);
        if (page is null || !page.SameOrganisation)
        {
            return NotFound();
        }

        page = page with { Merge = form };
        if (form.Survivor is not ("ours" or "theirs"))
        {
            ModelState.AddModelError("Merge.Survivor", "Choose which record to keep");
        }

        if (string.IsNullOrWhiteSpace(form.Reason))
        {
            ModelState.AddModelError("Merge.Reason", "Enter why these records are the same child");
        }

        if (!ModelState.IsValid)
        {
            return Invalid(page);
        }

        var (survivor, merged) = form.Survivor == "ours" ? (page.Ours, page.Theirs) : (page.Theirs, page.Ours);
        switch (await merges.MergeAsync(survivor.Id, merged.Id, form.Reason!, Actor(), ct))
        {
            case ChangeResult<ChildMerge>.Saved { Value: var merge }:
                logger.LogInformation("Child {MergedId} merged into {SurvivorId} (merge {MergeId})", merged.Id, survivor.Id, merge.Id);
                TempData["Confirmation"] = $"{merged.Reference} merged into {survivor.Reference}. Everything recorded on {merged.Reference} is now on this record; you can undo the merge below.";
                return Redirect($"/children/{survivor.Id}");
            case ChangeResult<ChildMerge>.Invalid invalid:
                ModelState.AddDomainErrors(invalid.Errors, "Merge");
                return Invalid(page);
            case ChangeResult<ChildMerge>.Conflict:
                ModelState.AddModelError(string.Empty, DecidedMeanwhile);
                return Invalid(page);
            default:
                return NotFound();
        }
    }

    /// <summary>The other record is another organisation's: record that it is the same child, and link the records.</summary>
    [HttpPost("/matches/{flagId:guid}/same")]
    public async Task<IActionResult> Same(Guid flagId, [Bind(Prefix = "Same")] SameForm form, CancellationToken ct)
    {
        var page = await PairAsync(flagId, ct);
        if (page is null || page.SameOrganisation)
        {
            return NotFound();
        }

        var decision = await DecideAsync(page, MatchDecisionKind.SameHeldElsewhere, form.Reason, ct);
        if (decision is null)
        {
            return Invalid(page with { Same = form });
        }

        TempData["Confirmation"] = $"Recorded: {page.Ours.Reference} is the same child as {page.Theirs.Reference} held by {page.Theirs.Organisation}. Contact them to share what each of you holds.";
        return Redirect($"/children/{page.Ours.Id}");
    }

    /// <summary>
    /// Records the manager's decision on the pair and closes the RR-00 flags their organisation holds on it:
    /// dismissed for "not the same", resolved for "the same child held elsewhere". Null, with the errors in
    /// the model state, when the decision is not valid.
    /// </summary>
    private async Task<MatchDecision?> DecideAsync(MatchPairPage page, MatchDecisionKind kind, string? reason, CancellationToken ct)
    {
        var pair = new MatchPair(page.Ours.Id, page.Ours.Reference, page.Theirs.Id, page.Theirs.Reference, page.Theirs.Organisation, page.Flag.OccurrenceKey);
        switch (await decisions.DecideAsync(pair, kind, reason ?? string.Empty, Actor(), ct))
        {
            case ChangeResult<MatchDecision>.Saved { Value: var decision, Changes: var changed }:
                logger.LogInformation("Pair {FlagId} decided {Decision}; {Count} flags closed", page.FlagId, kind, changed.FlagsClosed.Count);
                return decision;
            case ChangeResult<MatchDecision>.Invalid invalid:
                ModelState.AddDomainErrors(invalid.Errors, kind == MatchDecisionKind.NotSame ? "Form" : "Same");
                return null;
            default:
                ModelState.AddModelError(string.Empty, DecidedMeanwhile);
                return null;
        }
    }

    private MergeActor Actor() => new(User.UserId(), User.DisplayName(), User.OrganisationId());

    private IActionResult Invalid(MatchPairPage page)
    {
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        ViewData["Section"] = "Matches";
        return View("Show", page);
    }


    private async Task<MatchPairPage?> PairAsync(Guid flagId, CancellationToken ct)
    {
        var organisationId = User.OrganisationId();
        var flag = await db.Flags.AsNoTracking().SingleOrDefaultAsync(f => f.Id == flagId && f.RuleCode == Flag.MatchCode, ct);
        if (flag is null || !Guid.TryParse(flag.OccurrenceKey, out var otherId))
        {
            return null;
        }

        // A record merged since the flag was raised stands for its survivor.
        var mergedInto = await db.Children.Where(c => c.Id == otherId).Select(c => c.MergedIntoId).SingleOrDefaultAsync(ct);
        otherId = mergedInto ?? otherId;
        var children = await db.Children.AsNoTracking().Include(c => c.Referrals).Where(c => c.Id == flag.ChildId || c.Id == otherId).ToListAsync(ct);
        var ours = children.SingleOrDefault(c => c.Id == flag.ChildId);
        var theirs = children.SingleOrDefault(c => c.Id == otherId);
        if (ours is null || theirs is null || ours.OrganisationId != organisationId || ours.IsMerged || theirs.IsMerged || ours.Id == theirs.Id)
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

    /// <summary>The band of a pair, from its flag's severity: likely pairs are raised high, possible ones medium.</summary>
    public static string Band(Severity severity) => severity == Severity.High ? "Likely" : "Possibly";

    public static string DateOfBirth(Child child) =>
        child.DateOfBirth is { } dob ? $"{UkCalendar.Format(dob)} ({Labels.InSentence(Labels.Of(child.DobPrecision))})" : "Not known";
}
