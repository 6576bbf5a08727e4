using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>How every host (web, CLI, tests) finds and configures the database.</summary>
public static class Database
{
    /// <summary>`ConnectionStrings:Cases`, or the `TC_CONNECTION_STRING` environment variable.</summary>
    public static string ConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString("Cases")
        ?? configuration["TC_CONNECTION_STRING"]
        ?? throw new InvalidOperationException(
            "No database is configured. Set ConnectionStrings__Cases or TC_CONNECTION_STRING, or start the app with scripts/run.sh.");

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
