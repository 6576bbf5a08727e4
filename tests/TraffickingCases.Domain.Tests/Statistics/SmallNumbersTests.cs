using TraffickingCases.Domain.Statistics;

namespace TraffickingCases.Domain.Tests.Statistics;

public sealed class SmallNumbersTests
{
    private readonly SmallNumbers _protection = new(threshold: 10, roundTo: 5);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(9)]
    public void A_count_below_the_threshold_is_suppressed(int count)
    {
        var figure = _protection.Cell(count);

        Assert.Equal(FigureKind.Suppressed, figure.Kind);
        Assert.Null(figure.Value);
        Assert.Equal("[c]", figure.ToString());
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(10, "10")]
    [InlineData(1311, "1311")]
    public void Zero_and_counts_at_or_above_the_threshold_are_published_as_counted(int count, string shown) =>
        Assert.Equal(shown, _protection.Cell(count).ToString());

    [Theory]
    [InlineData(12, 10)]
    [InlineData(13, 15)]
    [InlineData(25, 25)]
    [InlineData(1541, 1540)]
    public void Totals_are_rounded_to_the_nearest_five(int count, int shown)
    {
        var figure = _protection.Total(count);

        Assert.Equal(FigureKind.Rounded, figure.Kind);
        Assert.Equal(shown, figure.Value);
    }

    [Fact]
    public void A_suppressed_cell_of_3_cannot_be_recovered_by_subtracting_the_other_cells_from_the_total()
    {
        // Girls 3 (suppressed), boys 22 and other 0 (published); the total shows 25.
        var cells = new[] { _protection.Cell(3), _protection.Cell(22), _protection.Cell(0) };
        var total = _protection.Total(25);
        Assert.Equal(FigureKind.Suppressed, cells[0].Kind);

        // Every value the suppressed cell could take that is consistent with everything published.
        var known = (int)(cells[1].Value!.Value + cells[2].Value!.Value);
        var consistent = Enumerable.Range(1, _protection.Threshold - 1).Where(v => _protection.Round(known + v) == (int)total.Value!.Value).ToList();

        Assert.Contains(3, consistent);
        Assert.True(consistent.Count >= 2, $"only {string.Join(", ", consistent)} fit the published figures");
    }

    [Fact]
    public void A_total_below_the_threshold_is_suppressed_rather_than_rounded() =>
        Assert.Equal(FigureKind.Suppressed, _protection.Total(7).Kind);

    [Fact]
    public void A_median_of_too_few_cases_is_suppressed_and_a_median_of_none_is_not_applicable()
    {
        Assert.Equal("[c]", _protection.Statistic(4.5, basedOn: 4).ToString());
        Assert.Equal("10.5", _protection.Statistic(10.5, basedOn: 12).ToString());
        Assert.Equal("[x]", _protection.Statistic(null, basedOn: 0).ToString());
    }
}
