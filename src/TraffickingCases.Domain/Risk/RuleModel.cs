using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Risk;

public enum Severity
{
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>
/// What a rule found in a child's history, in words a manager can act on. The occurrence key names the
/// event the finding is about (a referral, an episode, a placement): each occurrence is its own flag, and a
/// flag a person closed is raised again only for a new occurrence or after the condition ended, so a
/// manager's decision is not undone by the next sweep. <see cref="Live"/> is set from the rule's kind.
/// </summary>
public sealed record Finding(string Code, Severity Severity, string Evidence, string OccurrenceKey)
{
    public bool Live { get; init; }
}

/// <summary>Whether a rule's findings are signs of risk now, or standing vulnerabilities and gaps in protection.</summary>
public enum RuleKind
{
    /// <summary>A recent event or a present danger (missing now, missing repeatedly, an unlawful placement): only these make a child high.</summary>
    LiveIndicator,

    /// <summary>A vulnerability or a gap in protection (a decision overdue, no guardian, an age dispute): shown apart, never high on its own.</summary>
    StaticVulnerability,
}

/// <summary>What happened to a record confirmed as the same child held by another organisation (issue 4's link), without its details.</summary>
public sealed record LinkedEvent(Guid EventId, LinkedEventKind Kind, string OrganisationName, string Reference, DateTimeOffset At, bool Ongoing);

public enum LinkedEventKind
{
    WentMissing,
    Referred,
}

/// <summary>A child's full history and the moment it is judged at.</summary>
public sealed record RuleContext(Child Child, bool OrganisationInIctgArea, DateTimeOffset Now, RuleThresholds Thresholds)
{
    public DateOnly Today { get; } = UkCalendar.DateOf(Now);

    public int? Age => Child.AgeOn(Today);

    /// <summary>Episodes and referrals of records linked as the same child held by other organisations.</summary>
    public IReadOnlyList<LinkedEvent> LinkedEvents { get; init; } = [];

    /// <summary>The child's referrals, without any marked as entered in error: rules read these, never <c>Child.Referrals</c>.</summary>
    public IReadOnlyList<NrmReferral> Referrals { get; } = Child.Referrals.StandingList();

    /// <summary>The child's missing episodes, without any marked as entered in error.</summary>
    public IReadOnlyList<MissingEpisode> MissingEpisodes { get; } = Child.MissingEpisodes.StandingList();

    /// <summary>The child's placements, without any marked as entered in error.</summary>
    public IReadOnlyList<Placement> Placements { get; } = Child.Placements.StandingList();

    /// <summary>The child's support requests, without any marked as entered in error.</summary>
    public IReadOnlyList<SupportRequest> SupportRequests { get; } = Child.SupportRequests.StandingList();

    /// <summary>Whether any of the child's NRM cases is open now.</summary>
    public bool CaseOpen => Referrals.Any(r => r.IsOpen);

    /// <summary>The same child judged at another moment (<c>with { Now = … }</c> would keep this context's <see cref="Today"/>).</summary>
    public RuleContext At(DateTimeOffset now) => new(Child, OrganisationInIctgArea, now, Thresholds) { LinkedEvents = LinkedEvents };
}

/// <summary>One re-trafficking risk rule: pure, explained, with its source.</summary>
public interface IRiskRule
{
    string Code { get; }

    string Title { get; }

    RuleKind Kind { get; }

    /// <summary>How severe its findings are and when they escalate, e.g. "Low when due; medium 20 working days later".</summary>
    string SeverityText { get; }

    /// <summary>How long a flag lives: what ends it by itself.</summary>
    string Lifetime(RuleThresholds thresholds);

    string Rationale { get; }

    /// <summary>What the rationale rests on, cited.</summary>
    string Source { get; }

    /// <summary>The thresholds it uses, as they are configured now.</summary>
    string Thresholds(RuleThresholds thresholds);

    Finding? Evaluate(RuleContext context);

    /// <summary>Why a flag this rule raised for <paramref name="occurrenceKey"/> no longer holds at <c>context.Now</c>, in a few words.</summary>
    string EndReason(RuleContext context, string occurrenceKey);

