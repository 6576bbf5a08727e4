using Microsoft.EntityFrameworkCore;
using Npgsql;
using TraffickingCases.Domain.Children;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Audit;

/// <summary>
/// The audit API for what EF Core does not see: views, searches, sign-ins, imports, exports. An event recorded
/// while the context has a transaction open is written when that transaction commits (and not at all if it
/// rolls back); otherwise it is written at once in a transaction of its own. Changes saved through EF Core are
/// recorded by <see cref="AuditInterceptor"/> without anyone calling this.
/// </summary>
public sealed class AuditTrail(CasesDbContext db, AuditInterceptor interceptor, AuditChainer chainer, AuditCheckpointer checkpointer)
{
    /// <summary>Who this scope's entries are attributed to.</summary>
    public AuditActor Actor => interceptor.Actor;

    /// <summary>Attributes the rest of this scope's entries (EF changes included) to someone else, e.g. the system.</summary>
    public void ActAs(AuditActor actor) => interceptor.ActAs(actor);

    public Task RecordAsync(AuditEvent e, CancellationToken ct = default) => RecordAsync([e], ct);

    public async Task RecordAsync(IEnumerable<AuditEvent> events, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is { } open)
        {
            foreach (var e in events)
            {
                interceptor.Enqueue(e, open.TransactionId);
            }

            return;
        }

        var list = events as IReadOnlyCollection<AuditEvent> ?? events.ToList();
        if (list.Count <= StandaloneStatementLimit)
        {
            // A view, a search, an export: one round trip instead of four (BEGIN, the transaction id, COPY, COMMIT).
            var entries = list.Select(interceptor.Describe).ToList();
            await db.Database.ExecuteSqlRawAsync(AuditInterceptor.StandaloneInsertSql(entries.Count), AuditInterceptor.StandaloneParameters(entries), ct);
            chainer.Written(entries.Count);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var e in list)
        {
            interceptor.Enqueue(e, transaction.TransactionId);
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Up to this many events outside a transaction are written by one statement; more go by COPY in a transaction.</summary>
    internal const int StandaloneStatementLimit = 20;

    /// <summary>For exports: what was exported, in what format, and which children's records left the service.</summary>
    public Task RecordExportAsync(string what, string format, IReadOnlyCollection<Guid> childIds, object? filters = null, CancellationToken ct = default) =>
        RecordAsync(new AuditEvent(AuditActions.Exported, "Export", what, null, new { what, format, filters, rows = childIds.Count, child_ids = childIds }), ct);

    /// <summary>
    /// Records entities written without change tracking (binary COPY), one "created" entry each with every
    /// field, as the interceptor would have; call inside the transaction that wrote them.
    /// </summary>
    public Task RecordCopiedAsync<T>(IEnumerable<T> entities, CancellationToken ct = default)
        where T : class
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var child = typeof(T) == typeof(Child) ? type.FindProperty(nameof(Child.Id))!.GetGetter() : type.FindProperty("ChildId")?.GetGetter();
        var properties = AuditInterceptor.AuditedProperties(type).Select(p => (p, Getter: p.GetGetter())).ToList();
        var key = type.FindPrimaryKey()!.Properties.Select(p => p.GetGetter()).ToList();
        var name = AuditInterceptor.EntityName(typeof(T));
        return RecordAsync(entities.Select(entity => new AuditEvent(
            AuditActions.Created,
            name,
            string.Join(':', key.Select(k => Convert.ToString(k.GetClrValue(entity), System.Globalization.CultureInfo.InvariantCulture))),
            child?.GetClrValue(entity) as Guid?,
            new
            {
                changes = properties.ToDictionary(
                    x => x.p.Name,
                    x => new AuditInterceptor.FieldChange(null, AuditInterceptor.AuditValue(x.p, x.Getter.GetClrValue(entity))),
                    StringComparer.Ordinal),
            })), ct);
    }

    /// <summary>
    /// Chains every entry committed so far (waiting for a chainer already at work), then re-computes the chain and
    /// records that it was checked, with the result (the page and `tc verify-audit`).
    /// </summary>
    public async Task<ChainVerification> VerifyAndRecordAsync(bool chainFirst = true, CancellationToken ct = default)
    {
        var result = await VerifyAsync(chainFirst, ct);
        await RecordAsync(new AuditEvent(AuditActions.ChainVerified, "AuditTrail", null, null,
            new { verified = result.Verified, waiting = result.Waiting, broken_sequence = result.BrokenSequence, problem = result.Problem }), ct);
        return result;
    }

    /// <summary>
    /// As <see cref="VerifyAndRecordAsync(bool, CancellationToken)"/>, then, when the chain is intact, checks the signed
    /// checkpoints in <paramref name="directory"/> against it with the public keys (ADR 019); records both results.
    /// </summary>
    public async Task<(ChainVerification Chain, CheckpointVerification? Checkpoints)> VerifyAndRecordAsync(
        string directory, IReadOnlyList<string> publicKeyFiles, bool chainFirst = true, CancellationToken ct = default)
    {
        var result = await VerifyAsync(chainFirst, ct);
        var checkpoints = result.Intact ? await checkpointer.VerifyAsync(directory, publicKeyFiles, ct) : null;
        await RecordAsync(new AuditEvent(AuditActions.ChainVerified, "AuditTrail", null, null,
            new
            {
                verified = result.Verified, waiting = result.Waiting, broken_sequence = result.BrokenSequence, problem = result.Problem,
                checkpoints_held = checkpoints?.Held, checkpoint_problems = checkpoints?.Problems,
            }), ct);
        return (result, checkpoints);
    }

    /// <summary>Re-computes the whole chain on a connection of its own, after chaining what has committed unless told not to.</summary>
    public async Task<ChainVerification> VerifyAsync(bool chainFirst = true, CancellationToken ct = default)
    {
        if (chainFirst)
        {
            await chainer.ChainAsync(wait: true, ct);
        }

        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        return await AuditChain.VerifyAsync(connection, ct);
    }

    /// <summary>Chains every entry committed so far, now (waiting for a chainer already at work); how many it chained.</summary>
    public async Task<long> ChainAsync(CancellationToken ct = default) => (await chainer.ChainAsync(wait: true, ct)).Chained;
}
