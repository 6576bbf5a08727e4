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

public sealed class AccountController(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditTrail audit, ILogger<AccountController> logger) : Controller
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

        // The address tried is kept in the audit store (never the password), so attempts on unknown accounts show too.
        await audit.RecordAsync(
            new AuditEvent(result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, "User", user?.Id, Details: new { email }, Actor: actor),
            HttpContext.RequestAborted);
        if (result.IsLockedOut)
        {
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

    [HttpPost("/sign-out")]
    public async Task<IActionResult> SignOutOfService()
    {
        await audit.RecordAsync(new AuditEvent(AuditActions.SignedOut, "User", User.UserId()), HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        TempData["Confirmation"] = "You have signed out";
        return Redirect("/sign-in");
    }

    [HttpGet("/access-denied")]
    public IActionResult AccessDenied()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return View();
    }
}
