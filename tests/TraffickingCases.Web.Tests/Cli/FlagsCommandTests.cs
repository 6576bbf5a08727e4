using System.Net;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Cli;

[Collection(HttpCollection.Name)]
public sealed class FlagsCommandTests(AppFixture fixture)
{
    [Fact]
    public async Task Tc_flags_as_csv_neutralises_a_cell_a_spreadsheet_would_run_as_a_formula_as_exports_do()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Formula", "Flagcell");
        var page = (await session.GetPageAsync(child)).Page;
        const string reason = "=HYPERLINK(\"http://x.test\",\"open\")";
        Assert.Equal(HttpStatusCode.Redirect, (await session.PostAsync(page, $"{child}/flags", [new("Flag.Severity", "High"), new("Flag.Message", reason)])).StatusCode);

        var (code, output, error) = await fixture.Database.TcAsync(["flags", "--format", "csv"]);

        Assert.True(code == 0, error);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x.test\"\",\"\"open\"\")\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", output, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=HYPERLINK", output, StringComparison.Ordinal);
    }
}
