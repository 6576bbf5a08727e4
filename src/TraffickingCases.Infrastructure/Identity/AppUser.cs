using Microsoft.AspNetCore.Identity;

namespace TraffickingCases.Infrastructure.Identity;

/// <summary>A person who signs in. Every user belongs to one organisation.</summary>
public sealed class AppUser : IdentityUser
{
    public Guid OrganisationId { get; set; }

    public string DisplayName { get; set; } = string.Empty;
}

/// <summary>The four roles, as stored in Identity.</summary>
public static class Roles
{
    public const string Caseworker = "Caseworker";
    public const string Manager = "Manager";
    public const string Auditor = "Auditor";
    public const string Admin = "Admin";

    public static readonly IReadOnlyList<string> All = [Caseworker, Manager, Auditor, Admin];
}
