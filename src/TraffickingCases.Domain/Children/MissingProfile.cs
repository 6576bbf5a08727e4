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
}
