using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Cli;

/// <summary><c>tc flags report</c>, each test on a database of its own so the counts are exactly known.</summary>
public sealed class FlagsReportTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tc-flags-report-").FullName;
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(_database, kestrel: false);
        await app.SeedAsync(children: 0);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Counts_open_flags_per_100_children_the_risk_levels_derived_and_overridden_and_where_high_comes_from()
    {
        var born = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-15).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var missingFrom = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        await ImportAsync("children",
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc",
            $"REP-1,Ardit,Reportone,,{born},exact,male,ALB,NSC,true",
            $"REP-2,Dawit,Reporttwo,,{born},disputed,male,ERI,NSC,true",
            $"REP-3,Jordan,Reportthree,,{born},exact,male,GBR,EBC,false");
        await ImportAsync("missing-episodes",
            "child_external_id,missing_from,returned_at,whereabouts_known,reported_to_police_at,police_reference,risk_level,return_interview_offered_at,return_interview_completed_at",
            $"REP-1,{missingFrom},,false,,,,,");
        await using (var db = _database.CreateContext())
        {
            var child = await db.Children.SingleAsync(c => c.ExternalId == "REP-3");
            var today = UkCalendar.DateOf(DateTimeOffset.UtcNow);
            child.OverrideRiskLevel(Severity.High, "Known to be in contact with the people who exploited him", today.AddDays(30), "manager-id", "Priya Shah", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }

        var (code, output, error) = await _database.TcAsync(["flags", "report", "--json"]);

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(3, root.GetProperty("children").GetInt32());
        Assert.Equal(3, root.GetProperty("evaluated_under_current_rules").GetInt32());
        Assert.Equal(2, root.GetProperty("open_flags_without_rr00").GetInt32());
        var rules = root.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!);
        Assert.Equal(["RR-04", "RR-16"], rules.Keys.Order());
        Assert.Equal(33.33, rules["RR-04"].GetProperty("per_100_children").GetDouble());
        Assert.Equal(1, rules["RR-04"].GetProperty("high").GetInt32());
        Assert.Equal(1, rules["RR-04"].GetProperty("live").GetInt32());
        Assert.Equal(1, rules["RR-16"].GetProperty("medium").GetInt32());
        Assert.Equal(0, rules["RR-16"].GetProperty("live").GetInt32());
        var levels = root.GetProperty("risk_level");
        Assert.Equal((1, 1, 1), Levels(levels.GetProperty("derived")));
        Assert.Equal((2, 1, 0), Levels(levels.GetProperty("effective")));
        Assert.Equal(1, levels.GetProperty("overrides_in_force").GetInt32());
        var source = Assert.Single(root.GetProperty("high_sources").EnumerateArray());
        Assert.Equal("RR-04", source.GetProperty("code").GetString());
        Assert.Equal(1, source.GetProperty("only_source").GetInt32());
        Assert.Equal(0, root.GetProperty("high_from_three_medium_flags").GetInt32());

        var text = await _database.TcAsync(["flags", "report"]);
        Assert.Equal(0, text.Code);
        var lines = text.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("RR-04", StringComparison.Ordinal) && l.Contains(" 33.33 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("All open flags but RR-00", StringComparison.Ordinal) && l.EndsWith(" 66.67", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("High", StringComparison.Ordinal) && l.Contains("33.3%", StringComparison.Ordinal) && l.EndsWith("66.7%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_generated_population_imports_with_every_optional_column_and_the_report_accounts_for_every_child_and_flag()
    {
        var files = Path.Combine(_folder, "generated");
        var generated = await _database.TcAsync(["generate", "--children", "300", "--seed", "5", "--out", files]);
        Assert.True(generated.Code == 0, generated.Error);
        foreach (var kind in new[] { "children", "referrals", "missing-episodes", "placements", "support" })
        {
            var imported = await _database.TcAsync(["import", kind, Path.Combine(files, kind + ".csv")]);
            Assert.True(imported.Code == 0, $"{kind}: {imported.Error}");
        }

        var (code, output, error) = await _database.TcAsync(["flags", "report", "--json"]);

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        await using var db = _database.CreateContext();
        Assert.Equal(300, root.GetProperty("children").GetInt32());
        Assert.Equal(300, root.GetProperty("evaluated_under_current_rules").GetInt32());
        Assert.Equal(await db.Flags.CountAsync(f => f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged), root.GetProperty("open_flags").GetInt32());
        var derived = root.GetProperty("risk_level").GetProperty("derived");
        var (high, medium, low) = Levels(derived);
        Assert.Equal(300, high + medium + low);
        Assert.True(high > 0, "a generated population has High children");
        Assert.Equal(high, root.GetProperty("high_sources").EnumerateArray().Sum(s => s.GetProperty("only_source").GetInt32())
            + await CountHighWithSeveralSourcesAsync(db) + root.GetProperty("high_from_three_medium_flags").GetInt32());

        // The optional columns came through the import.
        Assert.True(await db.MissingEpisodes.AnyAsync(e => e.Concerns != null));
        Assert.True(await db.MissingEpisodes.AnyAsync(e => e.ReturnInterviewDeclined));
        Assert.True(await db.Placements.AnyAsync(p => p.OutOfArea == true && p.Area != null));
        Assert.True(await db.Children.AnyAsync(c => c.ParentalResponsibilityInUk == false));
    }

    private static (int High, int Medium, int Low) Levels(JsonElement levels) =>
        (levels.GetProperty("high").GetInt32(), levels.GetProperty("medium").GetInt32(), levels.GetProperty("low").GetInt32());

    /// <summary>High children with live high flags from two or more rules.</summary>
    private static Task<int> CountHighWithSeveralSourcesAsync(TraffickingCases.Infrastructure.Persistence.CasesDbContext db) =>
        db.Flags
            .Where(f => (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged) && f.ConditionClearedAt == null && f.IsLive
                && f.Severity == Severity.High && f.RuleCode != Flag.MatchCode)
            .GroupBy(f => f.ChildId)
            .CountAsync(g => g.Select(f => f.RuleCode).Distinct().Count() > 1);

    private async Task ImportAsync(string kind, params string[] lines)
    {
        var file = Path.Combine(_folder, kind + ".csv");
        await File.WriteAllLinesAsync(file, lines);
        var (code, _, error) = await _database.TcAsync(["import", kind, file]);
        Assert.True(code == 0, error);
    }
}
