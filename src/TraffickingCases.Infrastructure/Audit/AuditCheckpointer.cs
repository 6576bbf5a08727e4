using Microsoft.Extensions.Logging;
using Npgsql;

namespace TraffickingCases.Infrastructure.Audit;

/// <summary>What one <see cref="AuditCheckpointer.WriteAsync(CancellationToken)"/> did.</summary>
public enum CheckpointOutcome
{
    /// <summary>A new checkpoint file was written.</summary>
    Written,

    /// <summary>The chain's head is checkpointed already (by an earlier run, or by another instance just now).</summary>
    AlreadyWritten,

    /// <summary>The chain has no links yet.</summary>
    EmptyChain,

    /// <summary>The chain no longer holds the newest checkpoint, so nothing was signed: see the problem.</summary>
    Refused,
}

/// <summary>The result of a checkpoint run: the checkpoint and its file, or why none was written.</summary>
public sealed record CheckpointRun(CheckpointOutcome Outcome, AuditCheckpoint? Checkpoint, string? File, string? Problem)
{
    public string Summary => Outcome switch
    {
        CheckpointOutcome.Written => $"checkpoint written: position {Checkpoint!.Position} (entry {Checkpoint.EntrySequence}), key {Checkpoint.KeyId}, in {File}",
        CheckpointOutcome.AlreadyWritten => $"position {Checkpoint!.Position} is checkpointed already, in {File}",
        CheckpointOutcome.EmptyChain => "the audit chain has no links yet: nothing to checkpoint",
        CheckpointOutcome.Refused => $"no checkpoint written: {Problem}",
        _ => throw new InvalidOperationException($"Unknown outcome {Outcome}."),
    };
}

/// <summary>What checking the checkpoint files against the chain found (<see cref="AuditCheckpointer.VerifyAsync"/>).</summary>
public sealed record CheckpointVerification(int Held, int BeforeRetention, long? NewestPosition, IReadOnlyList<string> Problems)
{
    public bool Holds => Problems.Count == 0;

    public string Summary => Holds
        ? $"{Held} {(Held == 1 ? "checkpoint holds" : "checkpoints hold")}, the newest at position {NewestPosition}"
            + (BeforeRetention > 0 ? $" ({BeforeRetention} from before the retention cut not checked)" : string.Empty)
        : $"{Problems.Count} {(Problems.Count == 1 ? "checkpoint does" : "checkpoints do")} not hold: " + string.Join("; ", Problems.Take(3))
            + (Problems.Count > 3 ? $"; and {Problems.Count - 3} more" : string.Empty);
}

/// <summary>
/// Signs the audit chain's head into a checkpoint file outside the database, and checks checkpoint files against the chain
/// (ADR 019). The web app writes one every <c>Audit:CheckpointIntervalMinutes</c>; <c>tc audit checkpoint</c> writes one
/// now; <c>tc verify-audit --checkpoints</c> checks them. Several instances may write at once: the first file for a
/// position stays, and the others find it there.
/// </summary>
public sealed class AuditCheckpointer(string connectionString, AuditSettings settings, TimeProvider clock, ILogger<AuditCheckpointer> logger)
{
    /// <summary>Whether the settings name both a checkpoint directory and a key file.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(settings.CheckpointDirectory) && !string.IsNullOrWhiteSpace(settings.CheckpointKeyFile);

    /// <summary>Signs the chain's head into <c>Audit:CheckpointDirectory</c> with <c>Audit:CheckpointKeyFile</c>.</summary>
    public Task<CheckpointRun> WriteAsync(CancellationToken ct) =>
        Configured
            ? WriteAsync(settings.CheckpointDirectory!, settings.CheckpointKeyFile!, ct)
            : throw new AuditCheckpointException("set Audit:CheckpointDirectory and Audit:CheckpointKeyFile (or give --directory and --key)");

