using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Exports;

public sealed record ExportResult(Guid ExportId, long Rows);

/// <summary>
/// Streams a dataset to a stream: one query on a plain Npgsql reader (no retrying strategy, nothing buffered), each
/// row written as it is read, flushed to the client every <see cref="ExportSettings.FlushEveryRows"/> rows.
/// Every export is recorded through <see cref="IExportAudit"/> before the first byte and again at the end.
/// </summary>
public sealed class Exporter(
    CasesDbContext db, ExportSettings settings, IExportAudit audit, IExportProgress progress, TimeProvider clock, ILogger<Exporter> logger)
{
    public string FileName(ExportRequest request) =>
        $"{request.Dataset.Name}-{(request.Identifiable ? "identifiable" : "pseudonymised")}-{UkCalendar.Today(clock):yyyy-MM-dd}.{RowWriters.Extension(request.Format)}";

    /// <summary>The SQL and its parameters, as the benchmark's COPY runs it too.</summary>
    public static (string Sql, NpgsqlParameter[] Parameters) Query(ExportDataset dataset, ExportFilters filters)
    {
        var where = new List<string>();
        var parameters = new List<NpgsqlParameter>();
        if (filters.OrganisationId is { } organisation && dataset.OrganisationColumn is { } organisationColumn)
        {
            where.Add($"{organisationColumn} = @organisation");
            parameters.Add(new NpgsqlParameter("organisation", organisation));
        }

        if (filters.From is { } from)
        {
            where.Add($"{dataset.DateColumn} >= @from");
            parameters.Add(dataset.DateIsInstant ? new NpgsqlParameter("from", UkCalendar.FromLondon(from.ToDateTime(TimeOnly.MinValue))) : new NpgsqlParameter("from", from));
        }

        if (filters.To is { } to)
        {
            where.Add($"{dataset.DateColumn} < @to");
            var next = to.AddDays(1);
            parameters.Add(dataset.DateIsInstant ? new NpgsqlParameter("to", UkCalendar.FromLondon(next.ToDateTime(TimeOnly.MinValue))) : new NpgsqlParameter("to", next));
        }

        if (!string.IsNullOrEmpty(filters.Rule) && dataset.RuleColumn is { } ruleColumn)
        {
            where.Add($"{ruleColumn} = @rule");
            parameters.Add(new NpgsqlParameter("rule", filters.Rule));
        }

        if (!string.IsNullOrEmpty(filters.Status) && dataset.StatusColumn is { } statusColumn)
        {
            where.Add($"lower({statusColumn}) = lower(@status)");
            parameters.Add(new NpgsqlParameter("status", filters.Status));
        }

        var sql = new StringBuilder(dataset.Sql);
        if (where.Count > 0)
        {
            sql.Append("\nWHERE ").AppendJoin(" AND ", where);
        }

        sql.Append("\nORDER BY ").Append(dataset.OrderBy);
        return (sql.ToString(), parameters.ToArray());
    }

    public async Task<ExportResult> WriteAsync(ExportRequest request, Stream destination, CancellationToken ct)
    {
        // Callers check with ExportRequestValidator first; a request that skipped it is refused before the audit or a byte.
        var problems = ExportRequestValidator.Problems(request, settings);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(request));
        }

        using var pseudonymiser = new Pseudonymiser(settings);
        var exportId = Guid.CreateVersion7();
        var justification = request.Identifiable ? request.Justification!.Trim() : null;
        ExportAuditRecord Record(ExportStage stage, long? rows) => new(
            exportId, stage, request.Dataset.Name, request.Format, request.Filters.Describe(), request.Identifiable, justification, rows,
            request.Actor, clock.GetUtcNow());

        await audit.RecordAsync(Record(ExportStage.Started, null), ct);
        long count = 0;
        var completed = false;
        try
        {
            count = await StreamRowsAsync(request, pseudonymiser, destination, ct);
            completed = true;
            return new ExportResult(exportId, count);
        }
        finally
        {
            // Recorded even when the client went away: the rows sent so far have left.
            await audit.RecordAsync(Record(completed ? ExportStage.Completed : ExportStage.Failed, count), CancellationToken.None);
            if (!completed)
            {
                logger.LogWarning("Export {ExportId} of {Dataset} stopped after {Rows} rows", exportId, request.Dataset.Name, count);
            }
        }
    }

    private async Task<long> StreamRowsAsync(ExportRequest request, Pseudonymiser pseudonymiser, Stream destination, CancellationToken ct)
    {
        var columns = request.Dataset.ColumnsFor(request.Identifiable);
        await using var writer = RowWriters.Create(request.Format, destination);
        await writer.WriteHeaderAsync(columns.Select(c => c.Name).ToList(), ct);
        await writer.FlushAsync(ct);
        await progress.FlushedAsync(0, ct);

        var (sql, parameters) = Query(request.Dataset, request.Filters);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddRange(parameters);
            command.CommandTimeout = 0; // a million rows to a slow client can take longer than the default 30 s
            await using var reader = await command.ExecuteReaderAsync(ct);
            var row = new ExportRow(reader);
            var values = new object?[columns.Count];
            long count = 0;
            var flushEvery = Math.Max(1, settings.FlushEveryRows);
            while (await reader.ReadAsync(ct))
            {
                row.Next();
                for (var i = 0; i < columns.Count; i++)
                {
                    values[i] = columns[i].Value(row, pseudonymiser);
                }

                await writer.WriteRowAsync(values, ct);
                count++;
                if (count % flushEvery == 0)
                {
                    await writer.FlushAsync(ct);
                    await progress.FlushedAsync(count, ct);
                }
            }

            await writer.CompleteAsync(ct);
            return count;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }
}
