using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Exports;

/// <summary>A database of its own holding only a known set of children, so every count is known.</summary>
public sealed class StatisticsFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new TestApp(Database, kestrel: false);
        await App.SeedAsync(children: 0);
        var caseworker = NewSession();
        await caseworker.SignInAsync(Session.Caseworker);

        // 12 Albanian boys referred once for criminal exploitation; 6 decided in 7 days and 6 in 14. Each went missing once in
        // March 2024: the first 10 had their return interview 4 days after returning, the other 2 declined it.
        for (var i = 0; i < 12; i++)
        {
            var child = await caseworker.RegisterChildAsync("Statboy", $"Albanian{i:00}", "2008-03-01", nationalities: "ALB");
            Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2024-02-01", "Criminal", new()
            {
                ["Form.RgOutcome"] = "Positive", ["Form.RgDecisionDate"] = i < 6 ? "2024-02-08" : "2024-02-15",
            })).StatusCode);
            var episode = new Dictionary<string, string>
            {
                ["Form.WentMissingAt"] = "2024-03-01T10:00", ["Form.ReturnedAt"] = "2024-03-02T10:00", ["Form.WhereaboutsKnown"] = "false",
            };
            episode[i < 10 ? "Form.ReturnInterviewCompletedAt" : "Form.ReturnInterviewDeclined"] = i < 10 ? "2024-03-06T10:00" : "true";
            Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync($"{child}/missing-episodes/new", $"{child}/missing-episodes/new", episode)).StatusCode);
        }

        // 10 UK boys referred twice for criminal exploitation, and 3 UK girls twice for sexual exploitation.
        foreach (var (gender, exploitation, count) in new[] { ("Male", "Criminal", 10), ("Female", "Sexual", 3) })
        {
            for (var i = 0; i < count; i++)
            {
                var child = await caseworker.RegisterChildAsync("Statrepeat", $"{gender}{i:00}", "2008-03-01", gender, "GBR");
                Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2024-02-10", exploitation)).StatusCode);
                Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2024-05-10", exploitation)).StatusCode);
            }
        }
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Session NewSession() => new(App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    }));
}

public sealed class StatisticsTests(StatisticsFixture fixture) : IClassFixture<StatisticsFixture>
{
    private const string Year2024 = "/statistics?from=2024-01-01&to=2024-12-31";

