using System.Buffers.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.MyAccount;

public sealed class AddPasskeyForm
{
    public string? Name { get; set; }

    /// <summary>What the browser's <c>navigator.credentials.create()</c> returned, as JSON (filled in by passkeys.js).</summary>
    public string? CredentialJson { get; set; }
}

/// <summary>Passkeys (WebAuthn, with .NET 10 Identity): add one from this browser or a security key, name it, remove it.</summary>
public sealed partial class MyAccountController
{
    [HttpGet("/account/passkeys")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> Passkeys(bool required = false)
    {
        var user = await CurrentAsync();
        ViewData["Section"] = "Account";
        return View(new PasskeysPage((await users.GetPasskeysAsync(user)).ToList(), required || settings.PasskeyRequiredFor(User), User.HasClaim(c => c.Type == AppClaims.Passkey)));
    }

    /// <summary>The creation options for <c>navigator.credentials.create()</c>; Identity keeps the challenge in a cookie.</summary>
    [HttpPost("/account/passkeys/options")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> PasskeyOptions()
    {
        var user = await CurrentAsync();
        var options = await signIn.MakePasskeyCreationOptionsAsync(new PasskeyUserEntity
        {
            Id = user.Id,
            Name = user.Email ?? user.Id,
            DisplayName = user.DisplayName,
        });
        return Content(options, "application/json");
    }

    [HttpPost("/account/passkeys")]
    [AllowWithoutSecondFactor]
    public async Task<IActionResult> AddPasskey(AddPasskeyForm form, CancellationToken ct)
    {
        var user = await CurrentAsync();
        if (string.IsNullOrWhiteSpace(form.CredentialJson))
        {
            TempData["Confirmation"] = "No passkey was made: your browser needs JavaScript and passkey support to add one.";
            return Redirect("/account/passkeys");
        }

        var result = await signIn.PerformPasskeyAttestationAsync(form.CredentialJson);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(nameof(AddPasskeyForm.Name), "The passkey could not be added. Try again, or use another authenticator.");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Passkeys", new PasskeysPage((await users.GetPasskeysAsync(user)).ToList(), settings.PasskeyRequiredFor(User), User.HasClaim(c => c.Type == AppClaims.Passkey)));
        }

        var passkey = result.Passkey;
        passkey.Name = string.IsNullOrWhiteSpace(form.Name) ? "Passkey" : form.Name.Trim()[..Math.Min(60, form.Name.Trim().Length)];
        await users.AddOrUpdatePasskeyAsync(user, passkey);
        await audit.RecordAsync(new AuditEvent(AuditActions.PasskeyAdded, "User", user.Id, Details: new { name = passkey.Name }), ct);
        // The ceremony just made is a passkey sign-in in all but name: this session counts as one.
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new(AppClaims.AuthenticationMethod, "pop"), new(AppClaims.Passkey, "added")]);
        TempData["Confirmation"] = $"Passkey \"{passkey.Name}\" added. You can sign in with it instead of your password and code.";
        return Redirect("/account/passkeys");
    }

    [HttpPost("/account/passkeys/remove")]
    public async Task<IActionResult> RemovePasskey(string? id, CancellationToken ct)
    {
        var user = await CurrentAsync();
        var passkeys = await users.GetPasskeysAsync(user);
        var credentialId = TryDecode(id);
        var passkey = credentialId is null ? null : passkeys.FirstOrDefault(p => p.CredentialId.AsSpan().SequenceEqual(credentialId));
        if (passkey is null)
        {
            return NotFound();
        }

        if (passkeys.Count == 1 && settings.PasskeyRequiredFor(User))
        {
            TempData["Confirmation"] = "Your role signs in with a passkey, so your last one cannot be removed. Add another first.";
            return Redirect("/account/passkeys");
        }

        await users.RemovePasskeyAsync(user, passkey.CredentialId);
        await audit.RecordAsync(new AuditEvent(AuditActions.PasskeyRemoved, "User", user.Id, Details: new { name = passkey.Name }), ct);
        TempData["Confirmation"] = $"Passkey \"{passkey.Name}\" removed";
        return Redirect("/account/passkeys");
    }

    public static string Encode(byte[] credentialId) => Base64Url.EncodeToString(credentialId);

    private static byte[]? TryDecode(string? id)
    {
        try
        {
            return string.IsNullOrEmpty(id) ? null : Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
