using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using TraffickingCases.Infrastructure.Observability;

namespace TraffickingCases.Infrastructure.Audit;

/// <summary>The "Audit" settings: the web app's background chainer.</summary>
public sealed class AuditSettings
{
    /// <summary>Run the chainer in the web app (off only where something else chains, e.g. tests that watch entries wait).</summary>
    public bool ChainerEnabled { get; set; } = true;

    /// <summary>How often the web app's chainer looks for committed entries to chain.</summary>
    public int ChainIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Entries chained in one transaction; a run takes as many batches as it needs.</summary>
    public int ChainBatchSize { get; set; } = 5000;

    /// <summary>Where signed checkpoints of the chain's head are written (ADR 019): outside the database. Unset: none are written.</summary>
    public string? CheckpointDirectory { get; set; }

    /// <summary>The PEM file of the private key that signs checkpoints; kept away from the database and its backups.</summary>
    public string? CheckpointKeyFile { get; set; }

    /// <summary>How often the web app writes a checkpoint, when the directory and the key file are set.</summary>
    public int CheckpointIntervalMinutes { get; set; } = 60;

    /// <summary>What is wrong with these settings, one message per setting; empty when they make sense.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (ChainIntervalMilliseconds < 10 || ChainBatchSize < 1)
        {
            problems.Add("Audit:ChainIntervalMilliseconds must be 10 or more and Audit:ChainBatchSize 1 or more");
        }

        if (CheckpointIntervalMinutes < 1)
        {
            problems.Add("Audit:CheckpointIntervalMinutes must be 1 or more");
        }

        if (string.IsNullOrWhiteSpace(CheckpointDirectory) != string.IsNullOrWhiteSpace(CheckpointKeyFile))
        {
            problems.Add("Audit:CheckpointDirectory and Audit:CheckpointKeyFile must be set together (or neither, for no checkpoints)");
        }

        return problems;
    }
}

/// <summary>What one <see cref="AuditChainer.ChainAsync"/> did: entries chained, or skipped because another chainer held the lock.</summary>
public sealed record ChainRun(long Chained, bool Skipped);

