using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// Sessions held on the server (ADR 021): the cookie carries only a random key; the ticket lives in
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
        NameSession(ticket, id);

        var now = clock.GetUtcNow();
        var userAgent = httpContext?.Request.Headers.UserAgent.ToString();
        await sessions.DeleteExpiredAsync(ticket.Principal.UserId(), now, cancellationToken);
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

    public Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        NameSession(ticket, key); // a sign-in made again within a session renews it in place, with a principal made afresh
        return sessions.RenewAsync(key, Protect(ticket), clock.GetUtcNow(), IdleLifetime, cancellationToken);
    }

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

    /// <summary>
    /// When the security-stamp check makes the principal afresh, it keeps what only the sign-in knew: the session key and
    /// how the person signed in (second factor, passkey).
    /// </summary>
    public static Task KeepSessionClaims(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identity is ClaimsIdentity identity && context.CurrentPrincipal is { } current)
        {
            foreach (var claim in current.Claims.Where(c => c.Type is AppClaims.SessionId or AppClaims.AuthenticationMethod or AppClaims.Passkey))
            {
                if (!identity.HasClaim(claim.Type, claim.Value))
                {
                    identity.AddClaim(new Claim(claim.Type, claim.Value));
                }
            }
        }

        return Task.CompletedTask;
    }

    private static void NameSession(AuthenticationTicket ticket, string id)
    {
        if (ticket.Principal.Identity is ClaimsIdentity identity && !identity.HasClaim(AppClaims.SessionId, id))
        {
            foreach (var old in identity.FindAll(AppClaims.SessionId).ToList())
            {
                identity.RemoveClaim(old);
            }

            identity.AddClaim(new Claim(AppClaims.SessionId, id));
        }
    }

    private byte[] Protect(AuthenticationTicket ticket) => _protector.Protect(TicketSerializer.Default.Serialize(ticket));
}

/// <summary>
/// Ends a user's sessions when something about them changes (sign-out, lockout, disabling, a role, organisation,
/// password or second-factor change): every session row goes, and the security stamp rotates so anything issued
/// before is refused too.
/// </summary>
public sealed class SessionEnder(UserSessions sessions, UserManager<AppUser> users)
{
    /// <summary>
    /// Ends every session of the user but <paramref name="keep"/> (the person's own, when they made the change and then
    /// sign in again: the cookie handler renews an existing session in place, so that one must stay).
    /// </summary>
    public async Task<int> EndAllAsync(AppUser user, CancellationToken ct, string? keep = null)
    {
        await users.UpdateSecurityStampAsync(user);
        return await sessions.EndAllAsync(user.Id, except: keep, ct);
    }
}

public static class ServerSessionsSetup
{
    public static IServiceCollection AddServerSessions(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => new UserSessions(connectionString)); // made by the container, so disposed with it (its connections too)
        services.AddSingleton<ServerTicketStore>();
        services.AddScoped<SessionEnder>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<ServerTicketStore>((options, store) => options.SessionStore = store);
        return services;
    }
}
