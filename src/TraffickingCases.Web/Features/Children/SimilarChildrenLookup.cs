using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Features.Children;

/// <summary>The registration page's search for the same child (section "Matching").</summary>
public sealed class SimilarChildrenSettings
{
    /// <summary>
    /// How many searches in an hour may show a user children held by other organisations (30). Each shows a band
    /// for another organisation's record, so many searches with small changes would tell what that record holds.
    /// 0 never shows them.
    /// </summary>
    public int CrossOrganisationLookupsPerHour { get; set; } = 30;
}

/// <summary>
/// What one search found, as the user may see it: their organisation's children in full (most likely first), other
/// organisations' children by band, organisation and reference only (in organisation and reference order, so the
/// order tells nothing about how alike they are), or none of those when the user is over their hourly limit.
/// </summary>
public sealed record SimilarChildrenFound(
    IReadOnlyList<Candidate> Own, IReadOnlyList<Candidate> HeldElsewhere, int MoreHeldElsewhere, bool Limited, int LookupsPerHour, DateTimeOffset? LimitEndsAt)
{
    public bool Any => Own.Count > 0 || HeldElsewhere.Count > 0 || MoreHeldElsewhere > 0 || Limited;
}

/// <summary>
/// Searches every organisation for children who may be the one being registered, within the user's hourly limit of
/// searches that show other organisations' children, and audits each search with what it found. The limit is
/// counted from the audit trail, under a per-user lock, so it holds across every instance of the app.
/// </summary>
public sealed class SimilarChildrenLookup(CasesDbContext db, CandidateSearch candidates, AuditTrail audit, SimilarChildrenSettings settings, TimeProvider clock)
{
    /// <summary>The audit entity type of a search (with action "searched").</summary>
    public const string AuditEntityType = "SimilarChildren";

    /// <summary>The details flag of a search that showed other organisations' children: the searches the limit counts.</summary>
    public const string ShownFlag = "cross_organisation_shown";

    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private const int OwnShown = 10;

    private const int ElsewhereShown = 20;

    /// <summary>Scored candidates to ask for: every one the search scores, so which are shown never depends on a cut by probability.</summary>
    private const int Scored = 500;

    /// <summary>The advisory lock class of a user's searches (keys 7_270_000 to 7_270_002 are the sweep's, the rules' and the chainer's).</summary>
    private const int LockClass = 7_270_003;

    public async Task<SimilarChildrenFound> FindAsync(ChildDetails details, string userId, Guid organisationId, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        // Two searches by one user at once (two tabs, two instances) would otherwise both take the last one allowed.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, hashtext({userId}))", ct);
        var now = clock.GetUtcNow();
        var since = now - Window;
        var counted = await db.Database
            .SqlQuery<DateTimeOffset>(
                $"""
                SELECT occurred_at AS "Value" FROM audit_entries
                WHERE actor_id = {userId} AND action = {AuditActions.Searched} AND entity_type = {AuditEntityType} AND occurred_at > {since}
                  AND (details ->> {ShownFlag})::boolean
                ORDER BY occurred_at
                """)
            .ToListAsync(ct);
        var allowed = settings.CrossOrganisationLookupsPerHour;
        var limited = counted.Count >= allowed;

        // One more is allowed when enough of the counted searches are more than an hour old.
        DateTimeOffset? endsAt = limited && allowed > 0 ? counted[counted.Count - allowed] + Window : null;

        // The search runs over the limit too: what it found is audited, and the possible match is still flagged for
        // the managers when the child is registered.
        var found = await candidates.FindAsync(PersonRecord.Of(details), null, Scored, ct);
        var own = found.Where(c => c.OrganisationId == organisationId).Take(OwnShown).ToList();
        var elsewhere = found.Where(c => c.OrganisationId != organisationId)
            .OrderBy(c => c.OrganisationName, StringComparer.Ordinal).ThenBy(c => c.Reference, StringComparer.Ordinal)
            .ToList();
        var shown = !limited && elsewhere.Count > 0;
        await audit.RecordAsync(new AuditEvent(AuditActions.Searched, AuditEntityType, null, null, new Dictionary<string, object?>
        {
            ["given_names"] = details.GivenNames,
            ["family_name"] = details.FamilyName,
            ["other_names"] = details.OtherNames,
            ["date_of_birth"] = details.DateOfBirth,
            ["result_ids"] = found.Select(c => c.ChildId).ToList(),
            ["other_organisation_ids"] = elsewhere.Select(c => c.ChildId).ToList(),
            ["limit_applied"] = limited,
            [ShownFlag] = shown,
        }), ct);
        await transaction.CommitAsync(ct);

        return shown
            ? new SimilarChildrenFound(own, elsewhere.Take(ElsewhereShown).ToList(), Math.Max(0, elsewhere.Count - ElsewhereShown), false, allowed, null)
            : new SimilarChildrenFound(own, [], 0, limited, allowed, endsAt);
    }
}
