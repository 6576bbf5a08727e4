using TraffickingCases.Infrastructure.Audit;

namespace TraffickingCases.Infrastructure.Exports;

public enum ExportStage
{
    /// <summary>Recorded before the first byte leaves: if it cannot be recorded, nothing is exported.</summary>
    Started,

    Completed,

    /// <summary>The export stopped part-way (the client went away, or the database failed).</summary>
    Failed,
}

/// <summary>
/// One export, as the audit trail keeps it. Holds no personal data about children; at the end of an identifiable
/// export, <see cref="Children"/> are the ids of the children whose rows it wrote, so each child's access log shows it.
/// </summary>
public sealed record ExportAuditRecord(
    Guid ExportId,
    ExportStage Stage,
    string Dataset,
    ExportFormat Format,
    string Filters,
    bool Identifiable,
    string? Justification,
    long? RowCount,
    ExportActor Actor,
    DateTimeOffset At,
    IReadOnlyCollection<Guid>? Children = null);

/// <summary>Why an export was refused.</summary>
public enum ExportRefusalReason
{
    /// <summary>The request was incomplete or wrong (no dataset, dates out of order, no justification…).</summary>
    Invalid,

    /// <summary>An auditor asked for another organisation's records, or every organisation's: national auditors only.</summary>
    OrganisationNotAllowed,

    /// <summary>The password (or authenticator code) asked again for an identifiable export was missing or wrong, or the account is locked.</summary>
    ReauthenticationFailed,

    /// <summary>Too many exports at once or in a short time: the rate limiter answered 429.</summary>
    Throttled,
}

/// <summary>
/// An export that was asked for and refused, as the audit trail keeps it: what was asked (as given, so a dataset or
/// format may be one that does not exist), why it was refused, and each problem as the person was told it.
/// </summary>
public sealed record ExportRefusal(
    ExportRefusalReason Reason,
    IReadOnlyList<string> Problems,
    string? Dataset,
    string? Format,
    string? Organisation,
    bool Identifiable,
    string? Justification,
    ExportActor Actor)
{
    /// <summary>A refusal of a request as it was given to the validator.</summary>
    public static ExportRefusal Of(ExportRefusalReason reason, IReadOnlyList<string> problems, ExportRequestInput input, ExportActor actor) =>
        new(reason, problems, input.Dataset?.Name, input.Format?.ToString(), input.Organisation, input.Identifiable,
            input.Identifiable ? input.Justification : null, actor);
}

/// <summary>Where exports are recorded: <see cref="AuditTrailExportAudit"/>, or a capturing one in tests.</summary>
public interface IExportAudit
{
    Task RecordAsync(ExportAuditRecord record, CancellationToken ct);

    Task RecordRefusedAsync(ExportRefusal refusal, CancellationToken ct);
}

/// <summary>
/// Records each export in the audit trail, in a transaction of its own: who, which dataset and format, the
/// filters, whether identifiable and the written justification, and the row count. At the end of an identifiable
/// export, one more entry for each child it contained (action <c>exported</c>, the export's id, the child's id), so
/// the child's access log finds it by the (child_id, sequence) index: all of them in the same transaction and the
/// same binary COPY as the export's own entry (<see cref="AuditInterceptor.AppendAsync"/>), not one round trip each.
/// A refused export is recorded as <c>export_refused</c>, with the reason.
/// </summary>
public sealed class AuditTrailExportAudit(AuditTrail trail) : IExportAudit
{
    public Task RecordAsync(ExportAuditRecord record, CancellationToken ct)
    {
        var exportId = record.ExportId.ToString();
        var export = new AuditEvent(AuditActions.Exported, "Export", exportId, null, new
        {
            stage = record.Stage.ToString(),
            dataset = record.Dataset,
            format = record.Format.ToString(),
            filters = record.Filters,
            identifiable = record.Identifiable,
            justification = record.Justification,
            rows = record.RowCount,
            children = record.Children?.Count,
            channel = record.Actor.Channel,
            @operator = OperatorOf(record.Actor),
        });
        if (record.Children is not { Count: > 0 } children)
        {
            return trail.RecordAsync(export, ct);
        }

        // One details object for every child's entry: what left, not again the justification (it is on the export's entry).
        var contained = new { export = record.Identifiable ? "identifiable" : "pseudonymised", dataset = record.Dataset, format = record.Format.ToString() };
        return trail.RecordAsync(
            children.Select(child => new AuditEvent(AuditActions.Exported, "Export", exportId, child, contained)).Prepend(export), ct);
    }

    public Task RecordRefusedAsync(ExportRefusal refusal, CancellationToken ct) =>
        trail.RecordAsync(new AuditEvent(AuditActions.ExportRefused, "Export", null, null, new
        {
            reason = refusal.Reason.ToString(),
            problems = refusal.Problems,
            dataset = refusal.Dataset,
            format = refusal.Format,
            organisation = refusal.Organisation,
            identifiable = refusal.Identifiable,
            justification = refusal.Justification,
            channel = refusal.Actor.Channel,
            @operator = OperatorOf(refusal.Actor),
        }), ct);

    /// <summary>For <c>tc export</c>, the operating-system user who ran it (also the entry's actor); a web user is the entry's actor.</summary>
    private static string? OperatorOf(ExportActor actor) => actor.Channel == "cli" ? actor.Name : null;
}

/// <summary>Keeps every record in memory; for tests, and for checking what a host would audit.</summary>
public sealed class CapturingExportAudit : IExportAudit
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<ExportAuditRecord> _records = new();

    private readonly System.Collections.Concurrent.ConcurrentQueue<ExportRefusal> _refusals = new();

    public IReadOnlyCollection<ExportAuditRecord> Records => _records;

    public IReadOnlyCollection<ExportRefusal> Refusals => _refusals;

    public Task RecordAsync(ExportAuditRecord record, CancellationToken ct)
    {
        _records.Enqueue(record);
        return Task.CompletedTask;
    }

    public Task RecordRefusedAsync(ExportRefusal refusal, CancellationToken ct)
    {
        _refusals.Enqueue(refusal);
        return Task.CompletedTask;
    }
}

/// <summary>Told after each flush; tests use it to hold an export part-way and prove rows arrive as they are read.</summary>
public interface IExportProgress
{
    ValueTask FlushedAsync(long rowsWritten, CancellationToken ct);
}

internal sealed class NoExportProgress : IExportProgress
{
    public ValueTask FlushedAsync(long rowsWritten, CancellationToken ct) => ValueTask.CompletedTask;
}
