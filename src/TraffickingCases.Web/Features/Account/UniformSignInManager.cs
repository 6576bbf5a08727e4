using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Features.Account;

/// <summary>
/// Identity's sign-in, answering an unknown address, a wrong password and a locked account alike (issue 13, finding 3).
/// Identity refuses an unknown address or a locked account without checking a password, so those answers come back in a
/// few milliseconds against the tens a password check takes: anyone timing the sign-in page could tell which addresses
/// have accounts, and which are locked. Here every refusal checks a password, the real one or a fixed stand-in. A disabled
/// account is refused like a locked one.
/// </summary>
public sealed class UniformSignInManager(
    UserManager<AppUser> users,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> options,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation)
    : SignInManager<AppUser>(users, contextAccessor, claimsFactory, options, logger, schemes, confirmation)
{
    /// <summary>The one answer to every refused sign-in; it names the lockout so a locked-out person knows what to do.</summary>
    public const string Refused =
        "The email address or password is not right. An account is locked for 15 minutes after many failed attempts: "
        + "if you are sure both are right, wait 15 minutes and try again, or ask an administrator";

    // A hash made by this app's own hasher, so checking against it costs what checking a real password costs.
    private static readonly AppUser Nobody = new() { UserName = "nobody", DisplayName = "nobody" };

    private static string? _standIn;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            CheckStandIn(password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>A locked (or otherwise refused) account is turned away before its password is checked: check the stand-in instead.</summary>
    protected override async Task<SignInResult?> PreSignInCheck(AppUser user)
    {
        var refused = await base.PreSignInCheck(user);
        if (refused is not null)
        {
            CheckStandIn(string.Empty);
        }

        return refused;
    }

    /// <summary>A disabled account cannot sign in whichever way it tries (password, second factor, passkey).</summary>
    public override async Task<bool> CanSignInAsync(AppUser user) => user.DisabledAt is null && await base.CanSignInAsync(user);

    private void CheckStandIn(string password)
    {
        var hasher = UserManager.PasswordHasher;
        _standIn ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, _standIn, password);
    }
}
