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
        return configuration.GetValue<int?>(CommandTimeoutSetting) is { } seconds
            ? new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = seconds >= 0 ? seconds : throw new InvalidOperationException($"{CommandTimeoutSetting} must be 0 or more") }.ConnectionString
            : connectionString;
    }

    /// <summary>How long one statement may run before Npgsql cancels it and the page says so (ADR 026).</summary>
    public const string CommandTimeoutSetting = "Database:CommandTimeoutSeconds";

    /// <summary>
    /// `ConnectionStrings:CasesReadOnly` (a standby, or several hosts with <c>Target Session Attributes=prefer-standby</c>)
    /// for the reports that may be seconds old: statistics, the dashboard and exports; the primary's when unset.
    /// </summary>
    public static string ReadOnlyConnectionString(IConfiguration configuration, string primary) =>
        configuration.GetConnectionString(ReadOnlyCases.Key) is { Length: > 0 } readOnly ? readOnly : primary;

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
