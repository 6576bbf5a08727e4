using Microsoft.AspNetCore.Identity;

namespace TraffickingCases.Infrastructure.Identity;

/// <summary>A person who signs in. Every user belongs to one organisation.</summary>
public sealed class AppUser : IdentityUser
{
    public Guid OrganisationId { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    /// <summary>When an administrator disabled the account; a disabled account cannot sign in and has no sessions.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>
    /// The authenticator time-step of the last code accepted: a code is accepted once, and never one from an earlier
    /// step (see <see cref="SingleUseAuthenticatorTokenProvider"/>).
    /// </summary>
    public long? LastTotpStep { get; set; }

    /// <summary>The manager who supervises this caseworker (set in /admin): a manager's team is the caseworkers they supervise.</summary>
    public string? SupervisorId { get; set; }

    /// <summary>When the person last opened "My work".</summary>
    public DateTimeOffset? LastVisitAt { get; set; }

    /// <summary>The visit before that one: "My work" shows what was raised since it.</summary>
    public DateTimeOffset? PreviousVisitAt { get; set; }

    /// <summary>Whether the person wants one email a day listing their unread notifications.</summary>
    public bool DailyDigest { get; set; }

    /// <summary>When the last daily digest was sent to the person.</summary>
    public DateTimeOffset? LastDigestAt { get; set; }
}

/// <summary>The roles, as stored in Identity.</summary>
public static class Roles
{
    public const string Caseworker = "Caseworker";
    public const string Manager = "Manager";
    /// <summary>Audits one organisation: its trail, its children's access logs, its statistics, and exports of its records.</summary>
    public const string Auditor = "Auditor";

    /// <summary>Everything an auditor may, and exports of every organisation (or another one): a distinct, rarer role.</summary>
    public const string NationalAuditor = "NationalAuditor";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Caseworker, Manager, Auditor, NationalAuditor, Admin];
}
