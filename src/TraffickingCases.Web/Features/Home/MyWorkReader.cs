using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Features.Home;

/// <summary>Whose children "My work" covers: one person's, or a manager's team and the children with no caseworker.</summary>
public sealed record WorkScope(Guid OrganisationId, IReadOnlyDictionary<string, string> People, bool WithUnassigned);

/// <summary>
/// Reads what "My work" shows, only ever the scope's children and never the organisation: the children by
/// ix_children_caseworker_caseload (each person's), the unassigned ones by the same index up to a limit, then what
/// is due, missing and newly flagged by each child's id (the history tables' child_id indexes), in five queries.
/// </summary>
public sealed class MyWorkReader(CasesDbContext db, RuleThresholds thresholds)
{
    /// <summary>How far ahead "My work" looks for things due (an 18th birthday: the days RR-10 looks ahead).</summary>
    public const int AheadDays = 14;

    /// <summary>Rows shown in each section; the rest are counted, with a link to the lists.</summary>
    public const int SectionLimit = 50;

    /// <summary>A team view takes in at most this many children with no caseworker; more, and it says to assign them.</summary>
    public const int UnassignedLimit = 1000;

    public async Task<MyWork> ReadAsync(WorkScope scope, DateTimeOffset now, DateTimeOffset flagsSince, CancellationToken ct)
    {
        var people = scope.People.Keys.ToArray();
        var children = await db.Children.AsNoTracking()
            .Where(c => c.OrganisationId == scope.OrganisationId && c.MergedIntoId == null && people.Contains(c.AssignedCaseworkerId))
            .Select(Columns)
            .ToListAsync(ct);
        var unassignedOverLimit = false;
        if (scope.WithUnassigned)
        {
            var unassigned = await db.Children.AsNoTracking()
                .Where(c => c.OrganisationId == scope.OrganisationId && c.MergedIntoId == null && c.AssignedCaseworkerId == null)
                .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.Reference)
                .Take(UnassignedLimit + 1)
                .Select(Columns)
                .ToListAsync(ct);
            unassignedOverLimit = unassigned.Count > UnassignedLimit;
            if (unassignedOverLimit)
            {
                // Too many to judge here: only those missing now (ix_children_missing_now) are taken in.
                unassigned = await db.Children.AsNoTracking()
                    .Where(c => c.OrganisationId == scope.OrganisationId && c.MergedIntoId == null
                        && EF.Property<bool>(c, ShadowProperties.MissingNow) && c.AssignedCaseworkerId == null)
                    .Select(Columns)
                    .ToListAsync(ct);
            }

            children.AddRange(unassigned);
        }

        var ids = children.Select(c => c.Id).ToArray();
        var referrals = (await db.Referrals.AsNoTracking()
                .Where(r => ids.Contains(r.ChildId) && r.EnteredInErrorAt == null)
                .Select(r => new { r.ChildId, r.ReferralDate, r.RgOutcome, r.CgOutcome, r.WithdrawnOn })
                .ToListAsync(ct))
            .ToLookup(r => r.ChildId, r => new ReferralDueFacts(r.ReferralDate, r.RgOutcome, r.CgOutcome, r.WithdrawnOn));
        var support = (await db.SupportRequests.AsNoTracking()
                .Where(s => ids.Contains(s.ChildId) && s.EnteredInErrorAt == null && (s.StartedOn == null || s.Type == SupportType.Ictg))
                .Select(s => new { s.ChildId, s.Type, s.RequestedOn, s.StartedOn })
                .ToListAsync(ct))
            .ToLookup(s => s.ChildId, s => new SupportDueFacts(s.Type, s.RequestedOn, s.StartedOn));
        var returnedSince = now.AddDays(-thresholds.ReturnInterviewOutstandingDays);
        var episodes = (await db.MissingEpisodes.AsNoTracking()
                .Where(e => ids.Contains(e.ChildId) && e.EnteredInErrorAt == null && (e.ReturnedAt == null || e.ReturnedAt >= returnedSince))
                .Select(e => new { e.ChildId, e.WentMissingAt, e.ReturnedAt, e.ReturnInterviewCompletedAt, e.ReturnInterviewDeclined })
                .ToListAsync(ct))
            .ToLookup(e => e.ChildId);
        var flags = await db.Flags.AsNoTracking()
            .Where(f => ids.Contains(f.ChildId) && f.RaisedAt > flagsSince)
            .OrderByDescending(f => f.RaisedAt).ThenByDescending(f => f.Id)
            .Take(SectionLimit + 1)
            .Select(f => new { f.ChildId, f.RuleCode, f.Severity, f.Status, f.RaisedAt })
            .ToListAsync(ct);
        var inIctgArea = await db.Organisations.AsNoTracking().Where(o => o.Id == scope.OrganisationId).Select(o => o.IsInIctgArea).SingleAsync(ct);

