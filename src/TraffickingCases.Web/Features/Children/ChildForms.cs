using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Rendering;
using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Matching;

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

    /// <summary>Not chosen for the person: asked, and required once a date of birth is entered.</summary>
    [Display(Name = "How sure is the date of birth")]
    public DobPrecision? DobPrecision { get; set; }

    [Required(ErrorMessage = "Choose the child's gender")]
    public Gender? Gender { get; set; }

    /// <summary>ISO codes, one per list chosen from (a code list typed "ERI, ETH" is still read).</summary>
    public List<string> Nationalities { get; set; } = [];

    [Display(Name = "First language")]
    public string? FirstLanguage { get; set; }

    public bool InterpreterNeeded { get; set; }

    public bool IsUasc { get; set; }

    [Display(Name = "Answer")]
    public bool? ParentalResponsibilityInUk { get; set; }

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
        Nationalities = [.. child.Nationalities],
        FirstLanguage = child.FirstLanguage,
        InterpreterNeeded = child.InterpreterNeeded,
        IsUasc = child.IsUasc,
        ParentalResponsibilityInUk = child.ParentalResponsibilityInUk,
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
        DobPrecision = DobPrecision ?? Domain.Children.DobPrecision.Exact,
        Gender = Gender ?? Domain.Children.Gender.Unknown,
        Nationalities = Nationalities.SelectMany(n => (n ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList(),
        FirstLanguage = FirstLanguage,
        InterpreterNeeded = InterpreterNeeded,
        IsUasc = IsUasc,
        ParentalResponsibilityInUk = ParentalResponsibilityInUk,
    };

    /// <summary>Adds what the binder cannot know: a date of birth needs to say how sure it is.</summary>
    public void Check(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        if (DateOfBirth is not null && DobPrecision is null)
        {
            modelState.TryAddModelError("Form." + nameof(DobPrecision), "Choose how sure you are of the date of birth");
        }
    }

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

    /// <summary>Set when the search for the same child ran and has something to show.</summary>
    public SimilarChildrenView? SimilarChildren { get; init; }

    public IReadOnlyList<ConflictingChange> Conflicts { get; init; } = [];
}

/// <summary>
/// What the registration page shows of the children who may be this one. Children held by other organisations
/// carry nothing but their band, organisation and reference, so the markup for one is the same whatever details
/// of the child being registered gave that band (need-to-know). Limited: the user is over their hourly limit of
/// searches showing other organisations' children, so none are shown, until LimitEndsAt (never, when the limit is 0).
/// </summary>
public sealed record SimilarChildrenView(
    IReadOnlyList<SimilarChild> Own, IReadOnlyList<ChildHeldElsewhere> HeldElsewhere, int MoreHeldElsewhere, bool Limited, int LookupsPerHour,
    DateTimeOffset? LimitEndsAt)
{
    public static string BandText(MatchBand band) => band switch
    {
        MatchBand.Likely => "Likely the same child",
        MatchBand.Possible => "Possibly the same child",
        MatchBand.None => "Not alike",
    };

    public static string BandTag(MatchBand band) => band == MatchBand.Likely ? "govuk-tag govuk-tag--red" : "govuk-tag govuk-tag--orange";
}

/// <summary>
/// A child of the user's own organisation who may be this one: the record, the band and the reasons; for managers
/// also the workings (probability and per-field weights).
/// </summary>
public sealed record SimilarChild(
    Guid Id, string Reference, string Name, DateOnly? DateOfBirth, MatchBand Band, IReadOnlyList<string> Reasons, MatchWorkings? Workings);

/// <summary>The matcher's probability and per-field explanation, for a manager checking how a match was reached.</summary>
public sealed record MatchWorkings(double Probability, string Explanation);

/// <summary>A child held by another organisation who may be this one: only the band, who holds the record, and its reference.</summary>
public sealed record ChildHeldElsewhere(string Reference, string OrganisationName, MatchBand Band);

public sealed record CaseloadRow(
    Guid Id, string Reference, string Name, DateOnly? DateOfBirth, int? Age, string Nationalities, string? Caseworker,
    DateTimeOffset LastActivityAt, string NrmStatus, bool MissingNow, int Referrals, Domain.Risk.Severity Risk, bool RiskOverridden, int OpenFlags,
    DateTimeOffset? MissingSince = null);

/// <summary>A child in the caseload query, with when their open missing episode began (the "missing now" filter only).</summary>
public sealed class ListedChild
{
    public required Child Child { get; init; }

    public DateTimeOffset? MissingSince { get; init; }
}

public sealed class CaseloadPage
{
    public required IReadOnlyList<CaseloadRow> Rows { get; init; }

    public string? Query { get; init; }

    public string? Caseworker { get; init; }

    public bool Flagged { get; init; }

    /// <summary>Only children missing now (<c>missing=now</c>), most recently missing first.</summary>
    public bool MissingNow { get; init; }

    public IReadOnlyList<SelectListItem> Caseworkers { get; init; } = [];

    public string? NextCursor { get; init; }

    public string? PreviousCursor { get; init; }

    public string Filters => $"q={Uri.EscapeDataString(Query ?? string.Empty)}&caseworker={Uri.EscapeDataString(Caseworker ?? string.Empty)}{(Flagged ? "&flagged=true" : string.Empty)}{(MissingNow ? "&missing=now" : string.Empty)}";

    public bool IsFirstPage { get; init; }
}

public static class ChildChoices
{
    public static IReadOnlyList<SelectListItem> Genders =>
        Enum.GetValues<Gender>().Select(g => new SelectListItem(Labels.Of(g), g.ToString())).ToList();

    /// <summary>Every nationality by name, after an empty choice; the value is the ISO code.</summary>
    public static IReadOnlyList<SelectListItem> Nationalities { get; } =
        [new(string.Empty, string.Empty), .. Domain.Children.Nationalities.ByName.Select(n => new SelectListItem(n.Name, n.Code))];

    public static IReadOnlyList<SelectListItem> DobPrecisions =>
        Enum.GetValues<DobPrecision>().Select(p => new SelectListItem(p switch
        {
            DobPrecision.Exact => "Exact",
            DobPrecision.Estimated => "Estimated (for example only the year is known)",
            DobPrecision.Disputed => "Disputed (age is contested or being assessed)",
        }, p.ToString())).ToList();
}
