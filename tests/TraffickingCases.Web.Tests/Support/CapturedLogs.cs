using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>A Serilog sink that keeps each event as the text a log store would hold.</summary>
public sealed class CapturedLogs : ILogEventSink
{
    private readonly ConcurrentQueue<string> _events = new();

    public IReadOnlyCollection<string> Events => _events;

    public void Emit(LogEvent logEvent)
    {
        var properties = string.Join(" ", logEvent.Properties.Select(p => $"{p.Key}={p.Value}"));
        _events.Enqueue($"{logEvent.RenderMessage()} {properties} {logEvent.Exception}");
    }
}
