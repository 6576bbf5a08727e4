using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Serilog.Core;
using Serilog.Events;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Observability;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>OpenTelemetry traces and metrics (ADR 030), and the trace id that joins a request's spans, log lines and audit entries.</summary>
[Collection(HttpCollection.Name)]
public sealed class TelemetryTests(AppFixture fixture)
{
    // Nothing listens here: export is attempted and fails quietly in the background; the in-memory exporter is what the test reads.
    private static readonly Dictionary<string, string> WithEndpoint = new() { ["Telemetry:OtlpEndpoint"] = "http://127.0.0.1:9" };

    [Fact]
    public async Task With_an_endpoint_a_page_is_one_trace_of_the_request_and_its_database_calls_and_its_audit_entry_carries_the_trace_id()
    {
        var spans = new SynchronizedList<Activity>();
        await using var app = new TestApp(fixture.Database, kestrel: false, settings: WithEndpoint,
            services: services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        var session = NewSession(app);
        await session.SignInAsync(Session.Caseworker);
        var registration = ActivityTraceId.CreateRandom();
        session.Client.DefaultRequestHeaders.Add("traceparent", $"00-{registration}-{ActivitySpanId.CreateRandom()}-01");
        var child = await session.RegisterChildAsync("Traceda", "Spanfield", "2010-03-04");
        session.Client.DefaultRequestHeaders.Remove("traceparent");
        var traceId = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Get, child + "?tab=notes");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await session.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var trace = spans.Snapshot().Where(s => s.TraceId == traceId).ToList();
        var server = Assert.Single(trace, s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server);
        Assert.Equal(child, server.GetTagItem("url.path"));
        Assert.Null(server.GetTagItem("url.query")); // a query string may hold a name searched for
        var queries = trace.Where(s => s.Source.Name == "Npgsql" && s.ParentSpanId == server.SpanId).ToList();
        Assert.NotEmpty(queries);
        Assert.All(queries, q => Assert.Equal(ActivityKind.Client, q.Kind));
        await using var db = fixture.Database.CreateContext();
        Assert.Contains(AuditActions.Viewed, await db.AuditEntries.Where(e => e.CorrelationId == traceId.ToString()).Select(e => e.Action).ToListAsync());

        // Registering looked for other records of the child: the lookup is a span in the registration's trace.
        Assert.Contains(spans.Snapshot(), s => s.TraceId == registration && s.Source.Name == CaseTelemetry.Name && s.DisplayName == "tc.match.lookup");

        // The sweep is a span with the database calls of its batches beneath it (under the test's own trace, so other hosts' sweeps are told apart).
        var sweepTrace = ActivityTraceId.CreateRandom();
        using (new Activity("test").SetParentId(sweepTrace, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        {
            Assert.False((await app.SweepAsync()).Skipped);
        }

        var sweep = Assert.Single(spans.Snapshot(), s => s.TraceId == sweepTrace && s.DisplayName == "tc.sweep");
        Assert.Equal("completed", sweep.GetTagItem("tc.outcome"));
        Assert.Contains(spans.Snapshot(), s => s.Source.Name == "Npgsql" && s.TraceId == sweepTrace);
    }

    [Fact]
    public async Task A_repeat_referral_counts_one_flag_raised_for_its_rule_and_severity_and_the_sweep_and_an_export_are_measured()
    {
        await using var app = new TestApp(fixture.Database, kestrel: false);
        using var measured = new OwnMeasurements(app);
        var session = NewSession(app);
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Metrica", "Countwell", "2009-06-07");
        var today = DateTime.UtcNow.Date;
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, today.AddDays(-200).ToString("yyyy-MM-dd"), "Labour")).StatusCode);
        Assert.DoesNotContain(measured.Of("tc.flags.raised"), m => Equals(m.Tags["tc.rule"], "RR-01"));

        Assert.Equal(HttpStatusCode.Redirect, (await session.AddReferralAsync(child, today.AddDays(-57).ToString("yyyy-MM-dd"), "Criminal")).StatusCode);

        var raised = Assert.Single(measured.Of("tc.flags.raised"), m => Equals(m.Tags["tc.rule"], "RR-01"));
        Assert.Equal(1, raised.Value);
        Assert.Equal("High", raised.Tags["tc.severity"]);
        Assert.Equal(["tc.rule", "tc.severity"], raised.Tags.Keys.Order()); // nothing about the child

        var swept = await app.SweepAsync();
        Assert.False(swept.Skipped);
        var sweep = Assert.Single(measured.Of("tc.sweep.duration"));
        Assert.Equal("completed", sweep.Tags["tc.outcome"]);

