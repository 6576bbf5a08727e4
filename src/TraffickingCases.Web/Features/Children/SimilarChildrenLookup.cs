using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Matching;

namespace TraffickingCases.Web.Features.Children;

/// <summary>
/// What one search found, as the user may see it: their organisation's children in full (most likely first), other
/// organisations' children by band, organisation and reference only (in organisation and reference order, so the
/// order tells nothing about how alike they are).
/// </summary>
public sealed record SimilarChildrenFound(IReadOnlyList<Candidate> Own, IReadOnlyList<Candidate> HeldElsewhere, int MoreHeldElsewhere)
{
    public bool Any => Own.Count > 0 || HeldElsewhere.Count > 0 || MoreHeldElsewhere > 0;
}

/// <summary>
/// Searches every organisation for children who may be the one being registered, and audits each search with what
/// it found and which of those other organisations hold.
/// </summary>
public sealed class SimilarChildrenLookup(CandidateSearch candidates, AuditTrail audit)
{
    /// <summary>The audit entity type of a search (with action "searched").</summary>
    public const string AuditEntityType = "SimilarChildren";

    private const int OwnShown = 10;

    private const int ElsewhereShown = 20;

    /// <summary>Scored candidates to ask for: every one the search scores, so which are shown never depends on a cut by probability.</summary>
    private const int Scored = 500;

    public async Task<SimilarChildrenFound> FindAsync(ChildDetails details, Guid organisationId, CancellationToken ct)
    {
        var found = await candidates.FindAsync(PersonRecord.Of(details), null, Scored, ct);
        var own = found.Where(c => c.OrganisationId == organisationId).Take(OwnShown).ToList();
        var elsewhere = found.Where(c => c.OrganisationId != organisationId)
            .OrderBy(c => c.OrganisationName, StringComparer.Ordinal).ThenBy(c => c.Reference, StringComparer.Ordinal)
            .ToList();
        await audit.RecordAsync(new AuditEvent(AuditActions.Searched, AuditEntityType, null, null, new Dictionary<string, object?>
        {
            ["given_names"] = details.GivenNames,
            ["family_name"] = details.FamilyName,
            ["other_names"] = details.OtherNames,
            ["date_of_birth"] = details.DateOfBirth,
            ["result_ids"] = found.Select(c => c.ChildId).ToList(),
            ["other_organisation_ids"] = elsewhere.Select(c => c.ChildId).ToList(),
        }), ct);
        return new SimilarChildrenFound(own, elsewhere.Take(ElsewhereShown).ToList(), Math.Max(0, elsewhere.Count - ElsewhereShown));
    }
}
