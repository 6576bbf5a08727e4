using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>Support asked for on the child's behalf, and when (if yet) it started.</summary>
public sealed class SupportRequest : ChildHistoryRecord
{
    private SupportRequest()
    {
    }

    internal SupportRequest(Guid childId, SupportRequestDetails details, Child child, DateTimeOffset now)
        : base(childId, now)
    {
        Apply(details, child, now);
    }

    public SupportType Type { get; private set; }

    public DateOnly RequestedOn { get; private set; }

    /// <summary>Empty while the child is still waiting.</summary>
    public DateOnly? StartedOn { get; private set; }

    public bool IsWaiting => StartedOn is null;

    /// <summary>Days from request to start, or to today while still waiting.</summary>
    public int WaitingDays(DateOnly today) => (StartedOn ?? today).DayNumber - RequestedOn.DayNumber;

    public SupportRequestDetails ToDetails() => new() { Type = Type, RequestedOn = RequestedOn, StartedOn = StartedOn };

    internal void Update(SupportRequestDetails details, Child child, DateTimeOffset now) => Apply(details, child, now);

    private void Apply(SupportRequestDetails d, Child child, DateTimeOffset now)
    {
        var today = UkCalendar.DateOf(now);
        var v = new Validator();
        v.Require(Enum.IsDefined(d.Type), nameof(SupportRequestDetails.Type), "Choose the type of support");
        v.Require(d.RequestedOn != default, nameof(SupportRequestDetails.RequestedOn), "Enter the date support was requested");
        v.Require(d.RequestedOn <= today, nameof(SupportRequestDetails.RequestedOn), "The request date must be today or in the past");
        v.Require(child.DateOfBirth is null || d.RequestedOn >= child.DateOfBirth, nameof(SupportRequestDetails.RequestedOn),
            "The request date must be on or after the child's date of birth");
        v.Require(d.StartedOn is null || d.StartedOn >= d.RequestedOn, nameof(SupportRequestDetails.StartedOn),
            "Support cannot start before it was requested");
        v.Require(d.StartedOn is null || d.StartedOn <= today, nameof(SupportRequestDetails.StartedOn),
            "The start date must be today or in the past");
        v.ThrowIfAny();
        Type = d.Type;
        RequestedOn = d.RequestedOn;
        StartedOn = d.StartedOn;
    }
}
