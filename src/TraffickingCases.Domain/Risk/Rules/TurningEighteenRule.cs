namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-10: the child turns 18 soon while an NRM case is open.</summary>
public sealed class TurningEighteenRule : IRiskRule
{
    public string Code => "RR-10";

    public string Title => "Turns 18 soon with an NRM case open";

    public RuleKind Kind => RuleKind.StaticVulnerability;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) => $"From {t.TurningEighteenWithinDays} days before the 18th birthday until the birthday, while a case is open";

    public string EndReason(RuleContext context, string occurrenceKey) =>
        !context.Referrals.Any(r => r.IsOpen) ? "Case closed"
        : context.Age is >= 18 ? "Turned 18"
        : "The date of birth changed";

    public string Rationale => "At 18 a young person must consent to stay in the NRM; ECPAT UK and ATMG report that 70% of young people in the NRM had their case withdrawn or suspended at 18. ICTG support ends at 18 in most areas (support past 18 is being piloted in some), so the move to adult support needs planning before the birthday.";

    public string Source => "gov.uk, Information pack for young people in the NRM turning 18 (February 2026), citing ECPAT UK and ATMG";

    public string Thresholds(RuleThresholds t) => $"{t.TurningEighteenWithinDays} days before the 18th birthday";

    public Finding? Evaluate(RuleContext context)
    {
        if (context.Child.DateOfBirth is not { } dob || !context.Referrals.Any(r => r.IsOpen))
        {
            return null;
        }

        var birthday = Common.UkCalendar.Birthday(dob, 18);
        var days = birthday.DayNumber - context.Today.DayNumber;
        if (days <= 0 || days > context.Thresholds.TurningEighteenWithinDays)
        {
            return null;
        }

        return new Finding(Code, Severity.Medium,
            $"Turns 18 on {Evidence.Date(birthday)} ({Evidence.Count(days, "day")}) with an NRM case still open; consent is needed to stay in the NRM after 18",
            Evidence.Date(birthday));
    }

    /// <summary>When the days before the 18th birthday begin, and on the birthday itself.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        if (context.Child.DateOfBirth is not { } dob || !context.Referrals.Any(r => r.IsOpen))
        {
            return null;
        }

        var birthday = Common.UkCalendar.Birthday(dob, 18);
        return ChangeTimes.First(this, context,
            [ChangeTimes.From(birthday.AddDays(-context.Thresholds.TurningEighteenWithinDays)), ChangeTimes.From(birthday)]);
    }
}
