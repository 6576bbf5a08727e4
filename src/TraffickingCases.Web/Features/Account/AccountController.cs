using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Infrastructure.Identity;

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

public sealed class AccountController(SignInManager<AppUser> signIn, ILogger<AccountController> logger) : Controller
{
    // Anonymous: this is where people sign in.
    [AllowAnonymous]
    [HttpGet("/sign-in")]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    [AllowAnonymous]
    [HttpPost("/sign-in")]
    public async Task<IActionResult> SignIn(SignInForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        var result = await signIn.PasswordSignInAsync(form.Email!.Trim(), form.Password!, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.LogInformation("User signed in");
            return LocalRedirect(Url.IsLocalUrl(form.ReturnUrl) ? form.ReturnUrl! : "/");
        }

        if (result.IsLockedOut)
        {
            logger.LogWarning("Sign-in refused: account locked out");
            ModelState.AddModelError(nameof(SignInForm.Email), "This account is locked after too many failed attempts. Try again in 15 minutes, or ask an administrator.");
        }
        else
        {
            logger.LogInformation("Sign-in failed");
            ModelState.AddModelError(nameof(SignInForm.Email), "The email address or password is not right");
        }

        return View(form);
    }

    [HttpPost("/sign-out")]
    public async Task<IActionResult> SignOutOfService()
    {
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
