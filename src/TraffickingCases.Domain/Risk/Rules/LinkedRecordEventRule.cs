namespace TraffickingCases.Domain.Risk.Rules;

/// <summary>
/// RR-19: a record confirmed as the same child held by another organisation went missing or was referred again there. The
/// flag names only that organisation and its reference: the duty to share, without sharing the record.
/// </summary>
public sealed class LinkedRecordEventRule : IRiskRule
{
    public string Code => "RR-19";

    public string Title => "The same child went missing or was referred again at another organisation";

    public RuleKind Kind => RuleKind.LiveIndicator;

    public string SeverityText => "High while the child is missing there; medium after the return or for a new referral";

    public string Lifetime(RuleThresholds t) =>
        $"While missing there and {t.LinkedMissingDays} days after the episode began; {t.LinkedReferralDays} days after a referral there; each event is its own flag";

    public string Rationale =>
        "When a child is known to two organisations, what happens at one is a sign of risk at the other; the Caldicott principles make the duty to share as important as confidentiality, so the other organisation is told that something happened and whom to ask, not what.";

    public string Source => "Caldicott principles (the duty to share, 2013); Working Together to Safeguard Children (2023)";

    public string Thresholds(RuleThresholds t) => $"missing: while missing and {t.LinkedMissingDays} days; referral: {t.LinkedReferralDays} days";

    public Finding? Evaluate(RuleContext context)
    {
        var t = context.Thresholds;
        var current = context.LinkedEvents
            .Where(e => e.At <= context.Now && (e.Kind == LinkedEventKind.WentMissing
                ? e.Ongoing || e.At > context.Now.AddDays(-t.LinkedMissingDays)
                : e.At > context.Now.AddDays(-t.LinkedReferralDays)))
            .OrderByDescending(e => e.Kind == LinkedEventKind.WentMissing && e.Ongoing)
            .ThenByDescending(e => e.At)
            .FirstOrDefault();
        if (current is null)
        {
            return null;
        }

        var evidence = current.Kind == LinkedEventKind.WentMissing
            ? $"The same child, held by {current.OrganisationName} as {current.Reference}, went missing there on {Evidence.Time(current.At)}{(current.Ongoing ? " and is still missing" : " and has returned")}; ask {current.OrganisationName} for what you need to know"
            : $"The same child, held by {current.OrganisationName} as {current.Reference}, was referred to the NRM there on {Evidence.Time(current.At)}; ask {current.OrganisationName} for what you need to know";
        var severity = current.Kind == LinkedEventKind.WentMissing && current.Ongoing ? Severity.High : Severity.Medium;
        return new Finding(Code, severity, evidence, current.EventId.ToString());
    }

    public string EndReason(RuleContext context, string occurrenceKey) =>
        context.LinkedEvents.FirstOrDefault(e => e.EventId.ToString() == occurrenceKey) is { } e
            ? e.Kind == LinkedEventKind.WentMissing ? $"Returned there, and older than {context.Thresholds.LinkedMissingDays} days" : $"Older than {context.Thresholds.LinkedReferralDays} days"
            : "No longer linked, or the event is no longer on the other record";

    public DateTimeOffset? NextChange(RuleContext context) =>
        ChangeTimes.First(this, context, context.LinkedEvents.SelectMany(e => new[]
        {
            e.At, e.At.AddDays(e.Kind == LinkedEventKind.WentMissing ? context.Thresholds.LinkedMissingDays : context.Thresholds.LinkedReferralDays),
        }));
}
