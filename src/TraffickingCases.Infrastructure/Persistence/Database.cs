using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>How every host (web, CLI, tests) finds and configures the database.</summary>
public static class Database
{
    /// <summary>`ConnectionStrings:Cases`, or the `TC_CONNECTION_STRING` environment variable.</summary>
    /// <remarks>
    /// With <c>Database:CommandTimeoutSeconds</c> set, every statement gets that long (Npgsql's own default is 30 s; 0 waits for ever).
    /// </remarks>
    public static string ConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Cases")
            ?? configuration["TC_CONNECTION_STRING"]
            ?? throw new DatabaseNotConfiguredException();
        connectionString = WithPoolSettings(connectionString, configuration);
        return configuration.GetValue<int?>(CommandTimeoutSetting) is { } seconds
            ? new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = seconds >= 0 ? seconds : throw new InvalidOperationException($"{CommandTimeoutSetting} must be 0 or more") }.ConnectionString
            : connectionString;
    }

    /// <summary>How long one statement may run before Npgsql cancels it and the page says so (ADR 026).</summary>
    public const string CommandTimeoutSetting = "Database:CommandTimeoutSeconds";

    /// <summary>
    /// How many statements each connection keeps prepared on the server (Npgsql's automatic preparation, ADR 033):
    /// a statement run five times is parsed and planned once, then only bound and executed, which halves PostgreSQL's
    /// CPU for a page. 0 turns it off, as behind PgBouncer 1.18 in transaction mode; a connection string that says
    /// <c>Max Auto Prepare</c> itself keeps what it says.
    /// </summary>
    public const string MaxAutoPrepareSetting = "Database:MaxAutoPrepare";

    /// <summary>The default of <see cref="MaxAutoPrepareSetting"/>: more than the distinct statements a busy connection runs.</summary>
    public const int DefaultMaxAutoPrepare = 128;

    /// <summary>
    /// The connection string with <see cref="MaxAutoPrepareSetting"/> applied and no reset of a connection returned to the
    /// pool, unless the string says either itself.
    /// </summary>
    public static string WithPoolSettings(string connectionString, IConfiguration configuration)
    {
        // Npgsql's own builder knows every keyword, so it cannot tell what the string set; the plain one can.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            var statements = configuration.GetValue<int?>(MaxAutoPrepareSetting) ?? DefaultMaxAutoPrepare;
            builder.MaxAutoPrepare = statements >= 0 ? statements : throw new InvalidOperationException($"{MaxAutoPrepareSetting} must be 0 or more");
        }

        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            // The app keeps nothing in a session (ADR 028: transaction locks, SET LOCAL only), so a connection going back
            // to the pool needs no reset; Npgsql's reset is seven statements run before the next use of every connection.
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// `ConnectionStrings:CasesReadOnly` (a standby, or several hosts with <c>Target Session Attributes=prefer-standby</c>)
    /// for the reports that may be seconds old: statistics, the dashboard and exports; the primary's when unset.
    /// </summary>
    public static string ReadOnlyConnectionString(IConfiguration configuration, string primary) =>
        configuration.GetConnectionString(ReadOnlyCases.Key) is { Length: > 0 } readOnly ? WithPoolSettings(readOnly, configuration) : primary;

    /// <summary>True when PostgreSQL says the connection string's database does not exist (SQLSTATE 3D000).</summary>
    public static bool IsMissing(Exception failure) =>
        failure is PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName }
        || (failure.InnerException is { } inner && IsMissing(inner));

    /// <summary>The database a connection string names, for messages.</summary>
    public static string? NameIn(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database;

    public static void Configure(DbContextOptionsBuilder options, string connectionString, bool retryOnFailure)
    {
        options.UseNpgsql(connectionString, npgsql =>
        {
            npgsql.MigrationsAssembly(typeof(CasesDbContext).Assembly.GetName().Name);
            if (retryOnFailure)
            {
                npgsql.EnableRetryOnFailure(3);
            }
        });
        options.UseSnakeCaseNamingConvention();
    }
}

/// <summary>Neither <c>ConnectionStrings:Cases</c> nor <c>TC_CONNECTION_STRING</c> is set.</summary>
public sealed class DatabaseNotConfiguredException()
    : InvalidOperationException("No database is configured. Set ConnectionStrings__Cases or TC_CONNECTION_STRING, or start the app with scripts/run.sh.");
