using Npgsql;

namespace TraffickingCases.Infrastructure.Identity;

/// <summary>
/// The sessions table, read and written with plain SQL: the cookie handler looks a session up on every request, so
/// this is one indexed query on a pooled connection, without a DbContext or change tracking. A session is live only
/// while it is inside both lifetimes and its user is neither disabled nor locked out, so locking an account (even by
/// hand in the database) ends its sessions at the next request.
/// </summary>
public sealed class UserSessions(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    public async Task CreateAsync(UserSession session, CancellationToken ct)
    {
        await using var command = _source.CreateCommand(
            """
            INSERT INTO user_sessions (id, user_id, ticket, created_at, renewed_at, idle_expires_at, absolute_expires_at, client_ip, user_agent)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """);
        command.Parameters.Add(new() { Value = session.Id });
        command.Parameters.Add(new() { Value = session.UserId });
        command.Parameters.Add(new() { Value = session.Ticket });
        command.Parameters.Add(new() { Value = session.CreatedAt });
        command.Parameters.Add(new() { Value = session.RenewedAt });
        command.Parameters.Add(new() { Value = session.IdleExpiresAt });
        command.Parameters.Add(new() { Value = session.AbsoluteExpiresAt });
        command.Parameters.Add(new() { Value = (object?)session.ClientIp ?? DBNull.Value });
        command.Parameters.Add(new() { Value = (object?)session.UserAgent ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The session's ticket while it is live; null when it has ended, expired, or its user may not sign in.</summary>
    public async Task<byte[]?> FindLiveTicketAsync(string id, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = _source.CreateCommand(
            """
            SELECT s.ticket FROM user_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = $1 AND s.idle_expires_at > $2 AND s.absolute_expires_at > $2
              AND u.disabled_at IS NULL AND (u.lockout_end IS NULL OR u.lockout_end <= $2)
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = now });
        return await command.ExecuteScalarAsync(ct) as byte[];
    }

    /// <summary>Stores the renewed ticket and moves the idle lifetime on, never past the absolute one.</summary>
    public async Task RenewAsync(string id, byte[] ticket, DateTimeOffset now, TimeSpan idle, CancellationToken ct)
    {
        await using var command = _source.CreateCommand(
            """
            UPDATE user_sessions SET ticket = $2, renewed_at = $3, idle_expires_at = LEAST($4, absolute_expires_at)
            WHERE id = $1
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = ticket });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now + idle });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Ends one session of a user; false when it was not theirs or had already ended.</summary>
    public async Task<bool> EndAsync(string id, string? userId, CancellationToken ct)
    {
        await using var command = _source.CreateCommand("DELETE FROM user_sessions WHERE id = $1 AND ($2::text IS NULL OR user_id = $2)");
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = (object?)userId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>Ends every session of a user, or every one but <paramref name="except"/>; the number ended.</summary>
    public async Task<int> EndAllAsync(string userId, string? except, CancellationToken ct)
    {
        await using var command = _source.CreateCommand("DELETE FROM user_sessions WHERE user_id = $1 AND ($2::text IS NULL OR id <> $2)");
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = (object?)except ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A user's live sessions, newest first.</summary>
    public async Task<IReadOnlyList<SessionSummary>> ListAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = _source.CreateCommand(
            """
            SELECT id, created_at, renewed_at, LEAST(idle_expires_at, absolute_expires_at), client_ip, user_agent
            FROM user_sessions WHERE user_id = $1 AND idle_expires_at > $2 AND absolute_expires_at > $2
            ORDER BY created_at DESC
            """);
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = now });
        var list = new List<SessionSummary>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new SessionSummary(
                reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return list;
    }

    /// <summary>Deletes a user's sessions past either lifetime (done at each sign-in, so the table holds little more than live sessions).</summary>
    public async Task<int> DeleteExpiredAsync(string userId, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = _source.CreateCommand(
            "DELETE FROM user_sessions WHERE user_id = $1 AND (idle_expires_at <= $2 OR absolute_expires_at <= $2)");
        command.Parameters.Add(new() { Value = userId });
        command.Parameters.Add(new() { Value = now });
        return await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>A session as its owner sees it in the list.</summary>
public sealed record SessionSummary(string Id, DateTimeOffset CreatedAt, DateTimeOffset LastUsedAt, DateTimeOffset EndsAt, string? ClientIp, string? UserAgent);
