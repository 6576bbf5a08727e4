using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace TraffickingCases.Infrastructure.Notifications;

/// <summary>What one dispatch did; <see cref="Skipped"/> when another instance was dispatching.</summary>
public sealed record DispatchResult(bool Skipped, int Events, int Notifications, int Emails)
{
    public static readonly DispatchResult None = new(false, 0, 0, 0);

    public DispatchResult Add(DispatchResult other) =>
        new(Skipped || other.Skipped, Events + other.Events, Notifications + other.Notifications, Emails + other.Emails);
}

/// <summary>
/// Turns the outbox's events (notification_events, written by the trigger in the transaction that raised each flag) into
/// in-app notifications and queued emails. One instance at a time across all app instances: each round holds a
/// transaction-level advisory lock, and the events it reads are marked processed in the same transaction as the
/// notifications and emails it writes, so each event is told once. A change made on the web is told flag by flag; an
/// import's or a sweep's events wait for its BatchFinished event (or <see cref="NotificationSettings.BatchHoldMinutes"/>)
/// and are told in one summary per person.
/// </summary>
public sealed class NotificationDispatcher(
    string connectionString, NotificationSettings settings, EmailSettings email, TimeProvider clock, ILogger<NotificationDispatcher> logger)
{
    private const long DispatchLockKey = 7_270_014;

    /// <summary>Summaries list at most this many references; the link to the queue shows the rest.</summary>
    public const int ReferencesPerSummary = 50;

    /// <summary>Handles every event waiting now, round by round.</summary>
    public async Task<DispatchResult> DispatchAsync(CancellationToken ct)
    {
        var total = DispatchResult.None;
        for (var round = 0; round < 1000; round++)
        {
            var result = await DispatchRoundAsync(ct);
            total = total.Add(result);
            if (result.Skipped || result.Events == 0)
            {
                break;
            }
        }

        if (total.Events > 0)
        {
            logger.LogInformation("Notifications: {Events} events told as {Notifications} notifications and {Emails} emails",
                total.Events, total.Notifications, total.Emails);
        }

        return total;
    }

    private sealed record WaitingEvent(
        long Id, string Kind, Guid? FlagId, Guid? ChildId, Guid? OrganisationId, string Source, Guid? BatchId,
        string? Reference, string? CaseworkerId, string? RuleCode, int? Severity, DateTimeOffset? RaisedAt);

    private sealed record Recipient(string Id, string? Email, Guid OrganisationId);

    private async Task<DispatchResult> DispatchRoundAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var take = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({DispatchLockKey})", connection, transaction))
        {
            if (await take.ExecuteScalarAsync(ct) is not true)
            {
                return DispatchResult.None with { Skipped = true };
            }
        }

        // A finished (or long-waiting) import or sweep first, whole; otherwise the next web changes, in order.
        Guid? batch;
        await using (var ready = new NpgsqlCommand(
            """
            SELECT batch_id FROM notification_events
            WHERE processed_at IS NULL AND batch_id IS NOT NULL AND (kind = @finished OR created_at < now() - make_interval(mins => @hold))
            ORDER BY id LIMIT 1
            """, connection, transaction))
        {
            ready.Parameters.AddWithValue("finished", NotificationKinds.BatchFinished);
            ready.Parameters.AddWithValue("hold", settings.BatchHoldMinutes);
            batch = await ready.ExecuteScalarAsync(ct) as Guid?;
        }

        var events = await WaitingAsync(connection, transaction, batch, ct);
        if (events.Count == 0)
        {
            await transaction.CommitAsync(ct);
            return DispatchResult.None;
        }

        var told = events.Where(e => e.ChildId is not null && e.Reference is not null && e.OrganisationId is not null
            && e.Kind is NotificationKinds.HighFlag or NotificationKinds.LikelyMatch).ToList();
        var organisations = told.Select(e => e.OrganisationId!.Value).Distinct().ToArray();
        var managers = (await ManagersAsync(connection, transaction, organisations, ct)).ToLookup(m => m.OrganisationId);
        var caseworkers = (await UsersAsync(connection, transaction, told.Select(e => e.CaseworkerId).OfType<string>().Distinct().ToArray(), ct))
            .ToDictionary(u => u.Id);
        var outOfHours = await OutOfHoursAddressesAsync(connection, transaction, organisations, ct);

        // Who hears of each event: a High flag, the child's caseworker (still in the child's organisation) and every
        // active manager; a likely match, the managers, who work /matches.
        List<(WaitingEvent Event, Recipient Person)> audience = [];
        foreach (var e in told)
        {
            var people = managers[e.OrganisationId!.Value].ToList();
            if (e.Kind == NotificationKinds.HighFlag && e.CaseworkerId is { } caseworkerId
                && caseworkers.TryGetValue(caseworkerId, out var caseworker) && caseworker.OrganisationId == e.OrganisationId)
            {
                people.Insert(0, caseworker);
            }

            audience.AddRange(people.DistinctBy(p => p.Id).Select(p => (e, p)));
        }

        var now = clock.GetUtcNow();
        var notifications = await WriteNotificationsAsync(connection, transaction, audience, now, ct);
        // Without a mail server nothing is queued: the notifications in the app are the whole of it.
        var emails = !email.IsConfigured ? []
            : batch is { } batchId ? Summaries(told, audience, outOfHours, batchId, now)
            : FlagByFlag(audience, told, outOfHours, now);
        await QueueAsync(connection, transaction, emails, ct);

        await using (var mark = new NpgsqlCommand("UPDATE notification_events SET processed_at = @now WHERE id = ANY(@ids)", connection, transaction))
        {
            mark.Parameters.AddWithValue("now", now);
            mark.Parameters.AddWithValue("ids", events.Select(e => e.Id).ToArray());
            await mark.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return new DispatchResult(false, events.Count, notifications, emails.Count);
    }

    private async Task<List<WaitingEvent>> WaitingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid? batch, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            $"""
            SELECT e.id, e.kind, e.flag_id, e.child_id, e.organisation_id, e.source, e.batch_id,
                   c.reference, c.assigned_caseworker_id, f.rule_code, f.severity, f.raised_at
            FROM notification_events e
            LEFT JOIN children c ON c.id = e.child_id
            LEFT JOIN flags f ON f.id = e.flag_id
            WHERE e.processed_at IS NULL AND {(batch is null ? "e.batch_id IS NULL" : "e.batch_id = @batch")}
            ORDER BY e.id
            {(batch is null ? "LIMIT @limit" : string.Empty)}
            FOR UPDATE OF e SKIP LOCKED
            """, connection, transaction);
        if (batch is { } id)
        {
            command.Parameters.AddWithValue("batch", id);
        }
        else
        {
            command.Parameters.AddWithValue("limit", settings.EventsPerRound);
        }

        var events = new List<WaitingEvent>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(new WaitingEvent(
                reader.GetInt64(0), reader.GetString(1), Nullable<Guid>(reader, 2), Nullable<Guid>(reader, 3), Nullable<Guid>(reader, 4),
                reader.GetString(5), Nullable<Guid>(reader, 6), reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                Nullable<int>(reader, 10), Nullable<DateTimeOffset>(reader, 11)));
        }

        return events;
    }

    private static T? Nullable<T>(NpgsqlDataReader reader, int ordinal)
        where T : struct => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);

    private static async Task<List<Recipient>> ManagersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] organisations, CancellationToken ct)
    {
        if (organisations.Length == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand(
            """
            SELECT u.id, u.email, u.organisation_id FROM users u
            JOIN user_roles ur ON ur.user_id = u.id
            JOIN roles r ON r.id = ur.role_id AND r.normalized_name = 'MANAGER'
            WHERE u.organisation_id = ANY(@organisations) AND u.disabled_at IS NULL
            ORDER BY u.id
            """, connection, transaction);
        command.Parameters.AddWithValue("organisations", organisations);
        return await ReadRecipientsAsync(command, ct);
    }

    private static async Task<List<Recipient>> UsersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] ids, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return [];
        }

        await using var command = new NpgsqlCommand(
            "SELECT id, email, organisation_id FROM users WHERE id = ANY(@ids) AND disabled_at IS NULL", connection, transaction);
        command.Parameters.AddWithValue("ids", ids);
        return await ReadRecipientsAsync(command, ct);
    }

    private static async Task<List<Recipient>> ReadRecipientsAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var people = new List<Recipient>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            people.Add(new Recipient(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetGuid(2)));
        }

        return people;
    }

    private static async Task<Dictionary<Guid, string>> OutOfHoursAddressesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] organisations, CancellationToken ct)
    {
        var addresses = new Dictionary<Guid, string>();
        if (organisations.Length == 0)
        {
            return addresses;
        }

        await using var command = new NpgsqlCommand(
            "SELECT id, out_of_hours_email FROM organisations WHERE id = ANY(@ids) AND out_of_hours_email IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("ids", organisations);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            addresses[reader.GetGuid(0)] = reader.GetString(1);
        }

        return addresses;
    }

    private static async Task<int> WriteNotificationsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<(WaitingEvent Event, Recipient Person)> audience, DateTimeOffset now,
        CancellationToken ct)
    {
        if (audience.Count == 0)
        {
            return 0;
        }

        // One statement for the lot (an import can raise thousands); a person is told of a flag once whatever happens.
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO notifications (user_id, kind, child_id, flag_id, child_reference, rule_code, created_at)
            SELECT u, k, c, f, r, rc, @now FROM unnest(@users, @kinds, @children, @flags, @references, @rules) AS t(u, k, c, f, r, rc)
            ON CONFLICT DO NOTHING
            """, connection, transaction);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("users", audience.Select(a => a.Person.Id).ToArray());
        command.Parameters.AddWithValue("kinds", audience.Select(a => a.Event.Kind).ToArray());
        command.Parameters.AddWithValue("children", audience.Select(a => a.Event.ChildId!.Value).ToArray());
        command.Parameters.Add(new NpgsqlParameter("flags", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = audience.Select(a => (object?)a.Event.FlagId ?? DBNull.Value).ToArray() });
        command.Parameters.AddWithValue("references", audience.Select(a => a.Event.Reference!).ToArray());
        command.Parameters.Add(new NpgsqlParameter("rules", NpgsqlDbType.Array | NpgsqlDbType.Varchar) { Value = audience.Select(a => (object?)a.Event.RuleCode ?? DBNull.Value).ToArray() });
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>A change made on the web: one email per person and flag, and the out-of-hours address for a High flag raised out of hours.</summary>
    private List<OutboxMessage> FlagByFlag(
        List<(WaitingEvent Event, Recipient Person)> audience, List<WaitingEvent> told, Dictionary<Guid, string> outOfHours, DateTimeOffset now)
    {
        var emails = audience.Where(a => !string.IsNullOrWhiteSpace(a.Person.Email))
            .Select(a => NotificationMessages.ForFlag(a.Event.Kind, a.Event.Reference!, a.Event.RuleCode, a.Event.ChildId!.Value, a.Event.FlagId,
                a.Person.Email!, outOfHours: false, settings, now))
            .ToList();
        foreach (var e in told.Where(e => e.Kind == NotificationKinds.HighFlag && IsOutOfHours(e)))
        {
            if (outOfHours.TryGetValue(e.OrganisationId!.Value, out var address))
            {
                emails.Add(NotificationMessages.ForFlag(e.Kind, e.Reference!, e.RuleCode, e.ChildId!.Value, e.FlagId, address, outOfHours: true, settings, now));
            }
        }

        return emails.DistinctBy(m => (m.ToAddress.ToUpperInvariant(), m.Subject)).ToList();
    }

    /// <summary>An import or a sweep: one email per person (and per out-of-hours address) for the whole run.</summary>
    private List<OutboxMessage> Summaries(
        List<WaitingEvent> told, List<(WaitingEvent Event, Recipient Person)> audience, Dictionary<Guid, string> outOfHours, Guid batchId, DateTimeOffset now)
    {
        var source = told.Select(e => e.Source).FirstOrDefault() ?? "import";
        var emails = audience.Where(a => !string.IsNullOrWhiteSpace(a.Person.Email))
            .GroupBy(a => a.Person.Email!.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(g => NotificationMessages.Summary(source, g.Select(a => a.Event).DistinctBy(e => e.Id).Select(ToSummaryItem).ToList(),
                g.Key, outOfHours: false, settings, now))
            .ToList();
        foreach (var (organisationId, address) in outOfHours)
        {
            var raisedOutOfHours = told.Where(e => e.OrganisationId == organisationId && e.Kind == NotificationKinds.HighFlag && IsOutOfHours(e)).ToList();
            if (raisedOutOfHours.Count > 0)
            {
                emails.Add(NotificationMessages.Summary(source, raisedOutOfHours.Select(ToSummaryItem).ToList(), address, outOfHours: true, settings, now));
            }
        }

        logger.LogInformation("Notifications: batch {BatchId} ({Source}) summarised in {Emails} emails", batchId, source, emails.Count);
        return emails;
    }

    private static NotificationMessages.SummaryItem ToSummaryItem(WaitingEvent e) => new(e.Kind, e.Reference!, e.ChildId!.Value);

    private bool IsOutOfHours(WaitingEvent e) => !settings.OfficeHours.Contains(e.RaisedAt ?? clock.GetUtcNow());

    private static async Task QueueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, List<OutboxMessage> emails, CancellationToken ct)
    {
        if (emails.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO outbox_messages (to_address, subject, body, kind, created_at, next_attempt_at, attempts)
            SELECT t, s, b, k, c, c, 0 FROM unnest(@to, @subjects, @bodies, @kinds, @created) AS m(t, s, b, k, c)
            """, connection, transaction);
        command.Parameters.AddWithValue("to", emails.Select(m => m.ToAddress).ToArray());
        command.Parameters.AddWithValue("subjects", emails.Select(m => m.Subject).ToArray());
        command.Parameters.AddWithValue("bodies", emails.Select(m => m.Body).ToArray());
        command.Parameters.AddWithValue("kinds", emails.Select(m => m.Kind).ToArray());
        command.Parameters.AddWithValue("created", emails.Select(m => m.CreatedAt).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Queues one email now (an invitation, a digest) on its own connection.</summary>
    public static async Task QueueOneAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, OutboxMessage message, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO outbox_messages (to_address, subject, body, kind, created_at, next_attempt_at, attempts)
            VALUES (@to, @subject, @body, @kind, @created, @created, 0)
            """, connection, transaction);
        command.Parameters.AddWithValue("to", message.ToAddress);
        command.Parameters.AddWithValue("subject", message.Subject);
        command.Parameters.AddWithValue("body", message.Body);
        command.Parameters.AddWithValue("kind", message.Kind);
        command.Parameters.AddWithValue("created", message.CreatedAt);
        await command.ExecuteNonQueryAsync(ct);
    }
}
