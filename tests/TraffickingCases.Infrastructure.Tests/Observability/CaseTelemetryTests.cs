using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Observability;

namespace TraffickingCases.Infrastructure.Tests.Observability;

public sealed class CaseTelemetryTests
{
    [Fact]
    public void A_change_counts_each_flag_raised_ended_and_closed_by_rule_and_severity_and_says_why_it_was_cleared()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var telemetry = new CaseTelemetry(factory);
        var seen = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        var child = Guid.NewGuid();

        telemetry.FlagsChanged(new ChildrenChanged([child],
            [new FlagChange(Guid.NewGuid(), child, "RR-01", Severity.High), new FlagChange(Guid.NewGuid(), child, "RR-04", Severity.Medium)],
            [new FlagChange(Guid.NewGuid(), child, "RR-04", Severity.High)],
            [new FlagChange(Guid.NewGuid(), child, "RR-02", Severity.Low)]));

        Assert.Equal(
            [
                "tc.flags.raised RR-01 High -",
                "tc.flags.raised RR-04 Medium -",
                "tc.flags.cleared RR-04 High ended",
                "tc.flags.cleared RR-02 Low closed",
            ],
            seen.Select(m => $"{m.Instrument} {m.Tags["tc.rule"]} {m.Tags["tc.severity"]} {m.Tags.GetValueOrDefault("tc.reason") ?? "-"}"));
        Assert.All(seen, m => Assert.Equal(1, m.Value));
        Assert.All(seen, m => Assert.Empty(m.Tags.Keys.Except(["tc.rule", "tc.severity", "tc.reason"]))); // nothing about the child
    }
}
