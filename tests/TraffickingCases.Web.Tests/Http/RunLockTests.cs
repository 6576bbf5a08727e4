using Npgsql;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>The sweep's one-at-a-time lock lives in a transaction, so it also holds behind PgBouncer in transaction mode (ADR 028).</summary>
public sealed class RunLockTests
{
    [Fact]
    public async Task A_sweep_skips_while_another_instance_holds_the_sweep_lock_and_runs_once_it_is_let_go()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, kestrel: false);
        await app.SeedAsync(children: 0);

        await using (var other = await RunLock.TryTakeAsync(database.ConnectionString, FlagSweeper.SweepLockKey, CancellationToken.None))
        {
            Assert.NotNull(other);
            Assert.True((await app.SweepAsync()).Skipped);
            Assert.Null(await RunLock.TryTakeAsync(database.ConnectionString, FlagSweeper.SweepLockKey, CancellationToken.None));

            // The holder's open transaction keeps no snapshot, so a long sweep does not hold back vacuum.
            Assert.Equal("idle in transaction, no snapshot", await ScalarAsync<string>(database,
                "SELECT string_agg(a.state || ', ' || coalesce('xmin ' || a.backend_xmin, 'no snapshot'), '; ') " +
                "FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid " +
                $"WHERE l.locktype = 'advisory' AND l.objid = {FlagSweeper.SweepLockKey} AND a.datname = current_database()"));
        }

        Assert.False((await app.SweepAsync()).Skipped);
        Assert.Equal(0, await ScalarAsync<int>(database,
            $"SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory' AND objid = {FlagSweeper.SweepLockKey} " +
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"));
    }

    private static async Task<T> ScalarAsync<T>(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
