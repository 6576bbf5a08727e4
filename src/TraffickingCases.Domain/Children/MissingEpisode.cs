using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>A period in which a child was missing from care, or away from placement without authorisation.</summary>
public sealed class MissingEpisode : ChildHistoryRecord
{
    /// <summary>Statutory guidance: an independent return interview is offered within 72 hours of return.</summary>
    public static readonly TimeSpan ReturnInterviewDue = TimeSpan.FromHours(72);

    private MissingEpisode()
    {
    }

    internal MissingEpisode(Guid childId, MissingEpisodeDetails details, Child child, DateTimeOffset now)
        : base(childId, now)
    {
        Apply(details, child, now);
    }

    public DateTimeOffset WentMissingAt { get; private set; }

    /// <summary>Empty while the child is still missing.</summary>
    public DateTimeOffset? ReturnedAt { get; private set; }

    /// <summary>True: away from placement without authorisation; false: missing (whereabouts not known).</summary>
    public bool WhereaboutsKnown { get; private set; }

    public DateTimeOffset? ReportedToPoliceAt { get; private set; }

    public string? PoliceReference { get; private set; }

    public PoliceRiskGrading? PoliceRiskGrading { get; private set; }

    public DateTimeOffset? ReturnInterviewOfferedAt { get; private set; }

    public DateTimeOffset? ReturnInterviewCompletedAt { get; private set; }

    public bool ReturnInterviewDeclined { get; private set; }

    public string? Concerns { get; private set; }

    public bool IsOngoing => ReturnedAt is null;

    public TimeSpan DurationAt(DateTimeOffset now) => (ReturnedAt ?? now) - WentMissingAt;

    /// <summary>
    /// The return interview at a moment, due <paramref name="dueWithin"/> after the return (the rules' timescale):
    /// overdue once that time has passed, as RR-05 judges it.
    /// </summary>
    public ReturnInterviewStatus ReturnInterviewAt(DateTimeOffset now, TimeSpan dueWithin)
    {
        if (ReturnedAt is not { } returned)
        {
            return new ReturnInterviewStatus(ReturnInterviewState.StillMissing, null, TimeSpan.Zero);
        }

        var dueBy = returned + dueWithin;
        if (ReturnInterviewCompletedAt is not null)
        {
            return new ReturnInterviewStatus(ReturnInterviewState.Completed, dueBy, TimeSpan.Zero);
        }

        if (ReturnInterviewDeclined)
        {
            return new ReturnInterviewStatus(ReturnInterviewState.Declined, dueBy, TimeSpan.Zero);
        }

        return now > dueBy
            ? new ReturnInterviewStatus(ReturnInterviewState.Overdue, dueBy, now - dueBy)
            : new ReturnInterviewStatus(ReturnInterviewState.Due, dueBy, TimeSpan.Zero);
    }

    public MissingEpisodeDetails ToDetails() => new()
    {
        WentMissingAt = WentMissingAt,
        ReturnedAt = ReturnedAt,
        WhereaboutsKnown = WhereaboutsKnown,
        ReportedToPoliceAt = ReportedToPoliceAt,
        PoliceReference = PoliceReference,
        PoliceRiskGrading = PoliceRiskGrading,
        ReturnInterviewOfferedAt = ReturnInterviewOfferedAt,
        ReturnInterviewCompletedAt = ReturnInterviewCompletedAt,
        ReturnInterviewDeclined = ReturnInterviewDeclined,
        Concerns = Concerns,
    };

    internal void Update(MissingEpisodeDetails details, Child child, DateTimeOffset now) => Apply(details, child, now);

