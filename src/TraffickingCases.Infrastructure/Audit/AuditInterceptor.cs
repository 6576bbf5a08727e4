using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Infrastructure.Audit;

/// <summary>
/// Turns every change EF Core saves into audit entries, and writes all of a transaction's entries just before
/// it commits, with binary COPY, taking no lock: the chain is appended later, by <see cref="AuditChainer"/>, from
/// what has committed (ADR 015). One instance per DbContext (scoped). Entries are described when changes are saved
/// (field-level before/after values) and written at commit, so a change that fails or a transaction that rolls
/// back leaves none.
/// </summary>
public sealed class AuditInterceptor(IAuditActorSource actors, TimeProvider clock, AuditChainer chainer) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    // Derived or secret columns: never worth an entry on their own, and secrets never stored.
    private static readonly HashSet<string> Ignored =
    [
        "MatchKeys", "MatchName", ShadowProperties.SearchName, ShadowProperties.FlagSequence, "Version",
        nameof(IdentityUser.SecurityStamp), nameof(IdentityUser.ConcurrencyStamp), nameof(IdentityUser.NormalizedEmail),
        nameof(IdentityUser.NormalizedUserName), nameof(IdentityUser.AccessFailedCount), nameof(IdentityUser.LockoutEnd),
        nameof(IdentityRole.NormalizedName), nameof(AppUser.LastTotpStep),
    ];

    private static readonly HashSet<string> Redacted = [nameof(IdentityUser.PasswordHash), nameof(IdentityUserToken<string>.Value)];

    private readonly List<Pending> _pending = [];
    private AuditActor? _actor;
    private int _save;

    /// <summary>Who the entries of this scope are attributed to.</summary>
    public AuditActor Actor => _actor ??= actors.Current();

    /// <summary>Attributes the rest of this scope's entries to someone else (the sweep acts as the system).</summary>
    public void ActAs(AuditActor actor) => _actor = actor;

    /// <summary>Adds an entry to be written when the given transaction commits.</summary>
    public void Enqueue(AuditEvent e, Guid transactionId) => _pending.Add(new Pending(Describe(e), transactionId, 0));

    internal AuditEntry Describe(AuditEvent e)
    {
        var actor = e.Actor ?? Actor;
        return new AuditEntry
        {
            OccurredAt = AuditChain.ToStoredPrecision(clock.GetUtcNow()),
            ActorId = actor.UserId,
            ActorName = actor.Name,
            OrganisationId = actor.OrganisationId,
            Role = actor.Role,
            ClientIp = actor.ClientIp,
            CorrelationId = actor.CorrelationId,
            Action = e.Action,
            EntityType = e.EntityType,
            EntityId = e.EntityId,
            ChildId = e.ChildId,
            Details = JsonSerializer.Serialize(e.Details ?? new { }, Json),
        };
    }

    /// <summary>An entity's name in the trail: Identity's types by what they are.</summary>
    public static string EntityName(Type type) => type switch
    {
        _ when type == typeof(AppUser) => "User",
        _ when type == typeof(IdentityRole) => "Role",
        _ when type == typeof(IdentityUserRole<string>) => "UserRole",
        _ when type == typeof(IdentityUserClaim<string>) => "UserClaim",
        _ when type == typeof(IdentityRoleClaim<string>) => "RoleClaim",
        _ when type == typeof(IdentityUserLogin<string>) => "UserLogin",
        _ when type == typeof(IdentityUserToken<string>) => "UserToken",
        _ => type.Name,
    };

    /// <summary>The audited columns of an entity type: stored, not derived, not a concurrency token.</summary>
    public static IEnumerable<IProperty> AuditedProperties(IEntityType type) =>
        type.GetProperties().Where(p => !p.IsShadowProperty() && !p.IsConcurrencyToken && p.GetComputedColumnSql() is null && !Ignored.Contains(p.Name));

    /// <summary>The value as the trail keeps it: secrets replaced.</summary>
    public static object? AuditValue(IProperty property, object? value) => Redacted.Contains(property.Name) && value is not null ? "(redacted)" : value;

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData) => _pending.RemoveAll(p => p.Save == _save && _save > 0);

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public void SaveChangesCanceled(DbContextEventData eventData) => _pending.RemoveAll(p => p.Save == _save && _save > 0);

    public Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesCanceled(eventData);
        return Task.CompletedTask;
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        // Entries of an earlier transaction that was disposed without committing were never written: drop them.
        // Entries described before EF began its own transaction for a save belong to this one.
        _pending.RemoveAll(p => p.TransactionId is not null);
        for (var i = 0; i < _pending.Count; i++)
        {
            _pending[i] = _pending[i] with { TransactionId = eventData.TransactionId };
        }

        return result;
    }

    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarted(connection, eventData, result));

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        WriteAsync(transaction, eventData.TransactionId, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        await WriteAsync(transaction, eventData.TransactionId, cancellationToken);
        return result;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Drop(eventData.TransactionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.TransactionId);
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Drop(eventData.TransactionId);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Drop(eventData.TransactionId);
        return Task.CompletedTask;
    }

    private void Drop(Guid transactionId) => _pending.RemoveAll(p => p.TransactionId == transactionId || p.TransactionId is null);

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        _save++;
        context.ChangeTracker.DetectChanges();
        var transactionId = context.Database.CurrentTransaction?.TransactionId;
        Dictionary<Guid, Guid>? flagChildren = null;
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted) || entry.Entity is AuditEntry or AuditLink or AuditChainHorizon or UserSession or IdentityUserPasskey<string>
                    or Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)
            {
                continue;
            }

            var changes = Changes(entry);
            if (changes.Count == 0)
            {
                continue;
            }

            Guid? childId = entry.Entity switch
            {
                Child c => c.Id,
                FlagEvent fe => (flagChildren ??= context.ChangeTracker.Entries<Flag>().ToDictionary(f => f.Entity.Id, f => f.Entity.ChildId))
                    .TryGetValue(fe.FlagId, out var child) ? child : null,
                _ => entry.Metadata.FindProperty("ChildId") is { ClrType: var t } p && t == typeof(Guid) ? (Guid?)entry.Property(p.Name).CurrentValue : null,
            };
            var action = entry.State switch
            {
                EntityState.Added => AuditActions.Created,
                EntityState.Deleted => AuditActions.Deleted,
                _ => AuditActions.Updated,
            };
            var key = entry.Metadata.FindPrimaryKey()!.Properties.Select(p => Convert.ToString(entry.Property(p.Name).CurrentValue, System.Globalization.CultureInfo.InvariantCulture));
            var e = new AuditEvent(action, EntityName(entry.Metadata.ClrType), string.Join(':', key), childId, new { changes });
            _pending.Add(new Pending(Describe(e), transactionId, _save));
        }

        // EF skips the transaction for a save of one statement; the entries are written as its transaction commits, so it needs one.
        if (transactionId is null && _pending.Any(p => p.Save == _save))
        {
            context.Database.AutoTransactionBehavior = AutoTransactionBehavior.Always;
        }
    }

    private static Dictionary<string, FieldChange> Changes(EntityEntry entry)
    {
        var changes = new Dictionary<string, FieldChange>(StringComparer.Ordinal);
        foreach (var property in AuditedProperties(entry.Metadata))
        {
            var value = entry.Property(property.Name);
            switch (entry.State)
            {
                case EntityState.Added:
                    changes[property.Name] = new FieldChange(null, AuditValue(property, value.CurrentValue));
                    break;
                case EntityState.Deleted:
                    changes[property.Name] = new FieldChange(AuditValue(property, value.OriginalValue), null);
                    break;
                default:
                    var comparer = property.GetValueComparer();
                    if (value.IsModified && !comparer.Equals(value.OriginalValue, value.CurrentValue))
                    {
                        changes[property.Name] = new FieldChange(AuditValue(property, value.OriginalValue), AuditValue(property, value.CurrentValue));
                    }

                    break;
            }
        }

        return changes;
    }

    private async Task WriteAsync(DbTransaction transaction, Guid transactionId, CancellationToken ct)
    {
        var entries = _pending.Where(p => p.TransactionId == transactionId || p.TransactionId is null).Select(p => p.Entry).ToList();
        _pending.RemoveAll(p => p.TransactionId == transactionId || p.TransactionId is null);
        if (entries.Count > 0)
        {
            await AppendAsync((NpgsqlConnection)transaction.Connection!, (NpgsqlTransaction)transaction, entries, ct);
            chainer.Written(entries.Count);
        }
    }

    /// <summary>
    /// Writes entries inside the transaction with binary COPY; their sequence numbers come from the identity as they
    /// are written. No lock and no hash: the chainer links them once the transaction has committed. The transaction
    /// takes its id first, so every number it draws belongs to a transaction id the chainer can wait out (ADR 015).
    /// </summary>
    public static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        await using (var id = new NpgsqlCommand("SELECT pg_current_xact_id()", connection, transaction))
        {
            await id.ExecuteNonQueryAsync(ct);
        }

        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY audit_entries (occurred_at, actor_id, actor_name, organisation_id, role, client_ip, correlation_id, action, " +
            "entity_type, entity_id, child_id, details) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var entry in entries)
        {
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(entry.OccurredAt, NpgsqlDbType.TimestampTz, ct);
            await WriteNullableAsync(writer, entry.ActorId, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(entry.ActorName, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(writer, entry.OrganisationId, NpgsqlDbType.Uuid, ct);
            await WriteNullableAsync(writer, entry.Role, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(writer, entry.ClientIp, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(writer, entry.CorrelationId, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(entry.Action, NpgsqlDbType.Varchar, ct);
            await writer.WriteAsync(entry.EntityType, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(writer, entry.EntityId, NpgsqlDbType.Varchar, ct);
            await WriteNullableAsync(writer, entry.ChildId, NpgsqlDbType.Uuid, ct);
            await writer.WriteAsync(entry.Details, NpgsqlDbType.Jsonb, ct);
        }

        await writer.CompleteAsync(ct);
    }

    private const string Columns = "occurred_at, actor_id, actor_name, organisation_id, role, client_ip, correlation_id, action, entity_type, entity_id, child_id, details";
    private const int ColumnCount = 12;

    /// <summary>
    /// Entries written outside any transaction (a view, a search) in one round trip: two statements sent together, which
    /// PostgreSQL runs as one implicit transaction, committed (and flushed) before the answer comes back. The first takes
    /// the transaction id before the identity draws a sequence number, as <see cref="AppendAsync"/> does (ADR 015).
    /// </summary>
    internal static string StandaloneInsertSql(int entries)
    {
        var sql = new System.Text.StringBuilder("SELECT pg_current_xact_id(); INSERT INTO audit_entries (").Append(Columns).Append(") VALUES ");
        for (var i = 0; i < entries; i++)
        {
            sql.Append(i == 0 ? "(" : ", (");
            for (var c = 0; c < ColumnCount; c++)
            {
                sql.Append(c == 0 ? "@a" : ", @a").Append(i * ColumnCount + c);
            }

            sql.Append(')');
        }

        return sql.ToString();
    }

    /// <summary>The parameters of <see cref="StandaloneInsertSql"/>, typed, so a null is a null of the column's type.</summary>
    internal static IEnumerable<object> StandaloneParameters(IReadOnlyList<AuditEntry> entries)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var n = i * ColumnCount;
            yield return Parameter(n, NpgsqlDbType.TimestampTz, e.OccurredAt);
            yield return Parameter(n + 1, NpgsqlDbType.Varchar, e.ActorId);
            yield return Parameter(n + 2, NpgsqlDbType.Varchar, e.ActorName);
            yield return Parameter(n + 3, NpgsqlDbType.Uuid, e.OrganisationId);
            yield return Parameter(n + 4, NpgsqlDbType.Varchar, e.Role);
            yield return Parameter(n + 5, NpgsqlDbType.Varchar, e.ClientIp);
            yield return Parameter(n + 6, NpgsqlDbType.Varchar, e.CorrelationId);
            yield return Parameter(n + 7, NpgsqlDbType.Varchar, e.Action);
            yield return Parameter(n + 8, NpgsqlDbType.Varchar, e.EntityType);
            yield return Parameter(n + 9, NpgsqlDbType.Varchar, e.EntityId);
            yield return Parameter(n + 10, NpgsqlDbType.Uuid, e.ChildId);
            yield return Parameter(n + 11, NpgsqlDbType.Jsonb, e.Details);
        }
    }

    private static NpgsqlParameter Parameter(int index, NpgsqlDbType type, object? value) =>
        new("a" + index.ToString(System.Globalization.CultureInfo.InvariantCulture), type) { Value = value ?? DBNull.Value };

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, string? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(ct);
        }
        else
        {
            await writer.WriteAsync(value, type, ct);
        }
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter writer, Guid? value, NpgsqlDbType type, CancellationToken ct)
    {
        if (value is { } v)
        {
            await writer.WriteAsync(v, type, ct);
        }
        else
        {
            await writer.WriteNullAsync(ct);
        }
    }

    private sealed record Pending(AuditEntry Entry, Guid? TransactionId, int Save);

    /// <summary>One field's values before and after; null on the side that did not exist.</summary>
    public sealed record FieldChange([property: JsonPropertyName("before")] object? Before, [property: JsonPropertyName("after")] object? After);
}
