using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Invitation;

public sealed class AcceptForm
{
    public string? User { get; set; }

    public string? Token { get; set; }

    [Required(ErrorMessage = "Enter a password")]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Enter the password again")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same")]
    [Display(Name = "Password again")]
    public string? ConfirmPassword { get; set; }
}

public sealed record AcceptPage(AcceptForm Form, string Email);

/// <summary>
/// An invitation link from an administrator: valid for 24 hours and once. The person chooses a password, is signed in,
/// and (where a second factor is required) sets up their authenticator app before anything else.
/// </summary>
[AllowAnonymous] // Anonymous: the person has no password yet; the signed, expiring token in the link is what admits them.
[AllowWithoutSecondFactor]
public sealed class InvitationController(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditTrail audit, ILogger<InvitationController> logger) : Controller
{
    [HttpGet("/invitation")]
    public async Task<IActionResult> Accept(string? user, string? token) =>
        await ValidAsync(user, token) is { } invited
            ? View(new AcceptPage(new AcceptForm { User = user, Token = token }, invited.Email ?? string.Empty))
            : Expired();

    [HttpPost("/invitation")]
    public async Task<IActionResult> Accept(AcceptForm form, CancellationToken ct)
    {
        if (await ValidAsync(form.User, form.Token) is not { } user)
        {
            return Expired();
        }

        if (ModelState.IsValid)
        {
            var result = await users.AddPasswordAsync(user, form.Password!); // rotates the security stamp: the link is spent
            if (result.Succeeded)
            {
                user.EmailConfirmed = true;
                await users.UpdateAsync(user);
                await audit.RecordAsync(new AuditEvent(AuditActions.InvitationAccepted, "User", user.Id, Actor: HttpAuditActorSource.For(HttpContext, user, null)), ct);
                logger.LogInformation("Invitation accepted");
                await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: "pwd");
                return Redirect("/");
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Form.Password", error.Description);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(new AcceptPage(form, user.Email ?? string.Empty));
    }

    private async Task<AppUser?> ValidAsync(string? id, string? token)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(token) || await users.FindByIdAsync(id) is not { } user)
        {
            return null;
        }

        return user.DisabledAt is null && !await users.HasPasswordAsync(user)
            && await users.VerifyUserTokenAsync(user, InvitationTokenProvider.ProviderName, InvitationTokenProvider.Purpose, token)
                ? user : null;
    }

    private ViewResult Expired()
    {
        Response.StatusCode = StatusCodes.Status410Gone;
        return View("Expired");
    }
}
