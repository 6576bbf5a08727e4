using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Web.Features.Audit;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>So many requests in each fixed window of so many seconds.</summary>
public class WindowLimit
{
    public int PermitLimit { get; set; }

    public int WindowSeconds { get; set; } = 60;

    internal FixedWindowRateLimiterOptions Options() =>
        new() { PermitLimit = PermitLimit, Window = TimeSpan.FromSeconds(WindowSeconds), QueueLimit = 0, AutoReplenishment = true };

    internal bool Valid => PermitLimit >= 1 && WindowSeconds >= 1;
}

/// <summary>The audit chain check's limit, and how long a check is shown again instead of run again.</summary>
public sealed class ChainCheckLimit : WindowLimit
{
    public int ReuseSeconds { get; set; } = 60;
}

/// <summary>How many exports one person may have running at once; a refusal says to try again after so many seconds.</summary>
public sealed class ExportLimit
{
    public int ConcurrentPerUser { get; set; } = 2;

    public int RetryAfterSeconds { get; set; } = 30;
}

/// <summary>Every number of the rate limits (section <c>RateLimiting</c>, issue 13 finding 3); docs/configuration.md has each.</summary>
public sealed class RateLimitingSettings
{
    /// <summary>Off only for load tests: nothing is throttled and chain checks are never reused.</summary>
    public bool Enabled { get; set; } = true;

    public WindowLimit SignInPerAddress { get; set; } = new() { PermitLimit = 20 };

    public WindowLimit SignInPerAccount { get; set; } = new() { PermitLimit = 3 };

    public ExportLimit Exports { get; set; } = new();

    public ChainCheckLimit AuditVerify { get; set; } = new() { PermitLimit = 5 };

    public WindowLimit Search { get; set; } = new() { PermitLimit = 60 };

    public WindowLimit CandidateSearch { get; set; } = new() { PermitLimit = 10 };
}

/// <summary>Why a request was refused, for the error page: the policy and the seconds to wait.</summary>
public sealed record Refusal(string Policy, int RetryAfterSeconds);

/// <summary>
/// ASP.NET Core's rate limiter, one named policy per thing worth guessing at or expensive to repeat: sign-in (per client
/// address and per account), exports (at once, per user), the audit chain check, the caseload search and the search for
/// the same child across organisations (per user). A refusal answers 429 with <c>Retry-After</c> and the GOV.UK page
/// <c>/error/429</c>; it is logged without the address tried, and a refused sign-in is audited. In memory: each instance
/// of the app counts on its own.
/// </summary>
public static class Throttling
{
    public const string SignIn = "sign-in";

    public const string Exports = "exports";

    public const string AuditVerify = "audit-verify";

    public const string Search = "search";

    public const string CandidateSearch = "candidate-search";

    /// <summary>The <see cref="HttpContext.Items"/> key of the <see cref="Refusal"/> of a refused request.</summary>
    public static readonly object RefusalKey = new();

    /// <summary>Partition of requests no limit applies to (a caseload page with no search, a confirmed registration).</summary>
    private const string Unlimited = "\0unlimited";

