namespace TraffickingCases.Infrastructure.Exports;

/// <summary>Writes rows to a stream as they come, only ever with asynchronous writes (a response body refuses others).</summary>
public interface IRowWriter : IAsyncDisposable
{
    ValueTask WriteHeaderAsync(IReadOnlyList<string> names, CancellationToken ct);

    ValueTask WriteRowAsync(object?[] values, CancellationToken ct);

    /// <summary>Sends what is buffered to the client now.</summary>
    ValueTask FlushAsync(CancellationToken ct);

    /// <summary>Finishes the file (the xlsx package's closing parts) and flushes.</summary>
    ValueTask CompleteAsync(CancellationToken ct);
}
