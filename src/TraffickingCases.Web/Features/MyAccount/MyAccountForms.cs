using System.ComponentModel.DataAnnotations;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Features.MyAccount;

public sealed class PasswordForm
{
    [Required(ErrorMessage = "Enter your current password")]
    [Display(Name = "Current password")]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "Enter a new password")]
    [Display(Name = "New password")]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "Enter the new password again")]
    [Compare(nameof(NewPassword), ErrorMessage = "The two new passwords are not the same")]
    [Display(Name = "New password again")]
    public string? ConfirmPassword { get; set; }
}

public sealed class ConfirmCodeForm
{
    [Required(ErrorMessage = "Enter the code from your authenticator app")]
    [Display(Name = "Code")]
    public string? Code { get; set; }
}

public sealed record AccountPage(AppUser User, string Role, string Organisation, int RecoveryCodesLeft, int Passkeys, int Sessions, bool MfaRequired);

public sealed record TwoFactorSetupPage(ConfirmCodeForm Form, string Key, string QrCodePngBase64, bool Enabled, int RecoveryCodesLeft, bool MfaRequired);

public sealed record RecoveryCodesPage(IReadOnlyList<string> Codes);

public sealed record SessionsPage(IReadOnlyList<SessionSummary> Sessions, string Current);

public sealed record PasskeysPage(IReadOnlyList<Microsoft.AspNetCore.Identity.UserPasskeyInfo> Passkeys, bool Required, bool SignedInWithPasskey);
