namespace TraffickingCases.Infrastructure.Matching;

/// <summary>
/// A value read from the database and kept per process for <c>interval</c>: the matcher's date frequencies and common keys, which
/// need no more freshness than that. One caller reads it again at a time; the others wait for that read.
/// </summary>
public sealed class RefreshedEvery<T>(TimeSpan interval, TimeProvider clock)
    where T : class
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private (T Value, DateTimeOffset ReadAt)? _current;

    public async Task<T> GetAsync(Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        if (_current is { } current && clock.GetUtcNow() - current.ReadAt < interval)
        {
            return current.Value;
        }

        await _refreshing.WaitAsync(ct);
        try
        {
            if (_current is { } fresh && clock.GetUtcNow() - fresh.ReadAt < interval)
            {
                return fresh.Value;
            }

            var value = await read(ct);
            _current = (value, clock.GetUtcNow());
            return value;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    /// <summary>Forgets the value, so the next caller reads it again.</summary>
    public void Forget() => _current = null;
}
