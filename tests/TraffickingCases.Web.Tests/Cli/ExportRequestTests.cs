using TraffickingCases.Infrastructure.Exports;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Cli;

/// <summary>The checks /exports and tc export share, made once by <see cref="ExportRequestValidator"/>.</summary>
[Collection(HttpCollection.Name)]
public sealed class ExportRequestTests(AppFixture fixture)
{
    private static readonly ExportActor Actor = new("test", "Test Auditor", "test");

    [Fact]
    public async Task A_request_in_order_becomes_an_export_of_that_organisation_with_the_code_in_capitals()
    {
        var check = await CheckAsync(new() { Dataset = ExportDatasets.Flags, Format = ExportFormat.Jsonl, Organisation = " nsc ", From = new(2024, 1, 1), To = new(2024, 12, 31), Rule = "RR-01", Status = "open" });

        Assert.Empty(check.Problems);
        var request = Assert.IsType<ExportRequest>(check.Request);
        Assert.Equal("NSC", request.Filters.OrganisationCode);
        Assert.NotNull(request.Filters.OrganisationId);
        Assert.Equal(("RR-01", "open"), (request.Filters.Rule, request.Filters.Status));
        Assert.Null(request.Justification);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once_against_its_field()
    {
        var check = await CheckAsync(new() { Organisation = "NOPE", Status = "closed", Identifiable = true, Justification = "because" });

        Assert.Null(check.Request);
        Assert.Equal(
            [ExportField.Dataset, ExportField.Format, ExportField.Organisation, ExportField.Status, ExportField.Justification],
            check.Problems.Select(p => p.Field));
        Assert.Contains(check.Problems, p => p.Message == "No organisation has the code NOPE");
    }

    [Theory]
    [InlineData("1899-12-31", null, ExportField.From, "The start date must be between 1 January 1900 and 31 December 2099")]
    [InlineData(null, "9999-12-31", ExportField.To, "The end date must be between 1 January 1900 and 31 December 2099")]
    [InlineData("2100-01-01", null, ExportField.From, "The start date must be between 1 January 1900 and 31 December 2099")]
    [InlineData("2024-06-02", "2024-06-01", ExportField.To, "The end date must be on or after the start date")]
    public async Task A_date_range_out_of_order_or_beyond_the_calendar_the_service_keeps_is_refused(string? from, string? to, ExportField field, string message)
    {
        var check = await CheckAsync(new() { Dataset = ExportDatasets.Referrals, Format = ExportFormat.Csv, From = Date(from), To = Date(to) });

        var problem = Assert.Single(check.Problems);
        Assert.Equal((field, message), (problem.Field, problem.Message));
    }

    [Fact]
    public async Task The_first_and_last_days_of_the_range_and_a_single_day_are_accepted()
    {
        var wide = await CheckAsync(new() { Dataset = ExportDatasets.Referrals, Format = ExportFormat.Csv, From = ExportRequestValidator.EarliestDate, To = ExportRequestValidator.LatestDate });
        var oneDay = await CheckAsync(new() { Dataset = ExportDatasets.Referrals, Format = ExportFormat.Csv, From = new(2024, 6, 1), To = new(2024, 6, 1) });

        Assert.True(wide.IsValid);
        Assert.True(oneDay.IsValid);
    }

    [Fact]
    public async Task Rule_and_status_filters_are_refused_for_a_dataset_other_than_flags()
    {
        var check = await CheckAsync(new() { Dataset = ExportDatasets.Referrals, Format = ExportFormat.Csv, Rule = "RR-01" });

        var problem = Assert.Single(check.Problems);
        Assert.Equal((ExportField.Rule, "Rule and status filters apply only to flags"), (problem.Field, problem.Message));
    }

    [Fact]
    public async Task An_identifiable_export_needs_a_justification_of_the_configured_length_and_keeps_it_trimmed()
    {
        var none = await CheckAsync(new() { Dataset = ExportDatasets.Children, Format = ExportFormat.Csv, Identifiable = true });
        var tooShort = await CheckAsync(new() { Dataset = ExportDatasets.Children, Format = ExportFormat.Csv, Identifiable = true, Justification = "   nineteen chars ok   " });
        var enough = await CheckAsync(new() { Dataset = ExportDatasets.Children, Format = ExportFormat.Csv, Identifiable = true, Justification = "  Court order 2026/117 names  " });
        var ignored = await CheckAsync(new() { Dataset = ExportDatasets.Children, Format = ExportFormat.Csv, Justification = "x" });

        Assert.StartsWith("Enter why you need names", Assert.Single(none.Problems).Message, StringComparison.Ordinal);
        Assert.Equal("An identifiable export needs a justification of at least 20 characters", Assert.Single(tooShort.Problems).Message);
        Assert.Equal("Court order 2026/117 names", enough.Request?.Justification);
        Assert.Null(ignored.Request?.Justification);
        Assert.True(ignored.IsValid);
    }

    [Fact]
    public async Task A_request_built_in_code_is_held_to_the_same_rules_by_the_exporter()
    {
        var request = new ExportRequest(ExportDatasets.Referrals, ExportFormat.Csv, new ExportFilters { To = new DateOnly(9999, 12, 31) }, false, null, Actor);

        var problems = ExportRequestValidator.Problems(request, new ExportSettings());

        Assert.Equal(ExportField.To, Assert.Single(problems).Field);
    }

    private async Task<ExportRequestCheck> CheckAsync(ExportRequestInput input)
    {
        await using var db = fixture.Database.CreateContext();
        return await new ExportRequestValidator(db, new ExportSettings()).CheckAsync(input, Actor, CancellationToken.None);
    }

    private static DateOnly? Date(string? text) => text is null ? null : DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
