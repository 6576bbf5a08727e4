using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Audit;

/// <summary>The chain and the table's protection, each on a database of its own (a test breaks the chain on purpose).</summary>
public sealed class AuditChainTests
{
    [Fact]
    public async Task The_chain_verifies_after_concurrent_writers_and_names_the_entry_a_superuser_edited()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, kestrel: false);
        await app.SeedAsync(children: 3);

        // Eight writers at once, each in its own scope and transaction: the chain must still be one line.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            for (var n = 0; n < 5; n++)
            {
                await app.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Test", $"{i}-{n}")));
            }
        }));
        var session = new Session(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await session.SignInAsync(Session.Caseworker);
        await session.RegisterChildAsync("Chained", "Trailtest", "2010-01-01");

        var total = await Scalar<long>(database, "SELECT count(*) FROM audit_entries");
        var (code, output, _) = await Tc(database, "verify-audit");
        Assert.Equal(0, code);
        Assert.Equal($"{total} entries verified, 0 waiting to be chained", output.Trim());

        var victim = await Scalar<long>(database, "SELECT sequence FROM audit_entries WHERE entity_type = 'Test' ORDER BY sequence OFFSET 3 LIMIT 1");
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            // Only a superuser can step past the trigger like this; the chain still notices.
            await Execute(connection, "SET LOCAL session_replication_role = replica");
            await Execute(connection, $"UPDATE audit_entries SET actor_name = 'Someone else' WHERE sequence = {victim}");
            await transaction.CommitAsync();
        }

        var (brokenCode, _, error) = await Tc(database, "verify-audit");
        Assert.Equal(3, brokenCode);
        Assert.Contains($"entry {victim} is broken", error, StringComparison.Ordinal);

        var auditor = new Session(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }));
        await auditor.SignInAsync(Session.Auditor);
        var (_, page) = await auditor.GetPageAsync("/audit/verify");
        Assert.Contains($"entry {victim} is broken", page.QuerySelector("[data-testid=chain-result]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_outside_a_transaction_are_stored_by_one_statement_as_by_copy_and_a_failing_one_stores_nothing()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, kestrel: false);
        var child = Guid.NewGuid();
        var details = new { query = "Amira", result_ids = new[] { child }, flagged = false, note = (string?)null };

        // One event goes by the single statement; twenty-one by COPY in a transaction (AuditTrail.StandaloneStatementLimit).
        await app.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Searched, "Caseload", null, child, details)));
        await app.AuditAsync(audit => audit.RecordAsync(Enumerable.Range(0, 21).Select(i => new AuditEvent(AuditActions.Searched, "Caseload", null, child, details)).ToList()));

        await using (var db = database.CreateContext())
        {
            var entries = await db.AuditEntries.Where(e => e.ChildId == child).OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(22, entries.Count);
            var single = entries[0];
            Assert.Null(single.EntityId);
            Assert.Equal(AuditActions.Searched, single.Action);
            Assert.Equal("Caseload", single.EntityType);
            Assert.All(entries.Skip(1), copied =>
            {
                Assert.Equal((single.ActorId, single.ActorName, single.OrganisationId, single.Role, single.ClientIp, single.EntityId),
                    (copied.ActorId, copied.ActorName, copied.OrganisationId, copied.Role, copied.ClientIp, copied.EntityId));
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(single.Details), JsonNode.Parse(copied.Details)), copied.Details);
            });
        }

        // The transaction id comes first, so a failing insert takes it and the entry with it: nothing is stored.
        var before = await Scalar<long>(database, "SELECT count(*) FROM audit_entries");
        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            app.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Test", new string('x', 201), child))));
        Assert.Equal(PostgresErrorCodes.StringDataRightTruncation, refused.SqlState);
        Assert.Equal(before, await Scalar<long>(database, "SELECT count(*) FROM audit_entries"));

        var (code, output, _) = await Tc(database, "verify-audit");
        Assert.Equal(0, code);
        Assert.Equal($"{before} entries verified, 0 waiting to be chained", output.Trim());
    }

    [Fact]
    public async Task Update_delete_and_truncate_of_the_entries_and_the_chain_are_refused_even_for_the_owner_and_the_app_role_may_only_append()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var app = new TestApp(database, kestrel: false))
        {
            await app.SeedAsync(children: 1);
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in new[]
                 {
                     "UPDATE audit_entries SET actor_name = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries",
                     "UPDATE audit_chain SET hash = previous_hash", "DELETE FROM audit_chain", "TRUNCATE audit_chain",
                 })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, statement));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        foreach (var (table, granted) in new[] { ("audit_entries", "INSERT,SELECT"), ("audit_chain", "INSERT,SELECT"), ("audit_chain_horizon", "SELECT,UPDATE") })
        {
            Assert.Equal(granted, await Scalar<string>(database,
                $"SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.role_table_grants WHERE grantee = 'tc_app' AND table_name = '{table}'"));
        }

        foreach (var statement in new[] { "UPDATE audit_entries SET actor_name = 'x'", "DELETE FROM audit_chain" })
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await Execute(connection, "SET LOCAL ROLE tc_app");
            var denied = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, statement));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
            Assert.Contains("permission denied", denied.MessageText, StringComparison.Ordinal);
        }

        // What the app does with its rights: write an entry, and chain it.
        await Execute(connection, "SET ROLE tc_app");
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await AuditInterceptor.AppendAsync(connection, transaction, [Entry("as-the-app")], CancellationToken.None);
            await transaction.CommitAsync();
        }

        Assert.True(await AuditChainer.ChainBatchAsync(connection, wait: true, batchSize: 1000, CancellationToken.None) > 0);
        await Execute(connection, "RESET ROLE");

        Assert.True(await Scalar<long>(database, "SELECT count(*) FROM audit_entries") > 0);
        Assert.Equal(await Scalar<long>(database, "SELECT count(*) FROM audit_entries"), await Scalar<long>(database, "SELECT count(*) FROM audit_chain"));
    }

    [Fact]
    public async Task After_the_retention_procedure_removes_old_entries_the_recorded_anchor_lets_the_rest_verify()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var app = new TestApp(database, kestrel: false))
        {
            await app.SeedAsync(children: 2);

            // Every entry chained before the cut: the background chainer may not have reached position 5 yet.
            await app.ChainAuditAsync();
        }

        // The procedure in docs/audit.md: cut the chain after a position, remove the links up to it and their entries.
        const long cut = 5;
        var anchor = await Scalar<string>(database, $"SELECT hash FROM audit_chain WHERE position = {cut}");
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await Execute(connection, "SET LOCAL session_replication_role = replica");
            await Execute(connection, $"DELETE FROM audit_entries WHERE sequence IN (SELECT entry_sequence FROM audit_chain WHERE position <= {cut})");
            await Execute(connection, $"DELETE FROM audit_chain WHERE position <= {cut}");
            await transaction.CommitAsync();
        }

        var (brokenCode, _, _) = await Tc(database, "verify-audit");
        Assert.Equal(3, brokenCode);

        var (code, output, error) = await Tc(database, "record-retention", "--anchor-hash", anchor, "--removed-before", "2020-01-01",
            "--archive", "audit-archive-test.csv", "--by", "Test Person, Test Witness");
        Assert.True(code == 0, error);
        Assert.EndsWith("entries verified, 0 waiting to be chained", output.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, (await Tc(database, "verify-audit")).Code);
    }

    [Fact]
    public async Task Entries_wait_unchained_until_the_chainer_runs_and_verify_audit_says_how_many()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, kestrel: false, settings: new Dictionary<string, string> { ["Audit:ChainerEnabled"] = "false" });
        await app.SeedAsync(children: 1);
        await app.ChainAuditAsync();
        var chained = await Scalar<long>(database, "SELECT count(*) FROM audit_chain");

        for (var n = 0; n < 3; n++)
        {
            await app.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Test", $"waiting-{n}")));
        }

        // Written and committed, so durable, but not chained: nothing else ran the chainer.
        Assert.Equal(chained + 3, await Scalar<long>(database, "SELECT count(*) FROM audit_entries"));
        Assert.Equal(chained, await Scalar<long>(database, "SELECT count(*) FROM audit_chain"));

        var (code, output, error) = await Tc(database, "verify-audit", "--no-chain");
        Assert.True(code == 0, error);
        Assert.Equal($"{chained} entries verified, 3 waiting to be chained", output.Trim());

        // Without --no-chain the command chains first: the three, and the chain_verified entry of the check before.
        (code, output, error) = await Tc(database, "verify-audit");
        Assert.True(code == 0, error);
        Assert.Equal($"{chained + 4} entries verified, 0 waiting to be chained", output.Trim());
    }

    [Fact]
    public async Task Writing_an_entry_never_waits_for_the_chainer_and_an_entry_committed_later_is_chained_later()
    {
        await using var database = await TestDatabase.CreateAsync();

        // Batches of two: the horizon moves batch by batch, and must still stop below the open transaction's entry.
        await using var app = new TestApp(database, kestrel: false, settings: new Dictionary<string, string>
        {
            ["Audit:ChainerEnabled"] = "false", ["Audit:ChainBatchSize"] = "2",
        });
        await app.SeedAsync(children: 1);

        // A chainer holds the chain's lock: a page view's entry is still written and committed at once.
        await using (var chainer = new NpgsqlConnection(database.ConnectionString))
        {
            await chainer.OpenAsync();
            await using var holding = await chainer.BeginTransactionAsync();
            await Execute(chainer, $"SELECT pg_advisory_xact_lock({AuditChainer.LockKey})");
            await app.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Test", "while-chaining"))).WaitAsync(TimeSpan.FromSeconds(30));
        }

        // An entry numbered first whose transaction commits after a later-numbered one's.
        await using var slow = new NpgsqlConnection(database.ConnectionString);
        await slow.OpenAsync();
        var open = await slow.BeginTransactionAsync();
        await AuditInterceptor.AppendAsync(slow, open, [Entry("committed-last")], CancellationToken.None);
        var early = await Scalar<long>(slow, "SELECT max(sequence) FROM audit_entries", open);
        for (var n = 0; n < 5; n++)
        {
            await app.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Test", $"committed-first-{n}")));
        }

        var late = await Scalar<long>(database, "SELECT max(sequence) FROM audit_entries");
        Assert.True(late > early);

        // The chainer runs again and again while it is open: it chains the later number and never settles past the open one.
        for (var run = 0; run < 3; run++)
        {
            await app.ChainAuditAsync();
        }

        Assert.Equal(0, await Scalar<long>(database, $"SELECT count(*) FROM audit_chain WHERE entry_sequence = {early}"));
        Assert.Equal(1, await Scalar<long>(database, $"SELECT count(*) FROM audit_chain WHERE entry_sequence = {late}"));
        Assert.True(await Scalar<long>(database, "SELECT settled_through FROM audit_chain_horizon") < early);

        await open.CommitAsync();
        Assert.Equal(1, await app.ChainAuditAsync());
        Assert.True(await Scalar<long>(database, $"SELECT position FROM audit_chain WHERE entry_sequence = {early}")
            > await Scalar<long>(database, $"SELECT position FROM audit_chain WHERE entry_sequence = {late}"));
        var total = await Scalar<long>(database, "SELECT count(*) FROM audit_entries");
        var (code, output, error) = await Tc(database, "verify-audit");
        Assert.True(code == 0, error);
        Assert.Equal($"{total} entries verified, 0 waiting to be chained", output.Trim());
    }

    public static TheoryData<string> Tampering => ["link removed", "entry removed", "entry added in a gap"];

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Removing_a_link_or_an_entry_or_adding_an_entry_after_the_fact_breaks_the_chain(string tampering)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, kestrel: false, settings: new Dictionary<string, string> { ["Audit:ChainerEnabled"] = "false" });
        await app.SeedAsync(children: 1);

        // A rolled-back transaction leaves a gap in the numbers: a place to slip a back-dated entry into.
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var rolledBack = await connection.BeginTransactionAsync();
            await AuditInterceptor.AppendAsync(connection, rolledBack, [Entry("rolled-back")], CancellationToken.None);
        }

        var gap = await Scalar<long>(database, "SELECT pg_sequence_last_value(pg_get_serial_sequence('audit_entries', 'sequence')::regclass)");
        for (var n = 0; n < 3; n++)
        {
            await app.AuditAsync(audit => audit.RecordAsync(new AuditEvent(AuditActions.Viewed, "Test", $"after-gap-{n}")));
        }

        await SettleAsync(app, database, gap);
        var (intact, _, _) = await Tc(database, "verify-audit");
        Assert.Equal(0, intact);

        var (position, victim) = (3L, await Scalar<long>(database, "SELECT entry_sequence FROM audit_chain WHERE position = 3"));
        var next = await Scalar<long>(database, $"SELECT entry_sequence FROM audit_chain WHERE position = {position + 1}");
        var (sql, broken, problem) = tampering switch
        {
            "link removed" => ($"DELETE FROM audit_chain WHERE position = {position}", next, "a link was removed"),
            "entry removed" => ($"DELETE FROM audit_entries WHERE sequence = {victim}", victim, "the entry was removed"),
            _ => ($"INSERT INTO audit_entries (sequence, occurred_at, actor_name, action, entity_type, details) OVERRIDING SYSTEM VALUE " +
                  $"VALUES ({gap}, now(), 'Someone', 'viewed', 'Child', '{{}}')", gap, "it was added afterwards"),
        };
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await Execute(connection, "SET LOCAL session_replication_role = replica");
            await Execute(connection, sql);
            await transaction.CommitAsync();
        }

        var (code, _, error) = await Tc(database, "verify-audit");
        Assert.Equal(3, code);
        Assert.Contains($"entry {broken} is broken", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chain_written_before_the_chain_table_existed_becomes_its_first_links_and_still_verifies()
    {
        await using var database = await TestDatabase.CreateAsync(migration: "20261130112052_ChildMerges");
        var previous = AuditChain.Genesis;
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            for (var n = 0; n < 5; n++)
            {
                // As ADR 008 wrote them: numbered, hashed with the previous entry's hash, in one line.
                var sequence = await Scalar<long>(connection, "SELECT nextval(pg_get_serial_sequence('audit_entries', 'sequence'))");
                var entry = new AuditEntry
                {
                    Sequence = sequence, OccurredAt = AuditChain.ToStoredPrecision(DateTimeOffset.UtcNow), ActorName = "system", Role = "System",
                    Action = AuditActions.Viewed, EntityType = "Test", EntityId = $"legacy-{n}", Details = $$"""{"n":{{n}},"page":"child"}""",
                };
                var hash = AuditChain.LegacyHash(entry, previous);
                await using var insert = new NpgsqlCommand(
                    "INSERT INTO audit_entries (sequence, occurred_at, actor_name, role, action, entity_type, entity_id, details, previous_hash, hash) " +
                    "VALUES (@s, @at, @actor, @role, @action, @type, @id, @details::jsonb, @previous, @hash)", connection);
                insert.Parameters.AddWithValue("s", entry.Sequence);
                insert.Parameters.AddWithValue("at", entry.OccurredAt);
                insert.Parameters.AddWithValue("actor", entry.ActorName);
                insert.Parameters.AddWithValue("role", entry.Role);
                insert.Parameters.AddWithValue("action", entry.Action);
                insert.Parameters.AddWithValue("type", entry.EntityType);
                insert.Parameters.AddWithValue("id", entry.EntityId);
                insert.Parameters.AddWithValue("details", entry.Details);
                insert.Parameters.AddWithValue("previous", previous);
                insert.Parameters.AddWithValue("hash", hash);
                await insert.ExecuteNonQueryAsync();
                previous = hash;
            }
        }

        await database.MigrateAsync();

        Assert.Equal(5, await Scalar<long>(database, $"SELECT count(*) FROM audit_chain WHERE scheme = {AuditChain.LegacyScheme}"));
        Assert.Equal(previous, await Scalar<string>(database, "SELECT hash FROM audit_chain WHERE position = 5"));
        var (code, output, error) = await Tc(database, "verify-audit", "--no-chain");
        Assert.True(code == 0, error);
        Assert.Equal("5 entries verified, 0 waiting to be chained", output.Trim());

        // New links follow on from the old ones.
        await using (var app = new TestApp(database, kestrel: false))
        {
            await app.SeedAsync(children: 1);
        }

        (code, output, error) = await Tc(database, "verify-audit");
        Assert.True(code == 0, error);
        Assert.Equal(previous, await Scalar<string>(database, "SELECT previous_hash FROM audit_chain WHERE position = 6"));
        Assert.Equal($"{await Scalar<long>(database, "SELECT count(*) FROM audit_entries") - 1} entries verified, 0 waiting to be chained", output.Trim());
    }

    /// <summary>Runs the chainer until it has settled every number up to the given one (its horizon waits for transactions anywhere in the cluster).</summary>
    private static async Task SettleAsync(TestApp app, TestDatabase database, long through)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            await app.ChainAuditAsync();
            if (await Scalar<long>(database, "SELECT settled_through FROM audit_chain_horizon") >= through)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"the chainer did not settle entry {through} within a minute");
            await Task.Delay(100);
        }
    }

    private static AuditEntry Entry(string entityId) => new()
    {
        OccurredAt = AuditChain.ToStoredPrecision(DateTimeOffset.UtcNow), ActorName = "system", Role = "System",
        Action = AuditActions.Viewed, EntityType = "Test", EntityId = entityId, Details = "{}",
    };

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return await Scalar<T>(connection, sql);
    }

    private static async Task<T> Scalar<T>(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static Task<(int Code, string Output, string Error)> Tc(TestDatabase database, params string[] args) => database.TcAsync(args);
}