    [Fact]
    public async Task A_known_small_dataset_gives_known_counts_with_the_3_girls_suppressed_and_rounded_totals()
    {
        var manager = await SignedInAsync(Session.Manager);

        var (status, page) = await manager.GetPageAsync(Year2024);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["[c]", "[c]"], Figures(page, "children-referred", "Female"));
        Assert.Equal(["22", "10"], Figures(page, "children-referred", "Male"));
        Assert.Equal(["25", "15"], Figures(page, "children-referred", "All children"));
        Assert.Equal(["12"], Figures(page, "referrals", "2024 Jan–Mar | Criminal | Male | 15–17 | Albanian"));
        Assert.Equal(["10"], Figures(page, "referrals", "2024 Jan–Mar | Criminal | Male | 15–17 | UK"));
        Assert.Equal(["[c]"], Figures(page, "referrals", "2024 Jan–Mar | Sexual | Female | 15–17 | UK"));
        Assert.Equal(["25"], Figures(page, "referrals", "2024 Jan–Mar | All | All | All | All"));
        Assert.Equal(["15"], Figures(page, "referrals", "2024 Apr–Jun | All | All | All | All"));
        Assert.Equal(["40"], Figures(page, "referrals", "All quarters | All | All | All | All"));
        Assert.Equal(["12", "10.5", "14"], Figures(page, "decisions", "Reasonable Grounds"));
        Assert.Equal(["0", "[x]", "[x]"], Figures(page, "decisions", "Conclusive Grounds"));
        Assert.DoesNotContain(page.QuerySelectorAll("td"), cell => cell.TextContent.Trim() == "3");
        // Lateness of return interviews is measured here, not flagged.
        Assert.Equal(["0"], Figures(page, "missing", "Return interviews completed within 72 hours of return"));
        Assert.Equal(["10"], Figures(page, "missing", "Return interviews completed later than 72 hours after return"));
        Assert.Equal(["[c]"], Figures(page, "missing", "Return interviews declined by the child"));
        Assert.Equal(["0"], Figures(page, "missing", "Returns with no return interview completed or declined"));
    }

    [Fact]
    public async Task The_totals_do_not_reveal_the_suppressed_count_of_girls()
    {
        var manager = await SignedInAsync(Session.Manager);
        var (_, page) = await manager.GetPageAsync(Year2024);

        var boys = int.Parse(Figures(page, "children-referred", "Male")[1], System.Globalization.CultureInfo.InvariantCulture);
        var total = int.Parse(Figures(page, "children-referred", "All children")[1], System.Globalization.CultureInfo.InvariantCulture);
        var others = Figures(page, "children-referred", "Other")[1] == "0" && Figures(page, "children-referred", "Not known")[1] == "0";
        Assert.True(others);

        // Girls referred two or more times: any count from 1 to 9 whose total rounds to what is shown is possible.
        var possible = Enumerable.Range(1, 9).Where(girls => (boys + girls + 2) / 5 * 5 == total).ToList();
        Assert.Contains(3, possible);
        Assert.True(possible.Count > 1, $"the published figures leave only {string.Join(", ", possible)}");
        Assert.NotEqual(3, total - boys);
    }

    [Fact]
    public async Task Statistics_download_as_csv_and_xlsx_with_the_same_protected_figures()
    {
        var manager = await SignedInAsync(Session.Manager);

        var csv = await manager.Client.GetAsync("/statistics/download?format=csv&from=2024-01-01&to=2024-12-31");
        var xlsx = await manager.Client.GetAsync("/statistics/download?format=xlsx&from=2024-01-01&to=2024-12-31");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var csvRows = await ExportFiles.ReadCsvAsync(await csv.Content.ReadAsByteArrayAsync());
        var xlsxRows = ExportFiles.ReadXlsx(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(csvRows.Count, xlsxRows.Count);
        foreach (var rows in new[] { csvRows, xlsxRows })
        {
            Assert.Equal("[c]", Assert.Single(rows, r => r["table"] == "children-referred" && r["row"] == "Female" && r["measure"] == "Children referred")["value"]);
            Assert.Equal("22", Assert.Single(rows, r => r["table"] == "children-referred" && r["row"] == "Male" && r["measure"] == "Children referred")["value"]);
            Assert.DoesNotContain(rows, r => r["table"] != "about" && r["value"] == "3");
        }

        await using var db = fixture.Database.CreateContext();
        var exported = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "exported").Select(e => e.Details).ToListAsync();
        Assert.Contains(exported, d => d.Contains("\"dataset\": \"statistics\"", StringComparison.Ordinal) && d.Contains("\"stage\": \"Completed\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_manager_sees_only_their_organisation_and_a_caseworker_no_statistics()
    {
        var manager = await SignedInAsync(Session.Manager);
        var (_, page) = await manager.GetPageAsync(Year2024 + "&organisation=EBC");
        Assert.Contains("NSC", page.QuerySelector("[data-testid=statistics-scope]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("select#Query_Organisation"));

        var caseworker = await SignedInAsync(Session.Caseworker);
        var refused = await caseworker.Client.GetAsync(Year2024);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/access-denied", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var auditor = await SignedInAsync(Session.Auditor);
        var (_, east) = await auditor.GetPageAsync(Year2024 + "&organisation=EBC");
        Assert.Equal(["0", "0"], Figures(east, "children-referred", "All children"));
        var (_, all) = await auditor.GetPageAsync(Year2024);
        Assert.Equal(["25", "15"], Figures(all, "children-referred", "All children"));
    }

    private async Task<Session> SignedInAsync(string email)
    {
        var session = fixture.NewSession();
        await session.SignInAsync(email);
        return session;
    }

    private static List<string> Figures(IHtmlDocument page, string table, string row)
    {
        var tr = page.QuerySelectorAll($"[data-testid=statistics-{table}] tbody tr").SingleOrDefault(r => r.GetAttribute("data-row") == row)
            ?? throw new Xunit.Sdk.XunitException($"no row '{row}' in {table}");
        return tr.QuerySelectorAll("td.govuk-table__cell--numeric").Select(c => c.TextContent.Trim()).ToList();
    }
}
