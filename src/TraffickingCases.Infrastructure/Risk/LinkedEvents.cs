using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Risk;

/// <summary>
/// What RR-19 needs to know about records linked as the same child held by another organisation: their episodes and
/// referrals, with only the organisation's name and the record's reference, never the record itself.
/// </summary>
internal static class LinkedEvents
{
    /// <summary>The children linked to any of these, in other organisations, not merged away.</summary>
    public static async Task<IReadOnlyList<Guid>> LinkedChildrenAsync(CasesDbContext db, IReadOnlyCollection<Guid> childIds, CancellationToken ct) =>
        (await LinksAsync(db, childIds, ct)).Select(l => l.Other).Distinct().ToList();

    /// <summary>Each child's linked events (an empty group for a child with no link).</summary>
    public static async Task<ILookup<Guid, LinkedEvent>> LoadAsync(CasesDbContext db, IReadOnlyCollection<Guid> childIds, CancellationToken ct)
    {
        var links = await LinksAsync(db, childIds, ct);
        if (links.Count == 0)
        {
            return Array.Empty<LinkedEvent>().ToLookup(_ => Guid.Empty);
        }

        var others = links.Select(l => l.Other).Distinct().ToList();
        var holders = await db.Children.AsNoTracking()
            .Where(c => others.Contains(c.Id) && c.MergedIntoId == null)
            .Join(db.Organisations, c => c.OrganisationId, o => o.Id, (c, o) => new { c.Id, c.Reference, c.OrganisationId, Organisation = o.Name })
            .ToDictionaryAsync(x => x.Id, ct);
        var episodes = await db.MissingEpisodes.AsNoTracking().Where(e => others.Contains(e.ChildId) && e.EnteredInErrorAt == null)
            .Select(e => new { e.Id, e.ChildId, e.WentMissingAt, e.ReturnedAt }).ToListAsync(ct);
        var referrals = await db.Referrals.AsNoTracking().Where(r => others.Contains(r.ChildId) && r.EnteredInErrorAt == null)
            .Select(r => new { r.Id, r.ChildId, r.ReferralDate }).ToListAsync(ct);
        var events = episodes
            .Select(e => (e.ChildId, Kind: LinkedEventKind.WentMissing, e.Id, At: e.WentMissingAt, Ongoing: e.ReturnedAt == null))
            .Concat(referrals.Select(r => (r.ChildId, Kind: LinkedEventKind.Referred, r.Id, At: UkCalendar.StartOf(r.ReferralDate), Ongoing: false)))
            .ToLookup(e => e.ChildId);
        var ownOrganisation = await db.Children.AsNoTracking().Where(c => childIds.Contains(c.Id))
            .Select(c => new { c.Id, c.OrganisationId }).ToDictionaryAsync(c => c.Id, c => c.OrganisationId, ct);
        return links
            .Where(l => holders.TryGetValue(l.Other, out var holder) && ownOrganisation.TryGetValue(l.Child, out var own) && holder.OrganisationId != own)
            .SelectMany(l => events[l.Other].Select(e => (l.Child, Event: new LinkedEvent(e.Id, e.Kind, holders[l.Other].Organisation, holders[l.Other].Reference, e.At, e.Ongoing))))
            .ToLookup(x => x.Child, x => x.Event);
    }

    private static async Task<List<(Guid Child, Guid Other)>> LinksAsync(CasesDbContext db, IReadOnlyCollection<Guid> childIds, CancellationToken ct)
    {
        var decisions = await db.MatchDecisions.AsNoTracking()
            .Where(d => d.Kind == MatchDecisionKind.SameHeldElsewhere && (childIds.Contains(d.ChildAId) || childIds.Contains(d.ChildBId)))
            .Select(d => new { d.ChildAId, d.ChildBId })
            .ToListAsync(ct);
        return decisions
            .SelectMany(d => new[] { (Child: d.ChildAId, Other: d.ChildBId), (Child: d.ChildBId, Other: d.ChildAId) })
            .Where(l => childIds.Contains(l.Child))
            .Distinct()
            .ToList();
    }
}
