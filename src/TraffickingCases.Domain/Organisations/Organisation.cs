using System.Text.RegularExpressions;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Organisations;

/// <summary>The kinds of first responder organisation the NRM statistics use.</summary>
public enum OrganisationType
{
    LocalAuthority,
    Police,
    GovernmentAgency,
    Ngo,
}

/// <summary>A local authority, police force, agency or NGO whose staff use the service.</summary>
public sealed partial class Organisation
{
    private Organisation()
    {
        Code = string.Empty;
        Name = string.Empty;
    }

    public Organisation(string code, string name, OrganisationType type, bool isInIctgArea)
    {
        var v = new Validator();
        v.Require(!string.IsNullOrWhiteSpace(code) && CodePattern().IsMatch(code.Trim()), nameof(Code),
            "Enter a code of 2 to 20 letters, digits or hyphens");
        Check(v, name, type);
        v.ThrowIfAny();
        Id = Guid.CreateVersion7();
        Code = code.Trim().ToUpperInvariant();
        Name = name.Trim();
        Type = type;
        IsInIctgArea = isInIctgArea;
    }

    /// <summary>Corrects the name, type or ICTG area. The code never changes: import files and exports name organisations by it.</summary>
    public void Change(string name, OrganisationType type, bool isInIctgArea)
    {
        var v = new Validator();
        Check(v, name, type);
        v.ThrowIfAny();
        Name = name.Trim();
        Type = type;
        IsInIctgArea = isInIctgArea;
    }

    /// <summary>Sets (or, with an empty value, removes) the address High flags raised outside office hours are emailed to.</summary>
    public void SetOutOfHoursEmail(string? email)
    {
        var trimmed = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
        var v = new Validator();
        v.MaxLength(trimmed, 256, nameof(OutOfHoursEmail), "The out-of-hours email address");
        v.Require(trimmed is null || EmailPattern().IsMatch(trimmed), nameof(OutOfHoursEmail),
            "Enter the out-of-hours email address in the right format, like duty.team@example.gov.uk");
        v.ThrowIfAny();
        OutOfHoursEmail = trimmed;
    }

    private static void Check(Validator v, string? name, OrganisationType type)
    {
        v.Require(!string.IsNullOrWhiteSpace(name), nameof(Name), "Enter the organisation's name");
        v.MaxLength(name?.Trim(), 200, nameof(Name), "The name");
        v.Require(Enum.IsDefined(type), nameof(Type), "Choose the organisation type");
    }

    public Guid Id { get; private set; }

    /// <summary>Where High flags raised outside office hours are emailed (a duty team's shared inbox); none when empty.</summary>
    public string? OutOfHoursEmail { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public OrganisationType Type { get; private set; }

    /// <summary>Whether Independent Child Trafficking Guardians serve this organisation's area.</summary>
    public bool IsInIctgArea { get; private set; }

    [GeneratedRegex("^[A-Za-z0-9-]{2,20}$")]
    private static partial Regex CodePattern();

    // One @, no spaces, a dot in the domain: enough to catch a typing slip; the mail server is the real check.
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$")]
    private static partial Regex EmailPattern();
}
