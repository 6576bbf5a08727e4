using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.TwoFactorSignIn;

public sealed class CodeForm
{
    [Required(ErrorMessage = "Enter the code from your authenticator app")]
    [Display(Name = "Code")]
    public string? Code { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class RecoveryCodeForm
{
    [Required(ErrorMessage = "Enter one of your recovery codes")]
    [Display(Name = "Recovery code")]
    public string? RecoveryCode { get; set; }

    public string? ReturnUrl { get; set; }
}

/// <summary>
/// The second step of signing in, after a right password: a code from the authenticator app (accepted once, within 30
/// seconds either side) or one of the recovery codes (each works once). Wrong codes count towards lockout like wrong passwords.
/// </summary>
[AllowAnonymous] // Anonymous: the person is half-way through signing in; Identity's short-lived second-factor cookie names them.
[AllowWithoutSecondFactor]
public sealed class TwoFactorSignInController(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditTrail audit, SessionEnder sessions, ILogger<TwoFactorSignInController> logger) : Controller
{
    [HttpGet("/sign-in/code")]
    public async Task<IActionResult> Code(string? returnUrl) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/sign-in") : View(new CodeForm { ReturnUrl = returnUrl });

    [HttpPost("/sign-in/code")]
    public Task<IActionResult> Code(CodeForm form) => CompleteAsync(form, form.ReturnUrl, nameof(CodeForm.Code), "authenticator",
        () => signIn.TwoFactorAuthenticatorSignInAsync(Totp.Normalise(form.Code) ?? string.Empty, isPersistent: false, rememberClient: false));

    [HttpGet("/sign-in/recovery-code")]
    public async Task<IActionResult> RecoveryCode(string? returnUrl) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? Redirect("/sign-in") : View(new RecoveryCodeForm { ReturnUrl = returnUrl });

    [HttpPost("/sign-in/recovery-code")]
    public Task<IActionResult> RecoveryCode(RecoveryCodeForm form) => CompleteAsync(form, form.ReturnUrl, nameof(RecoveryCodeForm.RecoveryCode), "recovery code",
        () => signIn.TwoFactorRecoveryCodeSignInAsync((form.RecoveryCode ?? string.Empty).Replace(" ", string.Empty, StringComparison.Ordinal).Trim()));

    /// <summary>The second step for either kind of code: the person the password named, the form checked, the code tried.</summary>
    private async Task<IActionResult> CompleteAsync(object form, string? returnUrl, string field, string method, Func<Task<Microsoft.AspNetCore.Identity.SignInResult>> attempt)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is not { } user)
        {
            TempData["Confirmation"] = "Your sign-in took too long. Sign in again.";
            return Redirect("/sign-in");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(form is CodeForm ? nameof(Code) : nameof(RecoveryCode), form);
        }

        return await FinishAsync(user, await attempt(), returnUrl, field, method, form);
    }

    private async Task<IActionResult> FinishAsync(AppUser user, Microsoft.AspNetCore.Identity.SignInResult result, string? returnUrl, string field, string method, object form)
    {
        var role = Roles.All.FirstOrDefault((await users.GetRolesAsync(user)).Contains);
        var actor = HttpAuditActorSource.For(HttpContext, user, role);
        if (result.Succeeded)
        {
            await audit.RecordAsync(new AuditEvent(AuditActions.SignedIn, "User", user.Id, Details: new { secondFactor = method }, Actor: actor), HttpContext.RequestAborted);
            logger.LogInformation("User signed in with a second factor");
            if (method == "recovery code" && await users.CountRecoveryCodesAsync(user) <= 3)
            {
                TempData["Confirmation"] = $"You have {await users.CountRecoveryCodesAsync(user)} recovery codes left. Make new ones on your account page.";
            }

            return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
        }

        await audit.RecordAsync(new AuditEvent(result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, "User", user.Id,
            Details: new { secondFactor = method }, Actor: actor), HttpContext.RequestAborted);
        if (result.IsLockedOut)
        {
            await sessions.EndAllAsync(user, HttpContext.RequestAborted);
            logger.LogWarning("Second-factor sign-in refused: account locked out");
        }
        else
        {
            logger.LogInformation("Second-factor sign-in failed");
        }

        ModelState.AddModelError(field, method == "authenticator"
            ? "The code is not right, or has been used already. Enter the code your app shows now."
            : "The recovery code is not right, or has been used already");
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(form is CodeForm ? nameof(Code) : nameof(RecoveryCode), form);
    }
}
