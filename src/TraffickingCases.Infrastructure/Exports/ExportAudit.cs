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

/// <summary>Records each export as a structured log event, until the audit trail takes them.</summary>
public sealed partial class LoggingExportAudit(ILogger<LoggingExportAudit> logger) : IExportAudit
{
    public Task RecordAsync(ExportAuditRecord record, CancellationToken ct)
    {
        // The justification is the auditor's own words about why they need names; it is not about a child's record,
        // but keep it short in logs. The audit trail will hold it in full.
        Log(logger, record.ExportId, record.Stage, record.Dataset, record.Format, record.Filters, record.Identifiable,
            record.Justification, record.RowCount, record.Actor.Id, record.Actor.Name, record.Actor.Channel);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 7300, Level = LogLevel.Information,
        Message = "Export {ExportId} {Stage}: {Dataset} as {Format} ({Filters}), identifiable {Identifiable}, justification {Justification}, rows {RowCount}, by {ActorId} {ActorName} via {Channel}")]
    private static partial void Log(ILogger logger, Guid exportId, ExportStage stage, string dataset, ExportFormat format, string filters,
        bool identifiable, string? justification, long? rowCount, string actorId, string actorName, string channel);
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