        var auditor = NewSession(app);
        await auditor.SignInAsync(Session.Auditor);
        var export = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv" });
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        var rows = await ExportFiles.ReadAsync("csv", await export.Content.ReadAsByteArrayAsync());
        var exported = Assert.Single(measured.Of("tc.export.rows"));
        Assert.Equal(rows.Count, exported.Value);
        Assert.Equal("children", exported.Tags["tc.export.dataset"]);
        Assert.Equal("Csv", exported.Tags["tc.export.format"]);
        Assert.Equal(false, exported.Tags["tc.export.identifiable"]);
    }

    [Fact]
    public async Task Without_an_endpoint_nothing_is_exported_yet_log_lines_and_audit_entries_still_carry_the_request_trace_id()
    {
        var logs = new TraceIdsLogged();
        await using var app = new TestApp(fixture.Database, kestrel: false,
            services: services => services.AddSingleton<ILogEventSink>(logs));
        var session = NewSession(app);
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Loglina", "Traceless", "2011-08-09");
        var traceId = ActivityTraceId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Get, child);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await session.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
        // The request's own line (Serilog's request log, through the host's logger, not the static one).
        Assert.Contains(logs.Snapshot(), e => e.TraceId == traceId && e.MessageTemplate.Text.StartsWith("HTTP", StringComparison.Ordinal));
        await using var db = fixture.Database.CreateContext();
        Assert.Contains(AuditActions.Viewed, await db.AuditEntries.Where(e => e.CorrelationId == traceId.ToString()).Select(e => e.Action).ToListAsync());
    }

    [Fact]
    public async Task With_an_endpoint_the_providers_exist_and_a_sample_ratio_outside_0_to_1_is_refused()
    {
        await using var app = new TestApp(fixture.Database, kestrel: false, settings: WithEndpoint);
        Assert.NotNull(app.Services.GetService<TracerProvider>());
        Assert.NotNull(app.Services.GetService<MeterProvider>());

        await using var wrong = new TestApp(fixture.Database, kestrel: false,
            settings: new Dictionary<string, string>(WithEndpoint) { ["Telemetry:SampleRatio"] = "2" });
        var refused = Assert.ThrowsAny<Exception>(() => wrong.Services);
        Assert.Contains("Telemetry:SampleRatio", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tc_sweep_with_an_endpoint_sends_its_sweep_span_and_measurements_by_otlp_before_it_exits()
    {
        using var collector = new OtlpReceiver();

        var (code, output, error) = await fixture.Database.TcAsync(["sweep"], new()
        {
            ["Telemetry:OtlpEndpoint"] = collector.Address,
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
        });

        Assert.True(code == 0, error);
        Assert.StartsWith("evaluated ", output, StringComparison.Ordinal);
        var received = collector.Received();
        // Protobuf holds its strings as they are: the service's name, the span's and the histogram's.
        Assert.Contains(received, r => r.Path == "/v1/traces" && r.Body.Contains("trafficking-cases-cli") && r.Body.Contains("tc.sweep"));
        Assert.Contains(received, r => r.Path == "/v1/metrics" && r.Body.Contains("trafficking-cases-cli") && r.Body.Contains("tc.sweep.duration"));
    }

    private static Session NewSession(TestApp app) =>
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>The measurements one host's "TraffickingCases" meter made: other hosts in the process have meters of their own.</summary>
    private sealed class OwnMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Measured> _seen = new();

        public OwnMeasurements(TestApp app)
        {
            var factory = app.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CaseTelemetry.Name && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public IReadOnlyList<Measured> Of(string instrument) => _seen.Where(m => m.Instrument == instrument).ToList();

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copied = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copied[tag.Key] = tag.Value;
            }

            _seen.Enqueue(new Measured(instrument.Name, value, copied));
        }
    }

    /// <summary>An OTLP/HTTP endpoint that keeps what it is sent and answers 200.</summary>
    private sealed class OtlpReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, string Body)> _received = new();
        private readonly Task _serving;

        public OtlpReceiver()
        {
            using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Address = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
            }

            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _serving = Task.Run(ServeAsync);
        }

        public string Address { get; }

        public IReadOnlyList<(string Path, string Body)> Received() => _received.ToList();

        public void Dispose()
        {
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, System.Text.Encoding.Latin1.GetString(body.ToArray())));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }

    private sealed record Measured(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

    private sealed class TraceIdsLogged : ILogEventSink
    {
        private readonly ConcurrentQueue<LogEvent> _events = new();

        public IReadOnlyList<LogEvent> Snapshot() => _events.ToList();

        public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
    }

    /// <summary>The exporter adds from whichever thread ends a span.</summary>
    private sealed class SynchronizedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];
        private readonly Lock _lock = new();

        public int Count
        {
            get
            {
                lock (_lock)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public IReadOnlyList<T> Snapshot()
        {
            lock (_lock)
            {
                return _items.ToList();
            }
        }

        public void Add(T item)
        {
            lock (_lock)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_lock)
            {
                _items.Clear();
            }
        }

        public bool Contains(T item)
        {
            lock (_lock)
            {
                return _items.Contains(item);
            }
        }

        public void CopyTo(T[] array, int arrayIndex)
        {
            lock (_lock)
            {
                _items.CopyTo(array, arrayIndex);
            }
        }

        public bool Remove(T item)
        {
            lock (_lock)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
