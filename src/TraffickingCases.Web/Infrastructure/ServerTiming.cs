using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// Benchmark diagnostics, off unless <c>Diagnostics:ServerTiming</c> is true: every response carries
/// <c>Server-Timing: db;dur=…;desc="N commands", app;dur=…</c>, the wall time the request spent in database
/// commands and in the whole app, in milliseconds, so a load test can compare a page's latency with its SQL.
/// </summary>
public static class ServerTiming
{
    public const string Setting = "Diagnostics:ServerTiming";

    public static IServiceCollection AddServerTiming(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>(Setting))
        {
            services.AddSingleton<DbTimeInterceptor>();
            services.ConfigureDbContext<CasesDbContext>((provider, options) => options.AddInterceptors(provider.GetRequiredService<DbTimeInterceptor>()));
        }

        return services;
    }

    /// <summary>Goes first in the pipeline, so <c>app;dur</c> covers everything the app does before the response starts.</summary>
    public static IApplicationBuilder UseServerTiming(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<IConfiguration>().GetValue<bool>(Setting))
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            var db = new RequestDbTime();
            context.Features.Set(db);
            context.Response.OnStarting(() =>
            {
                // Commands run after the response has started (a streamed export's rows) are not in it.
                context.Response.Headers.Append("Server-Timing", string.Create(CultureInfo.InvariantCulture,
                    $"db;dur={db.Elapsed.TotalMilliseconds:0.0};desc=\"{db.Commands} commands\", app;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:0.0}"));
                return Task.CompletedTask;
            });
            await next();
        });
    }
}

/// <summary>The database time of one HTTP request so far; commands of one request may run on several contexts.</summary>
public sealed class RequestDbTime
{
    private long _ticks;
    private int _commands;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public int Commands => Volatile.Read(ref _commands);

    public void Add(TimeSpan duration, bool command)
    {
        Interlocked.Add(ref _ticks, duration.Ticks);
        if (command)
        {
            Interlocked.Increment(ref _commands);
        }
    }
}

/// <summary>
/// Adds each database command's wall time (for a query, from sending it until its reader is closed, so reading
/// the rows counts) and each transaction's begin, commit and rollback (a commit includes writing the audit
/// entries under the chain lock) to the current request's <see cref="RequestDbTime"/>.
/// </summary>
public sealed class DbTimeInterceptor(IHttpContextAccessor http) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private void Add(TimeSpan duration, bool command = true) => http.HttpContext?.Features.Get<RequestDbTime>()?.Add(duration, command);

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        Add(eventData.Duration);
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Add(eventData.Duration);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Add(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Add(eventData.Duration);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Add(eventData.Duration);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Add(eventData.Duration);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Add(eventData.Duration);
        return Task.CompletedTask;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Add(eventData.Duration, command: false);
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Add(eventData.Duration, command: false);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Add(eventData.Duration, command: false);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Add(eventData.Duration, command: false);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Add(eventData.Duration, command: false);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Add(eventData.Duration, command: false);
        return Task.CompletedTask;
    }
}
