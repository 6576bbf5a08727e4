using TraffickingCases.Domain.Children;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Children;

/// <summary>The words of the key facts at the top of the child's page and chronology.</summary>
public static class KeyFactsText
{
    public static string Nrm(NrmPosition position) => position.Stage switch
    {
        NrmStage.NoReferral => "No referral yet",
        NrmStage.AwaitingReasonableGrounds => $"Reasonable Grounds pending, {Timeline.Days(position.DaysWaiting ?? 0)}",
        NrmStage.AwaitingConclusiveGrounds => $"Conclusive Grounds pending, {Timeline.Days(position.DaysWaiting ?? 0)}",
        NrmStage.NegativeReasonableGrounds => $"Negative Reasonable Grounds decision, {Display.Date(position.Referral?.RgDecisionDate)}",
        NrmStage.PositiveConclusiveGrounds => $"Positive Conclusive Grounds decision, {Display.Date(position.Referral?.CgDecisionDate)}",
        NrmStage.NegativeConclusiveGrounds => $"Negative Conclusive Grounds decision, {Display.Date(position.Referral?.CgDecisionDate)}",
        NrmStage.Withdrawn => $"{(position.Referral?.Suspended == true ? "Suspended" : "Withdrawn")}, {Display.Date(position.Referral?.WithdrawnOn)}",
    };

    /// <summary>The line under the stage: when the latest referral was made, and the RG decision while CG is pending.</summary>
    public static string? NrmDetail(NrmPosition position) => position.Referral is not { } referral ? null
        : position.Stage == NrmStage.AwaitingConclusiveGrounds && referral.RgDecisionDate is { } rg
            ? $"Referred {Display.Date(referral.ReferralDate)}; positive Reasonable Grounds {Display.Date(rg)}"
            : $"Referred {Display.Date(referral.ReferralDate)}";

    public static string Missing(MissingEpisode episode, DateTimeOffset now) =>
        $"Missing since {Display.Time(episode.WentMissingAt)}, {Timeline.Duration(episode.DurationAt(now).TotalHours)}";

    public static string Placement(Placement? placement) => placement is null
        ? "No current placement recorded"
        : $"{Labels.Of(placement.Type)}, {placement.Area ?? "area not recorded"}{(placement.OutOfArea == true ? " (out of area)" : string.Empty)}, since {Display.Date(placement.StartDate)}";

    public static string Guardian(GuardianPosition guardian, DateOnly today) => guardian switch
    {
        { Status: GuardianStatus.Allocated, Request: { } r } => $"Allocated {Display.Date(r.StartedOn)}",
        { Status: GuardianStatus.Referred, Request: { } r } => $"Referred {Display.Date(r.RequestedOn)}, waiting {Timeline.Days(r.WaitingDays(today))}",
        _ => "Not referred",
    };

    /// <summary>"15 years; 18 on 4 March 2029", or "17 years; 18 in 42 days" within <see cref="Child.EighteenSoonDays"/>.</summary>
    public static string Age(Child child, DateOnly today)
    {
        if (child.AgeOn(today) is not { } age || child.EighteenthBirthday is not { } eighteen)
        {
            return "Date of birth not known";
        }

        var years = age == 1 ? "1 year" : $"{age} years";
        var daysLeft = eighteen.DayNumber - today.DayNumber;
        var birthday = daysLeft switch
        {
            < 0 => $"turned 18 on {Display.Date(eighteen)}",
            0 => "18 today",
            <= Child.EighteenSoonDays => $"18 in {Timeline.Days(daysLeft)}, on {Display.Date(eighteen)}",
            _ => $"18 on {Display.Date(eighteen)}",
        };
        var precision = child.DobPrecision == DobPrecision.Exact ? string.Empty : $" (date of birth {Labels.Of(child.DobPrecision).ToLowerInvariant()})";
        return $"{years}; {birthday}{precision}";
    }
}
