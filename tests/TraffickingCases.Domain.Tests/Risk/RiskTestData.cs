using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// Builders for the rule tests: a fixed now, a child whose history is built only through the aggregate's
/// public methods, and one rule judged at a chosen moment.
/// </summary>
internal static class RiskTestData
{
    /// <summary>15 June 2025, 13:00 in London (BST).</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 15, 12, 0, 0, TimeSpan.Zero);

    public static readonly DateOnly Today = new(2025, 6, 15);

    public static DateOnly D(string iso) => TestData.Date(iso);

    /// <summary>Midday on a London calendar date.</summary>
    public static DateTimeOffset Noon(DateOnly date) => UkCalendar.FromLondon(date.ToDateTime(new TimeOnly(12, 0)));

    public static DateTimeOffset Noon(string iso) => Noon(D(iso));

    public static DateTimeOffset HoursBefore(DateTimeOffset instant, double hours) => instant - TimeSpan.FromHours(hours);

    /// <summary>A child born 1 March 2010 (15 on <see cref="Today"/>), or on the given date.</summary>
    public static Child NewChild(DateOnly? dateOfBirth = null) => TestData.Register(TestData.ChildDetails(dateOfBirth), Now);

    /// <summary>A child of the given age on <see cref="Today"/>, whose birthday was 40 days ago.</summary>
    public static Child ChildAged(int years) => NewChild(Today.AddYears(-years).AddDays(-40));

    public static NrmReferral Refer(this Child child, DateOnly date, ExploitationTypes types = ExploitationTypes.Criminal, DateTimeOffset? recordedAt = null) =>
        child.AddReferral(TestData.Referral(date, types), recordedAt ?? Now);

    public static NrmReferral Refer(this Child child, ReferralDetails details, DateTimeOffset? recordedAt = null) =>
        child.AddReferral(details, recordedAt ?? Now);

    public static MissingEpisode WentMissing(this Child child, DateTimeOffset at, DateTimeOffset? returnedAt = null, DateTimeOffset? recordedAt = null) =>
        child.RecordMissingEpisode(TestData.Missing(at, returnedAt), recordedAt ?? Now);

    /// <summary>An episode that began at <paramref name="at"/> and ended an hour later.</summary>
    public static MissingEpisode MissingForAnHour(this Child child, DateTimeOffset at) => child.WentMissing(at, at.AddHours(1));

    public static MissingEpisode RecordEpisode(this Child child, MissingEpisodeDetails details, DateTimeOffset? recordedAt = null) =>
        child.RecordMissingEpisode(details, recordedAt ?? Now);

    public static Placement PlaceIn(this Child child, PlacementType type, DateOnly start, DateOnly? end = null) =>
        child.AddPlacement(new PlacementDetails { Type = type, StartDate = start, EndDate = end }, Now);

    public static Placement PlaceIn(this Child child, PlacementDetails details, DateTimeOffset? recordedAt = null) =>
        child.AddPlacement(details, recordedAt ?? Now);

    /// <summary>An episode that ended on <paramref name="returnedAt"/>, with the return interview as given.</summary>
    public static MissingEpisode Returned(this Child child, DateTimeOffset returnedAt, DateTimeOffset? offered = null, DateTimeOffset? completed = null,
        bool declined = false, string? concerns = null, double hoursMissing = 6) =>
        child.RecordEpisode(new MissingEpisodeDetails
        {
            WentMissingAt = returnedAt.AddHours(-hoursMissing),
            ReturnedAt = returnedAt,
            ReturnInterviewOfferedAt = offered,
            ReturnInterviewCompletedAt = completed,
            ReturnInterviewDeclined = declined,
            Concerns = concerns,
        });

    /// <summary>A referral whose Reasonable Grounds decision was negative on the given date: the case is closed.</summary>
    public static NrmReferral ReferClosed(this Child child, DateOnly date, DateOnly? decided = null, ExploitationTypes types = ExploitationTypes.Criminal) =>
        child.AddReferral(TestData.Referral(date, types) with { RgOutcome = DecisionOutcome.Negative, RgDecisionDate = decided ?? date.AddDays(7) }, Now);

    public static SupportRequest AskFor(this Child child, SupportType type, DateOnly requestedOn, DateOnly? startedOn = null) =>
        child.RequestSupport(new SupportRequestDetails { Type = type, RequestedOn = requestedOn, StartedOn = startedOn }, Now);

    public static RuleContext Context(Child child, DateTimeOffset? now = null, bool inIctgArea = false, RuleThresholds? thresholds = null,
        IReadOnlyList<LinkedEvent>? linked = null) =>
        new(child, inIctgArea, now ?? Now, thresholds ?? new RuleThresholds()) { LinkedEvents = linked ?? [] };

    public static Finding? Judge(this IRiskRule rule, Child child, DateTimeOffset? now = null, bool inIctgArea = false, RuleThresholds? thresholds = null,
        IReadOnlyList<LinkedEvent>? linked = null) =>
        rule.Evaluate(Context(child, now, inIctgArea, thresholds, linked));

    public static DateTimeOffset? NextChange(this IRiskRule rule, Child child, DateTimeOffset? now = null, bool inIctgArea = false, RuleThresholds? thresholds = null,
        IReadOnlyList<LinkedEvent>? linked = null) =>
        rule.NextChange(Context(child, now, inIctgArea, thresholds, linked));

    /// <summary>Why the rule's flag for <paramref name="occurrenceKey"/> ended, asked at <paramref name="now"/>.</summary>
    public static string EndReason(this IRiskRule rule, Child child, string occurrenceKey, DateTimeOffset? now = null, bool inIctgArea = false,
        RuleThresholds? thresholds = null, IReadOnlyList<LinkedEvent>? linked = null) =>
        rule.EndReason(Context(child, now, inIctgArea, thresholds, linked), occurrenceKey);

    /// <summary>Every rule's findings after the weightings, as the rules service sees them.</summary>
    public static IReadOnlyList<Finding> EvaluateAll(Child child, DateTimeOffset? now = null, bool inIctgArea = false, RuleThresholds? thresholds = null,
        IReadOnlyList<LinkedEvent>? linked = null) =>
        RuleSet.Evaluate(Context(child, now, inIctgArea, thresholds, linked));

    /// <summary>Asserts the rule found something, with this code and severity, and returns the finding.</summary>
    public static Finding Fires(Finding? finding, string code, Severity severity)
    {
        Assert.NotNull(finding);
        Assert.Equal(code, finding.Code);
        Assert.Equal(severity, finding.Severity);
        Assert.False(string.IsNullOrWhiteSpace(finding.Evidence));
        Assert.False(string.IsNullOrWhiteSpace(finding.OccurrenceKey));
        return finding;
    }

    public static Finding Finding(string code, Severity severity = Severity.Medium, string key = "occurrence-1", string evidence = "Something found",
        bool live = true) =>
        new(code, severity, evidence, key) { Live = live };

    public static IReadOnlySet<DateOnly> Dates(string commaSeparatedIso) =>
        commaSeparatedIso.Split(',', StringSplitOptions.TrimEntries).Select(D).ToHashSet();
}
