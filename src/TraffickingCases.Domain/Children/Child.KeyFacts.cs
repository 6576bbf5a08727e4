using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>Whether the child has an Independent Child Trafficking Guardian, read from the ICTG support requests.</summary>
public enum GuardianStatus
{
    NotReferred,
    Referred,
    Allocated,
}

/// <summary>Where the latest NRM referral stands, and since when the child has waited for the pending decision.</summary>
/// <param name="Stage">The stage of the latest referral.</param>
/// <param name="Referral">The latest referral; null when there is none.</param>
/// <param name="DaysWaiting">Days since the referral while a decision is pending; null once decided, withdrawn or with no referral.</param>
public sealed record NrmPosition(NrmStage Stage, NrmReferral? Referral, int? DaysWaiting);

/// <summary>The guardian's state, and the ICTG request it comes from.</summary>
public sealed record GuardianPosition(GuardianStatus Status, SupportRequest? Request);

/// <summary>
/// The facts the top of the child's page leads with. Records marked entered in error are left out: they stay on the
/// record, greyed, but say nothing about the child.
/// </summary>
public sealed partial class Child
{
    /// <summary>How long before the 18th birthday a caseworker is told the days left rather than the date alone.</summary>
    public const int EighteenSoonDays = 100;

    /// <summary>The episode the child is missing in now, leaving out one entered in error.</summary>
    public MissingEpisode? OngoingMissingEpisode => _missingEpisodes
        .Where(e => e.IsOngoing && !e.IsEnteredInError)
        .OrderByDescending(e => e.WentMissingAt)
        .FirstOrDefault();

    /// <summary>The placement the child lives in on a date: the latest started of those current then.</summary>
    public Placement? PlacementOn(DateOnly date) => _placements
        .Where(p => !p.IsEnteredInError && p.IsCurrentOn(date))
        .OrderByDescending(p => p.StartDate)
        .ThenByDescending(p => p.CreatedAt)
        .FirstOrDefault();

    /// <summary>The latest referral's stage and, while a decision is pending, the days since the referral.</summary>
    public NrmPosition NrmPositionOn(DateOnly today)
    {
        var referrals = _referrals.Where(r => !r.IsEnteredInError).ToList();
        var stage = CaseSummary.StageOf(referrals);
        var latest = referrals.OrderByDescending(r => r.ReferralDate).FirstOrDefault();
        int? waiting = stage is NrmStage.AwaitingReasonableGrounds or NrmStage.AwaitingConclusiveGrounds && latest is not null
            ? Math.Max(0, today.DayNumber - latest.ReferralDate.DayNumber)
            : null;
        return new NrmPosition(stage, latest, waiting);
    }

    /// <summary>
    /// Allocated when an ICTG request has started; referred when one is waiting; otherwise not referred. The latest
    /// request of the deciding kind is the one shown.
    /// </summary>
    public GuardianPosition Guardian
    {
        get
        {
            var requests = _supportRequests.Where(s => s.Type == SupportType.Ictg && !s.IsEnteredInError).ToList();
            if (requests.Where(s => !s.IsWaiting).OrderByDescending(s => s.StartedOn).FirstOrDefault() is { } started)
            {
                return new GuardianPosition(GuardianStatus.Allocated, started);
            }

            return requests.OrderByDescending(s => s.RequestedOn).FirstOrDefault() is { } waiting
                ? new GuardianPosition(GuardianStatus.Referred, waiting)
                : new GuardianPosition(GuardianStatus.NotReferred, null);
        }
    }

    /// <summary>The day the child turns 18 (1 March for 29 February in common years); null when the date of birth is not known.</summary>
    public DateOnly? EighteenthBirthday => DateOfBirth is { } dob ? UkCalendar.Birthday(dob, 18) : null;
}
