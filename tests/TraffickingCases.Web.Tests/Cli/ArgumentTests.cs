using Microsoft.Extensions.Configuration;
using TraffickingCases.Cli;

namespace TraffickingCases.Web.Tests.Cli;

/// <summary>Bad arguments are refused by the command line itself, before any database is needed.</summary>
public sealed class ArgumentTests
{
    [Theory]
    [InlineData("flags", "--format", "xml")]
    [InlineData("flags", "--status", "closed")]
    [InlineData("organisation", "add", "--code", "X", "--name", "X Council", "--type", "council")]
    [InlineData("export", "referrals", "--format", "pdf")]
    [InlineData("export", "referrals", "--status", "closed")]
    [InlineData("export", "register")]
    public async Task A_value_that_is_not_one_of_the_allowed_ones_is_refused_with_the_allowed_values_named(params string[] args)
    {
        var (code, output, error) = await TcWithoutDatabaseAsync(args);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains($"'{args[^1]}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("No database", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_allowed_values_are_named_in_the_message()
    {
        var (_, _, typeError) = await TcWithoutDatabaseAsync("organisation", "add", "--code", "X", "--name", "X Council", "--type", "council");
        var (_, _, formatError) = await TcWithoutDatabaseAsync("flags", "--format", "xml");

        Assert.Contains("local_authority", typeError, StringComparison.Ordinal);
        Assert.Contains("government_agency", typeError, StringComparison.Ordinal);
        Assert.Contains("csv", formatError, StringComparison.Ordinal);
        Assert.Contains("text", formatError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--from", "export", "referrals", "--from", "2024-13-01")]
    [InlineData("--to", "export", "referrals", "--to", "01/02/2024")]
    [InlineData("--removed-before", "record-retention", "--anchor-hash", "ab", "--removed-before", "yesterday", "--archive", "a", "--by", "b")]
    public async Task A_date_not_in_the_form_yyyy_mm_dd_is_refused_with_the_option_named(string option, params string[] args)
    {
        var (code, output, error) = await TcWithoutDatabaseAsync(args);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains("YYYY-MM-DD", error, StringComparison.Ordinal);
        Assert.DoesNotContain("No database", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("generate", "--children", "0")]
    [InlineData("generate", "--children", "10", "--duplicate-rate", "1.5")]
    [InlineData("match", "/no/such/file.csv")]
    [InlineData("import", "children", "/no/such/file.csv")]
    [InlineData("import", "missing-episodes", "/no/such/file.csv")]
    [InlineData("export", "referrals", "--format", "xlsx")]
    [InlineData("verify-audit", "--checkpoints", ".")]
    [InlineData("verify-audit", "--checkpoints", ".", "--public-key", "/no/such/key.pem")]
    [InlineData("audit", "checkpoint-key", "--private", "checkpoint-private.pem")]
    public async Task A_number_out_of_range_a_missing_file_or_an_xlsx_without_a_file_is_refused_before_anything_runs(params string[] args)
    {
        var (code, output, error) = await TcWithoutDatabaseAsync(args);

        Assert.Equal(1, code);
        Assert.Equal(string.Empty, output);
        Assert.DoesNotContain("No database", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_verb_that_needs_the_database_says_in_one_line_that_none_is_configured()
    {
        var (code, _, error) = await TcWithoutDatabaseAsync("sweep");

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: No database is configured", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_documented_spellings_still_parse()
    {
        // Each fails for want of a database (exit 2), so each got past the command line's own checks.
        var key = typeof(ArgumentTests).Assembly.Location; // the command line checks only that a key file exists
        foreach (var args in new[]
                 {
                     new[] { "verify-audit", "--checkpoints", ".", "--public-key", key, "--public-key", key },
                     ["audit", "verify", "--no-chain", "--checkpoints", ".", "--public-key", key],
                     ["audit", "checkpoint", "--directory", ".", "--key", key],
                     ["organisation", "add", "--code", "X", "--name", "X", "--type", "local_authority", "--ictg-area"],
                     ["organisation", "add", "--code", "X", "--name", "X", "--type", "GOVERNMENT_AGENCY"],
                     ["create-user", "--email", "a@b.test", "--role", "manager", "--organisation", "NSC"],
                     ["flags", "--status", "all", "--format", "csv"],
                     ["flags", "--status", "OPEN", "--format", "Text"],
                     ["export", "missing-episodes", "--format", "csv", "--from", "2024-01-01", "--to", "2024-12-31", "--organisation", "NSC"],
                     ["export", "flags", "--format", "jsonl", "--rule", "RR-01", "--status", "open"],
                     ["export", "Support-Requests", "--format", "XLSX", "--out", "x.xlsx"],
                     ["bench", "export", "--referrals", "10", "--format", "jsonl"],
                 })
        {
            var (code, _, error) = await TcWithoutDatabaseAsync(args);
            Assert.True(code == 2, $"{string.Join(' ', args)} answered {code}: {error}");
        }
    }

    private static async Task<(int Code, string Output, string Error)> TcWithoutDatabaseAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TcCommands.RunAsync(args, output, error, new ConfigurationBuilder().Build());
        return (code, output.ToString(), error.ToString());
    }
}
