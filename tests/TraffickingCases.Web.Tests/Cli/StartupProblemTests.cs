using Microsoft.Extensions.Configuration;
using Npgsql;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Cli;

/// <summary>What `tc` says when its configuration or its database is wrong: the section or the database at fault, exit code 2.</summary>
[Collection(HttpCollection.Name)]
public sealed class StartupProblemTests(AppFixture fixture)
{
    [Theory]
    [InlineData("Statistics", "Statistics:SuppressionThreshold", "0")]
    [InlineData("Exports", "Exports:FlushEveryRows", "0")]
    [InlineData("Matching", "Matching:LikelyThreshold", "7")]
    [InlineData("Rules", "Rules:SweepBatchSize", "0")]
    public async Task A_setting_out_of_range_is_reported_with_its_own_section_before_anything_runs(string section, string key, string value)
    {
        var (code, output, error) = await fixture.Database.TcAsync(["flags"], new() { [key] = value });

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.StartsWith($"error: the {section} configuration is not valid: ", error, StringComparison.Ordinal);
        Assert.Contains(key, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_is_named_with_how_to_create_it()
    {
        var missing = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { Database = "tc_no_such_database" }.ConnectionString;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Cases"] = missing }).Build();
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await TraffickingCases.Cli.TcCommands.RunAsync(["flags"], output, error, configuration);

        Assert.Equal(2, code);
        Assert.Equal("error: the database \"tc_no_such_database\" does not exist on the server; create it with `tc migrate` (or scripts/run.sh), or check the connection string\n",
            error.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task No_database_configured_says_how_to_configure_one()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>()).Build();
        var error = new StringWriter();

        var code = await TraffickingCases.Cli.TcCommands.RunAsync(["flags"], new StringWriter(), error, configuration);

        Assert.Equal(2, code);
        Assert.StartsWith("error: No database is configured.", error.ToString(), StringComparison.Ordinal);
    }
}
