using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Children;

/// <summary>A manager's override of the child's risk level: its review date, and its lapse when a new high live flag is raised.</summary>
public sealed partial class Child
{
    /// <summary>A manager's override of the risk level derived from the flags; empty when not overridden.</summary>
    public Risk.Severity? RiskOverrideLevel { get; private set; }

    public string? RiskOverrideReason { get; private set; }

    public string? RiskOverrideById { get; private set; }

    public string? RiskOverrideByName { get; private set; }

    public DateTimeOffset? RiskOverrideAt { get; private set; }

    /// <summary>The day by which a manager must look at the override again; from that day it no longer applies.</summary>
    public DateOnly? RiskOverrideReviewOn { get; private set; }

    /// <summary>The next supervision review a manager set in the latest supervision note; empty when none was recorded.</summary>
    public DateOnly? SupervisionReviewOn { get; private set; }

    /// <summary>The override, while it applies: until its review date, and only until a new high live flag arrives (which lapses it).</summary>
    public Risk.Severity? RiskOverrideOn(DateOnly today) =>
        RiskOverrideLevel is { } level && (RiskOverrideReviewOn is not { } review || review > today) ? level : null;

    /// <summary>The longest a manager may set an override for before looking at it again.</summary>
    public const int MaxOverrideReviewDays = 183;

    /// <summary>
    /// A manager sets the risk level by judgement (or removes an override), always with a reason and, when setting one, the day it
    /// is reviewed (at most six months ahead). It lapses on that day, or earlier when a new high live flag is raised.
    /// </summary>
    public void OverrideRiskLevel(Risk.Severity? level, string reason, DateOnly? reviewOn, string userId, string userName, DateTimeOffset now)
    {
        var today = UkCalendar.DateOf(now);
        var v = new Validator();
        var text = (reason ?? string.Empty).Trim();
        v.Require(text.Length > 0, "Reason", level is null ? "Enter why you are removing the override" : "Enter why you are overriding the risk level");
        v.MaxLength(text, 2000, "Reason", "The reason");
        v.Require(level is null || Enum.IsDefined(level.Value), "Level", "Choose a risk level");
        if (level is not null)
        {
            v.Require(reviewOn is not null, "ReviewOn", "Enter the date by which the override will be reviewed");
            v.Require(reviewOn is null || reviewOn > today, "ReviewOn", "The review date must be in the future");
            v.Require(reviewOn is null || reviewOn <= today.AddDays(MaxOverrideReviewDays), "ReviewOn",
                $"The review date must be within {MaxOverrideReviewDays} days (six months)");
        }

        v.ThrowIfAny();
        RiskOverrideLevel = level;
        RiskOverrideReason = text;
        RiskOverrideReviewOn = level is null ? null : reviewOn;
        RiskOverrideById = userId;
        RiskOverrideByName = userName;
        RiskOverrideAt = now;
        Touch(now);
    }

    /// <summary>A new high live flag was raised after the override was set: the override no longer applies, and says why.</summary>
    public bool LapseRiskOverride(string why, DateTimeOffset now)
    {
        if (RiskOverrideLevel is null)
        {
            return false;
        }

        RiskOverrideLevel = null;
        RiskOverrideReviewOn = null;
        RiskOverrideReason = why;
        RiskOverrideById = null;
        RiskOverrideByName = null;
        RiskOverrideAt = now;
        Touch(now);
        return true;
    }
}
