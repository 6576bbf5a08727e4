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
            services.ConfigureReadOnlyCases((provider, options) => options.AddInterceptors(provider.GetRequiredService<DbTimeInterceptor>()));
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

/// <summary>
/// The database time of one HTTP request so far: the wall time during which at least one command or transaction
/// step was in flight, so a reader left open while EF Core runs the next query of a split query counts once.
/// </summary>
public sealed class RequestDbTime
{
    private readonly Lock _lock = new();
    private int _inFlight;
    private DateTimeOffset _since;
    private TimeSpan _elapsed;
    private int _commands;

    public TimeSpan Elapsed
    {
        get
        {
            lock (_lock)
            {
                return _elapsed;
            }
        }
    }

    public int Commands
    {
        get
        {
            lock (_lock)
            {
                return _commands;
            }
        }
    }

    public void Started(DateTimeOffset at, bool command)
    {
        lock (_lock)
        {
            if (_inFlight++ == 0)
            {
                _since = at;
            }

            if (command)
            {
                _commands++;
            }
        }
    }

    public void Ended(DateTimeOffset at)
    {
        lock (_lock)
        {
            if (_inFlight > 0 && --_inFlight == 0 && at > _since)
            {
                _elapsed += at - _since;
            }
        }
    }
}

/// <summary>
/// Tells the current request's <see cref="RequestDbTime"/> when each database command starts and ends (a query
/// ends when its reader is closed, so reading the rows counts) and each transaction's begin, commit and
/// rollback. A commit is timed from before the other interceptors run, so it includes the audit entries
/// written under the chain lock.
/// </summary>
public sealed class DbTimeInterceptor(IHttpContextAccessor http) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private RequestDbTime? Current => http.HttpContext?.Features.Get<RequestDbTime>();

    private void Start(DateTimeOffset at, bool command = true) => Current?.Started(at, command);

    private void End() => Current?.Ended(DateTimeOffset.UtcNow);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Start(eventData.StartTime);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(eventData.StartTime);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        End();
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Start(eventData.StartTime);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(eventData.StartTime);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        End();
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        End();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Start(eventData.StartTime);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(eventData.StartTime);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        End();
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        End();
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => End();

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        End();
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => End();

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End();
        return Task.CompletedTask;
    }

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Start(eventData.StartTime, command: false);
        return result;
    }

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Start(eventData.StartTime, command: false);
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        End();
        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        End();
        return ValueTask.FromResult(result);
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Start(eventData.StartTime, command: false);
        return result;
    }

    public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Start(eventData.StartTime, command: false);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => End();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End();
        return Task.CompletedTask;
    }

    public InterceptionResult TransactionRollingBack(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        Start(eventData.StartTime, command: false);
        return result;
    }

    public ValueTask<InterceptionResult> TransactionRollingBackAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Start(eventData.StartTime, command: false);
        return ValueTask.FromResult(result);
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => End();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End();
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => End();

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        End();
        return Task.CompletedTask;
    }
}
