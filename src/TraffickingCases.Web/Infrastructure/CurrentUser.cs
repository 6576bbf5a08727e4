using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>Claim types the app adds to the sign-in cookie.</summary>
public static class AppClaims
{
    public const string OrganisationId = "tc:organisation_id";
    public const string OrganisationName = "tc:organisation_name";
    public const string DisplayName = "tc:display_name";

    /// <summary>The server-side session this sign-in is held in (see <see cref="ServerTicketStore"/>).</summary>
    public const string SessionId = "tc:session";

    /// <summary>Present when the user has a second factor set up.</summary>
    public const string SecondFactor = "tc:second_factor";

    /// <summary>How the user signed in, as Identity records it: "pwd", "mfa" or "pwd" with a passkey in <see cref="Passkey"/>.</summary>
    public const string AuthenticationMethod = "amr";

    /// <summary>Present when this sign-in was made with a passkey.</summary>
    public const string Passkey = "tc:passkey";
}

/// <summary>Puts the user's organisation and name into the cookie so every request knows them without a query.</summary>
public sealed class AppClaimsPrincipalFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options, CasesDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var organisation = await db.Organisations.FindAsync(user.OrganisationId);
        identity.AddClaim(new Claim(AppClaims.OrganisationId, user.OrganisationId.ToString()));
        identity.AddClaim(new Claim(AppClaims.OrganisationName, organisation?.Name ?? string.Empty));
        identity.AddClaim(new Claim(AppClaims.DisplayName, user.DisplayName));
        if (user.TwoFactorEnabled)
        {
            identity.AddClaim(new Claim(AppClaims.SecondFactor, "authenticator"));
        }

        return identity;
    }
}

public static class ClaimsPrincipalExtensions
{
    public static Guid OrganisationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(AppClaims.OrganisationId), out var id) ? id : Guid.Empty;

    public static string UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirstValue(AppClaims.DisplayName) ?? user.Identity?.Name ?? string.Empty;

    public static string SessionId(this ClaimsPrincipal user) => user.FindFirstValue(AppClaims.SessionId) ?? string.Empty;

    public static string OrganisationName(this ClaimsPrincipal user) => user.FindFirstValue(AppClaims.OrganisationName) ?? string.Empty;

    public static bool CanWriteCases(this ClaimsPrincipal user) => user.IsInRole(Roles.Caseworker) || user.IsInRole(Roles.Manager);

    public static bool CanReadCases(this ClaimsPrincipal user) => user.CanWriteCases() || user.IsAuditor();

    /// <summary>An auditor of one organisation or a national auditor: both may do all an auditor does.</summary>
    public static bool IsAuditor(this ClaimsPrincipal user) => user.IsInRole(Roles.Auditor) || user.IsInRole(Roles.NationalAuditor);

    /// <summary>
    /// Managers see how a possible match with their own organisation's child was worked out (probability and weights);
    /// caseworkers see the reasons in words. Nobody sees either for another organisation's child.
    /// </summary>
    public static bool CanSeeMatchWorkings(this ClaimsPrincipal user) => user.IsInRole(Roles.Manager);
}
