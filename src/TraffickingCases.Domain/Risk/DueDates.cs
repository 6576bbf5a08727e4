using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Risk;

/// <summary>What falls due on a child's record ("My work").</summary>
public enum DueKind
{
    ReasonableGroundsDecision,
    ReturnInterview,
    GuardianReferral,
    GuardianAllocation,
    SupportStart,
    EighteenthBirthday,
    RiskOverrideReview,
    SupervisionReview,
}

/// <summary>A referral as the due dates read it.</summary>
public sealed record ReferralDueFacts(DateOnly ReferralDate, DecisionOutcome RgOutcome, DecisionOutcome CgOutcome, DateOnly? WithdrawnOn)
{
    /// <summary>The same reading as <see cref="NrmReferral.IsOpen"/>.</summary>
    public bool IsOpen => WithdrawnOn is null
        && (RgOutcome == DecisionOutcome.Pending || (RgOutcome == DecisionOutcome.Positive && CgOutcome == DecisionOutcome.Pending));
}

/// <summary>A support request as the due dates read it.</summary>
public sealed record SupportDueFacts(SupportType Type, DateOnly RequestedOn, DateOnly? StartedOn);

/// <summary>The latest return from a missing episode and what became of its interview.</summary>
public sealed record ReturnDueFacts(DateTimeOffset ReturnedAt, DateTimeOffset? InterviewCompletedAt, bool InterviewDeclined);

/// <summary>
/// The parts of one child's record that make something fall due, read for a whole caseload at once (records entered in
/// error left out): small enough to read by index for a team's 2,000 children, where the full history would not be.
/// </summary>
public sealed record DueFacts
{
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>The review date of a risk override that is still recorded (an override that lapsed has none).</summary>
    public DateOnly? RiskOverrideReviewOn { get; init; }

    public DateOnly? SupervisionReviewOn { get; init; }

    public IReadOnlyList<ReferralDueFacts> Referrals { get; init; } = [];

    public IReadOnlyList<SupportDueFacts> SupportRequests { get; init; } = [];

    public ReturnDueFacts? LatestReturn { get; init; }
}

/// <summary>One thing due on a child's record: what, and by when (a time too, where the time matters).</summary>
public sealed record DueItem(DueKind Kind, string What, DateOnly DueOn, DateTimeOffset? DueAt = null)
{
    /// <summary>The instant the item is late from: its time, or the start of the day after its date.</summary>
    public DateTimeOffset LateFrom => DueAt ?? UkCalendar.StartOf(DueOn.AddDays(1));

    public bool IsOverdue(DateTimeOffset now) => now >= LateFrom;
}

/// <summary>
/// When things fall due, by the same timescales the rules flag them on (<see cref="RuleThresholds"/>, <see cref="WorkingDays"/>):
/// a due date is the day a rule's target is set for, and past it the rule's flag follows.
/// </summary>
public static class DueDates
{
    /// <summary>The Reasonable Grounds target: working days after the referral (RR-06).</summary>
    public static DateOnly ReasonableGroundsDecision(DateOnly referralDate, RuleThresholds t) =>
        WorkingDays.Add(referralDate, t.ReasonableGroundsDueWorkingDays);

    /// <summary>The return interview: hours after the return (RR-05).</summary>
    public static DateTimeOffset ReturnInterview(DateTimeOffset returnedAt, RuleThresholds t) => returnedAt.AddHours(t.ReturnInterviewDueHours);

    /// <summary>The referral to the guardian (ICTG) service: working days after the NRM referral (RR-09).</summary>
    public static DateOnly GuardianReferral(DateOnly nrmReferralDate, RuleThresholds t) => WorkingDays.Add(nrmReferralDate, t.IctgReferralDueWorkingDays);

    /// <summary>A guardian allocated: working days after the referral to the service (RR-09).</summary>
    public static DateOnly GuardianAllocation(DateOnly requestedOn, RuleThresholds t) => WorkingDays.Add(requestedOn, t.IctgDueWorkingDays);

    /// <summary>The day by which requested legal or mental-health support should have started (RR-07); null for other kinds.</summary>
    public static DateOnly? SupportStart(SupportType type, DateOnly requestedOn, RuleThresholds t) => type switch
    {
        SupportType.LegalAdvice or SupportType.ImmigrationLegalAdvice => WorkingDays.Add(requestedOn, t.LegalSupportDueWorkingDays),
        SupportType.MentalHealth => requestedOn.AddDays(t.MentalHealthSupportDueDays),
        SupportType.Ictg or SupportType.Education or SupportType.Other => null,
    };

