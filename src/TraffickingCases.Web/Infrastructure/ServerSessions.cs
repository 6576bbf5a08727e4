using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// Sessions held on the server (ADR 019): the cookie carries only a random key; the ticket lives in
/// <c>user_sessions</c>, protected with Data Protection. Ending a row ends the session on every instance at the next
/// request. Idle lifetime 30 minutes (renewed as the cookie slides), absolute 12 hours from sign-in.
/// </summary>
public sealed class ServerTicketStore(UserSessions sessions, IDataProtectionProvider protection, TimeProvider clock) : ITicketStore
{
    public static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(12);

    private readonly IDataProtector _protector = protection.CreateProtector("TraffickingCases.Sessions.v1");

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null!, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken cancellationToken)
    {
        var id = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        if (ticket.Principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(AppClaims.SessionId, id));
        }

        var now = clock.GetUtcNow();
        var userAgent = httpContext?.Request.Headers.UserAgent.ToString();
        await sessions.CreateAsync(new UserSession
        {
            Id = id,
            UserId = ticket.Principal.UserId(),
            Ticket = Protect(ticket),
            CreatedAt = now,
            RenewedAt = now,
            IdleExpiresAt = now + IdleLifetime,
            AbsoluteExpiresAt = now + AbsoluteLifetime,
            ClientIp = httpContext?.Connection.RemoteIpAddress?.ToString(),
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(200, userAgent.Length)],
        }, cancellationToken);
        return id;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken) =>
        sessions.RenewAsync(key, Protect(ticket), clock.GetUtcNow(), IdleLifetime, cancellationToken);

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, CancellationToken.None);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken)
    {
        var stored = await sessions.FindLiveTicketAsync(key, clock.GetUtcNow(), cancellationToken);
        if (stored is null)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(stored));
        }
        catch (CryptographicException)
        {
            return null; // a ticket protected with a key this instance cannot read is no session
        }
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public Task RemoveAsync(string key, CancellationToken cancellationToken) => sessions.EndAsync(key, null, cancellationToken);

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));
}

/// <summary>
/// Ends a user's sessions when something about them changes (sign-out, lockout, disabling, a role, organisation,
/// password or second-factor change): every session row goes, and the security stamp rotates so anything issued
/// before is refused too.
/// </summary>
public sealed class SessionEnder(UserSessions sessions, UserManager<AppUser> users)
{
    public async Task<int> EndAllAsync(AppUser user, CancellationToken ct)
    {
        await users.UpdateSecurityStampAsync(user);
        return await sessions.EndAllAsync(user.Id, except: null, ct);
    }
}

public static class ServerSessionsSetup
{
    public static IServiceCollection AddServerSessions(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(new UserSessions(connectionString));
        services.AddSingleton<ServerTicketStore>();
        services.AddScoped<SessionEnder>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<ServerTicketStore>((options, store) => options.SessionStore = store);
        return services;
    }
}
