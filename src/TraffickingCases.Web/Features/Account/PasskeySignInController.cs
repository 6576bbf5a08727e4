using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Account;

/// <summary>
/// Signing in with a passkey: one step, both factors (something held, unlocked by the device's screen lock). A disabled
/// or locked-out account is refused like a wrong password.
/// </summary>
[AllowAnonymous] // Anonymous: this is a way of signing in.
[AllowWithoutSecondFactor]
public sealed class PasskeySignInController(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditTrail audit, ILogger<PasskeySignInController> logger) : Controller
{
    /// <summary>The request options for <c>navigator.credentials.get()</c>, for any passkey of this service (discoverable credentials).</summary>
    [HttpPost("/sign-in/passkey/options")]
    public async Task<IActionResult> Options() => Content(await signIn.MakePasskeyRequestOptionsAsync(null), "application/json");

    [HttpPost("/sign-in/passkey")]
    public async Task<IActionResult> SignIn(string? credentialJson, string? returnUrl)
    {
        if (string.IsNullOrWhiteSpace(credentialJson))
        {
            return Refuse("Your browser did not give a passkey. Try again, or sign in with your password.");
        }

        var result = await signIn.PerformPasskeyAssertionAsync(credentialJson);
        if (!result.Succeeded || result.User is not { } user)
        {
            return Refuse("That passkey is not registered with TraffickingCases. Sign in with your password.");
        }

        if (!await signIn.CanSignInAsync(user) || await users.IsLockedOutAsync(user))
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.SignInFailed, "User", user.Id, Details: new { passkey = true, refused = "disabled or locked" },
                Actor: HttpAuditActorSource.For(HttpContext, user, null)), HttpContext.RequestAborted);
            return Refuse("This account cannot sign in at the moment. Ask an administrator.");
        }

        await users.AddOrUpdatePasskeyAsync(user, result.Passkey); // keeps the signature counter
        await users.ResetAccessFailedCountAsync(user);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim(AppClaims.AuthenticationMethod, "pop"), new Claim(AppClaims.Passkey, "signed-in")]);
        var role = Roles.All.FirstOrDefault((await users.GetRolesAsync(user)).Contains);
        await audit.RecordAsync(new AuditEvent(AuditActions.SignedIn, "User", user.Id, Details: new { passkey = true }, Actor: HttpAuditActorSource.For(HttpContext, user, role)),
            HttpContext.RequestAborted);
        logger.LogInformation("User signed in with a passkey");
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }

    private RedirectResult Refuse(string message)
    {
        logger.LogInformation("Passkey sign-in refused");
        TempData["PasskeyError"] = message;
        return Redirect("/sign-in");
    }
}
