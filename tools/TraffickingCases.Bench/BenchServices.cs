using Microsoft.Extensions.DependencyInjection;

namespace TraffickingCases.Bench;

public static class BenchServices
{
    /// <summary>The benchmarks, over the case store that <c>AddCaseStore</c> registers.</summary>
    public static IServiceCollection AddBenchmarks(this IServiceCollection services)
    {
        services.AddScoped<MatchBenchmark>();
        services.AddScoped<Rr00Benchmark>();
        services.AddScoped<ExportBenchmark>();
        services.AddScoped<AuditBenchmark>();
        return services;
    }
}
