using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TraffickingCases.Infrastructure.Observability;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// The web app's traces and metrics (ADR 030): a span for each request, with the database calls and the app's own work
/// beneath it, and ASP.NET Core's request metrics, on top of what every host records (<see cref="TelemetrySetup"/>).
/// Nothing is registered unless an OTLP endpoint is configured.
/// </summary>
public static class WebTelemetry
{
    public const string ServiceName = "trafficking-cases-web";

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddCaseTelemetry(builder.Configuration, ServiceName)?
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(options =>
            {
                // Probes every few seconds from each load balancer would bury the requests people make.
                options.Filter = context => !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
                // A query string can hold a name searched for; spans keep the path alone, as the request log does.
                options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
            }))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation());
        return builder;
    }
}
