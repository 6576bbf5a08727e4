namespace TraffickingCases.Infrastructure.Caching;

/// <summary>
/// A value that costs seconds to read and may be minutes old: the first caller waits for it (one read, however many
/// callers); after <c>freshFor</c> the next caller starts one read in the background and every caller is served the value
/// it has until that read ends. A failed background read keeps the old value and is tried again by the next caller.
/// The read must not use the caller's request services (it outlives the request): pass one that opens its own scope.
/// </summary>
public sealed class ServedWhileRefreshing<T>(TimeSpan freshFor, TimeProvider clock, Action<Exception>? onRefreshFailed = null)
    where T : class
{
    private readonly SemaphoreSlim _first = new(1, 1);
    private Snapshot? _current;
    private int _refreshing;

    /// <summary>The running background read, if any: for tests and for a host that wants to wait for it on shut-down.</summary>
    public Task? Refreshing { get; private set; }

    public async Task<T> GetAsync(Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        if (Volatile.Read(ref _current) is { } current)
        {
            if (clock.GetUtcNow() - current.ReadAt >= freshFor && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
            {
                Refreshing = Task.Run(() => RefreshAsync(read), CancellationToken.None);
            }

            return current.Value;
        }

        await _first.WaitAsync(ct);
        try
        {
            if (Volatile.Read(ref _current) is { } read2)
            {
                return read2.Value;
            }

            var value = await read(ct);
            Volatile.Write(ref _current, new Snapshot(value, clock.GetUtcNow()));
            return value;
        }
        finally
        {
            _first.Release();
        }
    }

    private async Task RefreshAsync(Func<CancellationToken, Task<T>> read)
    {
        try
        {
            var value = await read(CancellationToken.None);
            Volatile.Write(ref _current, new Snapshot(value, clock.GetUtcNow()));
        }
        catch (Exception failure)
        {
            onRefreshFailed?.Invoke(failure);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private sealed record Snapshot(T Value, DateTimeOffset ReadAt);
}
