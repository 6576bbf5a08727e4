using TraffickingCases.Domain.Risk;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

/// <summary>
/// High needs a live indicator: a live high flag, or three medium-or-above flags of which one is live. Static vulnerabilities
/// never make a child high on their own; RR-00 never counts; only open flags count.
/// </summary>
public class RiskLevelsTests
{
    private static readonly Guid ChildId = Guid.Parse("0197a000-0000-7000-8000-0000000000c3");

    private static Flag Open(Severity severity, string code = "RR-01", bool live = true) =>
        Flag.Raise(ChildId, Finding(code, severity, live: live), Now);

    /// <summary>Open flags written as L/M/H for live and l/m/h for static.</summary>
    private static (Severity, bool)[] Parse(string flags) => [.. flags.Select(c => (char.ToUpperInvariant(c) switch
    {
        'L' => Severity.Low,
        'M' => Severity.Medium,
        'H' => Severity.High,
        _ => throw new ArgumentException(flags),
    }, char.IsUpper(c)))];

    [Theory]
    [InlineData("", Severity.Low)]
    [InlineData("L", Severity.Low)]
    [InlineData("l", Severity.Low)]
    [InlineData("Ll", Severity.Medium)]
    [InlineData("ll", Severity.Medium)]
    [InlineData("M", Severity.Medium)]
    [InlineData("m", Severity.Medium)]
    [InlineData("ML", Severity.Medium)]
    [InlineData("MM", Severity.Medium)]
    [InlineData("MMM", Severity.High)]
    [InlineData("Mmm", Severity.High)]
    [InlineData("mmm", Severity.Medium)]
    [InlineData("mmmmh", Severity.Medium)]
    [InlineData("mmL", Severity.Medium)]
    [InlineData("mmLLLL", Severity.Medium)]
    [InlineData("MMLL", Severity.Medium)]
    [InlineData("H", Severity.High)]
    [InlineData("h", Severity.Medium)]
    [InlineData("hhh", Severity.Medium)]
    [InlineData("hhM", Severity.High)]
    [InlineData("hhL", Severity.Medium)]
    [InlineData("lH", Severity.High)]
    public void The_level_follows_the_open_severities_and_needs_a_live_indicator_for_high(string flags, Severity expected)
    {
        var open = Parse(flags);

        Assert.Equal(expected, RiskLevels.Derive(open));
        Assert.Equal(expected, RiskLevels.Derive(open.Select(f => Open(f.Item1, live: f.Item2))));
    }

    [Fact]
    public void No_flags_is_low()
    {
        Assert.Equal(Severity.Low, RiskLevels.Derive(Array.Empty<Flag>()));
    }

    [Fact]
    public void A_possible_same_child_flag_never_counts()
    {
        var match = Flag.RaiseMatch(ChildId, Guid.NewGuid(), Severity.High, "Likely the same child", 0.97, 0, Now);

        Assert.False(RiskLevels.Counts(match));
        Assert.Equal(Severity.Low, RiskLevels.Derive([match]));
        Assert.Equal(Severity.Medium, RiskLevels.Derive([match, Open(Severity.Medium), Open(Severity.Medium, "RR-02")]));
    }

    [Fact]
    public void Ended_flags_do_not_count()
    {
        var ended = Open(Severity.High, "RR-04");
        ended.End("Returned 2025-06-15 14:00", Now);

        Assert.False(RiskLevels.Counts(ended));
        Assert.Equal(Severity.Low, RiskLevels.Derive([ended]));
    }

    [Fact]
    public void Resolved_and_dismissed_flags_do_not_count()
    {
        var resolved = Open(Severity.High);
        resolved.Resolve("user-9", "Alex Manager", "Dealt with", Now);
        var dismissed = Open(Severity.Medium, "RR-02");
        dismissed.Dismiss("user-9", "Alex Manager", "Wrong child", Now);

        Assert.Equal(Severity.Low, RiskLevels.Derive([resolved, dismissed]));
    }

    [Fact]
    public void Acknowledged_and_manual_flags_count_and_a_manual_flag_is_live()
    {
        var acknowledged = Open(Severity.High);
        acknowledged.Acknowledge("user-7", "Sam Patel", null, Now);
        var manualMedium = Flag.RaiseManually(ChildId, Severity.Medium, "Concern", "user-7", "Sam Patel", Now);
        var manualHigh = Flag.RaiseManually(ChildId, Severity.High, "Seen with a known exploiter", "user-7", "Sam Patel", Now);

        Assert.Equal(Severity.High, RiskLevels.Derive([acknowledged]));
        Assert.Equal(Severity.Medium, RiskLevels.Derive([manualMedium]));
        Assert.Equal(Severity.High, RiskLevels.Derive([manualHigh]));
    }

    [Fact]
    public void A_flag_stored_as_cleared_before_lifetimes_does_not_count()
    {
        var cleared = Open(Severity.High, "RR-02");
        typeof(Flag).GetProperty(nameof(Flag.ConditionClearedAt))!.SetValue(cleared, (DateTimeOffset?)Now);

        Assert.False(RiskLevels.Counts(cleared));
        Assert.Equal(Severity.Medium, RiskLevels.Derive([cleared, Open(Severity.Medium, "RR-03")]));
    }

    [Fact]
    public void The_explanation_says_high_needs_a_live_indicator_and_an_override_has_a_review_date()
    {
        Assert.Contains("live indicator", RiskLevels.Explanation, StringComparison.Ordinal);
        Assert.Contains("review date", RiskLevels.Explanation, StringComparison.Ordinal);
        Assert.Contains("possible-same-child flags never count", RiskLevels.Explanation, StringComparison.Ordinal);
    }
}
