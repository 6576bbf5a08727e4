using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>What a failure says about the database, for the page the person sees and whether a change may run again.</summary>
public enum DatabaseFault
{
    /// <summary>Not a database fault the person can wait out: a bug, a refused value, a cancelled request.</summary>
    None,

    /// <summary>The database is down, restarting, refusing connections, out of room, or dropped the connection.</summary>
    Unavailable,

    /// <summary>A statement ran past <c>Database:CommandTimeoutSeconds</c>.</summary>
    TimedOut,
}

/// <summary>Recognises database failures that pass (ADR 026).</summary>
public static class DatabaseFaults
{
    /// <summary>
    /// Looks through the exception and the ones it wraps (EF's non-retrying strategy wraps a transient failure in an
    /// <see cref="InvalidOperationException"/>; a save wraps it in a <see cref="DbUpdateException"/>).
    /// A cancelled request is never a fault, even though PostgreSQL reports the cancelled statement.
    /// </summary>
    public static DatabaseFault Classify(Exception failure)
    {
        if (failure is OperationCanceledException)
        {
            return DatabaseFault.None;
        }

        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException { SqlState: PostgresErrorCodes.QueryCanceled }:
                    return DatabaseFault.TimedOut; // statement_timeout set on the server or a role
                case PostgresException postgres:
                    return IsServerUnavailable(postgres.SqlState) || IsContention(postgres.SqlState) ? DatabaseFault.Unavailable : DatabaseFault.None;
                case NpgsqlException { InnerException: TimeoutException }:
                    return DatabaseFault.TimedOut; // Npgsql's command timeout: it cancelled the statement
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException:
                    return DatabaseFault.Unavailable;
                case SocketException:
                    return DatabaseFault.Unavailable;
            }
        }

        return DatabaseFault.None;
    }

    /// <summary>
    /// Connection exceptions (class 08), the server shutting down, crashing or starting (57P01, 57P02, 57P03) and
    /// insufficient resources (class 53: a full disk, too many connections). Not serialization failures or
    /// deadlocks: those are about this transaction, and the change is run again (<see cref="ChangeRetryStrategy"/>).
    /// </summary>
    public static bool IsServerUnavailable(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;

    /// <summary>A deadlock, a serialization failure or a lock not granted: another transaction was in the way; running again may succeed.</summary>
    public static bool IsContention(string sqlState) =>
        sqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.LockNotAvailable;

    /// <summary>True when the failure broke the connection itself, so pooled connections opened before it are suspect.</summary>
    public static bool BrokeConnection(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is PostgresException postgres)
            {
                return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
            }

            if (e is NpgsqlException { InnerException: SocketException or IOException } or SocketException)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// Runs a whole short transaction again when it failed before its commit was sent, on a failure that passes: a
/// dropped connection, a restart, a deadlock, a serialization failure. A failure during the commit is never
/// retried: the commit may have landed, and running the change again would save it twice. A timeout is not
/// retried either: the same statement would take as long again. EF's own strategy, created per change rather
/// than configured on the context, so explicit transactions elsewhere and streaming reads stay as they are (ADR 026).
/// </summary>
public sealed class ChangeRetryStrategy(DbContext context, CommitGuard guard, Action<int, Exception>? retrying = null)
    : NpgsqlRetryingExecutionStrategy(context, MaxRetries, MaxDelay, errorCodesToAdd: null)
{
    /// <summary>Three more tries over about two seconds, which covers a fast restart of PostgreSQL.</summary>
    public const int MaxRetries = 3;

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    protected override bool ShouldRetryOn(Exception? exception)
    {
        if (guard.CommitSent)
        {
            return false;
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or PostgresException { SqlState: PostgresErrorCodes.QueryCanceled })
            {
                return false;
            }

        }

        return exception is not null && DatabaseFaults.Classify(exception) == DatabaseFault.Unavailable;
    }

    /// <summary>Tells the caller which attempt failed and why, so a replay is logged.</summary>
    protected override void OnRetry() => retrying?.Invoke(ExceptionsEncountered.Count, ExceptionsEncountered[^1]);

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        // After a broken connection, the pool's other idle connections are broken too: open new ones.
        if (DatabaseFaults.BrokeConnection(lastException))
        {
            NpgsqlConnection.ClearAllPools();
        }

        return base.GetNextDelay(lastException);
    }
}

/// <summary>Set just before a transaction's commit is sent: from then on the change must not be run again.</summary>
public sealed class CommitGuard
{
    public bool CommitSent { get; private set; }

    public void Sending() => CommitSent = true;

    public void Reset() => CommitSent = false;
}
