using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;

namespace TraffickingCases.Infrastructure.Audit;

/// <summary>
/// What <see cref="AuditChain.VerifyAsync"/> found: every link verified, or the first broken one; and how many
/// entries are committed but not chained yet (the chainer has not reached them).
/// </summary>
public sealed record ChainVerification(long Verified, long Waiting, long? BrokenSequence, string? Problem)
{
    public bool Intact => BrokenSequence is null;

    public string Summary => Intact
        ? $"{Verified} {(Verified == 1 ? "entry" : "entries")} verified, {Waiting} waiting to be chained"
        : $"entry {BrokenSequence} is broken: {Problem} ({Verified} {(Verified == 1 ? "entry" : "entries")} before it verified)";
}

/// <summary>
/// The tamper-evident chain (ADR 015): each link's hash is SHA-256 over a canonical serialisation of its position,
/// its entry's content and the previous link's hash. The serialisation is a JSON array in a fixed field order, times
/// in UTC with exactly six fractional digits (what timestamptz keeps), and the details re-serialised with object
/// keys in ordinal order (jsonb reorders keys, so the stored text cannot be hashed as it comes back). Links migrated
/// from ADR 008's chain keep the hash they had, the same array without the position (<see cref="LegacyScheme"/>).
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first link.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>ADR 008's hash, computed when the entry was written: [sequence, …, details, previous_hash].</summary>
    public const short LegacyScheme = 1;

    /// <summary>ADR 015's hash, computed by the chainer: [position, sequence, …, details, previous_hash].</summary>
    public const short Scheme = 2;

    /// <summary>Rounds a time to the microsecond, as PostgreSQL stores it, so the hash of what was written and what is read agree.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % 10), TimeSpan.Zero);
    }

    /// <summary>The hash of the link at <paramref name="position"/> chaining <paramref name="e"/> on to <paramref name="previousHash"/>.</summary>
    public static string Hash(AuditEntry e, long position, string previousHash) => Compute(e, position, previousHash);

    /// <summary>The hash ADR 008 stored with each entry, which the links migrated from it keep.</summary>
    public static string LegacyHash(AuditEntry e, string previousHash) => Compute(e, null, previousHash);

    /// <summary>The hash a link of the given scheme should have; null for a scheme this code does not know.</summary>
    public static string? Hash(short scheme, AuditEntry e, long position, string previousHash) => scheme switch
    {
        Scheme => Hash(e, position, previousHash),
        LegacyScheme => LegacyHash(e, previousHash),
        _ => null,
    };

    private static string Compute(AuditEntry e, long? position, string previousHash)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            if (position is { } p)
            {
                json.WriteNumberValue(p);
            }

            json.WriteNumberValue(e.Sequence);
            json.WriteStringValue(ToStoredPrecision(e.OccurredAt).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            WriteNullable(json, e.ActorId);
            json.WriteStringValue(e.ActorName);
            WriteNullable(json, e.OrganisationId?.ToString("D"));
            WriteNullable(json, e.Role);
            WriteNullable(json, e.ClientIp);
            WriteNullable(json, e.CorrelationId);
            json.WriteStringValue(e.Action);
            json.WriteStringValue(e.EntityType);
            WriteNullable(json, e.EntityId);
            WriteNullable(json, e.ChildId?.ToString("D"));
            using (var details = JsonDocument.Parse(e.Details))
            {
                WriteCanonical(json, details.RootElement);
            }

            json.WriteStringValue(previousHash);
            json.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>The entry columns in the order <see cref="ReadEntry"/> reads them, from offset <c>first</c>, for a table aliased <c>e</c>.</summary>
    internal const string EntryColumns =
        "e.sequence, e.occurred_at, e.actor_id, e.actor_name, e.organisation_id, e.role, e.client_ip, e.correlation_id, e.action, e.entity_type, " +
        "e.entity_id, e.child_id, e.details::text";

    internal static AuditEntry ReadEntry(NpgsqlDataReader reader, int first) => new()
    {
        Sequence = reader.GetInt64(first),
        OccurredAt = reader.GetFieldValue<DateTimeOffset>(first + 1),
        ActorId = reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        ActorName = reader.GetString(first + 3),
        OrganisationId = reader.IsDBNull(first + 4) ? null : reader.GetGuid(first + 4),
        Role = reader.IsDBNull(first + 5) ? null : reader.GetString(first + 5),
        ClientIp = reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6),
        CorrelationId = reader.IsDBNull(first + 7) ? null : reader.GetString(first + 7),
        Action = reader.GetString(first + 8),
        EntityType = reader.GetString(first + 9),
        EntityId = reader.IsDBNull(first + 10) ? null : reader.GetString(first + 10),
        ChildId = reader.IsDBNull(first + 11) ? null : reader.GetGuid(first + 11),
        Details = reader.GetString(first + 12),
    };

    /// <summary>
    /// Walks the chain in position order in one snapshot, streaming, re-computing each link's hash from its entry as
    /// stored, and stops at the first link that does not hold. Then counts the entries not chained yet: those above the
    /// chainer's horizon are waiting; one at or below it was added after the chainer had settled that part of the trail.
    /// </summary>
    public static async Task<ChainVerification> VerifyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

        // After the retention procedure removed old links and entries, the first remaining link chains on to the
        // anchor that procedure recorded (in its own "retention" entry) instead of the genesis hash.
        string? anchor;
        await using (var retention = new NpgsqlCommand(
            $"SELECT details->>'anchor_hash' FROM audit_entries WHERE action = '{AuditActions.Retention}' ORDER BY sequence DESC LIMIT 1", connection, transaction))
        {
            anchor = await retention.ExecuteScalarAsync(ct) as string;
        }

        var previous = Genesis;
        long verified = 0;
        long? expected = null;
        await using (var command = new NpgsqlCommand(
            "SELECT c.position, c.entry_sequence, c.previous_hash, c.hash, c.scheme, " + EntryColumns +
            " FROM audit_chain c LEFT JOIN audit_entries e ON e.sequence = c.entry_sequence ORDER BY c.position",
            connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var position = reader.GetInt64(0);
                var sequence = reader.GetInt64(1);
                var previousHash = reader.GetString(2);
                var hash = reader.GetString(3);
                var scheme = reader.GetInt16(4);
                if (verified == 0 && anchor is not null && string.Equals(previousHash, anchor, StringComparison.Ordinal))
                {
                    previous = anchor;
                }
                else if (verified == 0 && string.Equals(previousHash, Genesis, StringComparison.Ordinal) && position != 1)
                {
                    return new ChainVerification(verified, 0, sequence, $"it starts the chain at position {position} instead of 1 (links were removed)");
                }

                if (expected is { } next && position != next)
                {
                    return new ChainVerification(verified, 0, sequence, $"its link is at position {position} where {next} should follow (a link was removed)");
                }

                if (reader.IsDBNull(5))
                {
                    return new ChainVerification(verified, 0, sequence, $"the entry the link at position {position} chains is missing (the entry was removed)");
                }

                if (!string.Equals(previousHash, previous, StringComparison.Ordinal))
                {
                    return new ChainVerification(verified, 0, sequence, "its previous hash is not the hash of the link before it (a link was removed, inserted or changed)");
                }

                if (!string.Equals(Hash(scheme, ReadEntry(reader, 5), position, previousHash), hash, StringComparison.Ordinal))
                {
                    return new ChainVerification(verified, 0, sequence, "its content does not match its hash (the entry or its link was changed)");
                }

                previous = hash;
                expected = position + 1;
                verified++;
            }
        }

        // In the same snapshot: every entry at or below the horizon was chained when the chainer moved past it.
        await using (var unchained = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE e.sequence > h.settled_through), min(e.sequence) FILTER (WHERE e.sequence <= h.settled_through), min(h.settled_through) " +
            "FROM audit_entries e CROSS JOIN audit_chain_horizon h WHERE NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.entry_sequence = e.sequence)",
            connection, transaction))
        await using (var reader = await unchained.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            var waiting = reader.GetInt64(0);
            if (!reader.IsDBNull(1))
            {
                return new ChainVerification(verified, waiting, reader.GetInt64(1),
                    $"it is not in the chain, though the chainer had settled every entry numbered up to {reader.GetInt64(2)} (it was added afterwards)");
            }

            return new ChainVerification(verified, waiting, null, null);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }

    private static void WriteCanonical(Utf8JsonWriter json, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    json.WritePropertyName(property.Name);
                    WriteCanonical(json, property.Value);
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(json, item);
                }

                json.WriteEndArray();
                break;
            case JsonValueKind.String:
                json.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                // Only integers are written; their text survives jsonb unchanged.
                json.WriteRawValue(element.GetRawText());
                break;
            case JsonValueKind.True:
                json.WriteBooleanValue(true);
                break;
            case JsonValueKind.False:
                json.WriteBooleanValue(false);
                break;
            default:
                json.WriteNullValue();
                break;
        }
    }
}
