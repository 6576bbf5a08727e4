using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using MimeKit;
using Npgsql;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Notifications;

/// <summary>What one send did.</summary>
public sealed record SendResult(bool Skipped, int Sent, int Failed)
{
    public static readonly SendResult None = new(false, 0, 0);
}

/// <summary>
/// Sends the waiting outbox_messages through the configured SMTP server. One sender at a time across all instances (an
/// advisory lock held while it sends, <see cref="RunLock"/>); each message is marked sent straight after the server accepts it, so a
/// crash can repeat at most the one message in flight. A failure is kept (attempts, last_error) and retried later with a
/// growing wait; the body is never logged.
/// </summary>
public sealed class EmailSender(string connectionString, EmailSettings settings, TimeProvider clock, ILogger<EmailSender> logger)
{
    private const long SendLockKey = 7_270_015;

    private sealed record Waiting(long Id, string To, string Subject, string Body, int Attempts);

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: one minute, doubling, at most six hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(360, Math.Pow(2, Math.Max(0, attempts - 1))));

    public async Task<SendResult> SendAsync(CancellationToken ct)
    {
        if (!settings.IsConfigured)
        {
            return SendResult.None;
        }

        var sendLock = await RunLock.TryTakeAsync(connectionString, SendLockKey, ct);
        if (sendLock is null)
        {
            return SendResult.None with { Skipped = true };
        }

        // The lock's transaction stays open on its own connection; each message's mark commits at once on this one.
        await using var connection = new NpgsqlConnection(connectionString);
        await using (sendLock)
        {
            await connection.OpenAsync(ct);
            var sent = 0;
            var failed = 0;
            var now = clock.GetUtcNow();
            var waiting = await WaitingAsync(connection, now, ct);
            if (waiting.Count == 0)
            {
                return SendResult.None;
            }

            using var smtp = new SmtpClient();
            string? connectError = null;
            try
            {
                await smtp.ConnectAsync(settings.Host, settings.Port, settings.Security, ct);
                if (settings.UserName.Length > 0)
                {
                    await smtp.AuthenticateAsync(settings.UserName, settings.Password, ct);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                connectError = $"{e.GetType().Name}: {e.Message}";
                logger.LogWarning("Email: could not reach the mail server {Host}:{Port}: {Error}", settings.Host, settings.Port, connectError);
            }

            var from = MailboxAddress.Parse(settings.From);
            foreach (var message in waiting)
            {
                var error = connectError;
                if (error is null)
                {
                    try
                    {
                        using var mime = new MimeMessage();
                        mime.From.Add(from);
                        mime.To.Add(MailboxAddress.Parse(message.To));
                        mime.Subject = message.Subject;
                        mime.Body = new TextPart("plain") { Text = message.Body };
                        await smtp.SendAsync(mime, ct);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        error = $"{e.GetType().Name}: {e.Message}";
                    }
                }

                await RecordAsync(connection, message, error, now, ct);
                if (error is null)
                {
                    sent++;
                }
                else
                {
                    failed++;
                    logger.LogWarning("Email {MessageId} not sent (attempt {Attempt}): {Error}", message.Id, message.Attempts + 1, error);
                }
            }

            if (smtp.IsConnected)
            {
                await smtp.DisconnectAsync(true, ct);
            }

            return new SendResult(false, sent, failed);
        }
    }

    private async Task<List<Waiting>> WaitingAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT id, to_address, subject, body, attempts FROM outbox_messages
            WHERE sent_at IS NULL AND next_attempt_at <= @now AND attempts < @max
            ORDER BY next_attempt_at, id LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("max", settings.MaxAttempts);
        command.Parameters.AddWithValue("limit", settings.MessagesPerRound);
        var waiting = new List<Waiting>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            waiting.Add(new Waiting(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4)));
        }

        return waiting;
    }

    private static async Task RecordAsync(NpgsqlConnection connection, Waiting message, string? error, DateTimeOffset now, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            error is null
                ? "UPDATE outbox_messages SET sent_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id"
                : "UPDATE outbox_messages SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE id = @id",
            connection);
        command.Parameters.AddWithValue("id", message.Id);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("next", now + Backoff(message.Attempts + 1));
        command.Parameters.AddWithValue("error", error is null ? string.Empty : error.Length > 2000 ? error[..2000] : error);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}

/// <summary>
/// Queues each day's digest: after <see cref="NotificationSettings.DigestTime"/> (UK time), one email to each person who
/// asked for it, with the count of their unread notifications and a link. Their LastDigestAt, set in the same
/// transaction, means a second run that day (or a second instance) sends nothing.
/// </summary>
public sealed class DailyDigest(
    string connectionString, NotificationSettings settings, EmailSettings email, TimeProvider clock, ILogger<DailyDigest> logger)
{
    private const long DigestLockKey = 7_270_016;

    /// <summary>How many digests were queued.</summary>
    public async Task<int> QueueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = UkCalendar.DateOf(now);
        var due = UkCalendar.FromLondon(today.ToDateTime(settings.DigestTime));
        if (now < due || !email.IsConfigured)
        {
            return 0;
        }

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({DigestLockKey})", connection, transaction))
        {
            if (await take.ExecuteScalarAsync(ct) is not true)
            {
                return 0;
            }
        }

        var people = new List<(string Id, string? Email, int Unread)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT u.id, u.email, (SELECT count(*)::int FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL)
            FROM users u
            WHERE u.daily_digest AND u.disabled_at IS NULL AND (u.last_digest_at IS NULL OR u.last_digest_at < @due)
            """, connection, transaction))
        {
            command.Parameters.AddWithValue("due", due);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                people.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2)));
            }
        }

        if (people.Count == 0)
        {
            await transaction.CommitAsync(ct);
            return 0;
        }

        var queued = 0;
        foreach (var (_, email, unread) in people.Where(p => p.Unread > 0 && !string.IsNullOrWhiteSpace(p.Email)))
        {
            await NotificationDispatcher.QueueOneAsync(connection, transaction, NotificationMessages.Digest(unread, email!, settings, now), ct);
            queued++;
        }

        await using (var mark = new NpgsqlCommand("UPDATE users SET last_digest_at = @now WHERE id = ANY(@ids)", connection, transaction))
        {
            mark.Parameters.AddWithValue("now", now);
            mark.Parameters.AddWithValue("ids", people.Select(p => p.Id).ToArray());
            await mark.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        logger.LogInformation("Daily digest: {Queued} emails queued for {People} people", queued, people.Count);
        return queued;
    }
}