        var byId = children.ToDictionary(c => c.Id);
        var due = new List<DueRow>();
        var missing = new List<MissingRow>();
        foreach (var child in children)
        {
            var latestReturn = episodes[child.Id].Where(e => e.ReturnedAt is not null).MaxBy(e => e.ReturnedAt);
            var facts = new DueFacts
            {
                DateOfBirth = child.DateOfBirth,
                RiskOverrideReviewOn = child.RiskOverrideReviewOn,
                SupervisionReviewOn = child.SupervisionReviewOn,
                Referrals = [.. referrals[child.Id]],
                SupportRequests = [.. support[child.Id]],
                LatestReturn = latestReturn is null ? null
                    : new ReturnDueFacts(latestReturn.ReturnedAt!.Value, latestReturn.ReturnInterviewCompletedAt, latestReturn.ReturnInterviewDeclined),
            };
            foreach (var item in DueDates.For(facts, inIctgArea, now, thresholds, AheadDays))
            {
                due.Add(new DueRow(Who(child, scope), item, DueDates.Describe(item, now), item.IsOverdue(now)));
            }

            if (episodes[child.Id].Where(e => e.ReturnedAt is null).MinBy(e => e.WentMissingAt) is { } current)
            {
                missing.Add(new MissingRow(Who(child, scope), current.WentMissingAt, DueDates.MissingFor(current.WentMissingAt, now)));
            }
        }

        return new MyWork
        {
            ChildCounts = children.Where(c => c.AssignedCaseworkerId is not null).GroupBy(c => c.AssignedCaseworkerId!).ToDictionary(g => g.Key, g => g.Count()),
            UnassignedOverLimit = unassignedOverLimit,
            UnassignedCount = unassignedOverLimit ? null : children.Count(c => c.AssignedCaseworkerId is null),
            DueTotal = due.Count,
            Due = [.. due.OrderBy(d => d.Item.LateFrom).ThenBy(d => d.Child.Reference, StringComparer.Ordinal).Take(SectionLimit)],
            MissingTotal = missing.Count,
            Missing = [.. missing.OrderBy(m => m.Since).Take(SectionLimit)],
            Flags = [.. flags.Take(SectionLimit).Select(f => new FlagRow(Who(byId[f.ChildId], scope), f.RuleCode, f.Severity, f.Status, f.RaisedAt))],
            MoreFlags = flags.Count > SectionLimit,
        };
    }

    private static readonly System.Linq.Expressions.Expression<Func<Child, ChildColumns>> Columns = c => new ChildColumns(
        c.Id, c.Reference, c.GivenNames, c.FamilyName, c.DateOfBirth, c.AssignedCaseworkerId,
        c.RiskOverrideLevel != null ? c.RiskOverrideReviewOn : null, c.SupervisionReviewOn);

    private static ChildRef Who(ChildColumns child, WorkScope scope) => new(
        child.Id, child.Reference, Child.FullNameOf(child.GivenNames, child.FamilyName),
        child.AssignedCaseworkerId is { } id ? scope.People.GetValueOrDefault(id, "Another user") : null);

    private sealed record ChildColumns(
        Guid Id, string Reference, string GivenNames, string FamilyName, DateOnly? DateOfBirth, string? AssignedCaseworkerId,
        DateOnly? RiskOverrideReviewOn, DateOnly? SupervisionReviewOn);
}

/// <summary>A child as a row names them: reference, name, and (in a team view) the caseworker, null when none.</summary>
public sealed record ChildRef(Guid Id, string Reference, string Name, string? Caseworker);

public sealed record DueRow(ChildRef Child, DueItem Item, string When, bool Overdue);

public sealed record MissingRow(ChildRef Child, DateTimeOffset Since, string For);

public sealed record FlagRow(ChildRef Child, string RuleCode, Severity Severity, FlagStatus Status, DateTimeOffset RaisedAt);

/// <summary>What "My work" found for a scope; each list at most <see cref="MyWorkReader.SectionLimit"/> rows.</summary>
public sealed record MyWork
{
    /// <summary>Children per caseworker in the scope (people with none are absent).</summary>
    public required IReadOnlyDictionary<string, int> ChildCounts { get; init; }

    /// <summary>Children with no caseworker taken in; null when there were more than <see cref="MyWorkReader.UnassignedLimit"/>.</summary>
    public int? UnassignedCount { get; init; }

    public bool UnassignedOverLimit { get; init; }

    public required IReadOnlyList<DueRow> Due { get; init; }

    public int DueTotal { get; init; }

    public required IReadOnlyList<MissingRow> Missing { get; init; }

    public int MissingTotal { get; init; }

    public required IReadOnlyList<FlagRow> Flags { get; init; }

    public bool MoreFlags { get; init; }
}
