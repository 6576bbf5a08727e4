using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using TraffickingCases.Cli;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class MatchingTests(AppFixture fixture)
{
    [Fact]
    public async Task Registering_a_child_held_by_another_organisation_shows_the_candidate_without_names_or_dates()
    {
        var east = fixture.NewSession();
        await east.SignInAsync(Session.OtherOrganisationCaseworker);
        await east.RegisterChildAsync("Merhawi", "Gebremedhin", "2008-04-02", nationalities: "ERI");
        var north = fixture.NewSession();
        await north.SignInAsync(Session.Caseworker);

        var response = await north.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = "Merhawi",
            ["Form.FamilyName"] = "Ghebremedhin",
            ["Form.DateOfBirth"] = "2008-02-04",
            ["Form.DobPrecision"] = "Estimated",
            ["Form.Gender"] = "Male",
            ["Form.Nationalities"] = "ERI",
            ["Form.Confirmed"] = "false",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        var candidate = page.QuerySelector("[data-testid=candidate][data-own=false]")!;
        var text = candidate.TextContent;
        Assert.Contains("East Borough Council", text, StringComparison.Ordinal);
        Assert.Matches("TC-\\d{6}", text);
        Assert.Contains("Likely the same child", text, StringComparison.Ordinal);
        Assert.DoesNotContain("date of birth", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Merhawi", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Gebremedhin", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("2008", text, StringComparison.Ordinal);
        Assert.Null(candidate.QuerySelector("a"));
    }

    [Fact]
    public async Task Tc_match_prints_the_candidates_for_each_row_as_csv_and_registers_nothing()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        await session.RegisterChildAsync("Mohammed", "Ibrahimtest", "2009-03-05", nationalities: "SDN");
        var file = Path.Combine(Directory.CreateTempSubdirectory("tc-match-").FullName, "query.csv");
        await File.WriteAllTextAsync(file,
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc\n"
            + "@Q-1,Muhammad,Ibrahimtest,,2009-05-03,estimated,male,SDN,NSC,true\n"
            + "Q-2,Nobody,Matcheshere,,2001-01-01,exact,female,GBR,NSC,false\n");
        await using var before = fixture.Database.CreateContext();
        var children = before.Children.Count();

        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Cases"] = fixture.Database.ConnectionString }).Build();
        var code = await TcCommands.RunAsync(["match", file, "--top", "3"], output, error, configuration);

        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("query_external_id,candidate_external_id,candidate_reference,probability,band,explanation", lines[0]);
        Assert.Single(lines.Skip(1));
        Assert.Matches(@"^'@Q-1,,TC-\d{6},(0\.9\d\d|1\.000),likely,""names: all names agree", lines[1]);
        Assert.Contains("date of birth: day/month swapped (m ", lines[1], StringComparison.Ordinal);
        await using var after = fixture.Database.CreateContext();
        Assert.Equal(children, after.Children.Count());
    }

    [Fact]
    public async Task Importing_a_re_recorded_child_raises_the_possible_same_child_flag_on_both_records()
    {
        var folder = Directory.CreateTempSubdirectory("tc-rr00-").FullName;
        var first = Path.Combine(folder, "first.csv");
        var second = Path.Combine(folder, "second.csv");
        const string header = "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc\n";
        await File.WriteAllTextAsync(first, header + "RR00-A,Ardit,Hoxhë,,2008-02-14,exact,male,ALB,NSC,true\n");
        await File.WriteAllTextAsync(second, header + "RR00-B,Ardit,Hoxhe,,2008-01-01,estimated,male,ALB,EBC,true\n");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Cases"] = fixture.Database.ConnectionString }).Build();

        Assert.Equal(0, await TcCommands.RunAsync(["import", "children", first], new StringWriter(), new StringWriter(), configuration));
        Assert.Equal(0, await TcCommands.RunAsync(["import", "children", second], new StringWriter(), new StringWriter(), configuration));

        await using var db = fixture.Database.CreateContext();
        var a = await db.Children.SingleAsync(c => c.ExternalId == "RR00-A");
        var b = await db.Children.SingleAsync(c => c.ExternalId == "RR00-B");
        var onA = await db.Flags.SingleAsync(f => f.ChildId == a.Id && f.RuleCode == "RR-00");
        var onB = await db.Flags.SingleAsync(f => f.ChildId == b.Id && f.RuleCode == "RR-00");
        Assert.Equal(b.Id.ToString(), onA.OccurrenceKey);
        Assert.Equal(a.Id.ToString(), onB.OccurrenceKey);
        Assert.Contains(b.Reference, onA.Evidence, StringComparison.Ordinal);
        Assert.Contains("held by East Borough Council", onA.Evidence, StringComparison.Ordinal);
        Assert.DoesNotContain("Hoxh", onA.Evidence, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("date of birth", onA.Evidence, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("probability", onA.Evidence, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(onA.MatchProbability);
        Assert.Equal(0, onA.MatchModelVersion);
    }

    [Fact]
    public async Task Training_stores_a_new_model_version_and_scores_the_open_pairs_again_with_it()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var first = await session.RegisterChildAsync("Dawit", "Trainingtest", "2009-09-11", nationalities: "ERI");
        var second = await session.RegisterChildAsync("Dawit", "Trainingtest", "2009-11-09", nationalities: "ERI");
        var firstId = Guid.Parse(first.Split('/')[^1]);
        var secondId = Guid.Parse(second.Split('/')[^1]);
        await using (var before = fixture.Database.CreateContext())
        {
            var raised = await before.Flags.SingleAsync(f => f.ChildId == firstId && f.RuleCode == "RR-00");
            Assert.Equal(secondId.ToString(), raised.OccurrenceKey);
            Assert.NotNull(raised.MatchProbability);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Cases"] = fixture.Database.ConnectionString }).Build();
        Assert.Equal(0, await TcCommands.RunAsync(["match", "train", "--random-pairs", "2000"], output, error, configuration));

        await using var db = fixture.Database.CreateContext();
        var model = await db.MatchModels.OrderByDescending(m => m.Version).FirstAsync();
        Assert.Contains($"match model {model.Version} stored", output.ToString() + error.ToString(), StringComparison.Ordinal);
        Assert.Contains("names.AllSame", model.Report, StringComparison.Ordinal);
        var flag = await db.Flags.Include(f => f.Events).SingleAsync(f => f.ChildId == firstId && f.RuleCode == "RR-00");
        Assert.Equal(model.Version, flag.MatchModelVersion);
        Assert.Contains(flag.Events, e => e.Action == TraffickingCases.Domain.Risk.FlagAction.Rescored);
    }

    [Fact]
    public async Task Registering_a_child_anyway_flags_the_pair_and_a_dismissed_pair_never_alerts_again()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var first = await session.RegisterChildAsync("Yusuf", "Abdirahmantest", "2009-07-01", nationalities: "SOM");
        var second = await session.RegisterChildAsync("Yousef", "Abdirahmantest", "2009-07-01", nationalities: "SOM");
        await using var db = fixture.Database.CreateContext();
        var firstId = Guid.Parse(first.Split('/')[^1]);
        var secondId = Guid.Parse(second.Split('/')[^1]);
        var flag = await db.Flags.SingleAsync(f => f.ChildId == firstId && f.RuleCode == "RR-00");
        Assert.Equal(TraffickingCases.Domain.Risk.Severity.High, flag.Severity);
        Assert.Contains("given name, written another way (Yousef, Yusuf)", (await db.Flags.SingleAsync(f => f.ChildId == secondId && f.RuleCode == "RR-00")).Evidence, StringComparison.Ordinal);

        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);
        var page = (await manager.GetPageAsync(first)).Page;
        var dismissed = await manager.PostAsync(page, "/flags/act", [new("Form.FlagIds", flag.Id.ToString()), new("Form.Action", "dismiss"), new("Form.Reason", "Not the same child: brothers")]);
        Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);

        Assert.Equal(0, await fixture.App.RaiseMatchesAsync([firstId, secondId]));
        Assert.Equal(1, await db.Flags.CountAsync(f => f.ChildId == firstId && f.RuleCode == "RR-00"));
    }

    [Fact]
    public async Task A_large_import_finds_re_recorded_pairs_set_based()
    {
        var folder = Directory.CreateTempSubdirectory("tc-rr00-bulk-").FullName;
        var file = Path.Combine(folder, "children.csv");
        var lines = new List<string> { "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc" };
        for (var i = 0; i < 60; i++)
        {
            lines.Add($"BULK-{i},Given{(char)('a' + (i % 26))}{(char)('a' + (i / 26))}x,Bulkfamily{(char)('a' + (i % 26))}{(char)('a' + (i / 26))}q,,2008-0{1 + (i % 9)}-1{i % 9},exact,male,GBR,NSC,false");
        }

        lines.Add("BULK-PAIR-1,Filmon,Kidanebulk,,2008-04-02,exact,male,ERI,NSC,true");
        lines.Add("BULK-PAIR-2,Filmon,Kidanebulk,,2008-02-04,estimated,male,ERI,EBC,true");
        await File.WriteAllTextAsync(file, string.Join("\n", lines) + "\n");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Cases"] = fixture.Database.ConnectionString }).Build();

        Assert.Equal(0, await TcCommands.RunAsync(["import", "children", file], new StringWriter(), new StringWriter(), configuration));

        await using var db = fixture.Database.CreateContext();
        var first = await db.Children.SingleAsync(c => c.ExternalId == "BULK-PAIR-1");
        var second = await db.Children.SingleAsync(c => c.ExternalId == "BULK-PAIR-2");
        Assert.Equal(second.Id.ToString(), (await db.Flags.SingleAsync(f => f.ChildId == first.Id && f.RuleCode == "RR-00")).OccurrenceKey);
        Assert.Equal(first.Id.ToString(), (await db.Flags.SingleAsync(f => f.ChildId == second.Id && f.RuleCode == "RR-00")).OccurrenceKey);
    }
}
