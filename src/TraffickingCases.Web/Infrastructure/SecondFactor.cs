using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// <c>Security:RequireMfa</c> (on outside Development): every user has a second factor; <c>Security:RequirePasskeyFor</c>:
/// the roles that must sign in with a passkey.
/// </summary>
public sealed class SecondFactorSettings
{
    public bool RequireMfa { get; set; }

    public List<string> RequirePasskeyFor { get; set; } = [];

    public bool PasskeyRequiredFor(System.Security.Claims.ClaimsPrincipal user) => RequirePasskeyFor.Any(user.IsInRole);
}

/// <summary>Marks the pages a signed-in user may open before their second factor (or passkey) is set up.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowWithoutSecondFactorAttribute : Attribute;

/// <summary>
/// Until a signed-in user has the second factor this service requires, every page but setting it up (and signing out)
/// sends them to set it up: with <c>RequireMfa</c>, an authenticator app; for a role in <c>RequirePasskeyFor</c>, a
/// sign-in made with a passkey.
/// </summary>
public sealed class SecondFactorGate(SecondFactorSettings settings) : IAsyncAuthorizationFilter
{
    public Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated != true || context.ActionDescriptor.EndpointMetadata.OfType<AllowWithoutSecondFactorAttribute>().Any())
        {
            return Task.CompletedTask;
        }

        if (settings.PasskeyRequiredFor(user) && !user.HasClaim(c => c.Type == AppClaims.Passkey))
        {
            context.Result = new RedirectResult("/account/passkeys?required=1");
        }
        else if (settings.RequireMfa && !user.HasClaim(c => c.Type == AppClaims.SecondFactor) && !user.HasClaim(c => c.Type == AppClaims.Passkey))
        {
            context.Result = new RedirectResult("/account/two-factor");
        }

        return Task.CompletedTask;
    }
}

public static class SecondFactorSetup
{
    public static void AddSecondFactor(this WebApplicationBuilder builder)
    {
        var settings = new SecondFactorSettings();
        // "Admin,Manager" in one value, or Security__RequirePasskeyFor__0=Admin and so on.
        settings.RequirePasskeyFor = (builder.Configuration["Security:RequirePasskeyFor"] is { Length: > 0 } listed
                ? listed.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                : builder.Configuration.GetSection("Security:RequirePasskeyFor").Get<string[]>() ?? [])
            .ToList();
        settings.RequireMfa = builder.Configuration.GetValue<bool?>("Security:RequireMfa") ?? !builder.Environment.IsDevelopment();
        var unknown = settings.RequirePasskeyFor.Where(r => !Roles.All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"Security:RequirePasskeyFor names roles that do not exist: {string.Join(", ", unknown)} (roles: {string.Join(", ", Roles.All)}).");
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddScoped<SecondFactorGate>();

        // Passkeys are bound to the host name people use; Security:PasskeyDomain names it when the app is behind a proxy.
        builder.Services.Configure<Microsoft.AspNetCore.Identity.IdentityPasskeyOptions>(options =>
        {
            if (builder.Configuration["Security:PasskeyDomain"] is { Length: > 0 } domain)
            {
                options.ServerDomain = domain;
            }
        });
    }
}
