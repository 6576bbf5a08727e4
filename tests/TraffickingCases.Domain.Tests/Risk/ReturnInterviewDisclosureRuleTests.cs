using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Domain.Risk.Rules;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>RR-14: concerns recorded on an episode are high for 30 days from the return (or while the child is still missing).</summary>
public class ReturnInterviewDisclosureRuleTests
{
    private const string Concerns = "Said he was driven to Birmingham by two older men and made to hold a bag";

    private readonly ReturnInterviewDisclosureRule _rule = new();

    [Fact]
    public void Concerns_after_a_recent_return_raise_high_quoting_them()
    {
        var child = NewChild();
        var episode = child.Returned(Noon("2025-06-01"), completed: Noon("2025-06-02"), concerns: Concerns);

        var finding = Fires(_rule.Judge(child), "RR-14", Severity.High);

        Assert.Equal($"Concerns recorded after the return on 2025-06-01 12:00: {Concerns}", finding.Evidence);
        Assert.Equal(episode.Id.ToString(), finding.OccurrenceKey);
    }

    [Fact]
    public void An_episode_without_concerns_raises_nothing()
    {
        var child = NewChild();
        child.Returned(Noon("2025-06-01"), completed: Noon("2025-06-02"));

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Concerns_on_an_episode_still_going_on_are_dated_from_going_missing()
    {
        var child = NewChild();
        child.RecordEpisode(new MissingEpisodeDetails { WentMissingAt = Noon("2025-06-14"), Concerns = "Seen getting into a car with an older man" });

        var finding = Fires(_rule.Judge(child), "RR-14", Severity.High);

        Assert.Equal("Concerns recorded after going missing on 2025-06-14 12:00: Seen getting into a car with an older man", finding.Evidence);
    }

    [Fact]
    public void The_flag_lasts_30_days_from_the_return()
    {
        var child = NewChild();
        var episode = child.Returned(Noon("2025-06-01"), concerns: Concerns);
        var end = episode.ReturnedAt!.Value.AddDays(30);

        Fires(_rule.Judge(child, end.AddTicks(-1)), "RR-14", Severity.High);
        Assert.Null(_rule.Judge(child, end));
    }

    [Fact]
    public void Concerns_on_an_episode_a_year_ago_raise_nothing()
    {
        var child = NewChild();
        child.Returned(Noon("2024-06-01"), concerns: Concerns);

        Assert.Null(_rule.Judge(child));
    }

    [Fact]
    public void Long_concerns_are_quoted_up_to_300_characters()
    {
        var child = NewChild();
        child.Returned(Noon("2025-06-01"), concerns: new string('a', 299) + "bc");

        var finding = Fires(_rule.Judge(child), "RR-14", Severity.High);

        Assert.EndsWith(": " + new string('a', 299) + "b…", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Concerns_of_exactly_300_characters_are_quoted_whole()
    {
        var child = NewChild();
        child.Returned(Noon("2025-06-01"), concerns: new string('a', 300));

        Assert.EndsWith(": " + new string('a', 300), Fires(_rule.Judge(child), "RR-14", Severity.High).Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void The_latest_episode_with_concerns_is_the_occurrence_and_a_later_one_without_does_not_hide_it()
    {
        var child = NewChild();
        child.Returned(Noon("2025-05-25"), concerns: "First disclosure");
        var latest = child.Returned(Noon("2025-06-01"), concerns: "Second disclosure");
        child.Returned(Noon("2025-06-10"));

        var finding = Fires(_rule.Judge(child), "RR-14", Severity.High);

        Assert.Equal(latest.Id.ToString(), finding.OccurrenceKey);
        Assert.EndsWith("Second disclosure", finding.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void An_episode_recorded_ahead_raises_nothing_until_it_begins()
    {
        var child = NewChild();
        var ahead = child.RecordEpisode(new MissingEpisodeDetails { WentMissingAt = Now.AddHours(2), Concerns = Concerns }, Now.AddHours(3));

        Assert.Null(_rule.Judge(child));
        Assert.Equal(ahead.Id.ToString(), Fires(_rule.Judge(child, ahead.WentMissingAt), "RR-14", Severity.High).OccurrenceKey);
    }

    [Fact]
    public void The_days_are_configurable()
    {
        var child = NewChild();
        child.Returned(Noon("2025-06-01"), concerns: Concerns);

        Assert.Null(_rule.Judge(child, thresholds: new RuleThresholds { RecentEventDays = 10 }));
        Fires(_rule.Judge(child, thresholds: new RuleThresholds { RecentEventDays = 15 }), "RR-14", Severity.High);
    }

    [Fact]
    public void A_flag_ends_when_the_concerns_are_removed()
    {
        var child = NewChild();
        var episode = child.Returned(Noon("2025-06-01"), concerns: Concerns);
        child.UpdateMissingEpisode(episode.Id, episode.ToDetails() with { Concerns = " " }, Now);

        Assert.Null(_rule.Judge(child));
        Assert.Equal("The concerns were removed from the episode", _rule.EndReason(child, episode.Id.ToString()));
    }

    [Fact]
    public void A_flag_ends_30_days_after_the_return()
    {
        var child = NewChild();
        var episode = child.Returned(Noon("2025-05-10"), concerns: Concerns);

        Assert.Null(_rule.Judge(child));
        Assert.Equal("Older than 30 days", _rule.EndReason(child, episode.Id.ToString()));
    }

    [Fact]
    public void A_flag_for_earlier_concerns_ends_when_later_ones_raise_their_own()
    {
        var child = NewChild();
        var earlier = child.Returned(Noon("2025-05-25"), concerns: "First disclosure");
        child.Returned(Noon("2025-06-01"), concerns: "Second disclosure");

        Assert.Equal("A later episode with concerns raised its own flag", _rule.EndReason(child, earlier.Id.ToString()));
    }
}
