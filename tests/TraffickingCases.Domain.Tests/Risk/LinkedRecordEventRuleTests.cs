using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// RR-19: the same child, held by another organisation, went missing (high while missing, medium for 7 days after it began) or
/// was referred again there (medium for 30 days); the flag names only that organisation and its reference.
/// </summary>
public class LinkedRecordEventRuleTests
{
    private static readonly Guid EventId = Guid.Parse("0197a000-0000-7000-8000-0000000000e1");

    private readonly LinkedRecordEventRule _rule = new();

    private static LinkedEvent Missing(DateTimeOffset at, bool ongoing, Guid? id = null) =>
        new(id ?? EventId, LinkedEventKind.WentMissing, "Kent County Council", "KCC-4471", at, ongoing);

    private static LinkedEvent Referred(DateTimeOffset at, Guid? id = null) =>
        new(id ?? EventId, LinkedEventKind.Referred, "Kent County Council", "KCC-4471", at, false);

    [Fact]
    public void No_linked_events_raise_nothing()
    {
        Assert.Null(_rule.Judge(NewChild()));
    }

    [Fact]
    public void The_linked_child_missing_now_raises_high_naming_only_the_organisation_and_its_reference()
    {
        var child = NewChild();

        var finding = Fires(_rule.Judge(child, linked: [Missing(Noon("2025-06-14"), ongoing: true)]), "RR-19", Severity.High);

        Assert.Equal(
            "The same child, held by Kent County Council as KCC-4471, went missing there on 2025-06-14 12:00 and is still missing; ask Kent County Council for what you need to know",
            finding.Evidence);
        Assert.Equal(EventId.ToString(), finding.OccurrenceKey);
        Assert.DoesNotContain("Amir", finding.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("Haddad", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_linked_child_still_missing_after_7_days_stays_high()
    {
        Fires(_rule.Judge(NewChild(), linked: [Missing(Noon("2025-05-01"), ongoing: true)]), "RR-19", Severity.High);
    }

    [Fact]
    public void A_linked_child_who_has_returned_is_medium_for_7_days_from_going_missing()
    {
        var went = Noon("2025-06-10");
        var linked = new[] { Missing(went, ongoing: false) };

        var finding = Fires(_rule.Judge(NewChild(), linked: linked), "RR-19", Severity.Medium);

        Assert.Contains("went missing there on 2025-06-10 12:00 and has returned", finding.Evidence, StringComparison.Ordinal);
        Fires(_rule.Judge(NewChild(), went.AddDays(7).AddTicks(-1), linked: linked), "RR-19", Severity.Medium);
        Assert.Null(_rule.Judge(NewChild(), went.AddDays(7), linked: linked));
    }

    [Fact]
    public void A_referral_there_is_medium_for_30_days()
    {
        var at = Noon("2025-06-01");
        var linked = new[] { Referred(at) };

        var finding = Fires(_rule.Judge(NewChild(), linked: linked), "RR-19", Severity.Medium);

        Assert.Equal(
            "The same child, held by Kent County Council as KCC-4471, was referred to the NRM there on 2025-06-01 12:00; ask Kent County Council for what you need to know",
            finding.Evidence);
        Fires(_rule.Judge(NewChild(), at.AddDays(30).AddTicks(-1), linked: linked), "RR-19", Severity.Medium);
        Assert.Null(_rule.Judge(NewChild(), at.AddDays(30), linked: linked));
    }

    [Fact]
    public void An_event_after_the_moment_judged_raises_nothing_until_it_happens()
    {
        var at = Now.AddHours(3);

        Assert.Null(_rule.Judge(NewChild(), linked: [Referred(at)]));
        Fires(_rule.Judge(NewChild(), at, linked: [Referred(at)]), "RR-19", Severity.Medium);
    }

    [Fact]
    public void A_child_missing_there_now_comes_before_a_newer_referral()
    {
        var missingId = Guid.Parse("0197a000-0000-7000-8000-0000000000e2");
        var linked = new[] { Missing(Noon("2025-05-01"), ongoing: true, missingId), Referred(Noon("2025-06-10")) };

        Assert.Equal(missingId.ToString(), Fires(_rule.Judge(NewChild(), linked: linked), "RR-19", Severity.High).OccurrenceKey);
    }

    [Fact]
    public void Of_two_recent_events_the_latest_is_the_occurrence()
    {
        var latestId = Guid.Parse("0197a000-0000-7000-8000-0000000000e3");
        var linked = new[] { Referred(Noon("2025-06-01")), Missing(Noon("2025-06-12"), ongoing: false, latestId) };

        Assert.Equal(latestId.ToString(), Fires(_rule.Judge(NewChild(), linked: linked), "RR-19", Severity.Medium).OccurrenceKey);
    }

    [Fact]
    public void The_days_are_configurable()
    {
        Assert.Null(_rule.Judge(NewChild(), linked: [Referred(Noon("2025-06-01"))], thresholds: new RuleThresholds { LinkedReferralDays = 10 }));
        Fires(_rule.Judge(NewChild(), linked: [Missing(Noon("2025-06-01"), ongoing: false)], thresholds: new RuleThresholds { LinkedMissingDays = 20 }),
            "RR-19", Severity.Medium);
    }

    [Fact]
    public void A_flag_ends_with_the_reason_for_its_kind_of_event()
    {
        var child = NewChild();

        Assert.Equal("Returned there, and older than 7 days", _rule.EndReason(child, EventId.ToString(), linked: [Missing(Noon("2025-05-01"), ongoing: false)]));
        Assert.Equal("Older than 30 days", _rule.EndReason(child, EventId.ToString(), linked: [Referred(Noon("2025-05-01"))]));
        Assert.Equal("No longer linked, or the event is no longer on the other record", _rule.EndReason(child, EventId.ToString()));
    }
}
