using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Rendering;
using TraffickingCases.Domain.Children;

namespace TraffickingCases.Web.Features.Children;

/// <summary>The register and edit forms for a child's details.</summary>
public sealed class ChildForm
{
    [Display(Name = "External id")]
    public string? ExternalId { get; set; }

    [Display(Name = "Given names")]
    public string? GivenNames { get; set; }

    [Display(Name = "Family name")]
    public string? FamilyName { get; set; }

    [Display(Name = "Other names and aliases")]
    public string? OtherNames { get; set; }

    [Display(Name = "Date of birth")]
    public DateOnly? DateOfBirth { get; set; }

    [Display(Name = "How sure is the date of birth")]
    public DobPrecision DobPrecision { get; set; } = DobPrecision.Exact;

    [Required(ErrorMessage = "Choose the child's gender")]
    public Gender? Gender { get; set; }

    public string? Nationalities { get; set; }

    [Display(Name = "First language")]
    public string? FirstLanguage { get; set; }

    public bool InterpreterNeeded { get; set; }

    public bool IsUasc { get; set; }

    public string? AssignedCaseworkerId { get; set; }

    /// <summary>The record's version when the form was opened (PostgreSQL xmin).</summary>
    public uint Version { get; set; }

    /// <summary>The details as they were when the form was opened, to tell a real conflict from a harmless one.</summary>
    public string? Original { get; set; }

    /// <summary>The caseworker has seen the similar children and still wants to register a new one.</summary>
    public bool Confirmed { get; set; }

    public static ChildForm From(Child child) => new()
    {
        ExternalId = child.ExternalId,
        GivenNames = child.GivenNames,
        FamilyName = child.FamilyName,
        OtherNames = string.Join(Environment.NewLine, child.OtherNames),
        DateOfBirth = child.DateOfBirth,
        DobPrecision = child.DobPrecision,
        Gender = child.Gender,
        Nationalities = string.Join(", ", child.Nationalities),
        FirstLanguage = child.FirstLanguage,
        InterpreterNeeded = child.InterpreterNeeded,
        IsUasc = child.IsUasc,
        AssignedCaseworkerId = child.AssignedCaseworkerId,
        Version = child.Version,
        Original = Snapshot(child.ToDetails()),
    };

    public ChildDetails ToDetails() => new()
    {
        ExternalId = ExternalId,
        GivenNames = GivenNames ?? string.Empty,
        FamilyName = FamilyName ?? string.Empty,
        OtherNames = (OtherNames ?? string.Empty).Split(['\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        DateOfBirth = DateOfBirth,
        DobPrecision = DobPrecision,
        Gender = Gender ?? Domain.Children.Gender.Unknown,
        Nationalities = (Nationalities ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        FirstLanguage = FirstLanguage,
        InterpreterNeeded = InterpreterNeeded,
        IsUasc = IsUasc,
    };

    public static string Snapshot<T>(T details) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(details));

    public static T? FromSnapshot<T>(string? snapshot)
        where T : class
    {
        if (string.IsNullOrEmpty(snapshot))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(Convert.FromBase64String(snapshot));
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}

/// <summary>One field someone else changed while this person had the form open.</summary>
public sealed record ConflictingChange(string Field, string Theirs, string Yours)
{
    /// <summary>
    /// The fields someone else changed since the form was opened: those where the saved value differs from the
    /// snapshot the form showed, or, with no snapshot, where it differs from what this person entered.
    /// </summary>
    public static List<ConflictingChange> Between<T>(T? original, T saved, T yours, params (string Field, Func<T, string> Value)[] fields)
        where T : class =>
        fields
            .Where(f => original is null ? f.Value(saved) != f.Value(yours) : f.Value(original) != f.Value(saved))
            .Select(f => new ConflictingChange(f.Field, f.Value(saved), f.Value(yours)))
            .ToList();
}

public sealed class ChildFormPage
{
    public required ChildForm Form { get; init; }

    public Guid? ChildId { get; init; }

    public string? ChildReference { get; init; }

    public IReadOnlyList<SelectListItem> Caseworkers { get; init; } = [];

    public IReadOnlyList<SimilarChild> SimilarChildren { get; init; } = [];

    public IReadOnlyList<ConflictingChange> Conflicts { get; init; } = [];
}

/// <summary>
/// A possible match found before registering. Names and dates are filled in only for the user's own
/// organisation; for another organisation's child the page shows the organisation, reference, band and an
/// explanation without names (need-to-know).
/// </summary>
public sealed record SimilarChild(
    Guid Id, string Reference, bool OwnOrganisation, string OrganisationName, string? Name, DateOnly? DateOfBirth, string Band, string Explanation);

public sealed record CaseloadRow(
    Guid Id, string Reference, string Name, DateOnly? DateOfBirth, int? Age, string Nationalities, string? Caseworker,
    DateTimeOffset LastActivityAt, string NrmStatus, bool MissingNow, int Referrals, Domain.Risk.Severity Risk, bool RiskOverridden, int OpenFlags);

public sealed class CaseloadPage
{
    public required IReadOnlyList<CaseloadRow> Rows { get; init; }

    public string? Query { get; init; }

    public string? Caseworker { get; init; }

    public bool Flagged { get; init; }

    public IReadOnlyList<SelectListItem> Caseworkers { get; init; } = [];

    public string? NextCursor { get; init; }

    public string Filters => $"q={Uri.EscapeDataString(Query ?? string.Empty)}&caseworker={Uri.EscapeDataString(Caseworker ?? string.Empty)}{(Flagged ? "&flagged=true" : string.Empty)}";

    public bool IsFirstPage { get; init; }
}

public static class ChildChoices
{
    public static IReadOnlyList<SelectListItem> Genders =>
        Enum.GetValues<Gender>().Select(g => new SelectListItem(Labels.Of(g), g.ToString())).ToList();

    public static IReadOnlyList<SelectListItem> DobPrecisions =>
        Enum.GetValues<DobPrecision>().Select(p => new SelectListItem(p switch
        {
            DobPrecision.Exact => "Exact",
            DobPrecision.Estimated => "Estimated (for example only the year is known)",
            DobPrecision.Disputed => "Disputed (age is contested or being assessed)",
        }, p.ToString())).ToList();
}
