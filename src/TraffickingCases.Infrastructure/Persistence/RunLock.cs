using Npgsql;

namespace TraffickingCases.Infrastructure.Persistence;

/// <summary>
/// "One at a time across every instance" for a long job (the sweep, the email sender): a transaction-level advisory
/// lock taken in a transaction kept open on a connection of its own until the job ends. A session-level lock taken outside
/// a transaction would stay on whichever server connection a pooler in transaction mode happened to lend, and another
/// client could be lent that same connection and take the lock again (ADR 028); an open transaction keeps one server
/// connection tied to this client until it ends. Ending the transaction, or losing the connection, releases the lock.
/// </summary>
public sealed class RunLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private RunLock(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Takes the lock without waiting; null when another holder has it.</summary>
    public static async Task<RunLock?> TryTakeAsync(string connectionString, long key, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            var transaction = await connection.BeginTransactionAsync(ct);
            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(@key)", connection, transaction);
            take.Parameters.AddWithValue("key", key);
            if (await take.ExecuteScalarAsync(ct) is true)
            {
                // The SELECT's portal keeps its snapshot until the next statement, which would hold back vacuum for the
                // whole job; this statement needs no snapshot and replaces it. It also keeps a role's
                // idle_in_transaction_session_timeout from ending the lock's transaction while the job runs.
                await using var settle = new NpgsqlCommand("SET LOCAL idle_in_transaction_session_timeout = 0", connection, transaction);
                await settle.ExecuteNonQueryAsync(ct);
                return new RunLock(connection, transaction);
            }

            await transaction.DisposeAsync();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.RollbackAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection is gone, and the lock with it.
        }

        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