    /// <summary>
    /// Signs the chain's head into <paramref name="directory"/>, after checking that the chain still holds the newest
    /// checkpoint there; when it does not, signs nothing (the chain was changed after that checkpoint).
    /// </summary>
    public async Task<CheckpointRun> WriteAsync(string directory, string keyFile, CancellationToken ct)
    {
        RequireDirectory(directory);
        using var key = CheckpointSigningKey.Load(keyFile);
        using var publicKey = key.PublicKey();

        // The directory is read before the chain: every file seen was signed from a head committed before this snapshot
        // began, so a head below it is a chain that shrank, not another instance that got further.
        var newestFile = AuditCheckpoint.Files(directory).LastOrDefault();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var head = await LinkAsync(connection, transaction, "ORDER BY position DESC LIMIT 1", ct);
        if (newestFile is not null)
        {
            var name = Path.GetFileName(newestFile);
            AuditCheckpoint newest;
            try
            {
                newest = AuditCheckpoint.Parse(await File.ReadAllTextAsync(newestFile, ct));
            }
            catch (FormatException e)
            {
                return Refuse($"the newest checkpoint file {name} cannot be read: {e.Message}");
            }

            // A checkpoint signed with an earlier key is checked against the chain only; verify-audit checks its signature.
            if (string.Equals(newest.KeyId, key.KeyId, StringComparison.Ordinal) && newest.SignatureProblem(publicKey) is { } bad)
            {
                return Refuse($"the newest checkpoint file {name}: {bad}");
            }

            if (head is null || head.Value.Position < newest.Position)
            {
                return Refuse($"the chain ends at position {head?.Position ?? 0}, below position {newest.Position} signed by {name} (entries were removed)");
            }

            var held = await LinkAsync(connection, transaction, $"WHERE position = {newest.Position}", ct);
            if (held is not { } link || !string.Equals(link.Hash, newest.Hash, StringComparison.Ordinal) || link.EntrySequence != newest.EntrySequence)
            {
                return Refuse($"the chain no longer holds at position {newest.Position} the hash signed by {name} (it was changed, forged or re-hashed)");
            }

            if (head.Value.Position == newest.Position)
            {
                return new CheckpointRun(CheckpointOutcome.AlreadyWritten, newest, newestFile, null);
            }
        }

        await transaction.CommitAsync(ct);
        if (head is not { } top)
        {
            return new CheckpointRun(CheckpointOutcome.EmptyChain, null, null, null);
        }

        var checkpoint = AuditCheckpoint.Sign(key, top.Position, top.EntrySequence, top.Hash, clock.GetUtcNow());
        var path = Path.Combine(directory, AuditCheckpoint.FileName(checkpoint.Position));
        var written = await WriteOnceAsync(path, checkpoint.ToJson(), ct);
        if (written)
        {
            logger.LogInformation("Audit checkpoint written at chain position {Position} with key {KeyId}", checkpoint.Position, checkpoint.KeyId);
            return new CheckpointRun(CheckpointOutcome.Written, checkpoint, path, null);
        }

        return new CheckpointRun(CheckpointOutcome.AlreadyWritten, AuditCheckpoint.Parse(await File.ReadAllTextAsync(path, ct)), path, null);

        CheckpointRun Refuse(string problem)
        {
            logger.LogError("Audit checkpoint refused: {Problem}", problem);
            return new CheckpointRun(CheckpointOutcome.Refused, null, null, problem);
        }
    }

