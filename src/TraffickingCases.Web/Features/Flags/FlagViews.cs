using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Flags;

/// <summary>How flags and risk levels read on the page.</summary>
public static class FlagViews
{
    public static string SeverityLabel(Severity severity) => severity switch
    {
        Severity.Low => "Low",
        Severity.Medium => "Medium",
        Severity.High => "High",
    };

    public static string SeverityTag(Severity severity) => severity switch
    {
        Severity.Low => "govuk-tag govuk-tag--grey",
        Severity.Medium => "govuk-tag govuk-tag--orange",
        Severity.High => "govuk-tag govuk-tag--red",
    };

    public static string StatusLabel(FlagStatus status) => status switch
    {
        FlagStatus.Open => "Open",
        FlagStatus.Acknowledged => "Acknowledged",
        FlagStatus.Resolved => "Resolved",
        FlagStatus.Dismissed => "Dismissed",
        FlagStatus.Ended => "Ended",
    };

    public static string ActionLabel(FlagAction action) => action switch
    {
        FlagAction.Raised => "Raised",
        FlagAction.SeverityChanged => "Severity changed",
        FlagAction.ConditionCleared => "Condition cleared",
        FlagAction.ConditionReturned => "Condition returned",
        FlagAction.Acknowledged => "Acknowledged",
        FlagAction.Resolved => "Resolved",
        FlagAction.Dismissed => "Dismissed",
        FlagAction.Moved => "Moved",
        FlagAction.Rescored => "Scored again",
        FlagAction.Ended => "Ended",
        FlagAction.OverrideLapsed => "Override lapsed",
    };

    public static string KindLabel(RuleKind kind) => kind switch
    {
        RuleKind.LiveIndicator => "Live indicator",
        RuleKind.StaticVulnerability => "Static vulnerability",
    };

    /// <summary>
    /// Whether a flag counts as a sign of risk now: as the flag recorded it when it was last confirmed (what the risk level
    /// uses); a possible-same-child pair is neither.
    /// </summary>
    public static string KindLabel(string ruleCode, bool isLive) =>
        ruleCode == Flag.MatchCode ? "Not counted: a record check"
        : KindLabel(isLive ? RuleKind.LiveIndicator : RuleKind.StaticVulnerability);

    public static string RuleTitle(string code) =>
        code == Flag.ManualCode ? "Raised by hand"
        : code == Flag.MatchCode ? "Possible same child"
        : RuleSet.Find(code)?.Title ?? code;

    /// <summary>
    /// What to say instead of the evidence's present tense when the flag's condition has cleared: a missing flag says when
    /// the child returned (the episode's return, else when the rules saw it), any other "Condition cleared" and when. Null
    /// while the condition holds.
    /// </summary>
    public static string? ConditionCleared(string ruleCode, DateTimeOffset? clearedAt, DateTimeOffset? returnedAt) =>
        clearedAt is not { } cleared ? null
        : MissingFlags.IsMissingRule(ruleCode) ? $"Returned {Display.Time(returnedAt ?? cleared)} — condition cleared"
        : $"Condition cleared {Display.Time(cleared)}";

    /// <summary>The return time of a missing flag's episode, from the child's history (its occurrence key is the episode's id).</summary>
    public static DateTimeOffset? ReturnedAt(Flag flag, IEnumerable<Domain.Children.MissingEpisode> episodes) =>
        MissingFlags.IsMissingRule(flag.RuleCode) ? episodes.FirstOrDefault(e => e.Id.ToString() == flag.OccurrenceKey)?.ReturnedAt : null;

    /// <summary>The evidence cut to about a line and a half for the queue, at a word; the child's page has all of it.</summary>
    public static string Short(string evidence, int length = 160)
    {
        if (evidence.Length <= length)
        {
            return evidence;
        }

        var cut = evidence.LastIndexOf(' ', length);
        return evidence[..(cut > length / 2 ? cut : length)].TrimEnd(',', ';', '.', ' ') + "…";
    }
}
