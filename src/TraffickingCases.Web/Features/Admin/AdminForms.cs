using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.Rendering;
using TraffickingCases.Domain.Organisations;

namespace TraffickingCases.Web.Features.Admin;

public sealed class InviteForm
{
    [Required(ErrorMessage = "Enter the person's email address")]
    [EmailAddress(ErrorMessage = "Enter an email address in the right format, like name@example.org")]
    [StringLength(256, ErrorMessage = "The email address must be 256 characters or fewer")]
    [Display(Name = "Email address")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Enter the person's name")]
    [StringLength(200, ErrorMessage = "The name must be 200 characters or fewer")]
    [Display(Name = "Name")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Choose a role")]
    public string? Role { get; set; }

    [Required(ErrorMessage = "Choose an organisation")]
    public Guid? OrganisationId { get; set; }
}

public sealed class AccessForm
{
    [Required(ErrorMessage = "Choose a role")]
    public string? Role { get; set; }

    [Required(ErrorMessage = "Choose an organisation")]
    public Guid? OrganisationId { get; set; }
}

public sealed class OrganisationForm
{
    public string? Code { get; set; }

    public string? Name { get; set; }

    public OrganisationType? Type { get; set; }

    public bool IsInIctgArea { get; set; }

    /// <summary>Where High flags raised outside office hours are emailed; optional.</summary>
    public string? OutOfHoursEmail { get; set; }
}

public sealed record Choices(IReadOnlyList<SelectListItem> Roles, IReadOnlyList<SelectListItem> Organisations);

public sealed record InvitePage(InviteForm Form, Choices Choices);

public sealed record InvitationMadePage(string Email, string Link, DateTimeOffset ExpiresAt, bool Emailed = false);

public sealed record UserPage(
    string Id, string Email, string Name, string Role, string Organisation, string Status, bool Disabled, bool LockedOut, bool Invited,
    bool TwoFactor, int Passkeys, int Sessions, bool IsSelf, AccessForm Access, Choices Choices)
{
    /// <summary>A caseworker's supervising manager and the choice of one; null for anyone else.</summary>
    public SupervisorChoice? Supervisor { get; init; }
}

public sealed class SupervisorForm
{
    /// <summary>The manager's user id; empty for none.</summary>
    public string? SupervisorId { get; set; }
}

public sealed record SupervisorChoice(string? Current, SupervisorForm Form, IReadOnlyList<SelectListItem> Managers);

public sealed record OrganisationPage(OrganisationForm Form, Guid? Id, IReadOnlyList<SelectListItem> Types);