    /// <summary>
    /// Checks every checkpoint file in <paramref name="directory"/>: its signature, with one of the public keys only, and
    /// that the chain still holds, at the position it signed, the entry and the hash it signed. One problem per file at fault.
    /// </summary>
    public async Task<CheckpointVerification> VerifyAsync(string directory, IReadOnlyList<string> publicKeyFiles, CancellationToken ct)
    {
        RequireDirectory(directory);
        if (publicKeyFiles.Count == 0)
        {
            throw new AuditCheckpointException("checking checkpoints needs at least one public key");
        }

        var keys = publicKeyFiles.Select(CheckpointPublicKey.Load).ToList();
        try
        {
            var problems = new List<string>();
            var valid = new List<(string Name, AuditCheckpoint Checkpoint)>();
            var files = AuditCheckpoint.Files(directory);
            if (files.Count == 0)
            {
                problems.Add($"there are no checkpoint files in {directory} to check the chain against");
            }

            foreach (var file in files)
            {
                var name = Path.GetFileName(file);
                AuditCheckpoint checkpoint;
                try
                {
                    checkpoint = AuditCheckpoint.Parse(await File.ReadAllTextAsync(file, ct));
                }
                catch (FormatException e)
                {
                    problems.Add($"{name} is not a checkpoint: {e.Message}");
                    continue;
                }

                var signer = keys.FirstOrDefault(k => string.Equals(k.KeyId, checkpoint.KeyId, StringComparison.Ordinal)) ?? keys[0];
                if (checkpoint.SignatureProblem(signer) is { } bad)
                {
                    problems.Add($"{name}: {bad}");
                }
                else if (!string.Equals(name, AuditCheckpoint.FileName(checkpoint.Position), StringComparison.Ordinal))
                {
                    problems.Add($"{name}: it signs position {checkpoint.Position}, so it should be named {AuditCheckpoint.FileName(checkpoint.Position)}");
                }
                else
                {
                    valid.Add((name, checkpoint));
                }
            }

            var (held, beforeRetention) = await CompareAsync(valid, problems, ct);
            return new CheckpointVerification(held, beforeRetention, valid.Count > 0 ? valid.Max(v => v.Checkpoint.Position) : null, problems);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    private async Task<(int Held, int BeforeRetention)> CompareAsync(
        List<(string Name, AuditCheckpoint Checkpoint)> checkpoints, List<string> problems, CancellationToken ct)
    {
        if (checkpoints.Count == 0)
        {
            return (0, 0);
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var head = await LinkAsync(connection, transaction, "ORDER BY position DESC LIMIT 1", ct);
        var first = await LinkAsync(connection, transaction, "ORDER BY position LIMIT 1", ct);

        // After the retention procedure the chain starts from the anchor it recorded: checkpoints below its first link
        // signed links that were removed on purpose (and archived), so there is nothing left to compare them with.
        string? anchor;
        await using (var retention = new NpgsqlCommand(
            $"SELECT details->>'anchor_hash' FROM audit_entries WHERE action = '{AuditActions.Retention}' ORDER BY sequence DESC LIMIT 1", connection, transaction))
        {
            anchor = await retention.ExecuteScalarAsync(ct) as string;
        }

        var cut = first is { } start && anchor is not null && string.Equals(start.PreviousHash, anchor, StringComparison.Ordinal) ? start.Position : 1;
        var links = new Dictionary<long, Link>();
        await using (var select = new NpgsqlCommand(
            "SELECT position, entry_sequence, hash, previous_hash FROM audit_chain WHERE position = ANY(@positions)", connection, transaction))
        {
            select.Parameters.AddWithValue("positions", checkpoints.Select(c => c.Checkpoint.Position).Distinct().ToArray());
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                links[reader.GetInt64(0)] = new Link(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3));
            }
        }

        var held = 0;
        var beforeRetention = 0;
        foreach (var (name, checkpoint) in checkpoints.OrderBy(c => c.Checkpoint.Position))
        {
            var signed = $"{name} (signed {checkpoint.SignedAt:yyyy-MM-dd HH:mm} UTC)";
            if (head is null || checkpoint.Position > head.Value.Position)
            {
                problems.Add($"{signed}: the chain ends at position {head?.Position ?? 0}, below position {checkpoint.Position} that it signed " +
                    "(entries were removed from the end of the trail, or the chain was truncated)");
            }
            else if (checkpoint.Position < cut)
            {
                beforeRetention++;
            }
            else if (!links.TryGetValue(checkpoint.Position, out var link))
            {
                problems.Add($"{signed}: the chain has no link at position {checkpoint.Position} (links were removed)");
            }
            else if (!string.Equals(link.Hash, checkpoint.Hash, StringComparison.Ordinal) || link.EntrySequence != checkpoint.EntrySequence)
            {
                problems.Add($"{signed}: at position {checkpoint.Position} the chain holds entry {link.EntrySequence} with hash {link.Hash[..12]}…, " +
                    $"where it signed entry {checkpoint.EntrySequence} with hash {checkpoint.Hash[..Math.Min(12, checkpoint.Hash.Length)]}… " +
                    "(an entry up to that position was forged, changed or removed, and the chain re-hashed)");
            }
            else
            {
                held++;
            }
        }

        await transaction.CommitAsync(ct);
        return (held, beforeRetention);
    }

    private static void RequireDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new AuditCheckpointException($"the checkpoint directory {directory} does not exist");
        }
    }

    /// <summary>Writes the file whole or not at all (a temporary file, flushed, then renamed); false when one is there already.</summary>
    private static async Task<bool> WriteOnceAsync(string path, string content, CancellationToken ct)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(content), ct);
                stream.Flush(flushToDisk: true);
            }

            if (File.Exists(path))
            {
                return false;
            }

            // Without overwrite, so the first instance to sign a position keeps its file and a second finds it.
            File.Move(temporary, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task<Link?> LinkAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string where, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"SELECT position, entry_sequence, hash, previous_hash FROM audit_chain {where}", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new Link(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    private readonly record struct Link(long Position, long EntrySequence, string Hash, string PreviousHash);
}
