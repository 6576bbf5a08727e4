using Microsoft.Extensions.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>A fresh PostgreSQL database built from the migrations, dropped when the tests are done.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _server;

    private TestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Pooling = true }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>
    /// A new database, migrated to the latest migration or, when named, only as far as <paramref name="migration"/>; on
    /// the test server, or on <paramref name="server"/> (a connection string to its postgres database).
    /// </summary>
    public static async Task<TestDatabase> CreateAsync(string? migration = null, string? server = null)
    {
        server ??= Environment.GetEnvironmentVariable("TC_TEST_CONNECTION_STRING")
            ?? throw new InvalidOperationException(
                "TC_TEST_CONNECTION_STRING is not set. Run the tests with scripts/test.sh, which starts a throwaway PostgreSQL cluster.");
        var database = new TestDatabase(server, $"tc_test_{Guid.NewGuid():N}");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        await database.MigrateAsync(migration);
        return database;
    }

    /// <summary>Applies the migrations up to the one named (all of them when null).</summary>
    public async Task MigrateAsync(string? migration = null)
    {
        await using var db = CreateContext();
        await db.GetService<IMigrator>().MigrateAsync(migration);
    }

    /// <summary>Runs a <c>tc</c> verb against this database, as the CLI would, and returns its exit code and output.</summary>
    public async Task<(int Code, string Output, string Error)> TcAsync(string[] args, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(settings ?? [])
        {
            ["ConnectionStrings:Cases"] = ConnectionString,
            ["Exports:PseudonymKey"] = TestApp.PseudonymKey,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TraffickingCases.Cli.TcCommands.RunAsync(args, output, error, configuration);
        return (code, output.ToString(), error.ToString());
    }

    public CasesDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<CasesDbContext>();
        Database.Configure(options, ConnectionString, retryOnFailure: false);
        options.UseApplicationServiceProvider(TraffickingCases.Infrastructure.Identity.IdentitySettings.ModelServices);
        return new CasesDbContext(options.Options);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
