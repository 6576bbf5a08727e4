using TraffickingCases.Domain.Children;

namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>RR-07: legal or mental-health support requested long ago has not started.</summary>
public sealed class SupportWaitingRule : IRiskRule
{
    public string Code => "RR-07";

    public string Title => "Waiting too long for legal or mental-health support";

    public RuleKind Kind => RuleKind.StaticVulnerability;

    public string SeverityText => "Medium";

    public string Lifetime(RuleThresholds t) => "Until every late request has started; a request that becomes late renews the flag";

    public string EndReason(RuleContext context, string occurrenceKey)
    {
        var ids = occurrenceKey.Split(',');
        var requests = context.SupportRequests.Where(s => ids.Contains(s.Id.ToString())).ToList();
        return requests.Count > 0 && requests.All(s => s.StartedOn is not null)
            ? "Support started"
            : Evaluate(context) is null ? "No request is waiting past its days" : "The requests waiting changed; a new flag lists them";
    }

    public string Rationale => "Children in the NRM wait long for legal advice and mental-health services; without them they are less able to stay safe and to engage with the process.";

    public string Source => "No published waiting-time target exists: the days are local settings (Rules:LegalSupportDueWorkingDays, Rules:MentalHealthSupportDueDays), set by each service";

    public string Thresholds(RuleThresholds t) =>
        $"local settings: legal and immigration legal advice {t.LegalSupportDueWorkingDays} working days; mental health {t.MentalHealthSupportDueDays} days";

    public Finding? Evaluate(RuleContext context)
    {
        var t = context.Thresholds;
        var late = context.SupportRequests
            .Where(s => s.StartedOn is null)
            .Where(s => s.Type switch
            {
                SupportType.LegalAdvice or SupportType.ImmigrationLegalAdvice => WorkingDays.Between(s.RequestedOn, context.Today) > t.LegalSupportDueWorkingDays,
                SupportType.MentalHealth => s.WaitingDays(context.Today) > t.MentalHealthSupportDueDays,
                SupportType.Ictg or SupportType.Education or SupportType.Other => false,
            })
            .OrderBy(s => s.RequestedOn)
            .ToList();
        if (late.Count == 0)
        {
            return null;
        }

        var evidence = string.Join("; ", late.Select(s =>
            $"{Labels.Of(s.Type).ToLowerInvariant()} requested {Evidence.Date(s.RequestedOn)}, not started after {s.WaitingDays(context.Today)} days"));
        return new Finding(Code, Severity.Medium, char.ToUpperInvariant(evidence[0]) + evidence[1..],
            string.Join(",", late.Select(s => s.Id).Order()));
    }

    /// <summary>When a waiting request passes its number of days; each one that does changes the occurrence key.</summary>
    public DateTimeOffset? NextChange(RuleContext context)
    {
        var t = context.Thresholds;
        return ChangeTimes.First(this, context, context.SupportRequests
            .Where(s => s.StartedOn is null)
            .Select(s => s.Type switch
            {
                SupportType.LegalAdvice or SupportType.ImmigrationLegalAdvice => ChangeTimes.MoreWorkingDaysThan(s.RequestedOn, t.LegalSupportDueWorkingDays),
                SupportType.MentalHealth => ChangeTimes.From(s.RequestedOn.AddDays(t.MentalHealthSupportDueDays + 1)),
                SupportType.Ictg or SupportType.Education or SupportType.Other => (DateTimeOffset?)null,
            })
            .OfType<DateTimeOffset>());
    }
}
