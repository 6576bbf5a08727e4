using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace TraffickingCases.Infrastructure.Identity;

/// <summary>
/// Identity's defaults are weak for data about trafficked children (6-character passwords, no lockout
/// to speak of); every host that creates or checks users uses these instead. See docs/decisions.
/// </summary>
public static class IdentitySettings
{
    public const int MinimumPasswordLength = 12;

    /// <summary>
    /// Identity reads its schema version (3: with passkeys) from the application's options when EF Core builds the model.
    /// Contexts made outside a host (design-time tools, tests) use this provider so they build the same model.
    /// </summary>
    public static readonly IServiceProvider ModelServices = new ServiceCollection().Configure<IdentityOptions>(Apply).BuildServiceProvider();

    /// <summary>
    /// Failed sign-ins in a row that lock an account (50). The web app's per-account limit (a few attempts a minute) means
    /// an attacker needs a sustained attack to reach it, so lockout cannot be used to shut someone out quickly (ADR 020).
    /// </summary>
    public const int MaxFailedAccessAttempts = 50;

    public static void Apply(IdentityOptions options)
    {
        // Length over composition rules (NCSC password guidance).
        options.Password.RequiredLength = MinimumPasswordLength;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 5;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedAccessAttempts;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;
        options.Stores.SchemaVersion = IdentitySchemaVersions.Version3; // passkeys
        options.Tokens.AuthenticatorTokenProvider = SingleUseAuthenticatorTokenProvider.ProviderName;
    }

    /// <summary>The token providers every host needs: single-use authenticator codes and invitation links.</summary>
    public static IdentityBuilder AddAppTokenProviders(this IdentityBuilder builder)
    {
        builder.AddTokenProvider<SingleUseAuthenticatorTokenProvider>(SingleUseAuthenticatorTokenProvider.ProviderName);
        builder.AddTokenProvider<InvitationTokenProvider>(InvitationTokenProvider.ProviderName);
        return builder;
    }
}
