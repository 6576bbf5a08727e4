using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>
/// The case store as the reports read it (ADR 027): a <see cref="CasesDbContext"/> registered under the key
/// <see cref="Key"/> on <c>ConnectionStrings:CasesReadOnly</c>, usually a streaming standby, so a report's long scans
/// run beside the primary's saves instead of on the same server. Ask for it with
/// <c>[FromKeyedServices(ReadOnlyCases.Key)] CasesDbContext db</c>. It tracks nothing and refuses to save; no retrying
/// strategy (an export streams its rows); and it has none of the primary's interceptors (the audit interceptor holds a
/// transaction's pending entries, and anything a report records, such as an export's audit entries, goes to the
/// primary through the ordinary context). Its figures are as old as the standby's replay (seconds, see docs/operations.md).
/// </summary>
public static class ReadOnlyCases
{
    /// <summary>The service key, and the connection string's name.</summary>
    public const string Key = "CasesReadOnly";

    /// <summary>Registers the keyed read-only context, one per scope, on <paramref name="connectionString"/>.</summary>
    public static IServiceCollection AddReadOnlyCases(this IServiceCollection services, string connectionString)
    {
        services.AddKeyedScoped(Key, (provider, _) =>
        {
            // As AddDbContext builds a context's options, so the model (cached per context type) sees the same services.
            var options = new DbContextOptionsBuilder<CasesDbContext>().UseApplicationServiceProvider(provider);
            Database.Configure(options, connectionString, retryOnFailure: false);
            options.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking).AddInterceptors(RefuseSaves.Instance);
            foreach (var configure in provider.GetServices<ReadOnlyCasesConfiguration>())
            {
                configure.Apply(provider, options);
            }

            return new CasesDbContext(options.Options);
        });
        return services;
    }

    /// <summary>Adds to the read-only context's options (e.g. a diagnostic interceptor), as ConfigureDbContext does for the primary's.</summary>
    public static IServiceCollection ConfigureReadOnlyCases(this IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure) =>
        services.AddSingleton(new ReadOnlyCasesConfiguration(configure));

    /// <summary>Fails any SaveChanges on the read-only context before a command is sent.</summary>
    private sealed class RefuseSaves : SaveChangesInterceptor
    {
        public static readonly RefuseSaves Instance = new();

        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
            throw Refusal();

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            throw Refusal();

        private static InvalidOperationException Refusal() => new(
            "The read-only case store (ConnectionStrings:CasesReadOnly) never saves: it may be a standby. Save through the CasesDbContext that is not keyed.");
    }
}

/// <summary>One addition to the read-only context's options (<see cref="ReadOnlyCases.ConfigureReadOnlyCases"/>).</summary>
public sealed class ReadOnlyCasesConfiguration(Action<IServiceProvider, DbContextOptionsBuilder> apply)
{
    public void Apply(IServiceProvider provider, DbContextOptionsBuilder options) => apply(provider, options);
}