    public static void AddThrottling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingSettings>().Bind(builder.Configuration.GetSection("RateLimiting"))
            .Validate(s => s.SignInPerAddress.Valid, "RateLimiting:SignInPerAddress needs PermitLimit and WindowSeconds of 1 or more")
            .Validate(s => s.SignInPerAccount.Valid, "RateLimiting:SignInPerAccount needs PermitLimit and WindowSeconds of 1 or more")
            .Validate(s => s.AuditVerify.Valid && s.AuditVerify.ReuseSeconds >= 0, "RateLimiting:AuditVerify needs PermitLimit and WindowSeconds of 1 or more and ReuseSeconds of 0 or more")
            .Validate(s => s.Search.Valid, "RateLimiting:Search needs PermitLimit and WindowSeconds of 1 or more")
            .Validate(s => s.CandidateSearch.Valid, "RateLimiting:CandidateSearch needs PermitLimit and WindowSeconds of 1 or more")
            .Validate(s => s.Exports.ConcurrentPerUser >= 1 && s.Exports.RetryAfterSeconds >= 1, "RateLimiting:Exports needs ConcurrentPerUser and RetryAfterSeconds of 1 or more")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<RateLimitingSettings>>().Value);
        builder.Services.AddSingleton<RecentChainCheck>();
        builder.Services.AddSingleton<SignInRateLimiterPolicy>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<RateLimitingSettings, SignInRateLimiterPolicy>((options, settings, signIn) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (rejected, ct) => RejectedAsync(rejected, settings, ct);
            options.AddPolicy(SignIn, signIn);
            options.AddPolicy(Exports, context => RateLimitPartition.GetConcurrencyLimiter(
                UserKey(context), _ => new ConcurrencyLimiterOptions { PermitLimit = settings.Exports.ConcurrentPerUser, QueueLimit = 0 }));
            options.AddPolicy(AuditVerify, context => RateLimitPartition.GetFixedWindowLimiter(UserKey(context), _ => settings.AuditVerify.Options()));
            options.AddPolicy(Search, context => string.IsNullOrWhiteSpace(context.Request.Query["q"])
                ? RateLimitPartition.GetNoLimiter(Unlimited)
                : RateLimitPartition.GetFixedWindowLimiter(UserKey(context), _ => settings.Search.Options()));
            options.AddPolicy(CandidateSearch, context => IsConfirmedRegistration(context)
                ? RateLimitPartition.GetNoLimiter(Unlimited)
                : RateLimitPartition.GetFixedWindowLimiter(UserKey(context), _ => settings.CandidateSearch.Options()));
        });
    }

    /// <summary>After authentication and authorisation, so per-user limits know the user and no one signed out spends theirs.</summary>
    public static void UseThrottling(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<RateLimitingSettings>().Enabled)
        {
            return;
        }

        app.Use(ReadPostedFormAsync);
        app.UseRateLimiter();
    }

    /// <summary>
    /// The client's address as the forwarded-headers middleware left it (a configured proxy's <c>X-Forwarded-For</c>, else the
    /// connection's). An IPv6 address counts by its /64, which one household or attacker usually has whole.
    /// </summary>
    public static string ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The account a sign-in is for, as Identity would look it up (trimmed, upper case), without looking it up.</summary>
    public static string PostedAccount(HttpContext context)
    {
        var email = PostedForm(context)?["Email"].ToString().Trim() ?? string.Empty;
        email = email.Length > 256 ? email[..256] : email;
        return email.Normalize().ToUpperInvariant();
    }

    private static string UserKey(HttpContext context) => context.User.UserId() is { Length: > 0 } id ? id : "anonymous";

    /// <summary>A registration confirmed past the similar-children check: no search runs for it.</summary>
    private static bool IsConfirmedRegistration(HttpContext context) =>
        bool.TryParse(PostedForm(context)?["Form.Confirmed"].FirstOrDefault(), out var confirmed) && confirmed;

    /// <summary>The posted form, when <see cref="ReadPostedFormAsync"/> has read it; limiters decide synchronously.</summary>
    private static IFormCollection? PostedForm(HttpContext context) => context.Features.Get<IFormFeature>()?.Form;

    /// <summary>Reads the form of a sign-in or a registration first, as MVC would, so their limits can partition on a field.</summary>
    private static async Task ReadPostedFormAsync(HttpContext context, RequestDelegate next)
    {
        var policy = PolicyOf(context);
        if (policy is SignIn or CandidateSearch && HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            try
            {
                await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
            {
                // A form that cannot be read is partitioned as empty; MVC answers it as it always has.
            }
        }

        await next(context);
    }

    private static string? PolicyOf(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;

    private static async ValueTask RejectedAsync(OnRejectedContext rejected, RateLimitingSettings settings, CancellationToken ct)
    {
        var context = rejected.HttpContext;
        var policy = PolicyOf(context) ?? "unknown";
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? retryAfter
            : TimeSpan.FromSeconds(settings.Exports.RetryAfterSeconds); // a concurrency limit has no time of its own
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        context.Items[RefusalKey] = new Refusal(policy, seconds);

        // No body: the status code pages re-execute /error/429, the GOV.UK page. Never the address tried, in the log.
        var limit = rejected.Lease.TryGetMetadata(SignInRateLimiterPolicy.LimitName, out var which) ? which : "per user";
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Throttling))
            .LogWarning("Request refused by the {Policy} rate limit ({Limit}); retry after {RetryAfterSeconds} s", policy, limit, seconds);
        if (policy == SignIn && rejected.Lease.TryGetMetadata(SignInRateLimiterPolicy.FirstInWindowName, out var first) && first)
        {
            // The first refusal of each address or account in a window: enough to see an attack, not a write per request.
            var audit = context.RequestServices.GetRequiredService<AuditTrail>();
            await audit.RecordAsync(
                new AuditEvent(AuditActions.SignInThrottled, "User", null,
                    Details: new { email = PostedForm(context)?["Email"].ToString().Trim(), limit, retry_after_seconds = seconds },
                    Actor: HttpAuditActorSource.For(context, null, null)),
                ct);
        }
    }
}
