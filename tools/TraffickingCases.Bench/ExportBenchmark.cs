using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Bench;

/// <summary>One measured export: time to the first data byte, total time, rows, and the process's peak memory.</summary>
public sealed record ExportMeasurement(string Method, long Rows, long Bytes, double FirstByteMs, double TotalSeconds, long PeakWorkingSetBytes, long AllocatedBytes)
{
    public double RowsPerSecond => TotalSeconds == 0 ? 0 : Rows / TotalSeconds;

    public string ToLine() => string.Create(CultureInfo.InvariantCulture,
        $"{Method} rows={Rows} bytes={Bytes} first_byte_ms={FirstByteMs:0.0} seconds={TotalSeconds:0.000} peak_working_set_bytes={PeakWorkingSetBytes} allocated_bytes={AllocatedBytes}");

    public static ExportMeasurement Parse(string line)
    {
        var parts = line.Trim().Split(' ');
        var values = parts.Skip(1).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        double D(string key) => double.Parse(values[key], CultureInfo.InvariantCulture);
        long L(string key) => long.Parse(values[key], CultureInfo.InvariantCulture);
        return new ExportMeasurement(parts[0], L("rows"), L("bytes"), D("first_byte_ms"), D("seconds"), L("peak_working_set_bytes"), L("allocated_bytes"));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Method,-34} {Rows,10:N0} rows  first data byte {FirstByteMs,8:0} ms  {TotalSeconds,7:0.0} s  {RowsPerSecond,10:N0} rows/s  peak working set {PeakWorkingSetBytes / 1048576.0,6:0} MiB  {Bytes / 1048576.0,6:0} MiB written");
}

/// <summary>
/// `tc bench export`: a population of synthetic referrals written straight into the database with set-based SQL,
/// then the referrals dataset written by our exporter and by PostgreSQL's own <c>COPY (same query) TO STDOUT WITH CSV</c>,
/// each in a process of its own so peak memory is that method's alone.
/// </summary>
public sealed class ExportBenchmark(CasesDbContext db, Exporter exporter)
{
    public const string OrganisationCode = "BENCHX";
    private const int ReferralsPerChild = 10;

