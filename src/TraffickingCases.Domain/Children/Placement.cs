using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>Where the child lives, from a start date to an end date (empty while current).</summary>
public sealed class Placement : ChildHistoryRecord
{
    private Placement()
    {
    }

    internal Placement(Guid childId, PlacementDetails details, Child child, DateTimeOffset now)
        : base(childId, now)
    {
        Apply(details, child, now);
    }

    public PlacementType Type { get; private set; }

    public DateOnly StartDate { get; private set; }

    public DateOnly? EndDate { get; private set; }

    public string? Area { get; private set; }

    public bool? OutOfArea { get; private set; }

    public bool? OfstedRegistered { get; private set; }

    public bool IsCurrentOn(DateOnly date) => StartDate <= date && (EndDate is null || EndDate >= date);

    public PlacementDetails ToDetails() => new()
    {
        Type = Type, StartDate = StartDate, EndDate = EndDate, Area = Area, OutOfArea = OutOfArea, OfstedRegistered = OfstedRegistered,
    };

    internal void Update(PlacementDetails details, Child child, DateTimeOffset now) => Apply(details, child, now);

    private void Apply(PlacementDetails d, Child child, DateTimeOffset now)
    {
        var today = UkCalendar.DateOf(now);
        var v = new Validator();
        v.Require(Enum.IsDefined(d.Type), nameof(PlacementDetails.Type), "Choose the type of placement");
        v.Require(d.StartDate != default, nameof(PlacementDetails.StartDate), "Enter the start date");
        v.Require(d.StartDate <= today, nameof(PlacementDetails.StartDate), "The start date must be today or in the past");
        v.Require(child.DateOfBirth is null || d.StartDate >= child.DateOfBirth, nameof(PlacementDetails.StartDate),
            "The start date must be on or after the child's date of birth");
        v.Require(d.EndDate is null || d.EndDate >= d.StartDate, nameof(PlacementDetails.EndDate),
            "The end date must be on or after the start date");
        var area = string.IsNullOrWhiteSpace(d.Area) ? null : d.Area.Trim();
        v.MaxLength(area, 100, nameof(PlacementDetails.Area), "The area");
        v.Require(d.OfstedRegistered is null || d.Type == PlacementType.SupportedAccommodation, nameof(PlacementDetails.OfstedRegistered),
            "Ofsted registration is recorded for supported accommodation only");
        v.ThrowIfAny();
        Type = d.Type;
        Area = area;
        OutOfArea = d.OutOfArea;
        OfstedRegistered = d.OfstedRegistered;
        StartDate = d.StartDate;
        EndDate = d.EndDate;
    }
}
