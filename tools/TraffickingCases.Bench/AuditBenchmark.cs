using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Bench;

/// <summary>
/// What <see cref="AuditBenchmark"/> measured over one run: transactions committed (one entry each), their latency,
/// the total time all connections spent in statements taking an advisory lock (the chain lock before ADR 015), and
/// how many sessions pg_stat_activity showed waiting on an advisory lock, averaged over its samples.
/// </summary>
public sealed record AuditWriteMeasurement(
    int Connections, double Seconds, long Entries, double P50Ms, double P95Ms, double P99Ms, double MaxMs,
    double LockStatementMs, double MeanWaitingOnLock, int Samples, long ChainedDuringRun, long WaitingAtEnd, double ChainRestMs)
{
    public double EntriesPerSecond => Seconds == 0 ? 0 : Entries / Seconds;

    /// <summary>The share of the connections' time spent in the lock statement.</summary>
    public double LockShare => Seconds == 0 ? 0 : LockStatementMs / 1000 / (Seconds * Connections);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Connections} connections, {Seconds:0.0} s: {Entries:N0} entries, {EntriesPerSecond:N0} entries/s; latency p50 {P50Ms:0.0} ms  p95 {P95Ms:0.0} ms  p99 {P99Ms:0.0} ms  max {MaxMs:0} ms; " +
        $"in the advisory-lock statement {LockStatementMs / Math.Max(Entries, 1):0.00} ms a transaction ({LockShare:P0} of connection time); " +
        $"sessions waiting on an advisory lock {MeanWaitingOnLock:0.0} of {Connections} on average ({Samples} samples of pg_stat_activity); " +
        $"chainer: {ChainedDuringRun:N0} entries chained during the run, {WaitingAtEnd:N0} waiting at the end, chained in {ChainRestMs:0} ms");
}

/// <summary>
/// `tc bench audit`: N connections, each committing one transaction after another that records one audit entry,
/// as a child's page records its view, for a fixed time, while the chainer runs on its timer as in the web app.
/// Measures entries per second and each transaction's latency, the time spent in statements waiting for an advisory
/// lock (timed from Npgsql's own tracing), how many sessions pg_stat_activity shows waiting on an advisory lock
/// (sampled every 10 ms from a connection of its own), and how far the chainer is behind when the writers stop.
/// </summary>
public sealed class AuditBenchmark(IServiceScopeFactory scopes, CasesDbContext db, AuditChainer chainer, AuditSettings settings)
{
    public async Task<AuditWriteMeasurement> RunAsync(int connections, TimeSpan duration, CancellationToken ct)
    {
        var connectionString = db.Database.GetConnectionString()!;
        var lockTicks = 0L;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                var text = activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string;
                // The writers' chain lock before ADR 015; the chainer's own try-lock never waits and is not counted.
                if (text is not null && text.Contains("pg_advisory_xact_lock", StringComparison.Ordinal))
                {
                    Interlocked.Add(ref lockTicks, activity.Duration.Ticks);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        // One warm-up transaction per connection: pools open, EF's model built, before the clock starts.
        await Task.WhenAll(Enumerable.Range(0, connections).Select(i => RecordAsync(i, ct)));
        await chainer.ChainAsync(wait: true, ct);
        Interlocked.Exchange(ref lockTicks, 0);

        var latencies = new ConcurrentBag<double>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var (waitingSessions, samples) = (0L, 0);
        var sampler = Task.Run(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var sample = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'", connection);
            while (!stop.IsCancellationRequested)
            {
                waitingSessions += (long)(await sample.ExecuteScalarAsync(ct))!;
                samples++;
                await Task.Delay(10, CancellationToken.None);
            }
        }, ct);

        var chained = 0L;
        var background = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(settings.ChainIntervalMilliseconds));
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                chained += (await chainer.ChainAsync(wait: false, ct)).Chained;
            }
        }, ct);

        var clock = Stopwatch.StartNew();
        stop.CancelAfter(duration);
        await Task.WhenAll(Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await RecordAsync(i * 1_000_000 + n++, ct);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }, ct)));
        var seconds = clock.Elapsed.TotalSeconds;
        await sampler;
        await background;
        var rest = Stopwatch.StartNew();
        var waiting = (await chainer.ChainAsync(wait: true, ct)).Chained;
        var restMs = rest.Elapsed.TotalMilliseconds;

        var sorted = latencies.Order().ToArray();
        double At(double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new AuditWriteMeasurement(connections, seconds, sorted.Length, At(0.50), At(0.95), At(0.99), sorted.Length == 0 ? 0 : sorted[^1],
            TimeSpan.FromTicks(Interlocked.Read(ref lockTicks)).TotalMilliseconds, samples == 0 ? 0 : (double)waitingSessions / samples, samples,
            chained, waiting, restMs);
    }

    /// <summary>One transaction recording one view, in a scope of its own as a request has.</summary>
    private async Task RecordAsync(int n, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditTrail>().RecordAsync(
            new AuditEvent(AuditActions.Viewed, "Child", $"bench-{n}", null, new { page = "child", bench = true }), ct);
    }
}
