using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;

namespace TraffickingCases.Infrastructure.Audit;

/// <summary>What <see cref="AuditChain.VerifyAsync"/> found: every entry verified, or the first broken one.</summary>
public sealed record ChainVerification(long Verified, long? BrokenSequence, string? Problem)
{
    public bool Intact => BrokenSequence is null;

    public string Summary => Intact
        ? $"{Verified} {(Verified == 1 ? "entry" : "entries")} verified"
        : $"entry {BrokenSequence} is broken: {Problem} ({Verified} entries before it verified)";
}

/// <summary>
/// The tamper-evident chain: each entry's hash is SHA-256 over a canonical serialisation of its content and the
/// previous entry's hash. The serialisation is a JSON array in a fixed field order, times in UTC with exactly
/// six fractional digits (what timestamptz keeps), and the details re-serialised with object keys in ordinal
/// order (jsonb reorders keys, so the stored text cannot be hashed as it comes back).
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>Rounds a time to the microsecond, as PostgreSQL stores it, so the hash of what was written and what is read agree.</summary>
    public static DateTimeOffset ToStoredPrecision(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.UtcTicks - (utc.UtcTicks % 10), TimeSpan.Zero);
    }

    public static string Hash(AuditEntry e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
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

            json.WriteStringValue(e.PreviousHash);
            json.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Re-computes the chain in sequence order, streaming, and stops at the first entry that does not hold.</summary>
    public static async Task<ChainVerification> VerifyAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        // One snapshot: entries commit in sequence order (numbered under a lock held to commit), so it is a prefix.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);

        // After the retention procedure removed old entries, the first remaining one chains on to the anchor
        // that procedure recorded (in its own, chained, "retention" entry) instead of the genesis hash.
        string? anchor;
        await using (var retention = new NpgsqlCommand(
            $"SELECT details->>'anchor_hash' FROM audit_entries WHERE action = '{AuditActions.Retention}' ORDER BY sequence DESC LIMIT 1", connection, transaction))
        {
            anchor = await retention.ExecuteScalarAsync(ct) as string;
        }

        await using var command = new NpgsqlCommand(
            "SELECT sequence, occurred_at, actor_id, actor_name, organisation_id, role, client_ip, correlation_id, action, entity_type, " +
            "entity_id, child_id, details::text, previous_hash, hash FROM audit_entries ORDER BY sequence",
            connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var previous = Genesis;
        long verified = 0;
        while (await reader.ReadAsync(ct))
        {
            var entry = new AuditEntry
            {
                Sequence = reader.GetInt64(0),
                OccurredAt = reader.GetFieldValue<DateTimeOffset>(1),
                ActorId = reader.IsDBNull(2) ? null : reader.GetString(2),
                ActorName = reader.GetString(3),
                OrganisationId = reader.IsDBNull(4) ? null : reader.GetGuid(4),
                Role = reader.IsDBNull(5) ? null : reader.GetString(5),
                ClientIp = reader.IsDBNull(6) ? null : reader.GetString(6),
                CorrelationId = reader.IsDBNull(7) ? null : reader.GetString(7),
                Action = reader.GetString(8),
                EntityType = reader.GetString(9),
                EntityId = reader.IsDBNull(10) ? null : reader.GetString(10),
                ChildId = reader.IsDBNull(11) ? null : reader.GetGuid(11),
                Details = reader.GetString(12),
                PreviousHash = reader.GetString(13),
                Hash = reader.GetString(14),
            };
            if (verified == 0 && anchor is not null && string.Equals(entry.PreviousHash, anchor, StringComparison.Ordinal))
            {
                previous = anchor;
            }

            if (!string.Equals(entry.PreviousHash, previous, StringComparison.Ordinal))
            {
                return new ChainVerification(verified, entry.Sequence, "its previous hash is not the hash of the entry before it (an entry was removed, inserted or changed)");
            }

            if (!string.Equals(Hash(entry), entry.Hash, StringComparison.Ordinal))
            {
                return new ChainVerification(verified, entry.Sequence, "its content does not match its hash (the entry was changed)");
            }

            previous = entry.Hash;
            verified++;
        }

        return new ChainVerification(verified, null, null);
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
