using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>
/// The Philomena Protocol profile: what the police need the moment a child goes missing (a description, associates,
/// places the child may go, phone numbers), kept ready in advance and printed on one page. One per child.
/// </summary>
public sealed class MissingProfile
{
    public const int MaxLength = 4000;

    private MissingProfile()
    {
        UpdatedById = string.Empty;
        UpdatedByName = string.Empty;
    }

    public MissingProfile(Guid childId, string updatedById, string updatedByName, DateTimeOffset now)
    {
        ChildId = childId;
        UpdatedById = updatedById;
        UpdatedByName = updatedByName;
        UpdatedAt = now;
    }

    public Guid ChildId { get; private set; }

    /// <summary>Height, build, hair, distinguishing marks, clothes usually worn.</summary>
    public string? Description { get; private set; }

    /// <summary>Friends, relatives and adults of concern the child may be with.</summary>
    public string? Associates { get; private set; }

    /// <summary>Addresses and places the child has gone before or may go.</summary>
    public string? Places { get; private set; }

    /// <summary>The child's phone numbers and social media names.</summary>
    public string? PhoneNumbers { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public string UpdatedById { get; private set; }

    public string UpdatedByName { get; private set; }

    /// <summary>Optimistic concurrency (PostgreSQL's xmin).</summary>
    public uint Version { get; private set; }

    /// <summary>Nothing written in any of the four parts yet.</summary>
    public bool IsEmpty => Description is null && Associates is null && Places is null && PhoneNumbers is null;

    public MissingProfileDetails ToDetails() => new()
    {
        Description = Description,
        Associates = Associates,
        Places = Places,
        PhoneNumbers = PhoneNumbers,
    };

    /// <summary>
    /// Replaces the four parts (each optional, trimmed, at most <see cref="MaxLength"/> characters) and records who
    /// changed them; refuses every part that is too long at once and then changes nothing.
    /// </summary>
    public void Update(MissingProfileDetails details, string byId, string byName, DateTimeOffset now)
    {
        var v = new Validator();
        var description = Clean(details.Description);
        var associates = Clean(details.Associates);
        var places = Clean(details.Places);
        var phoneNumbers = Clean(details.PhoneNumbers);
        v.MaxLength(description, MaxLength, nameof(MissingProfileDetails.Description), "The description");
        v.MaxLength(associates, MaxLength, nameof(MissingProfileDetails.Associates), "Associates");
        v.MaxLength(places, MaxLength, nameof(MissingProfileDetails.Places), "Places");
        v.MaxLength(phoneNumbers, MaxLength, nameof(MissingProfileDetails.PhoneNumbers), "Phone numbers");
        v.Require(!string.IsNullOrWhiteSpace(byId), nameof(UpdatedById), "Say who changed the profile");
        v.ThrowIfAny();

        Description = description;
        Associates = associates;
        Places = places;
        PhoneNumbers = phoneNumbers;
        UpdatedById = byId;
        UpdatedByName = byName;
        UpdatedAt = now;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>The four parts of a Philomena Protocol profile, as a person enters them.</summary>
public sealed record MissingProfileDetails
{
    public string? Description { get; init; }

    public string? Associates { get; init; }

    public string? Places { get; init; }

    public string? PhoneNumbers { get; init; }
}
