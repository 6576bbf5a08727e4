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

/// <summary>One export, as the audit trail keeps it. Holds no personal data about children.</summary>
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
    DateTimeOffset At);

/// <summary>Where exports are recorded: <see cref="AuditTrailExportAudit"/>, or a capturing one in tests.</summary>
public interface IExportAudit
{
    Task RecordAsync(ExportAuditRecord record, CancellationToken ct);
}

/// <summary>
/// Records each export in the audit trail, in a transaction of its own: who, which dataset and format, the
/// filters, whether identifiable and the written justification, and the row count. Nothing about any child.
/// </summary>
public sealed class AuditTrailExportAudit(AuditTrail trail) : IExportAudit
{
    public Task RecordAsync(ExportAuditRecord record, CancellationToken ct) =>
        trail.RecordAsync(new AuditEvent(AuditActions.Exported, "Export", record.ExportId.ToString(), null, new
        {
            stage = record.Stage.ToString(),
            dataset = record.Dataset,
            format = record.Format.ToString(),
            filters = record.Filters,
            identifiable = record.Identifiable,
            justification = record.Justification,
            rows = record.RowCount,
            channel = record.Actor.Channel,
        }), ct);
}

/// <summary>Keeps every record in memory; for tests, and for checking what a host would audit.</summary>
public sealed class CapturingExportAudit : IExportAudit
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<ExportAuditRecord> _records = new();

    public IReadOnlyCollection<ExportAuditRecord> Records => _records;

    public Task RecordAsync(ExportAuditRecord record, CancellationToken ct)
    {
        _records.Enqueue(record);
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
