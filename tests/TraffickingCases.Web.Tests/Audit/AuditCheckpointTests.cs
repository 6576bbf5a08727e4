using Microsoft.Extensions.Time.Testing;
using Npgsql;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Audit;

/// <summary>
/// Signed checkpoints outside the database (ADR 019) catch what the chain alone cannot: a chain re-hashed after a forged
/// or removed entry, its newest entries deleted, or the whole trail truncated. Each test has a database of its own.
/// </summary>
public sealed class AuditCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-checkpoints-").FullName;
    private readonly string _checkpoints;
    private readonly string _privateKey;
    private readonly string _publicKey;

    public AuditCheckpointTests()
    {
        _checkpoints = Directory.CreateDirectory(Path.Combine(_folder, "checkpoints")).FullName;
        (_privateKey, _publicKey) = (Path.Combine(_folder, "checkpoint-private.pem"), Path.Combine(_folder, "checkpoint-public.pem"));
    }

    public static TheoryData<string> Tampering =>
        ["entry forged and the chain re-hashed", "entries removed and the chain re-hashed", "newest entries deleted", "trail truncated"];

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Tampering_a_superuser_can_hide_from_the_chain_is_caught_by_the_checkpoints(string tampering)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, kestrel: false);
        await app.SeedAsync(children: 2);
        var (code, output, error) = await Tc(database, "audit", "checkpoint-key", "--private", _privateKey, "--public", _publicKey);
        Assert.True(code == 0, error);
        Assert.Contains("checkpoint key", output, StringComparison.Ordinal);

        // Two checkpoints, some entries apart, and both hold.
        var first = await CheckpointAsync(database);
        for (var n = 0; n < 4; n++)
        {
            await app.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Test", $"between-{n}")));
        }

        var newest = await CheckpointAsync(database);
        Assert.True(newest.Position > first.Position);
        (code, output, error) = await VerifyWithCheckpoints(database);
        Assert.True(code == 0, error);
        Assert.EndsWith("2 checkpoints hold, the newest at position " + newest.Position, output.Trim(), StringComparison.Ordinal);

        var (expected, head) = tampering switch
        {
            "entry forged and the chain re-hashed" => (
                "was forged, changed or removed",
                await RewriteAsync(database, from: 3, remove: 0, forge: "UPDATE audit_entries SET actor_name = 'Sam Carter', details = '{\"page\": \"child\"}' WHERE sequence = @sequence")),
            "entries removed and the chain re-hashed" => ("was forged, changed or removed", await RewriteAsync(database, from: 3, remove: 2, forge: null)),
            "newest entries deleted" => ("the chain ends at position", await DeleteNewestAsync(database, links: 6)),
            _ => ("the chain ends at position", await TruncateAsync(database)),
        };

        // The finding: the chain alone still verifies, because it was re-computed, or only shortened.
        (code, output, error) = await Tc(database, "verify-audit");
        Assert.True(code == 0, error);
        Assert.StartsWith($"{head} entries verified", output.Trim(), StringComparison.Ordinal);

        // With the checkpoints it does not: exit 3, naming the checkpoint and what no longer holds.
        (code, _, error) = await VerifyWithCheckpoints(database);
        Assert.Equal(3, code);
        Assert.Contains($"but 2 checkpoints do not hold: {AuditCheckpoint.FileName(first.Position)}", error, StringComparison.Ordinal);
        Assert.Contains(AuditCheckpoint.FileName(newest.Position), error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);

        // And the next checkpoint is refused rather than signing the changed chain.
        var files = AuditCheckpoint.Files(_checkpoints);
        (code, _, error) = await Tc(database, "audit", "checkpoint", "--directory", _checkpoints, "--key", _privateKey);
        Assert.Equal(3, code);
        Assert.Contains($"no checkpoint written: the chain", error, StringComparison.Ordinal);
        Assert.Equal(files, AuditCheckpoint.Files(_checkpoints));
    }

    [Fact]
    public async Task A_changed_checkpoint_file_or_one_signed_with_another_key_is_reported_though_the_chain_is_intact()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, kestrel: false);
        await app.SeedAsync(children: 1);
        CheckpointSigningKey.Create(_privateKey, _publicKey);
        var first = await CheckpointAsync(database);
        await app.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Test", "later")));
        var second = await CheckpointAsync(database);

        // Someone moves the first checkpoint back to cover a shorter chain, without the key to sign it.
        var file = Path.Combine(_checkpoints, AuditCheckpoint.FileName(first.Position));
        var text = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(file, text.Replace(first.Hash, new string('0', 64), StringComparison.Ordinal));

        // And adds one of their own, signed with a key of their own.
        var (otherPrivate, otherPublic) = (Path.Combine(_folder, "other-private.pem"), Path.Combine(_folder, "other-public.pem"));
        using (var other = Loaded(otherPrivate, otherPublic))
        {
            var forged = AuditCheckpoint.Sign(other, second.Position + 1000, 1, new string('f', 64), DateTimeOffset.UtcNow);
            await File.WriteAllTextAsync(Path.Combine(_checkpoints, AuditCheckpoint.FileName(forged.Position)), forged.ToJson());
        }

        Assert.Equal(0, (await Tc(database, "verify-audit")).Code);
        var (code, _, error) = await VerifyWithCheckpoints(database);
        Assert.Equal(3, code);
        Assert.Contains($"{AuditCheckpoint.FileName(first.Position)}: its signature does not verify", error, StringComparison.Ordinal);
        Assert.Contains($"{AuditCheckpoint.FileName(second.Position + 1000)}: it was signed with key", error, StringComparison.Ordinal);
        Assert.DoesNotContain(AuditCheckpoint.FileName(second.Position), error, StringComparison.Ordinal);

        // Given the other public key as well, its checkpoint's signature holds, and the chain then shows it was never there.
        (code, _, error) = await Tc(database, "verify-audit", "--checkpoints", _checkpoints, "--public-key", _publicKey, "--public-key", otherPublic);
        Assert.Equal(3, code);
        Assert.Contains($"{AuditCheckpoint.FileName(second.Position + 1000)} (signed", error, StringComparison.Ordinal);
        Assert.Contains("the chain ends at position", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_appended_through_the_apps_own_role_after_the_newest_checkpoint_look_like_the_apps_own()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var app = new TestApp(database, kestrel: false))
        {
            await app.SeedAsync(children: 1);
        }

        CheckpointSigningKey.Create(_privateKey, _publicKey);
        var checkpoint = await CheckpointAsync(database);

        // The app's role may append an entry and chain it, with a correct hash: the limit docs/audit.md states.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await Execute(connection, "SET ROLE tc_app");
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await AuditInterceptor.AppendAsync(connection, transaction, [new AuditEntry
                {
                    OccurredAt = AuditChain.ToStoredPrecision(DateTimeOffset.UtcNow), ActorName = "Sam Carter", Role = "Caseworker",
                    Action = AuditActions.Viewed, EntityType = "Child", Details = "{}",
                }], CancellationToken.None);
                await transaction.CommitAsync();
            }

            Assert.Equal(1, await AuditChainer.ChainBatchAsync(connection, wait: true, batchSize: 1000, CancellationToken.None));
        }

        var (code, output, error) = await VerifyWithCheckpoints(database);
        Assert.True(code == 0, error);
        Assert.Contains($"1 checkpoint holds, the newest at position {checkpoint.Position}", output, StringComparison.Ordinal);

        // The next checkpoint signs it too; from then on it cannot be removed or changed unnoticed.
        Assert.True((await CheckpointAsync(database)).Position > checkpoint.Position);
    }

    [Fact]
    public async Task Instances_checkpointing_at_the_same_moment_leave_one_file_per_position_and_the_web_app_writes_one_every_interval()
    {
        await using var database = await TestDatabase.CreateAsync();
        CheckpointSigningKey.Create(_privateKey, _publicKey);
        var settings = new Dictionary<string, string>
        {
            ["Audit:CheckpointDirectory"] = _checkpoints, ["Audit:CheckpointKeyFile"] = _privateKey, ["Audit:CheckpointIntervalMinutes"] = "30",
        };
        var (clockOne, clockTwo) = (new FakeTimeProvider(DateTimeOffset.UtcNow), new FakeTimeProvider(DateTimeOffset.UtcNow));
        await using var one = new TestApp(database, kestrel: false, clock: clockOne, settings: settings);
        await using var two = new TestApp(database, kestrel: false, clock: clockTwo, settings: settings);
        await one.SeedAsync(children: 1);
        await one.ChainAuditAsync();
        await two.ChainAuditAsync();

        // Eight writers on two instances sign the same head at once: one file for it, whole, and no temporary files left.
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? one : two).CheckpointAuditAsync()));
        var position = runs[0].Checkpoint!.Position;
        Assert.All(runs, run => Assert.Equal(position, run.Checkpoint!.Position));
        Assert.True(runs.Count(r => r.Outcome == CheckpointOutcome.Written) <= 1);
        Assert.Equal([Path.Combine(_checkpoints, AuditCheckpoint.FileName(position))], AuditCheckpoint.Files(_checkpoints));
        Assert.Empty(Directory.EnumerateFiles(_checkpoints, "*.tmp"));

        // The scheduled job: nothing more until the interval passes on an instance's clock, then the new head is signed.
        await one.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Test", "after-the-first")));
        await one.ChainAuditAsync();
        await Task.Delay(200);
        Assert.Single(AuditCheckpoint.Files(_checkpoints));
        clockTwo.Advance(TimeSpan.FromMinutes(30));
        clockOne.Advance(TimeSpan.FromMinutes(30));
        var until = DateTime.UtcNow.AddSeconds(30);
        while (AuditCheckpoint.Files(_checkpoints).Count < 2)
        {
            Assert.True(DateTime.UtcNow < until, "no checkpoint was written within 30 seconds of the interval passing");
            await Task.Delay(100);
        }

        await Task.Delay(500);
        Assert.Equal(2, AuditCheckpoint.Files(_checkpoints).Count);
        Assert.Empty(Directory.EnumerateFiles(_checkpoints, "*.tmp"));
        Assert.DoesNotContain(one.Logs.Events.Concat(two.Logs.Events), e => e.Contains("Audit checkpoint refused", StringComparison.Ordinal)
            || e.Contains("Audit checkpoint failed", StringComparison.Ordinal));
        var (code, output, error) = await VerifyWithCheckpoints(database);
        Assert.True(code == 0, error);
        Assert.Contains("2 checkpoints hold", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CheckpointSigningKey Loaded(string privateKey, string publicKey)
    {
        CheckpointSigningKey.Create(privateKey, publicKey);
        return CheckpointSigningKey.Load(privateKey);
    }

    private async Task<AuditCheckpoint> CheckpointAsync(TestDatabase database)
    {
        var (code, output, error) = await Tc(database, "audit", "checkpoint", "--directory", _checkpoints, "--key", _privateKey);
        Assert.True(code == 0, error);
        Assert.StartsWith("checkpoint written: position", output, StringComparison.Ordinal);
        var file = AuditCheckpoint.Files(_checkpoints)[^1];
        return AuditCheckpoint.Parse(await File.ReadAllTextAsync(file));
    }

    private Task<(int Code, string Output, string Error)> VerifyWithCheckpoints(TestDatabase database) =>
        Tc(database, "verify-audit", "--checkpoints", _checkpoints, "--public-key", _publicKey);

    /// <summary>
    /// What a superuser can do past the triggers: change or remove entries from a position on, and re-compute every link
    /// after it with the chain's own algorithm, so the chain alone verifies. Returns the new head's position.
    /// </summary>
    private static async Task<long> RewriteAsync(TestDatabase database, long from, int remove, string? forge)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, "SET LOCAL session_replication_role = replica");
        var victim = await Scalar<long>(connection, $"SELECT entry_sequence FROM audit_chain WHERE position = {from}");
        if (forge is not null)
        {
            await using var command = new NpgsqlCommand(forge, connection);
            command.Parameters.AddWithValue("sequence", victim);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        if (remove > 0)
        {
            var last = from + remove - 1;
            await Execute(connection, $"DELETE FROM audit_entries WHERE sequence IN (SELECT entry_sequence FROM audit_chain WHERE position BETWEEN {from} AND {last})");
            await Execute(connection, $"DELETE FROM audit_chain WHERE position BETWEEN {from} AND {last}");

            // Close the gap, lowest first so that each new position is free.
            var later = new List<long>();
            await using (var select = new NpgsqlCommand($"SELECT position FROM audit_chain WHERE position > {last} ORDER BY position", connection))
            await using (var reader = await select.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    later.Add(reader.GetInt64(0));
                }
            }

            foreach (var position in later)
            {
                await Execute(connection, $"UPDATE audit_chain SET position = {position - remove} WHERE position = {position}");
            }
        }

        var previous = from == 1 ? AuditChain.Genesis : await Scalar<string>(connection, $"SELECT hash FROM audit_chain WHERE position = {from - 1}");
        var links = new List<(long Position, AuditEntry Entry)>();
        await using (var select = new NpgsqlCommand(
            "SELECT c.position, e.sequence, e.occurred_at, e.actor_id, e.actor_name, e.organisation_id, e.role, e.client_ip, e.correlation_id, " +
            $"e.action, e.entity_type, e.entity_id, e.child_id, e.details::text FROM audit_chain c JOIN audit_entries e ON e.sequence = c.entry_sequence " +
            $"WHERE c.position >= {from} ORDER BY c.position", connection))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                links.Add((reader.GetInt64(0), new AuditEntry
                {
                    Sequence = reader.GetInt64(1), OccurredAt = reader.GetFieldValue<DateTimeOffset>(2), ActorId = Text(reader, 3), ActorName = reader.GetString(4),
                    OrganisationId = reader.IsDBNull(5) ? null : reader.GetGuid(5), Role = Text(reader, 6), ClientIp = Text(reader, 7), CorrelationId = Text(reader, 8),
                    Action = reader.GetString(9), EntityType = reader.GetString(10), EntityId = Text(reader, 11),
                    ChildId = reader.IsDBNull(12) ? null : reader.GetGuid(12), Details = reader.GetString(13),
                }));
            }
        }

        foreach (var (position, entry) in links)
        {
            var hash = AuditChain.Hash(entry, position, previous);
            await Execute(connection, $"UPDATE audit_chain SET previous_hash = '{previous}', hash = '{hash}' WHERE position = {position}");
            previous = hash;
        }

        await transaction.CommitAsync();
        return links.Count == 0 ? from - 1 : links[^1].Position;
    }

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static async Task<long> DeleteNewestAsync(TestDatabase database, int links)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, "SET LOCAL session_replication_role = replica");
        var head = await Scalar<long>(connection, "SELECT max(position) FROM audit_chain");
        await Execute(connection, $"DELETE FROM audit_entries WHERE sequence IN (SELECT entry_sequence FROM audit_chain WHERE position > {head - links})");
        await Execute(connection, $"DELETE FROM audit_chain WHERE position > {head - links}");
        await transaction.CommitAsync();
        return head - links;
    }

    private static async Task<long> TruncateAsync(TestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await Execute(connection, "SET LOCAL session_replication_role = replica");
        await Execute(connection, "TRUNCATE audit_chain, audit_entries");
        await transaction.CommitAsync();
        return 0;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static Task<(int Code, string Output, string Error)> Tc(TestDatabase database, params string[] args) => database.TcAsync(args);
}