    /// <summary>
    /// The first instant after <c>context.Now</c> at which <see cref="Evaluate"/> gives a different answer — present
    /// or not, severity, occurrence key; evidence wording does not count — with the history unchanged, or null when
    /// time alone never changes it. Never later than the change; a sweep need look only at children whose time has come.
    /// </summary>
    DateTimeOffset? NextChange(RuleContext context);
}

/// <summary>Every number a rule uses; defaults and their sources in docs/domain.md, all configurable (section "Rules").</summary>
public sealed class RuleThresholds
{
    public int RepeatReferralHighWithinDays { get; set; } = 365;

    public int MissingDuringOpenCaseRecentDays { get; set; } = 30;

    public int MissingShortWindowDays { get; set; } = 30;

    public int MissingShortWindowCount { get; set; } = 2;

    public int MissingShortWindowHighCount { get; set; } = 3;

    public int MissingNowHighHours { get; set; } = 24;

    public int MissingStrategyDiscussionHours { get; set; } = 72;

    public int ReturnInterviewDueHours { get; set; } = 72;

    public int ReturnInterviewOutstandingDays { get; set; } = 14;

    public int ReasonableGroundsDueWorkingDays { get; set; } = 5;

    public int ReasonableGroundsEscalateWorkingDays { get; set; } = 20;

    public int LegalSupportDueWorkingDays { get; set; } = 20;

    public int MentalHealthSupportDueDays { get; set; } = 28;

    public int IctgReferralDueWorkingDays { get; set; } = 5;

    public int IctgDueWorkingDays { get; set; } = 10;

    public int TurningEighteenWithinDays { get; set; } = 100;

    public int CriminalExploitationMinimumAge { get; set; } = 15;

    public int MissingAgainWithinDays { get; set; } = 7;

    public int MissingAgainFlagDays { get; set; } = 30;

    public int RecentEventDays { get; set; } = 30;

    public int PlacementMovesCount { get; set; } = 3;

    public int PlacementMovesWindowDays { get; set; } = 365;

    public int OutOfAreaRecentDays { get; set; } = 30;

    public int AtEighteenFollowUpDays { get; set; } = 90;

    public int LinkedMissingDays { get; set; } = 7;

    public int LinkedReferralDays { get; set; } = 30;

    /// <summary>Problems a person configuring the service can fix; empty when every number makes sense.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var property in typeof(RuleThresholds).GetProperties())
        {
            if (property.GetValue(this) is int value && value < 1)
            {
                problems.Add($"Rules:{property.Name} must be 1 or more (it is {value})");
            }
        }

        if (MissingShortWindowHighCount < MissingShortWindowCount)
        {
            problems.Add($"Rules:MissingShortWindowHighCount ({MissingShortWindowHighCount}) must not be less than Rules:MissingShortWindowCount ({MissingShortWindowCount})");
        }

        if (MissingStrategyDiscussionHours <= MissingNowHighHours)
        {
            problems.Add($"Rules:MissingStrategyDiscussionHours ({MissingStrategyDiscussionHours}) must be more than Rules:MissingNowHighHours ({MissingNowHighHours})");
        }

        if (ReturnInterviewOutstandingDays * 24 <= ReturnInterviewDueHours)
        {
            problems.Add($"Rules:ReturnInterviewOutstandingDays ({ReturnInterviewOutstandingDays}) must be longer than Rules:ReturnInterviewDueHours ({ReturnInterviewDueHours} hours)");
        }

        if (CriminalExploitationMinimumAge > 17)
        {
            problems.Add($"Rules:CriminalExploitationMinimumAge ({CriminalExploitationMinimumAge}) must be 17 or less: the rule is about children");
        }


        return problems;
    }
}

/// <summary>How rules write dates and lists in evidence.</summary>
internal static class Evidence
{
    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset instant) =>
        UkCalendar.ToLondon(instant).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => $"{n}th",
        _ => (n % 10) switch
        {
            1 => $"{n}st",
            2 => $"{n}nd",
            3 => $"{n}rd",
            _ => $"{n}th",
        },
    };

    public static string Types(ExploitationTypes types) => Labels.Of(types).ToLowerInvariant();

    public static string Hours(TimeSpan span) => Math.Floor(span.TotalHours) switch
    {
        < 1 => "under an hour",
        1 => "1 hour",
        var hours => $"{hours:0} hours",
    };

    public static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
