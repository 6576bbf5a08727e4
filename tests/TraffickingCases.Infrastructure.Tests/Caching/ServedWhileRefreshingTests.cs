using Microsoft.Extensions.Time.Testing;
using TraffickingCases.Infrastructure.Caching;

namespace TraffickingCases.Infrastructure.Tests.Caching;

public sealed class ServedWhileRefreshingTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-03T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task The_first_callers_wait_for_one_read_and_share_its_value()
    {
        var cache = new ServedWhileRefreshing<string>(TimeSpan.FromMinutes(5), _clock);
        var reads = 0;
        var gate = new TaskCompletionSource();
        async Task<string> Read(CancellationToken ct)
        {
            Interlocked.Increment(ref reads);
            await gate.Task;
            return "first";
        }

        var callers = Enumerable.Range(0, 8).Select(_ => cache.GetAsync(Read, CancellationToken.None)).ToList();
        Assert.All(callers, c => Assert.False(c.IsCompleted));
        gate.SetResult();

        Assert.All(await Task.WhenAll(callers), v => Assert.Equal("first", v));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task Past_its_time_the_old_value_is_served_while_one_read_runs_and_then_the_new_one()
    {
        var cache = new ServedWhileRefreshing<string>(TimeSpan.FromMinutes(5), _clock);
        Assert.Equal("old", await cache.GetAsync(_ => Task.FromResult("old"), CancellationToken.None));
        _clock.Advance(TimeSpan.FromMinutes(5));
        var reads = 0;
        var gate = new TaskCompletionSource();
        async Task<string> Read(CancellationToken ct)
        {
            Interlocked.Increment(ref reads);
            await gate.Task;
            return "new";
        }

        // Neither caller waits for the read, and only one read starts.
        Assert.Equal("old", await cache.GetAsync(Read, CancellationToken.None));
        Assert.Equal("old", await cache.GetAsync(Read, CancellationToken.None));
        gate.SetResult();
        await cache.Refreshing!;

        Assert.Equal("new", await cache.GetAsync(Read, CancellationToken.None));
        Assert.Equal(1, reads);
    }

    [Fact]
    public async Task A_failed_read_keeps_the_old_value_says_so_and_is_tried_again_by_the_next_caller()
    {
        var failures = new List<Exception>();
        var cache = new ServedWhileRefreshing<string>(TimeSpan.FromMinutes(5), _clock, failures.Add);
        await cache.GetAsync(_ => Task.FromResult("old"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal("old", await cache.GetAsync(_ => throw new InvalidOperationException("database down"), CancellationToken.None));
        await cache.Refreshing!;
        Assert.Equal("database down", Assert.Single(failures).Message);
        Assert.Equal("old", await cache.GetAsync(_ => Task.FromResult("again"), CancellationToken.None));
        await cache.Refreshing!;

        Assert.Equal("again", await cache.GetAsync(_ => Task.FromResult("unused"), CancellationToken.None));
    }
}
