using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Account;

public sealed class SignInForm
{
    [Required(ErrorMessage = "Enter your email address")]
    [Display(Name = "Email address")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter your password")]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

[AllowWithoutSecondFactor]
public sealed class AccountController(
    SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditTrail audit, SessionEnder sessions, ILogger<AccountController> logger) : Controller
{
    // Anonymous: this is where people sign in.
    [AllowAnonymous]
    [HttpGet("/sign-in")]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [EnableRateLimiting(Throttling.SignIn)]
    [HttpPost("/sign-in")]
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(form);
        }

        var email = form.Email!.Trim();
        var result = await signIn.PasswordSignInAsync(email, form.Password!, isPersistent: false, lockoutOnFailure: true);
        var user = await users.FindByEmailAsync(email);
        var role = user is null ? null : Roles.All.FirstOrDefault((await users.GetRolesAsync(user)).Contains);
        var actor = HttpAuditActorSource.For(HttpContext, user, role);
        if (result.Succeeded)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.SignedIn, "User", user?.Id, Actor: actor), HttpContext.RequestAborted);
            logger.LogInformation("User signed in");
            return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/");
        }

        if (result.RequiresTwoFactor)
        {
            // The password was right; the sign-in completes on the next page with a code (no audit entry until then).
            return RedirectToAction(nameof(TwoFactorSignIn.TwoFactorSignInController.Code), "TwoFactorSignIn", new { returnUrl = Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl : null });
        }

        // The address tried is kept in the audit store (never the password), so attempts on unknown accounts show too.
        await audit.RecordAsync(
            new AuditEvent(result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, "User", user?.Id, Details: new { email }, Actor: actor),
            HttpContext.RequestAborted);
        if (result.IsLockedOut)
        {
            // A locked account's sessions are refused at their next request (UserSessions checks the lockout), so nothing
            // more is done here: extra work only for real, locked accounts would tell them apart by time.
            logger.LogWarning("Sign-in refused: account locked out");
            ModelState.AddModelError(nameof(SignInForm.Email), UniformSignInManager.Refused);
        }
        else
        {
            logger.LogInformation("Sign-in failed");
            ModelState.AddModelError(nameof(SignInForm.Email), UniformSignInManager.Refused);
        }

        return View(form);
    }

    /// <summary>Signing out ends every session of the user, on every device, so a copied cookie is worthless afterwards.</summary>
    [HttpPost("/sign-out")]
    public async Task<IActionResult> SignOutOfService()
    {
        var ended = 0;
        if (await users.GetUserAsync(User) is { } user)
        {
            ended = await sessions.EndAllAsync(user, HttpContext.RequestAborted);
        }

        await audit.RecordAsync(new AuditEvent(AuditActions.SignedOut, "User", User.UserId(), Details: new { sessionsEnded = ended }), HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        TempData["Confirmation"] = "You have signed out on every device";
        return Redirect("/sign-in");
    }

    [HttpGet("/access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}
