using Microsoft.Extensions.Logging;

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

/// <summary>Where exports are recorded; the audit trail's implementation replaces <see cref="LoggingExportAudit"/>.</summary>
public interface IExportAudit
{
    Task RecordAsync(ExportAuditRecord record, CancellationToken ct);
}

/// <summary>
/// Records each export as a structured log event, until the audit trail takes them. The justification's text is left
/// out (only its length is logged): an auditor's free text may name a child, and logs hold no personal data.
/// </summary>
public sealed partial class LoggingExportAudit(ILogger<LoggingExportAudit> logger) : IExportAudit
{
    public Task RecordAsync(ExportAuditRecord record, CancellationToken ct)
    {
        Log(logger, record.ExportId, record.Stage, record.Dataset, record.Format, record.Filters, record.Identifiable,
            record.Justification?.Length ?? 0, record.RowCount, record.Actor.Id, record.Actor.Name, record.Actor.Channel);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 7300, Level = LogLevel.Information,
        Message = "Export {ExportId} {Stage}: {Dataset} as {Format} ({Filters}), identifiable {Identifiable}, justification of {JustificationLength} characters, rows {RowCount}, by {ActorId} {ActorName} via {Channel}")]
    private static partial void Log(ILogger logger, Guid exportId, ExportStage stage, string dataset, ExportFormat format, string filters,
        bool identifiable, int justificationLength, long? rowCount, string actorId, string actorName, string channel);
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