    private void Apply(MissingEpisodeDetails d, Child child, DateTimeOffset now)
    {
        var v = new Validator();
        const string wentMissing = nameof(MissingEpisodeDetails.WentMissingAt);
        const string returned = nameof(MissingEpisodeDetails.ReturnedAt);
        v.Require(d.WentMissingAt != default, wentMissing, "Enter when the child went missing");
        v.Require(d.WentMissingAt <= now, wentMissing, "The time the child went missing must be in the past");
        if (child.DateOfBirth is { } dob)
        {
            v.Require(UkCalendar.DateOf(d.WentMissingAt) >= dob, wentMissing,
                "The time the child went missing must be after their date of birth");
        }

        if (d.ReturnedAt is { } back)
        {
            v.Require(back > d.WentMissingAt, returned, "The return must be after the time the child went missing");
            v.Require(back <= now, returned, "The return must be in the past");
        }

        var overlapping = child.MissingEpisodes.Standing().FirstOrDefault(e =>
            e.Id != Id
            && e.WentMissingAt < (d.ReturnedAt ?? DateTimeOffset.MaxValue)
            && d.WentMissingAt < (e.ReturnedAt ?? DateTimeOffset.MaxValue));
        v.Require(overlapping is null, wentMissing, overlapping is null ? string.Empty :
            overlapping.ReturnedAt is null
                ? $"The child is already recorded as missing since {UkCalendar.Format(overlapping.WentMissingAt)}; record that return first"
                : $"This overlaps the episode from {UkCalendar.Format(overlapping.WentMissingAt)}; change that episode instead");

        if (d.ReportedToPoliceAt is { } reported)
        {
            v.Require(reported >= d.WentMissingAt, nameof(MissingEpisodeDetails.ReportedToPoliceAt),
                "The report to police must be at or after the time the child went missing");
            v.Require(reported <= now, nameof(MissingEpisodeDetails.ReportedToPoliceAt), "The report to police must be in the past");
        }

        var policeReference = string.IsNullOrWhiteSpace(d.PoliceReference) ? null : d.PoliceReference.Trim();
        v.MaxLength(policeReference, 50, nameof(MissingEpisodeDetails.PoliceReference), "The police reference");
        v.Require(d.PoliceRiskGrading is null || Enum.IsDefined(d.PoliceRiskGrading.Value),
            nameof(MissingEpisodeDetails.PoliceRiskGrading), "Choose the police risk grading");

        CheckInterview(v, d.ReturnInterviewOfferedAt, d.ReturnedAt, now, nameof(MissingEpisodeDetails.ReturnInterviewOfferedAt), "offered");
        CheckInterview(v, d.ReturnInterviewCompletedAt, d.ReturnedAt, now, nameof(MissingEpisodeDetails.ReturnInterviewCompletedAt), "completed");
        v.Require(!(d.ReturnInterviewDeclined && d.ReturnInterviewCompletedAt is not null),
            nameof(MissingEpisodeDetails.ReturnInterviewDeclined), "A return interview cannot be both completed and declined");
        v.Require(!d.ReturnInterviewDeclined || d.ReturnedAt is not null,
            nameof(MissingEpisodeDetails.ReturnInterviewDeclined), "A return interview can only be declined after the child returns");

        var concerns = string.IsNullOrWhiteSpace(d.Concerns) ? null : d.Concerns.Trim();
        v.MaxLength(concerns, 4000, nameof(MissingEpisodeDetails.Concerns), "Concerns");
        v.ThrowIfAny();

        WentMissingAt = d.WentMissingAt.ToUniversalTime();
        ReturnedAt = d.ReturnedAt?.ToUniversalTime();
        WhereaboutsKnown = d.WhereaboutsKnown;
        ReportedToPoliceAt = d.ReportedToPoliceAt?.ToUniversalTime();
        PoliceReference = policeReference;
        PoliceRiskGrading = d.PoliceRiskGrading;
        ReturnInterviewOfferedAt = d.ReturnInterviewOfferedAt?.ToUniversalTime();
        ReturnInterviewCompletedAt = d.ReturnInterviewCompletedAt?.ToUniversalTime();
        ReturnInterviewDeclined = d.ReturnInterviewDeclined;
        Concerns = concerns;
    }

    private static void CheckInterview(
        Validator v, DateTimeOffset? at, DateTimeOffset? returnedAt, DateTimeOffset now, string field, string what)
    {
        if (at is not { } time)
        {
            return;
        }

        v.Require(returnedAt is not null, field, $"A return interview can only be {what} after the child returns");
        v.Require(returnedAt is null || time >= returnedAt, field, $"The return interview cannot be {what} before the child returned");
        v.Require(time <= now, field, $"The time the return interview was {what} must be in the past");
    }
}