    /// <summary>
    /// What is due or overdue on one child's record at <paramref name="now"/>: everything overdue, everything due within
    /// <paramref name="aheadDays"/> days, and an 18th birthday within the days RR-10 looks ahead. Most overdue first.
    /// </summary>
    public static IReadOnlyList<DueItem> For(DueFacts facts, bool organisationInIctgArea, DateTimeOffset now, RuleThresholds t, int aheadDays)
    {
        var today = UkCalendar.DateOf(now);
        var horizon = today.AddDays(aheadDays);
        var items = new List<DueItem>();

        foreach (var referral in facts.Referrals.Where(r => r.RgOutcome == DecisionOutcome.Pending && r.WithdrawnOn is null))
        {
            items.Add(new DueItem(DueKind.ReasonableGroundsDecision,
                $"Reasonable Grounds decision (referred {UkCalendar.Format(referral.ReferralDate)})",
                ReasonableGroundsDecision(referral.ReferralDate, t)));
        }

        // As RR-05: the latest return only, and only for the days its flag lasts; lateness after that is in Statistics.
        if (facts.LatestReturn is { InterviewCompletedAt: null, InterviewDeclined: false } back
            && now <= back.ReturnedAt.AddDays(t.ReturnInterviewOutstandingDays))
        {
            var at = ReturnInterview(back.ReturnedAt, t);
            items.Add(new DueItem(DueKind.ReturnInterview, $"Return interview (returned {UkCalendar.Format(back.ReturnedAt)})", UkCalendar.DateOf(at), at));
        }

        if (Guardian(facts, organisationInIctgArea, today, t) is { } guardian)
        {
            items.Add(guardian);
        }

        foreach (var request in facts.SupportRequests.Where(s => s.StartedOn is null))
        {
            if (SupportStart(request.Type, request.RequestedOn, t) is { } due)
            {
                items.Add(new DueItem(DueKind.SupportStart,
                    $"{Labels.Of(request.Type)} to start (requested {UkCalendar.Format(request.RequestedOn)})", due));
            }
        }

        if (facts.RiskOverrideReviewOn is { } overrideReview)
        {
            items.Add(new DueItem(DueKind.RiskOverrideReview, "Review of the risk override", overrideReview));
        }

        if (facts.SupervisionReviewOn is { } supervision)
        {
            items.Add(new DueItem(DueKind.SupervisionReview, "Supervision review", supervision));
        }

        var shown = items.Where(i => i.DueOn <= horizon).ToList();
        if (facts.DateOfBirth is { } dob)
        {
            var birthday = UkCalendar.Birthday(dob, 18);
            if (birthday >= today && birthday.DayNumber - today.DayNumber <= t.TurningEighteenWithinDays)
            {
                shown.Add(new DueItem(DueKind.EighteenthBirthday, "Turns 18", birthday));
            }
        }

        return [.. shown.OrderBy(i => i.LateFrom).ThenBy(i => i.Kind)];
    }

    /// <summary>
    /// "overdue by 3 days", "due today", "due in 1 day"; an item due at a time that has passed today is "overdue since 14:30".
    /// A birthday is "today" or "in 40 days".
    /// </summary>
    public static string Describe(DueItem item, DateTimeOffset now)
    {
        var today = UkCalendar.DateOf(now);
        var days = item.DueOn.DayNumber - today.DayNumber;
        if (item.Kind == DueKind.EighteenthBirthday)
        {
            return days == 0 ? "today" : $"in {Days(days)}";
        }

        if (item.IsOverdue(now))
        {
            return days < 0 ? $"overdue by {Days(-days)}" : $"overdue since {UkCalendar.ToLondon(item.DueAt!.Value):HH:mm}";
        }

        return days switch
        {
            0 when item.DueAt is { } at => $"due today by {UkCalendar.ToLondon(at):HH:mm}",
            0 => "due today",
            _ => $"due in {Days(days)}",
        };
    }

    /// <summary>How long a child has been missing, in the largest unit that reads naturally: "under an hour", "3 hours", "2 days".</summary>
    public static string MissingFor(DateTimeOffset since, DateTimeOffset now)
    {
        var span = now - since;
        return span.TotalHours switch
        {
            < 1 => "under an hour",
            < 48 => Count((int)Math.Floor(span.TotalHours), "hour"),
            _ => Days((int)Math.Floor(span.TotalDays)),
        };
    }

    private static string Days(int days) => Count(days, "day");

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    /// <summary>The guardian step due, on the same terms as RR-09: an ICTG area, under 18, a case open, no guardian started.</summary>
    private static DueItem? Guardian(DueFacts facts, bool organisationInIctgArea, DateOnly today, RuleThresholds t)
    {
        var ictg = facts.SupportRequests.Where(s => s.Type == SupportType.Ictg).ToList();
        if (!organisationInIctgArea || (facts.DateOfBirth is { } dob && UkCalendar.AgeOn(dob, today) >= 18)
            || !facts.Referrals.Any(r => r.IsOpen) || ictg.Any(s => s.StartedOn is not null))
        {
            return null;
        }

        var latest = facts.Referrals.MaxBy(r => r.ReferralDate)!;
        var requested = ictg.Where(s => s.RequestedOn >= latest.ReferralDate).MinBy(s => s.RequestedOn) ?? ictg.MaxBy(s => s.RequestedOn);
        return requested is null
            ? new DueItem(DueKind.GuardianReferral, "Referral to the guardian (ICTG) service", GuardianReferral(latest.ReferralDate, t))
            : new DueItem(DueKind.GuardianAllocation,
                $"Guardian (ICTG) allocated (referred to the service {UkCalendar.Format(requested.RequestedOn)})", GuardianAllocation(requested.RequestedOn, t));
    }
}
