using TraffickingCases.Domain.Risk;
using static TraffickingCases.Domain.Tests.Risk.RiskTestData;

namespace TraffickingCases.Domain.Tests.Risk;

public class RiskLevelsTests
{
    private static readonly Guid ChildId = Guid.Parse("0197a000-0000-7000-8000-0000000000c3");

    private static Flag Open(Severity severity, string code = "RR-01") => Flag.Raise(ChildId, Finding(code, severity), Now);

    [Theory]
    [InlineData(new Severity[0], Severity.Low)]
    [InlineData(new[] { Severity.Low }, Severity.Low)]
    [InlineData(new[] { Severity.Low, Severity.Low }, Severity.Medium)]
    [InlineData(new[] { Severity.Medium }, Severity.Medium)]
    [InlineData(new[] { Severity.Medium, Severity.Low }, Severity.Medium)]
    [InlineData(new[] { Severity.Medium, Severity.Medium }, Severity.Medium)]
    [InlineData(new[] { Severity.Medium, Severity.Medium, Severity.Medium }, Severity.High)]
    [InlineData(new[] { Severity.Medium, Severity.Medium, Severity.Low, Severity.Low }, Severity.Medium)]
    [InlineData(new[] { Severity.High }, Severity.High)]
    [InlineData(new[] { Severity.Low, Severity.High }, Severity.High)]
    public void The_level_follows_the_open_severities(Severity[] open, Severity expected)
    {
        Assert.Equal(expected, RiskLevels.Derive(open));
        Assert.Equal(expected, RiskLevels.Derive(open.Select(s => Open(s))));
    }

    [Fact]
    public void No_flags_is_low()
    {
        Assert.Equal(Severity.Low, RiskLevels.Derive(Array.Empty<Flag>()));
    }

    [Fact]
    public void A_high_flag_whose_condition_cleared_does_not_count()
    {
        var high = Open(Severity.High);
        high.ClearCondition(Now);

        Assert.Equal(Severity.Low, RiskLevels.Derive([high]));
        Assert.Equal(Severity.Medium, RiskLevels.Derive([high, Open(Severity.Medium, "RR-02")]));
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
    public void Acknowledged_and_manual_flags_count()
    {
        var acknowledged = Open(Severity.High);
        acknowledged.Acknowledge("user-7", "Sam Patel", null, Now);
        var manual = Flag.RaiseManually(ChildId, Severity.Medium, "Concern", "user-7", "Sam Patel", Now);

        Assert.Equal(Severity.High, RiskLevels.Derive([acknowledged]));
        Assert.Equal(Severity.Medium, RiskLevels.Derive([manual]));
    }

    [Fact]
    public void Three_medium_flags_with_one_cleared_are_medium()
    {
        var cleared = Open(Severity.Medium, "RR-03");
        cleared.ClearCondition(Now);

        Assert.Equal(Severity.Medium, RiskLevels.Derive([Open(Severity.Medium), Open(Severity.Medium, "RR-02"), cleared]));
    }
}
