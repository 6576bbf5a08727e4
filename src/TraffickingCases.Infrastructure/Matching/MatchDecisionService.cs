using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Matching;

/// <summary>The pair a manager decides on, from the RR-00 flag they opened; the other record may be another organisation's.</summary>
public sealed record MatchPair(Guid OursId, string OursReference, Guid TheirsId, string TheirsReference, string TheirsOrganisation, string FlagOccurrenceKey);

/// <summary>
/// Records a manager's decision on a possible match and closes the RR-00 flags their organisation holds on the
/// pair (dismissed for "not the same", resolved for "the same child held elsewhere"), as one change to both
/// children. A pair another manager decided meanwhile answers <see cref="ChangeResult{T}.Conflict"/>.
/// </summary>
public sealed class MatchDecisionService(CasesDbContext db, ChildChanges changes, AuditTrail audit)
{
    public Task<ChangeResult<MatchDecision>> DecideAsync(MatchPair pair, MatchDecisionKind kind, string reason, MergeActor actor, CancellationToken ct) =>
        changes.ChangeManyAsync(async (batch, token) =>
        {
            var decision = MatchDecision.Decide(pair.OursId, pair.TheirsId, kind, actor.OrganisationId, reason, actor.UserId, actor.UserName, batch.Now);
            await batch.LockAsync([pair.OursId, pair.TheirsId], token);
            var flags = await OpenPairFlagsAsync(pair, actor.OrganisationId, token);
            if (flags.Count == 0)
            {
                return new ChangeResult<MatchDecision>.Conflict(null);
            }

            foreach (var flag in flags)
            {
                if (kind == MatchDecisionKind.NotSame)
                {
                    flag.Dismiss(actor.UserId, actor.UserName, Shorten($"Not the same child: {decision.Reason}"), batch.Now);
                }
                else
                {
                    flag.Resolve(actor.UserId, actor.UserName, Shorten($"Same child as {pair.TheirsReference} held by {pair.TheirsOrganisation}: {decision.Reason}"), batch.Now);
                }
            }

            db.MatchDecisions.Add(decision);
            await audit.RecordAsync(new[] { pair.OursId, pair.TheirsId }.Select(id => new AuditEvent(AuditActions.MatchDecided, "MatchDecision", decision.Id.ToString(), id,
                new { decision = kind.ToString(), ours = pair.OursReference, theirs = pair.TheirsReference, reason = decision.Reason })), token);
            return ChangeResult.Commit(decision);
        }, ct);

    /// <summary>The open RR-00 flags on this pair that the organisation holds: both, when both records are its own.</summary>
    private Task<List<Flag>> OpenPairFlagsAsync(MatchPair pair, Guid organisationId, CancellationToken ct)
    {
        var ours = pair.OursId;
        var theirs = pair.TheirsId;
        var theirKeys = new[] { theirs.ToString(), pair.FlagOccurrenceKey };
        return db.Flags.ThatAreOpen()
            .Where(f => f.RuleCode == Flag.MatchCode)
            .Where(f => (f.ChildId == ours && theirKeys.Contains(f.OccurrenceKey)) || (f.ChildId == theirs && f.OccurrenceKey == ours.ToString()))
            .Where(f => db.Children.Any(c => c.Id == f.ChildId && c.OrganisationId == organisationId))
            .ToListAsync(ct);
    }

    private static string Shorten(string text) => text.Length <= Flag.MaxReasonLength ? text : text[..Flag.MaxReasonLength];
}
