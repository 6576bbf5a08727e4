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
        Assert.Equal($"{total} entries verified", output.Trim());

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
    public async Task Update_delete_and_truncate_of_the_audit_table_are_refused_even_for_the_owner_and_the_app_role_may_only_insert_and_select()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var app = new TestApp(database, kestrel: false))
        {
            await app.SeedAsync(children: 1);
        }

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var statement in new[] { "UPDATE audit_entries SET actor_name = 'x'", "DELETE FROM audit_entries", "TRUNCATE audit_entries" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, statement));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Equal("INSERT,SELECT", await Scalar<string>(database,
            "SELECT string_agg(privilege_type, ',' ORDER BY privilege_type) FROM information_schema.role_table_grants WHERE grantee = 'tc_app' AND table_name = 'audit_entries'"));
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await Execute(connection, "SET LOCAL ROLE tc_app");
            var denied = await Assert.ThrowsAsync<PostgresException>(() => Execute(connection, "UPDATE audit_entries SET actor_name = 'x'"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);
            Assert.Contains("permission denied", denied.MessageText, StringComparison.Ordinal);
        }

        Assert.True(await Scalar<long>(database, "SELECT count(*) FROM audit_entries") > 0);
    }

    [Fact]
    public async Task After_the_retention_procedure_removes_old_entries_the_recorded_anchor_lets_the_rest_verify()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var app = new TestApp(database, kestrel: false))
        {
            await app.SeedAsync(children: 2);
        }

        var cut = await Scalar<long>(database, "SELECT sequence FROM audit_entries ORDER BY sequence OFFSET 4 LIMIT 1");
        var anchor = await Scalar<string>(database, $"SELECT hash FROM audit_entries WHERE sequence = {cut}");
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await Execute(connection, "SET LOCAL session_replication_role = replica");
            await Execute(connection, $"DELETE FROM audit_entries WHERE sequence <= {cut}");
            await transaction.CommitAsync();
        }

        var (brokenCode, _, _) = await Tc(database, "verify-audit");
        Assert.Equal(3, brokenCode);

        var (code, output, error) = await Tc(database, "record-retention", "--anchor-hash", anchor, "--removed-before", "2020-01-01",
            "--archive", "audit-archive-test.csv", "--by", "Test Person, Test Witness");
        Assert.True(code == 0, error);
        Assert.EndsWith("entries verified", output.Trim(), StringComparison.Ordinal);
        Assert.Equal(0, (await Tc(database, "verify-audit")).Code);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static Task<(int Code, string Output, string Error)> Tc(TestDatabase database, params string[] args) => database.TcAsync(args);
}
