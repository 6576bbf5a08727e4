using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace TraffickingCases.Infrastructure.Observability;

/// <summary>
/// Turns on OpenTelemetry tracing and metrics, exported by OTLP, only when an endpoint is configured: the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>Telemetry:OtlpEndpoint</c> (ADR 030). Without one nothing is registered, so no
/// listener exists and the app's spans and measurements are never made.
/// </summary>
public static class TelemetrySetup
{
    public const string Section = "Telemetry";

    /// <summary>The standard variable the OTLP exporter reads itself (with its _PROTOCOL and _HEADERS companions).</summary>
    public const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The endpoint set in the app's own settings, or by the standard variable; null when neither is.</summary>
    public static string? OtlpEndpoint(IConfiguration configuration) =>
        NonEmpty(configuration[$"{Section}:OtlpEndpoint"]) ?? NonEmpty(configuration[StandardEndpoint]);

    /// <summary>
    /// Registers tracing and metrics for the app's own source and meter, Npgsql and the .NET runtime, exporting by OTLP,
    /// when an endpoint is configured; null (and nothing registered) when not. The caller adds its own instrumentation.
    /// </summary>
    public static OpenTelemetryBuilder? AddCaseTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var endpoint = OtlpEndpoint(configuration);
        if (endpoint is null)
        {
            return null;
        }

        var settings = configuration.GetSection(Section);
        var ratio = settings.GetValue<double?>("SampleRatio") ?? 1.0;
        if (ratio is < 0 or > 1 || double.IsNaN(ratio))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Telemetry:SampleRatio must be between 0 and 1 (it is {ratio})"));
        }

        // Only the app's own setting is applied here: the standard variables are read by the exporter itself.
        var ownEndpoint = NonEmpty(settings["OtlpEndpoint"]);
        var httpProtobuf = string.Equals(settings["OtlpProtocol"], "http/protobuf", StringComparison.OrdinalIgnoreCase);
        void Export(OtlpExporterOptions options, string signalPath)
        {
            if (ownEndpoint is null)
            {
                return;
            }

            options.Protocol = httpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            // Set in code, the endpoint is used as it is: over HTTP it must name the signal's path.
            options.Endpoint = httpProtobuf ? new Uri(new Uri(ownEndpoint.TrimEnd('/') + "/"), signalPath) : new Uri(ownEndpoint);
        }

        return services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings["ServiceName"] ?? serviceName))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new RootSampler(ratio)))
                .AddSource(CaseTelemetry.Name)
                .AddNpgsql()
                .AddOtlpExporter(options => Export(options, "v1/traces")))
            .WithMetrics(metrics => metrics
                .AddMeter(CaseTelemetry.Name)
                .AddNpgsqlInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter(options => Export(options, "v1/metrics")));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// Decides for a span that starts a trace. A database call with no parent is a background poll (the audit chainer,
    /// the notification dispatcher, every second or so): one single-span trace each would bury the requests, so those are
    /// dropped (Npgsql's metrics still count them). Anything else is kept in the configured proportion.
    /// </summary>
    private sealed class RootSampler(double ratio) : Sampler
    {
        private readonly TraceIdRatioBasedSampler _ratio = new(ratio);

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
            samplingParameters.Kind == System.Diagnostics.ActivityKind.Client
                ? new SamplingResult(SamplingDecision.Drop)
                : _ratio.ShouldSample(samplingParameters);
    }
}