/// <summary>
/// Appends links to the hash chain for entries that are committed and not chained yet, in the order of their
/// sequence numbers among what it finds (ADR 015). Readers and writers never wait for it: it alone takes the chain's
/// advisory lock, one transaction per batch, so only one chainer appends at a time across every instance and the CLI.
/// The web app runs it every second (<c>AuditChainBackgroundService</c>); <c>tc verify-audit</c> and every CLI verb
/// that wrote entries run it to the end before they finish.
/// </summary>
public sealed class AuditChainer(
    string connectionString, AuditSettings settings, ILogger<AuditChainer> logger, CaseTelemetry telemetry, TimeProvider clock)
{
    /// <summary>Advisory lock key of the chain's tail, held by the chainer only (ADR 007 uses 7270000 and 7270001).</summary>
    public const long LockKey = 7_270_002;

    private long _written;

    /// <summary>Entries this process has written since it last chained (the CLI chains before exiting when there are any).</summary>
    public bool HasUnchainedWrites => Interlocked.Read(ref _written) > 0;

    /// <summary>Called by the interceptor as it writes entries.</summary>
    public void Written(int entries) => Interlocked.Add(ref _written, entries);

    /// <summary>
    /// Chains every entry committed before it finishes. With <paramref name="wait"/>, waits for another chainer's batch
    /// to commit first (the CLI, the tests); without, leaves the work to the chainer that holds the lock (the timer).
    /// </summary>
    public async Task<ChainRun> ChainAsync(bool wait, CancellationToken ct)
    {
        Interlocked.Exchange(ref _written, 0);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        long total = 0;
        while (true)
        {
            var chained = await ChainBatchCoreAsync(connection, wait, settings.ChainBatchSize, ct);
            if (chained is not var (n, oldest))
            {
                return new ChainRun(total, Skipped: true);
            }

            if (oldest is { } written)
            {
                telemetry.AuditChained(clock.GetUtcNow() - written);
            }

            total += n;
            if (n < settings.ChainBatchSize)
            {
                if (total > 0)
                {
                    logger.LogDebug("Audit chainer chained {Entries} entries", total);
                }

                return new ChainRun(total, Skipped: false);
            }
        }
    }

    /// <summary>
    /// One batch in one transaction: up to <paramref name="batchSize"/> unchained entries above the horizon, in
    /// sequence order, linked after the chain's last link. Null when <paramref name="wait"/> is false and another
    /// chainer holds the lock.
    /// </summary>
    public static async Task<int?> ChainBatchAsync(NpgsqlConnection connection, bool wait, int batchSize, CancellationToken ct) =>
        await ChainBatchCoreAsync(connection, wait, batchSize, ct) is var (chained, _) ? chained : null;

    /// <summary>As <see cref="ChainBatchAsync"/>, with when the oldest entry chained was written (null when none was).</summary>
    private static async Task<(int Chained, DateTimeOffset? Oldest)?> ChainBatchCoreAsync(NpgsqlConnection connection, bool wait, int batchSize, CancellationToken ct)
    {
        // Read committed: each statement sees what committed before it, so after the lock, the previous batch's links.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, ct);
        await using (var take = new NpgsqlCommand(wait ? $"SELECT pg_advisory_xact_lock({LockKey})" : $"SELECT pg_try_advisory_xact_lock({LockKey})", connection, transaction))
        {
            if (await take.ExecuteScalarAsync(ct) is false)
            {
                return null;
            }
        }

        // The last number drawn, then (in a later statement, so a later snapshot) the transactions running. Writers take
        // their transaction id before drawing numbers (AuditInterceptor.AppendAsync), so every number up to `issued`
        // belongs to a transaction below this snapshot's xmax: once the oldest running transaction is past that xmax,
        // none of those numbers can still commit.
        long issued;
        await using (var last = new NpgsqlCommand(
            "SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('audit_entries', 'sequence')::regclass), 0)", connection, transaction))
        {
            issued = (long)(await last.ExecuteScalarAsync(ct))!;
        }

        long xmin, xmax, settled, position;
        long? candidateSequence, candidateXid;
        string previous;
        await using (var state = new NpgsqlCommand("""
            SELECT pg_snapshot_xmin(s.snapshot)::text::bigint, pg_snapshot_xmax(s.snapshot)::text::bigint,
                   h.settled_through, h.candidate_sequence, h.candidate_xid, t.position, t.hash
            FROM pg_current_snapshot() AS s(snapshot)
            CROSS JOIN audit_chain_horizon h
            LEFT JOIN LATERAL (SELECT position, hash FROM audit_chain ORDER BY position DESC LIMIT 1) t ON true
            """, connection, transaction))
        await using (var reader = await state.ExecuteReaderAsync(ct))
        {
            if (!await reader.ReadAsync(ct))
            {
                throw new InvalidOperationException("audit_chain_horizon has no row: the database is not migrated");
            }

            xmin = reader.GetInt64(0);
            xmax = reader.GetInt64(1);
            settled = reader.GetInt64(2);
            candidateSequence = reader.IsDBNull(3) ? null : reader.GetInt64(3);
            candidateXid = reader.IsDBNull(4) ? null : reader.GetInt64(4);
            position = reader.IsDBNull(5) ? 0 : reader.GetInt64(5);
            previous = reader.IsDBNull(6) ? AuditChain.Genesis : reader.GetString(6);
        }

        var entries = new List<AuditEntry>();
        await using (var select = new NpgsqlCommand(
            $"SELECT {AuditChain.EntryColumns} FROM audit_entries e " +
            "WHERE e.sequence > @settled AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_sequence = e.sequence) " +
            "ORDER BY e.sequence LIMIT @batch", connection, transaction))
        {
            select.Parameters.AddWithValue("settled", settled);
            select.Parameters.AddWithValue("batch", batchSize);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                entries.Add(AuditChain.ReadEntry(reader, 0));
            }
        }

        if (entries.Count > 0)
        {
            await using var writer = await connection.BeginBinaryImportAsync(
                "COPY audit_chain (position, entry_sequence, previous_hash, hash, scheme) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var entry in entries)
            {
                position++;
                var hash = AuditChain.Hash(entry, position, previous);
                await writer.StartRowAsync(ct);
                await writer.WriteAsync(position, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(entry.Sequence, NpgsqlDbType.Bigint, ct);
                await writer.WriteAsync(previous, NpgsqlDbType.Char, ct);
                await writer.WriteAsync(hash, NpgsqlDbType.Char, ct);
                await writer.WriteAsync(AuditChain.Scheme, NpgsqlDbType.Smallint, ct);
                previous = hash;
            }

            await writer.CompleteAsync(ct);
        }

        // Move the horizon once every transaction that drew a number up to the candidate's has ended: then this batch
        // saw every entry up to it that will ever commit, and took all of them up to the last it selected (all of
        // them, if the batch was not full). A candidate reached is replaced by this batch's own.
        var promotable = candidateSequence is not null && xmin >= candidateXid;
        var newSettled = settled;
        if (promotable)
        {
            var reached = entries.Count < batchSize ? candidateSequence!.Value : Math.Min(candidateSequence!.Value, entries[^1].Sequence);
            newSettled = Math.Max(settled, reached);
        }

        var (newSequence, newXid) = candidateSequence is null || (promotable && newSettled >= candidateSequence)
            ? ((long?)issued, (long?)xmax)
            : (candidateSequence, candidateXid);
        if (newSettled != settled || newSequence != candidateSequence || newXid != candidateXid)
        {
            await using var move = new NpgsqlCommand(
                "UPDATE audit_chain_horizon SET settled_through = @settled, candidate_sequence = @sequence, candidate_xid = @xid", connection, transaction);
            move.Parameters.AddWithValue("settled", newSettled);
            move.Parameters.AddWithValue("sequence", NpgsqlDbType.Bigint, (object?)newSequence ?? DBNull.Value);
            move.Parameters.AddWithValue("xid", NpgsqlDbType.Bigint, (object?)newXid ?? DBNull.Value);
            await move.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return (entries.Count, entries.Count == 0 ? null : (DateTimeOffset?)entries.Min(e => e.OccurredAt));
    }
}
