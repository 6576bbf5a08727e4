using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Audit;

/// <summary>
/// A check of the audit chain, when it ran, whether it is being shown again rather than run again, and from when asking
/// again runs a new one.
/// </summary>
public sealed record ChainCheck(ChainVerification Result, DateTimeOffset CheckedAt, bool Reused, DateTimeOffset FreshFrom);

/// <summary>
/// Checking the chain re-computes every entry's hash, so a check that ran within <c>RateLimiting:AuditVerify:ReuseSeconds</c>
/// is shown again instead, saying when it ran; one check runs at a time and those asking meanwhile get its result. Each
/// request is still audited. With rate limiting off (load tests) every request checks afresh.
/// </summary>
public sealed class RecentChainCheck(RateLimitingSettings settings, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private ChainCheck? _last;

    public async Task<ChainCheck> CheckAsync(AuditTrail audit, CancellationToken ct)
    {
        var reuseFor = settings.Enabled ? TimeSpan.FromSeconds(settings.AuditVerify.ReuseSeconds) : TimeSpan.Zero;
        if (reuseFor <= TimeSpan.Zero)
        {
            var started = clock.GetUtcNow();
            return new ChainCheck(await audit.VerifyAndRecordAsync(ct: ct), started, false, started);
        }

        await _oneAtATime.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            if (_last is { } last && now - last.CheckedAt < reuseFor)
            {
                var result = last.Result;
                await audit.RecordAsync(new AuditEvent(AuditActions.ChainVerified, "AuditTrail", null, null,
                    new { verified = result.Verified, waiting = result.Waiting, broken_sequence = result.BrokenSequence, problem = result.Problem, reused_from = last.CheckedAt }), ct);
                return last with { Reused = true };
            }

            _last = new ChainCheck(await audit.VerifyAndRecordAsync(ct: ct), now, false, now + reuseFor);
            return _last;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    public void Dispose() => _oneAtATime.Dispose();
}
