using Microsoft.AspNetCore.Identity;

namespace TraffickingCases.Infrastructure.Identity;

/// <summary>
/// Identity's defaults are weak for data about trafficked children (6-character passwords, no lockout
/// to speak of); every host that creates or checks users uses these instead. See docs/decisions.
/// </summary>
public static class IdentitySettings
{
    public const int MinimumPasswordLength = 12;

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
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;
    }
}
