using System.Diagnostics;
using System.Diagnostics.Metrics;
using TraffickingCases.Infrastructure.Cases;

namespace TraffickingCases.Infrastructure.Observability;

/// <summary>
/// The app's own spans and measurements, under the name "TraffickingCases" (ADR 030). A span or a measurement costs
/// next to nothing when nothing listens: <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and an
/// instrument with no listener drops the value. Tags carry rule codes, severities, datasets and formats, never anything
/// about a child.
/// </summary>
public sealed class CaseTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "TraffickingCases";

    /// <summary>Spans for the sweep, match lookups and exports; a child of the request's span when there is one.</summary>
    public static readonly ActivitySource Source = new(Name);

    private readonly Counter<long> _flagsRaised;
    private readonly Counter<long> _flagsCleared;
    private readonly Histogram<double> _sweepDuration;
    private readonly Histogram<double> _matchLookupDuration;
    private readonly Histogram<double> _auditChainWait;
    private readonly Counter<long> _exportRows;

    public CaseTelemetry(IMeterFactory meters)
    {
        // From the host's meter factory, so each host (and each test's host) has its own meter to listen to.
        var meter = meters.Create(Name);
        _flagsRaised = meter.CreateCounter<long>("tc.flags.raised", "{flag}", "Flags raised by a committed change, by rule code and severity.");
        _flagsCleared = meter.CreateCounter<long>("tc.flags.cleared", "{flag}",
            "Flags that stopped being open in a committed change: ended by the rules (reason=ended) or closed by a person (reason=closed).");
        _sweepDuration = meter.CreateHistogram<double>("tc.sweep.duration", "s", "How long one sweep of the time-driven rules took.");
        _matchLookupDuration = meter.CreateHistogram<double>("tc.match.lookup.duration", "s", "How long one lookup of possible other records of a child took.");
        _auditChainWait = meter.CreateHistogram<double>("tc.audit.chain.wait", "s",
            "How long the oldest entry of each chained batch waited between being written and being chained.");
        _exportRows = meter.CreateCounter<long>("tc.export.rows", "{row}", "Rows written by exports, by dataset and format.");
    }

    /// <summary>Counts what a committed change did to flags.</summary>
    public void FlagsChanged(ChildrenChanged changed)
    {
        if (!_flagsRaised.Enabled && !_flagsCleared.Enabled)
        {
            return;
        }

        foreach (var flag in changed.FlagsRaised)
        {
            _flagsRaised.Add(1, RuleTags(flag));
        }

        foreach (var flag in changed.FlagsEnded)
        {
            _flagsCleared.Add(1, [.. RuleTags(flag), new("tc.reason", "ended")]);
        }

        foreach (var flag in changed.FlagsClosed)
        {
            _flagsCleared.Add(1, [.. RuleTags(flag), new("tc.reason", "closed")]);
        }
    }

    /// <summary>Records one sweep's duration with its outcome: "completed", "skipped" (another instance held the lock) or "failed".</summary>
    public void SweepFinished(TimeSpan elapsed, string outcome) =>
        _sweepDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("tc.outcome", outcome));

    public void MatchLookedUp(TimeSpan elapsed) => _matchLookupDuration.Record(elapsed.TotalSeconds);

    public void AuditChained(TimeSpan oldestWaited) => _auditChainWait.Record(Math.Max(0, oldestWaited.TotalSeconds));

    public void ExportWrote(long rows, string dataset, string format, bool identifiable) =>
        _exportRows.Add(rows, new("tc.export.dataset", dataset), new("tc.export.format", format), new("tc.export.identifiable", identifiable));

    private static KeyValuePair<string, object?>[] RuleTags(FlagChange flag) =>
        [new("tc.rule", flag.RuleCode), new("tc.severity", flag.Severity.ToString())];
}

/// <summary>Counts the flags each committed change raised and cleared, whichever service made the change.</summary>
internal sealed class FlagTelemetryHook(CaseTelemetry telemetry) : IChildChangeHook
{
    public Task AfterCommitAsync(ChildrenChanged changed, CancellationToken ct)
    {
        telemetry.FlagsChanged(changed);
        return Task.CompletedTask;
    }
}
