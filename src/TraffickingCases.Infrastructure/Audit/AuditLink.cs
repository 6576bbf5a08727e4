namespace TraffickingCases.Infrastructure.Audit;

/// <summary>
/// One link of the hash chain over the audit trail (ADR 015): the entry at this position, the hash of the link
/// before it, and the hash of the two together. Appended only by <see cref="AuditChainer"/>, in the order it finds
/// entries committed; the database refuses UPDATE and DELETE on the table, as on the entries.
/// </summary>
public sealed class AuditLink
{
    /// <summary>1, 2, 3, … without gaps (after the retention procedure, from the first link it kept).</summary>
    public long Position { get; init; }

    /// <summary>The entry chained here; each entry is chained once.</summary>
    public long EntrySequence { get; init; }

    public string PreviousHash { get; init; } = string.Empty;

    public string Hash { get; init; } = string.Empty;

    /// <summary>How <see cref="Hash"/> was computed: <see cref="AuditChain.LegacyScheme"/> or <see cref="AuditChain.Scheme"/>.</summary>
    public short Scheme { get; init; }
}

/// <summary>
/// The chainer's progress (one row): every entry numbered up to <see cref="SettledThrough"/> is chained or will never
/// exist, so the chainer looks for unchained entries only above it. The candidate is the next value it may move to:
/// every number up to <see cref="CandidateSequence"/> was drawn by a transaction whose id is below
/// <see cref="CandidateXid"/>, so once every such transaction has ended, they are settled too.
/// </summary>
public sealed class AuditChainHorizon
{
    public short Id { get; init; }

    public long SettledThrough { get; init; }

    public long? CandidateSequence { get; init; }

    public long? CandidateXid { get; init; }
}
