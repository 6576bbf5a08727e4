using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using QRCoder;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.MyAccount;

/// <summary>
/// A person's own account: password, authenticator app and recovery codes, passkeys, and the sessions they are signed
/// in with. Every role has it; none of it shows case data. Each change is audited, and a password or second-factor
/// change ends every other session. Until the person has the second factor this service requires, only setting it up
/// (authenticator or passkey) is open to them: a password alone changes nothing else.
/// </summary>
public sealed partial class MyAccountController(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, UserSessions sessions, SessionEnder ender, AuditTrail audit,
    SecondFactorSettings settings, CasesDbContext db, TimeProvider clock) : Controller
{
    public const int RecoveryCodeCount = 10;

    [HttpGet("/account")]
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var user = await CurrentAsync();
        var role = Roles.All.FirstOrDefault((await users.GetRolesAsync(user)).Contains) ?? "None";
        var organisation = await db.Organisations.FindAsync([user.OrganisationId], ct);
        ViewData["Section"] = "Account";
        return View(new AccountPage(user, role, organisation?.Name ?? string.Empty, await users.CountRecoveryCodesAsync(user),
            (await users.GetPasskeysAsync(user)).Count, (await sessions.ListAsync(user.Id, clock.GetUtcNow(), ct)).Count, settings.RequireMfa));
    }

    [HttpGet("/account/password")]
    public IActionResult Password() => View(new PasswordForm());

    [HttpPost("/account/password")]
    public async Task<IActionResult> Password(PasswordForm form, CancellationToken ct)
    {
        var user = await CurrentAsync();
        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, form.CurrentPassword!, form.NewPassword!);
            if (result.Succeeded)
            {
                await ender.EndAllAsync(user, ct, keep: User.SessionId());
                await RenewSignInAsync(user);
                await audit.RecordAsync(new AuditEvent(AuditActions.PasswordChanged, "User", user.Id), ct);
                TempData["Confirmation"] = "Your password has been changed. Any other sessions you had have been signed out.";
                return Redirect("/account");
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code == "PasswordMismatch" ? nameof(PasswordForm.CurrentPassword) : nameof(PasswordForm.NewPassword),
                    error.Code == "PasswordMismatch" ? "Your current password is not right" : error.Description);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View(form);
    }

    [HttpGet("/account/two-factor")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> TwoFactor() => View(await SetupPageAsync(await CurrentAsync(), new ConfirmCodeForm()));

    /// <summary>Turns the authenticator on once the person proves their app shows the right codes; shows recovery codes once.</summary>
    [HttpPost("/account/two-factor")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> TwoFactor(ConfirmCodeForm form, CancellationToken ct)
    {
        var user = await CurrentAsync();
        if (user.TwoFactorEnabled)
        {
            return Redirect("/account/two-factor");
        }

        if (!await CodeIsRightAsync(user, form))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View(await SetupPageAsync(user, form));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await ender.EndAllAsync(user, ct, keep: User.SessionId());
        await RenewSignInAsync(user);
        await audit.RecordAsync(new AuditEvent(AuditActions.SecondFactorEnabled, "User", user.Id), ct);
        TempData["Confirmation"] = "Your authenticator app is set up. You will need a code from it each time you sign in.";
        return View("RecoveryCodes", new RecoveryCodesPage(codes));
    }

    /// <summary>New recovery codes (the old ones stop working), after a code from the app.</summary>
    [HttpPost("/account/two-factor/recovery-codes")]
    public async Task<IActionResult> RecoveryCodes(ConfirmCodeForm form, CancellationToken ct)
    {
        var user = await CurrentAsync();
        if (!user.TwoFactorEnabled)
        {
            return Redirect("/account/two-factor");
        }

        if (!await CodeIsRightAsync(user, form))
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("TwoFactor", await SetupPageAsync(user, form));
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount))!.ToList();
        await audit.RecordAsync(new AuditEvent(AuditActions.RecoveryCodesMade, "User", user.Id), ct);
        return View("RecoveryCodes", new RecoveryCodesPage(codes));
    }

    [HttpGet("/account/sessions")]
    public async Task<IActionResult> Sessions(CancellationToken ct)
    {
        var user = await CurrentAsync();
        return View(new SessionsPage(await sessions.ListAsync(user.Id, clock.GetUtcNow(), ct), User.SessionId()));
    }

    [HttpPost("/account/sessions/end")]
    public async Task<IActionResult> EndSession(string? id, CancellationToken ct)
    {
        var user = await CurrentAsync();
        if (string.IsNullOrEmpty(id) || !await sessions.EndAsync(id, user.Id, ct))
        {
            return NotFound();
        }

        await audit.RecordAsync(new AuditEvent(AuditActions.SessionEnded, "User", user.Id, Details: new { sessions = 1, own = id == User.SessionId() }), ct);
        if (id == User.SessionId())
        {
            await signIn.SignOutAsync();
            TempData["Confirmation"] = "You have signed out";
            return Redirect("/sign-in");
        }

        TempData["Confirmation"] = "The session has been ended";
        return Redirect("/account/sessions");
    }

    [HttpPost("/account/sessions/end-others")]
    public async Task<IActionResult> EndOtherSessions(CancellationToken ct)
    {
        var user = await CurrentAsync();
        var ended = await sessions.EndAllAsync(user.Id, User.SessionId(), ct);
        await audit.RecordAsync(new AuditEvent(AuditActions.SessionEnded, "User", user.Id, Details: new { sessions = ended, own = false }), ct);
        TempData["Confirmation"] = ended == 1 ? "1 other session has been ended" : $"{ended} other sessions have been ended";
        return Redirect("/account/sessions");
    }

    private async Task<AppUser> CurrentAsync() =>
        await users.GetUserAsync(User) ?? throw new InvalidOperationException("A signed-in user has no account row.");

    /// <summary>
    /// This session's ticket made again after the security stamp changed (the cookie handler renews the existing session
    /// in place), with how the person signed in kept.
    /// </summary>
    private async Task RenewSignInAsync(AppUser user)
    {
        var kept = User.Claims.Where(c => c.Type is AppClaims.AuthenticationMethod or AppClaims.Passkey).Select(c => new System.Security.Claims.Claim(c.Type, c.Value)).ToList();
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, kept);
    }

    private async Task<bool> CodeIsRightAsync(AppUser user, ConfirmCodeForm form)
    {
        if (string.IsNullOrWhiteSpace(form.Code))
        {
            ModelState.AddModelError(nameof(ConfirmCodeForm.Code), "Enter the code from your authenticator app");
            return false;
        }

        if (await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, form.Code))
        {
            return true;
        }

        ModelState.AddModelError(nameof(ConfirmCodeForm.Code), "The code is not right, or has been used already. Enter the code your app shows now.");
        return false;
    }

    private async Task<TwoFactorSetupPage> SetupPageAsync(AppUser user, ConfirmCodeForm form)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? string.Empty;
            await RenewSignInAsync(user); // the reset rotated the security stamp: keep this session valid
        }

        var uri = $"otpauth://totp/{Uri.EscapeDataString("TraffickingCases:" + user.Email)}?secret={key}&issuer=TraffickingCases&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        ViewData["Section"] = "Account";
        return new TwoFactorSetupPage(form, FormatKey(key), Convert.ToBase64String(png), user.TwoFactorEnabled, await users.CountRecoveryCodesAsync(user), settings.RequireMfa);
    }

    /// <summary>The key in groups of four, lower case, as people type it into an app.</summary>
    public static string FormatKey(string key) =>
        string.Join(' ', key.ToLowerInvariant().Chunk(4).Select(c => new string(c)));
}
