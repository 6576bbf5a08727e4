using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TraffickingCases.Infrastructure.Identity;

/// <summary>
/// The token in an invitation link: valid for 24 hours and once, because it is bound to the user's security stamp,
/// which changes when the password is set (or when an administrator sends a new invitation).
/// </summary>
public sealed class InvitationTokenProvider(IDataProtectionProvider protection, IOptions<InvitationTokenProviderOptions> options, ILogger<DataProtectorTokenProvider<AppUser>> logger)
    : DataProtectorTokenProvider<AppUser>(protection, options, logger)
{
    public const string ProviderName = "Invitation";

    public const string Purpose = "invitation";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
}

public sealed class InvitationTokenProviderOptions : DataProtectionTokenProviderOptions
{
    public InvitationTokenProviderOptions()
    {
        Name = InvitationTokenProvider.ProviderName;
        TokenLifespan = InvitationTokenProvider.Lifetime;
    }
}
