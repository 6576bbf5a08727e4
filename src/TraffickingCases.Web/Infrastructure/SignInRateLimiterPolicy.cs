using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>Who a sign-in attempt comes from and which account it is for (the posted address, normalised, never looked up).</summary>
public readonly record struct SignInPartition(string Address, string Account);

/// <summary>
/// The sign-in policy: an attempt needs a permit from its client address's limit and then from its account's. The account's
/// limit counts attempts from every address, so spreading them over many addresses does not buy more guesses; it counts
/// unknown addresses as it counts real ones, so a refusal says nothing about whether an account exists. A refused attempt
/// never reaches the password check, so it adds nothing to Identity's count of failures.
/// </summary>
public sealed class SignInRateLimiterPolicy : IRateLimiterPolicy<SignInPartition>, IDisposable
{
    /// <summary>Which limit refused the attempt: "address" or "account".</summary>
    public static readonly MetadataName<string> LimitName = new("TraffickingCases.SignInLimit");

    /// <summary>Whether this is the first refusal by that limit for that address or account in its window (the one audited).</summary>
    public static readonly MetadataName<bool> FirstInWindowName = new("TraffickingCases.FirstRefusalInWindow");

    private const int MostRemembered = 10_000;

    private readonly RateLimitingSettings _settings;
    private readonly PartitionedRateLimiter<string> _addresses;
    private readonly PartitionedRateLimiter<string> _accounts;

    /// <summary>When (<see cref="Environment.TickCount64"/>) each refused address or account may next be audited.</summary>
    private readonly ConcurrentDictionary<string, long> _auditedUntil = new(StringComparer.Ordinal);

    public SignInRateLimiterPolicy(RateLimitingSettings settings)
    {
        _settings = settings;
        _addresses = PartitionedRateLimiter.Create<string, string>(a => RateLimitPartition.GetFixedWindowLimiter(a, _ => settings.SignInPerAddress.Options()));
        _accounts = PartitionedRateLimiter.Create<string, string>(a => RateLimitPartition.GetFixedWindowLimiter(a, _ => settings.SignInPerAccount.Options()));
    }

    /// <summary>None of its own: <see cref="Throttling"/> answers every refusal alike.</summary>
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => null;

    public RateLimitPartition<SignInPartition> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.Get(new SignInPartition(Throttling.ClientAddress(httpContext), Throttling.PostedAccount(httpContext)), p => new Limiter(this, p));

    public void Dispose()
    {
        _addresses.Dispose();
        _accounts.Dispose();
    }

    private RateLimitLease Acquire(SignInPartition partition, int permits)
    {
        var byAddress = _addresses.AttemptAcquire(partition.Address, permits);
        if (!byAddress.IsAcquired)
        {
            return Refuse(byAddress, "address", partition.Address, _settings.SignInPerAddress);
        }

        var byAccount = _accounts.AttemptAcquire(partition.Account, permits);
        if (!byAccount.IsAcquired)
        {
            byAddress.Dispose();
            return Refuse(byAccount, "account", partition.Account, _settings.SignInPerAccount);
        }

        return new Granted(byAddress, byAccount);
    }

    private Refused Refuse(RateLimitLease lease, string limit, string key, WindowLimit window)
    {
        var now = Environment.TickCount64;
        var remembered = $"{limit}:{key}";
        var first = !(_auditedUntil.TryGetValue(remembered, out var until) && until > now);
        if (first)
        {
            if (_auditedUntil.Count >= MostRemembered)
            {
                // Bounded under a spray of addresses; forgetting only means another audit entry.
                _auditedUntil.Clear();
            }

            _auditedUntil[remembered] = now + window.WindowSeconds * 1000L;
        }

        TimeSpan? retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(window.WindowSeconds);
        lease.Dispose();
        return new Refused(limit, first, retryAfter);
    }

    /// <summary>One per address-and-account pair while it is in use; the counting is in the policy's two limiters.</summary>
    private sealed class Limiter(SignInRateLimiterPolicy policy, SignInPartition partition) : RateLimiter
    {
        private long _lastUsed = Environment.TickCount64;
        private Refused? _justRefused;

        public override TimeSpan? IdleDuration => TimeSpan.FromMilliseconds(Environment.TickCount64 - Interlocked.Read(ref _lastUsed));

        public override RateLimiterStatistics? GetStatistics() => null;

        protected override RateLimitLease AttemptAcquireCore(int permitCount)
        {
            Interlocked.Exchange(ref _lastUsed, Environment.TickCount64);
            var lease = policy.Acquire(partition, permitCount);
            Interlocked.Exchange(ref _justRefused, lease as Refused);
            return lease;
        }

        /// <summary>
        /// The middleware asks again, to wait, after an attempt is refused. Nothing queues, so the answer is that refusal:
        /// acquiring again would spend another of the address's permits on an attempt its account's limit refuses.
        /// </summary>
        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Interlocked.Exchange(ref _justRefused, null) is { } refused
                ? new Refused(refused.Limit, refused.First, refused.RetryAfter)
                : AttemptAcquireCore(permitCount));
    }

    private sealed class Granted(RateLimitLease byAddress, RateLimitLease byAccount) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            byAddress.Dispose();
            byAccount.Dispose();
        }
    }

    private sealed class Refused(string limit, bool first, TimeSpan? retryAfter) : RateLimitLease
    {
        public string Limit => limit;

        public bool First => first;

        public TimeSpan? RetryAfter => retryAfter;

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames =>
            retryAfter is null ? [LimitName.Name, FirstInWindowName.Name] : [LimitName.Name, FirstInWindowName.Name, MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName switch
            {
                _ when metadataName == LimitName.Name => limit,
                _ when metadataName == FirstInWindowName.Name => first,
                _ when metadataName == MetadataName.RetryAfter.Name => retryAfter,
                _ => null,
            };
            return metadata is not null;
        }
    }
}
