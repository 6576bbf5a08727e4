using TraffickingCases.Domain.Risk;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>The missing rules read one spell of episodes and are shown as one flag, led by the first that holds.</summary>
public class MissingFlagsTests
{
    [Fact]
    public void One_missing_finding_is_left_as_it_is()
    {
        IReadOnlyList<Finding> findings = [Finding("RR-01", Severity.High), Finding("RR-03", Severity.Medium)];

        Assert.Same(findings, MissingFlags.Fold(findings));
    }

    [Fact]
    public void Several_are_one_finding_led_by_the_first_in_order_with_the_highest_severity_and_the_others_as_evidence()
    {
        IReadOnlyList<Finding> findings =
        [
            Finding("RR-01", Severity.High, key: "referral", evidence: "Referred twice"),
            Finding("RR-02", Severity.Medium, key: "episode-2", evidence: "Went missing while the case was open"),
            Finding("RR-03", Severity.High, key: "episode-2", evidence: "3 missing episodes in the last 30 days"),
            Finding("RR-06", Severity.Low, key: "referral", evidence: "Decision overdue", live: false),
            Finding("RR-05", Severity.Medium, key: "episode-1", evidence: "Return interview not yet offered"),
        ];

        var folded = MissingFlags.Fold(findings);

        Assert.Equal(new[] { "RR-01", "RR-02", "RR-06" }, folded.Select(f => f.Code));
        var missing = folded[1];
        Assert.Equal(Severity.High, missing.Severity);
        Assert.Equal("episode-2", missing.OccurrenceKey);
        Assert.Equal(
            "Went missing while the case was open. Also: RR-03 3 missing episodes in the last 30 days; RR-05 return interview not yet offered",
            missing.Evidence);
        Assert.True(missing.Live);
    }

    [Fact]
    public void Missing_now_leads_whatever_the_others_say()
    {
        var folded = MissingFlags.Fold([Finding("RR-14", Severity.High, evidence: "Concerns"), Finding("RR-04", Severity.Medium, key: "now", evidence: "Missing since")]);

        var missing = Assert.Single(folded);
        Assert.Equal(("RR-04", "now", Severity.High), (missing.Code, missing.OccurrenceKey, missing.Severity));
        Assert.Equal("Missing since. Also: RR-14 concerns", missing.Evidence);
    }

    [Fact]
    public void Evidence_is_kept_within_what_a_flag_holds()
    {
        var folded = MissingFlags.Fold([Finding("RR-02", evidence: new string('a', 3000)), Finding("RR-14", evidence: new string('b', 3000))]);

        Assert.Equal(4000, Assert.Single(folded).Evidence.Length);
        Assert.EndsWith("…", folded[0].Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_that_still_holds_but_no_longer_leads_says_which_flag_shows_it()
    {
        var child = NewChild();
        var episode = child.MissingForAnHour(Noon("2025-06-10"));
        var context = new RuleContext(child, false, Now, new RuleThresholds());
        Assert.Equal("RR-05", Assert.Single(RuleSet.Evaluate(context)).Code);

        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { Concerns = "Said she was taken to a flat in Leeds" }, Now);

        Assert.Equal("RR-14", Assert.Single(RuleSet.Evaluate(context)).Code);
        Assert.Equal("Now shown on the RR-14 flag: Concerns disclosed after a missing episode", RuleSet.EndReason(context, "RR-05", episode.Id.ToString()));
        Assert.Equal("Return interview completed 2025-06-15 13:00", RuleSet.EndReason(Completed(child, episode), "RR-05", episode.Id.ToString()));
    }

    private static RuleContext Completed(Children.Child child, Children.MissingEpisode episode)
    {
        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { ReturnInterviewCompletedAt = Now }, Now);
        return new RuleContext(child, false, Now, new RuleThresholds());
    }
}
