using System.Data;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Observability;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Exports;

public sealed record ExportResult(Guid ExportId, long Rows);

/// <summary>
/// Streams a dataset to a stream: one query on a plain Npgsql reader (no retrying strategy, nothing buffered), each
/// row written as it is read, flushed to the client every <see cref="ExportSettings.FlushEveryRows"/> rows. An export
/// the planner expects to be large reads its rows in the dataset's order from an index (<see cref="InOrderSettings"/>),
/// so the first leaves at once. Every export is recorded through <see cref="IExportAudit"/> before the first byte and
/// again at the end; the end of an identifiable export also records each child whose rows it wrote (their ids are
/// gathered as the rows go, at most one per child, and written with the end's entry in one transaction).
/// </summary>
public sealed class Exporter(
    [FromKeyedServices(ReadOnlyCases.Key)] CasesDbContext db, ExportSettings settings, IExportAudit audit, IExportProgress progress, TimeProvider clock,
    CaseTelemetry telemetry,
    ILogger<Exporter> logger)
{
    public string FileName(ExportRequest request) =>
        $"{request.Dataset.Name}-{(request.Identifiable ? "identifiable" : "pseudonymised")}-{UkCalendar.Today(clock):yyyy-MM-dd}.{RowWriters.Extension(request.Format)}";

    /// <summary>
    /// What an export of many rows sets for its transaction, so that its rows come from the index in the dataset's
    /// order (<see cref="ExportDataset.OrderBy"/>), the first at once, instead of after PostgreSQL has joined and sorted
    /// every row: no sort where an index gives the order; no parallel workers (a Gather Merge starts slower, and the
    /// process formatting the rows is the bottleneck); no JIT, as for every export. Where no index gives the order,
    /// PostgreSQL still sorts.
    /// </summary>
    public static readonly IReadOnlyList<string> InOrderSettings =
        ["SET LOCAL jit = off", "SET LOCAL enable_sort = off", "SET LOCAL max_parallel_workers_per_gather = 0"];

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
        var children = request.Identifiable ? new HashSet<Guid>() : null;
        ExportAuditRecord Record(ExportStage stage, long? rows) => new(
            exportId, stage, request.Dataset.Name, request.Format, request.Filters.Describe(), request.Identifiable, justification, rows,
            request.Actor, clock.GetUtcNow(), stage == ExportStage.Started ? null : children);

        using var span = CaseTelemetry.Source.StartActivity("tc.export");
        span?.SetTag("tc.export.dataset", request.Dataset.Name);
        span?.SetTag("tc.export.format", request.Format.ToString());
        span?.SetTag("tc.export.identifiable", request.Identifiable);
        await audit.RecordAsync(Record(ExportStage.Started, null), ct);
        var progressed = new Progress();
        var completed = false;
        try
        {
            await StreamRowsAsync(request, pseudonymiser, destination, children, progressed, ct);
            completed = true;
            return new ExportResult(exportId, progressed.Rows);
        }
        finally
        {
            // Recorded even when the client went away: the rows sent so far have left, and so have those children's records.
            var count = progressed.Rows;
            telemetry.ExportWrote(count, request.Dataset.Name, request.Format.ToString(), request.Identifiable);
            span?.SetTag("tc.export.rows", count);
            span?.SetTag("tc.outcome", completed ? "completed" : "failed");
            await audit.RecordAsync(Record(completed ? ExportStage.Completed : ExportStage.Failed, count), CancellationToken.None);
            if (!completed)
            {
                logger.LogWarning("Export {ExportId} of {Dataset} stopped after {Rows} rows", exportId, request.Dataset.Name, count);
            }
        }
    }

    /// <summary>Rows written so far, kept outside the streaming method so a failed export still records how far it got.</summary>
    private sealed class Progress
    {
        public long Rows { get; set; }
    }

    private async Task StreamRowsAsync(
        ExportRequest request, Pseudonymiser pseudonymiser, Stream destination, HashSet<Guid>? children, Progress progressed, CancellationToken ct)
    {
        var columns = request.Dataset.ColumnsFor(request.Identifiable);
        await using var writer = RowWriters.Create(request.Format, destination);
        await writer.WriteHeaderAsync(columns.Select(c => c.Name).ToList(), ct);
        await writer.FlushAsync(ct);
        await progress.FlushedAsync(0, ct);

        var (sql, parameters) = Query(request.Dataset, request.Filters);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            // One read-only transaction: the settings are SET LOCAL, so they end with it on a pooled connection. Each step
            // sends its settings with its statement (a batch), so the first row is two round trips away.
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);
            var expected = await ExpectedRowsAsync(connection, transaction, sql, parameters, ct);
            await using var query = new NpgsqlBatch(connection, transaction) { Timeout = 0 }; // a million rows to a slow client can take longer than 30 s
            if (expected >= settings.StreamInOrderFromRows)
            {
                foreach (var setting in InOrderSettings)
                {
                    query.BatchCommands.Add(new NpgsqlBatchCommand(setting));
                }
            }

            var select = new NpgsqlBatchCommand(sql);
            select.Parameters.AddRange(parameters);
            query.BatchCommands.Add(select);
            await using var reader = await query.ExecuteReaderAsync(ct);
            var row = new ExportRow(reader);
            var values = new object?[columns.Count];
            var flushEvery = Math.Max(1, settings.FlushEveryRows);
            while (await reader.ReadAsync(ct))
            {
                row.Next();
                for (var i = 0; i < columns.Count; i++)
                {
                    values[i] = columns[i].Value(row, pseudonymiser);
                }

                // Every dataset has the row's child (empty for an audit entry about no child); noted before the row is written.
                if (children is not null && row.Id("child_id") is { } childId)
                {
                    children.Add(childId);
                }

                await writer.WriteRowAsync(values, ct);
                var count = ++progressed.Rows;
                if (count % flushEvery == 0)
                {
                    await writer.FlushAsync(ct);
                    await progress.FlushedAsync(count, ct);
                }
            }

            await reader.CloseAsync();
            await transaction.CommitAsync(ct);
            await writer.CompleteAsync(ct);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    /// <summary>
    /// Opens the transaction as read-only, with no JIT (loading and compiling it costs a few hundred milliseconds before
    /// the first row, even for an EXPLAIN, and nothing is won back on queries that mostly move rows), and asks the planner
    /// how many rows it expects the query to return (EXPLAIN: nothing is run).
    /// </summary>
    private static async Task<double> ExpectedRowsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, NpgsqlParameter[] parameters, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { new("SET TRANSACTION READ ONLY"), new("SET LOCAL jit = off") },
        };
        var explain = new NpgsqlBatchCommand($"EXPLAIN (FORMAT JSON) {sql}");
        explain.Parameters.AddRange(parameters.Select(p => p.Clone()).ToArray());
        batch.BatchCommands.Add(explain);
        var plan = (string)(await batch.ExecuteScalarAsync(ct))!;
        using var json = JsonDocument.Parse(plan);
        return json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }
}
