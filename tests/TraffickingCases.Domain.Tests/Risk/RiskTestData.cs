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

    public static SupportRequest AskFor(this Child child, SupportType type, DateOnly requestedOn, DateOnly? startedOn = null) =>
        child.RequestSupport(new SupportRequestDetails { Type = type, RequestedOn = requestedOn, StartedOn = startedOn }, Now);

    public static Finding? Judge(this IRiskRule rule, Child child, DateTimeOffset? now = null, bool inIctgArea = false, RuleThresholds? thresholds = null) =>
        rule.Evaluate(new RuleContext(child, inIctgArea, now ?? Now, thresholds ?? new RuleThresholds()));

    public static DateTimeOffset? NextChange(this IRiskRule rule, Child child, DateTimeOffset? now = null, bool inIctgArea = false, RuleThresholds? thresholds = null) =>
        rule.NextChange(new RuleContext(child, inIctgArea, now ?? Now, thresholds ?? new RuleThresholds()));

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

    public static Finding Finding(string code, Severity severity = Severity.Medium, string key = "occurrence-1", string evidence = "Something found") =>
        new(code, severity, evidence, key);

    public static IReadOnlySet<DateOnly> Dates(string commaSeparatedIso) =>
        commaSeparatedIso.Split(',', StringSplitOptions.TrimEntries).Select(D).ToHashSet();
}