    /// <summary>Makes sure at least <paramref name="referrals"/> benchmark referrals exist; returns how many were added.</summary>
    public async Task<long> SeedAsync(int referrals, TextWriter progress, CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await db.Database.ExecuteSqlRawAsync(
            $"INSERT INTO organisations (id, code, name, type, is_in_ictg_area) SELECT gen_random_uuid(), '{OrganisationCode}', 'Benchmark Council', 'LocalAuthority', true " +
            $"WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE code = '{OrganisationCode}')", ct);
        var present = await db.Referrals.Join(db.Children, r => r.ChildId, c => c.Id, (r, c) => c.ExternalId).LongCountAsync(e => e!.StartsWith("BX-"), ct);
        if (present >= referrals)
        {
            return 0;
        }

        var children = (int)Math.Ceiling((referrals - present) / (double)ReferralsPerChild);
        var started = Stopwatch.StartNew();
        var offset = await db.Children.LongCountAsync(c => c.ExternalId!.StartsWith("BX-"), ct);
        var first = offset + 1;
        var last = offset + children;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO children (id, reference, external_id, given_names, family_name, other_names, date_of_birth, dob_precision, gender,
                                  nationalities, first_language, match_keys, match_name, interpreter_needed, is_uasc, organisation_id, created_at, last_activity_at)
            SELECT gen_random_uuid(), 'BX' || lpad(i::text, 9, '0'), 'BX-' || i, 'Given' || (i % 997), 'Family' || (i % 1009), ARRAY['Alias' || (i % 89)],
                   date '2006-01-01' + (i % 2500)::int, 'Exact', CASE WHEN i % 5 = 0 THEN 'Female' ELSE 'Male' END,
                   ARRAY[(ARRAY['GBR','ALB','SDN','ERI','AFG','VNM'])[(1 + i % 6)::int]], 'English', ARRAY[]::text[], 'given family', false, i % 3 = 0,
                   (SELECT id FROM organisations WHERE code = {OrganisationCode}), now(), now()
            FROM generate_series({first}::bigint, {last}::bigint) AS i
            """, ct);
        await progress.WriteLineAsync($"bench: {children:N0} children written in {started.Elapsed.TotalSeconds:0} s");
        started.Restart();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO nrm_referrals (id, child_id, referral_date, first_responder_organisation, first_responder_type, exploitation_types, county_lines,
                                       exploitation_location, future_exploitation_concern, future_exploitation_reasons, competent_authority,
                                       rg_outcome, rg_decision_date, cg_outcome, cg_decision_date, created_at)
            SELECT gen_random_uuid(), c.id, c.date_of_birth + 3650 + n * 90, 'North Shire Council', 'LocalAuthority', 1 << (n % 4), n % 4 = 0,
                   'Uk', n % 3 = 0, CASE WHEN n % 3 = 0 THEN 'Seen with older men near the station' END, 'Sca',
                   'Positive', c.date_of_birth + 3650 + n * 90 + 5, 'Pending', NULL, now()
            FROM children c CROSS JOIN generate_series(1, {ReferralsPerChild}) AS n
            WHERE c.external_id LIKE 'BX-%' AND substring(c.external_id from 4)::bigint > {offset}::bigint
            """, ct);
        await db.Database.ExecuteSqlRawAsync("ANALYZE children; ANALYZE nrm_referrals; ANALYZE organisations;", ct);
        await progress.WriteLineAsync($"bench: {children * ReferralsPerChild:N0} referrals written in {started.Elapsed.TotalSeconds:0} s");
        return children * (long)ReferralsPerChild;
    }

    /// <summary>
    /// Opens the connection, builds EF's model and runs one small export (the first day's referrals, audited as any
    /// export) and its query before the clock starts: the figures are a running service's, not the process's first calls.
    /// </summary>
    public async Task WarmUpAsync(ExportFormat format, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        var first = await db.Referrals.MinAsync(r => (DateOnly?)r.ReferralDate, ct) ?? ExportRequestValidator.EarliestDate;
        var oneDay = new ExportFilters { From = first, To = first };
        await exporter.WriteAsync(Request(format, oneDay), Stream.Null, ct);
        var (sql, parameters) = Exporter.Query(ExportDatasets.Referrals, oneDay);
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
        }
    }

    private static ExportRequest Request(ExportFormat format, ExportFilters filters) =>
        new(ExportDatasets.Referrals, format, filters, Identifiable: false, Justification: null,
            new ExportActor($"cli:{Environment.UserName}", Environment.UserName, "cli-bench"));

    /// <summary>Our exporter: the referrals dataset, pseudonymised, for every organisation.</summary>
    public async Task<ExportMeasurement> ExporterAsync(ExportFormat format, Stream output, CancellationToken ct)
    {
        var request = Request(format, new ExportFilters());
        await using var measured = new MeasuringStream(output, afterFirstFlush: true);
        var clock = Stopwatch.StartNew();
        measured.Start(clock);
        var result = await exporter.WriteAsync(request, measured, ct);
        return Measure($"exporter ({format.ToString().ToLowerInvariant()}, pseudonymised)", result.Rows, measured, clock);
    }

    /// <summary>
    /// The ways <c>tc bench export</c> runs PostgreSQL's COPY of the exporter's query: as the planner chooses with the
    /// server's settings, with index scans off (the plan the query had before it had an index in its order: join, then
    /// sort every row), and with the settings the exporter uses to stream rows in index order.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Label, string? Settings)> CopyMethods = new Dictionary<string, (string, string?)>
    {
        ["copy"] = ("COPY (same query) TO STDOUT WITH CSV", null),
        ["copy-sorted"] = ("COPY, index scans off (sort all)", "SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off"),
        ["copy-in-order"] = ("COPY, exporter's in-order settings", string.Join("; ", Exporter.InOrderSettings)),
    };

    /// <summary>PostgreSQL's own CSV writer over the same query, read raw by Npgsql and written to the same kind of output.</summary>
    public async Task<ExportMeasurement> CopyAsync(string method, Stream output, CancellationToken ct)
    {
        var (label, settings) = CopyMethods[method];
        var (sql, _) = Exporter.Query(ExportDatasets.Referrals, new ExportFilters());
        await using var measured = new MeasuringStream(output, afterFirstFlush: false);
        var clock = Stopwatch.StartNew();
        measured.Start(clock);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }

        // Settings are SET LOCAL, in a transaction of the COPY's own; on the clock, as the exporter's are.
        await using var transaction = await connection.BeginTransactionAsync(ct);
        if (settings is not null)
        {
            await using var set = new NpgsqlCommand(settings, connection, transaction);
            await set.ExecuteNonQueryAsync(ct);
        }

        long rows;
        using (var copy = await connection.BeginTextExportAsync($"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", ct))
        {
            // Npgsql hands a text COPY over as characters; encode them as UTF-8 as any file or response would.
            var chars = new char[1 << 15];
            var bytes = new byte[System.Text.Encoding.UTF8.GetMaxByteCount(chars.Length)];
            var encoder = new System.Text.UTF8Encoding(false).GetEncoder();
            int read;
            while ((read = await copy.ReadAsync(chars, ct)) > 0)
            {
                var count = encoder.GetBytes(chars, 0, read, bytes, 0, flush: false);
                await measured.WriteAsync(bytes.AsMemory(0, count), ct);
            }
        }

        await transaction.CommitAsync(ct);
        rows = measured.Lines;
        await measured.FlushAsync(ct);
        return Measure(label, rows, measured, clock);
    }

    private static ExportMeasurement Measure(string method, long rows, MeasuringStream measured, Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        using var process = Process.GetCurrentProcess();
        return new ExportMeasurement(method.Replace(' ', '_'), rows, measured.Bytes, measured.FirstByteMs, seconds, process.PeakWorkingSet64, GC.GetTotalAllocatedBytes());
    }

    /// <summary>Passes writes on, noting when the first data byte went out, how many bytes and how many line ends.</summary>
    private sealed class MeasuringStream(Stream inner, bool afterFirstFlush) : Stream
    {
        private Stopwatch? _clock;

        // The exporter flushes its header on its own before the query runs; the first data byte comes after that flush.
        private bool _armed = !afterFirstFlush;

        public double FirstByteMs { get; private set; } = -1;

        public long Bytes { get; private set; }

        public long Lines { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Bytes; set => throw new NotSupportedException(); }

        public void Start(Stopwatch clock) => _clock = clock;

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("write asynchronously");

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Note(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            _armed = true;
            return inner.FlushAsync(cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Note(ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length == 0)
            {
                return;
            }

            Bytes += bytes.Length;
            Lines += System.MemoryExtensions.Count(bytes, (byte)'\n');
            if (_armed && FirstByteMs < 0)
            {
                FirstByteMs = _clock!.Elapsed.TotalMilliseconds;
            }
        }
    }
}
