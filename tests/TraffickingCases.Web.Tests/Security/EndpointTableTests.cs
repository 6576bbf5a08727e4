using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Security;

/// <summary>
/// Every endpoint of the app, asked by every kind of person, against the one table of expected answers in
/// docs/security.md (issue 13). A new endpoint missing from the table fails, and so does a row naming no endpoint.
/// </summary>
[Collection(EndpointCollection.Name)]
public sealed partial class EndpointTableTests(EndpointFixture fixture)
{
    /// <summary>The table's columns of people, in order, and who signs in for each (none for anonymous).</summary>
    private static readonly (string Column, string? Email)[] Kinds =
    [
        ("Anonymous", null),
        ("Caseworker", Session.Caseworker),
        ("Manager", Session.Manager),
        ("Auditor", Session.Auditor),
        ("National auditor", Session.NationalAuditor),
        ("Admin", Session.Admin),
        // The widest case-data role of East Borough Council, asked about North Shire Council's records: every
        // policy lets them through to the record, so only the organisation scoping stands between them and it.
        ("Other organisation", Session.OtherOrganisationManager),
    ];

    /// <summary>Endpoints that end sessions: asked last, in this order, so every other request has its session.</summary>
    private static readonly string[] EndingSessions = ["POST /account/sessions/end", "POST /account/sessions/end-others", "POST /sign-out"];

    private static readonly string[] Answers = ["ok", "sign-in", "denied", "not-found", "error", "n/a"];

    [Fact]
    public void Every_endpoint_of_the_app_has_one_row_in_the_table_and_every_row_is_an_endpoint()
    {
        var endpoints = Endpoints();
        var table = EndpointTable.Load();

        var problems = new List<string>();
        problems.AddRange(endpoints.Select(e => e.Key).Where(key => !table.Rows.ContainsKey(key))
            .Select(key => $"{key} is an endpoint of the app with no row in the table of docs/security.md: add one with the answer each kind of person should get"));
        problems.AddRange(table.Rows.Keys.Where(key => !endpoints.Any(e => e.Key == key))
            .Select(key => $"{key} is in the table of docs/security.md but the app has no such endpoint"));
        problems.AddRange(table.Duplicates.Select(key => $"{key} has more than one row in the table"));
        problems.AddRange(table.Rows.SelectMany(row => row.Value.Where(cell => !Answers.Contains(cell.Value))
            .Select(cell => $"{row.Key} as {cell.Key}: \"{cell.Value}\" is not an answer ({string.Join(", ", Answers)})")));

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(Kinds.Select(k => k.Column), table.Columns);
    }

    [Fact]
    public async Task Every_endpoint_answers_each_kind_of_person_as_the_table_says()
    {
        var records = await fixture.RecordsAsync();
        var table = EndpointTable.Load();
        var sessions = new Dictionary<string, Session>();
        foreach (var (column, email) in Kinds)
        {
            sessions[column] = email is null ? fixture.NewSession() : await fixture.SignedInAsync(email);
        }

        var endpoints = Endpoints().Where(e => table.Rows.ContainsKey(e.Key))
            .OrderBy(e => Array.IndexOf(EndingSessions, e.Key)).ToList();
        var asked = 0;
        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            foreach (var (column, email) in Kinds)
            {
                var expected = table.Rows[endpoint.Key][column];
                if (expected == "n/a")
                {
                    continue;
                }

                var (path, fields) = Probe(endpoint, records);
                var session = sessions[column];
                if (endpoint.Key == "POST /account/sessions/end" && email is not null)
                {
                    // A session of its own that ends itself, so the person's other requests keep theirs.
                    session = await fixture.SignedInAsync(email);
                    fields = [new("id", await OwnSessionIdAsync(session))];
                }

                using var response = await SendAsync(session, endpoint.Method, path, fields);
                asked++;
                var answer = Classify(response);
                if (answer != expected)
                {
                    wrong.Add($"{endpoint.Key} as {column} ({endpoint.Method} {path}): the table says {expected}, the app answered {answer} " +
                        $"({(int)response.StatusCode}{(response.Headers.Location is { } to ? " to " + to : string.Empty)})");
                }
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {asked} answers differ from docs/security.md:{Environment.NewLine}{string.Join(Environment.NewLine, wrong)}");
        Assert.True(asked >= endpoints.Count * 6, $"only {asked} requests were made for {endpoints.Count} endpoints");
    }

    /// <summary>
    /// The class of an answer: "sign-in" is the challenge (a redirect to /sign-in naming the page asked for), "denied"
    /// a redirect to /access-denied or a 403, "not-found" a 404, "error" a 5xx; "ok" is any other success or redirect,
    /// or a 409, 410 or 422 refusing what the form or link said. Anything else (a 400 from a refused antiforgery token, a
    /// 405, a 429) is named by its status and matches no row.
    /// </summary>
    private static string Classify(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 300 and < 400)
        {
            var location = response.Headers.Location!;
            var to = location.IsAbsoluteUri ? location : new Uri(new Uri("http://localhost"), location);
            return to.AbsolutePath switch
            {
                "/sign-in" when to.Query.Contains("ReturnUrl=", StringComparison.Ordinal) => "sign-in",
                "/access-denied" => "denied",
                _ => "ok",
            };
        }

        return status switch
        {
            >= 200 and < 300 => "ok",
            StatusCodes.Status403Forbidden => "denied",
            StatusCodes.Status404NotFound => "not-found",
            StatusCodes.Status409Conflict or StatusCodes.Status410Gone or StatusCodes.Status422UnprocessableEntity => "ok",
            >= 500 => "error",
            _ => $"status {status}",
        };
    }

    /// <summary>The path to ask, with the route's parameters filled with North Shire Council's records, and what a POST sends.</summary>
    private static (string Path, List<KeyValuePair<string, string>> Fields) Probe(AppEndpoint endpoint, EndpointRecords records)
    {
        var path = RouteParameter().Replace(endpoint.Route, match => Fill(endpoint.Route, match.Groups["name"].Value, records));
        List<KeyValuePair<string, string>> fields = endpoint.Key switch
        {
            // The auditor's own organisation, as the form offers it: the rest of the empty form is then what is refused.
            "POST /exports" => [new("Form.Organisation", "NSC")],

            // One of North Shire Council's flags, so another organisation's manager is asked about a record that is not theirs.
            "POST /flags/act" => [new("Form.FlagIds", records.ManualFlagId.ToString()), new("Form.Action", "Acknowledge")],
            _ => [],
        };
        return (endpoint.Key == "GET /statistics/download" ? path + "?format=csv" : path, fields);
    }

    private static string Fill(string route, string parameter, EndpointRecords records) => parameter switch
    {
        "status" => "503",
        "childId" => records.ChildId.ToString(),
        "kind" => "missing-episodes",
        "recordId" => records.MissingEpisodeId.ToString(),
        "flagId" when route.EndsWith("/same", StringComparison.Ordinal) => records.CrossOrganisationPairFlagId.ToString(),
        "flagId" => records.PairFlagId.ToString(),
        "id" when route.StartsWith("/children/{childId:guid}/referrals/", StringComparison.Ordinal) => records.ReferralId.ToString(),
        "id" when route.StartsWith("/children/{childId:guid}/missing-episodes/", StringComparison.Ordinal) => records.MissingEpisodeId.ToString(),
        "id" when route.StartsWith("/children/{childId:guid}/placements/", StringComparison.Ordinal) => records.PlacementId.ToString(),
        "id" when route.StartsWith("/children/{childId:guid}/support/", StringComparison.Ordinal) => records.SupportRequestId.ToString(),
        "id" when route.StartsWith("/children/", StringComparison.Ordinal) => records.ChildId.ToString(),
        "id" when route.StartsWith("/merges/", StringComparison.Ordinal) => records.MergeId.ToString(),
        "id" when route.StartsWith("/admin/users/", StringComparison.Ordinal) => records.UserId,
        "id" when route.StartsWith("/admin/organisations/", StringComparison.Ordinal) => records.OrganisationId.ToString(),
        "id" when route.StartsWith("/notifications/", StringComparison.Ordinal) => long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"The test has no record to fill {{{parameter}}} of {route}: make one in EndpointFixture.RecordsAsync"),
    };

    private static async Task<HttpResponseMessage> SendAsync(Session session, string method, string path, List<KeyValuePair<string, string>> fields)
    {
        if (method is "GET" or "ANY")
        {
            return await session.Client.GetAsync(path);
        }

        Assert.Equal("POST", method);

        // Any page of the session carries its antiforgery token; the sign-in page is open to every kind of person.
        var (_, page) = await session.GetPageAsync("/sign-in");
        return await session.PostAsync(page, path, fields);
    }

    private static async Task<string> OwnSessionIdAsync(Session session)
    {
        var (status, page) = await session.GetPageAsync("/account/sessions");
        Assert.Equal(HttpStatusCode.OK, status);
        var row = page.QuerySelectorAll("[data-testid=session]").Single(r => r.TextContent.Contains("(this session)", StringComparison.Ordinal));
        return row.QuerySelector("input[name=id]")!.GetAttribute("value")!;
    }

    /// <summary>Every endpoint the app routes requests to, from its endpoint data source.</summary>
    private List<AppEndpoint> Endpoints() =>
        fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ISuppressMatchingMetadata>()?.SuppressMatching != true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(method => new AppEndpoint(method, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .ToList();

    private sealed record AppEndpoint(string Method, string Route)
    {
        public string Key => $"{Method} {Route}";
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z]+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();
}

/// <summary>The table of expected answers, read from docs/security.md between its markers.</summary>
public sealed class EndpointTable
{
    public const string Begin = "<!-- endpoint-table:begin -->";
    public const string End = "<!-- endpoint-table:end -->";

    /// <summary>"METHOD /route" to the answer for each column of people.</summary>
    public Dictionary<string, Dictionary<string, string>> Rows { get; } = [];

    public List<string> Duplicates { get; } = [];

    public List<string> Columns { get; } = [];

    public static EndpointTable Load()
    {
        var text = File.ReadAllText(Path.Combine(Repository(), "docs", "security.md"));
        var begin = text.IndexOf(Begin, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"docs/security.md has no endpoint table between {Begin} and {End}");
        var lines = text[(begin + Begin.Length)..end].Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith('|')).ToList();
        var table = new EndpointTable();
        var header = Cells(lines[0]);
        Assert.Equal(new[] { "Method", "Route" }, header.Take(2));

        // The people are the columns after the route, up to the notes.
        table.Columns.AddRange(header.Skip(2).TakeWhile(h => h != "Notes"));
        foreach (var line in lines.Skip(2))
        {
            var cells = Cells(line);
            var key = $"{cells[0]} {cells[1].Trim('`')}";
            var answers = table.Columns.Select((column, i) => (column, answer: cells[i + 2])).ToDictionary(c => c.column, c => c.answer);
            if (!table.Rows.TryAdd(key, answers))
            {
                table.Duplicates.Add(key);
            }
        }

        return table;
    }

    private static List<string> Cells(string line) => line.Trim('|').Split('|').Select(c => c.Trim()).ToList();

    private static string Repository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TraffickingCases.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("TraffickingCases.sln not found above the test's directory.");
    }
}

/// <summary>Ids of North Shire Council's records of every kind a route names, made once through the app.</summary>
public sealed record EndpointRecords(
    Guid ChildId, Guid ReferralId, Guid MissingEpisodeId, Guid PlacementId, Guid SupportRequestId, Guid NoteId, Guid ManualFlagId,
    Guid PairFlagId, Guid CrossOrganisationPairFlagId, Guid MergeId, string UserId, Guid OrganisationId);

/// <summary>
/// An app of its own for the endpoint table: its requests end sessions, disable a user and act on flags, which no
/// other test's data should feel.
/// </summary>
public sealed class EndpointFixture() : HostFixture(null, 0)
{
    private EndpointRecords? _records;

    public async Task<EndpointRecords> RecordsAsync() => _records ??= await MakeRecordsAsync();

    private async Task<EndpointRecords> MakeRecordsAsync()
    {
        var caseworker = await SignedInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Arben", "Endpointtable", "2010-06-01");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2025-01-10")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = "2025-02-01T21:00",
            ["Form.WhereaboutsKnown"] = "false",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync($"{child}/placements/new", $"{child}/placements/new", new()
        {
            ["Form.Type"] = "Foster",
            ["Form.StartDate"] = "2025-01-12",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostFormAsync($"{child}/support/new", $"{child}/support/new", new()
        {
            ["Form.Type"] = "LegalAdvice",
            ["Form.RequestedOn"] = "2025-01-13",
        })).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddNoteAsync(child, "Met at school")).StatusCode);
        var (_, page) = await caseworker.GetPageAsync(child);
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostAsync(page, $"{child}/flags", [new("Flag.Severity", "High"), new("Flag.Message", "Seen with an adult known to police")])).StatusCode);

        // Two records of one child in North Shire Council, and one held by both councils: pairs for the manager's review.
        var first = await caseworker.RegisterChildAsync("Gentian", "Pairedrecord", "2009-03-03", nationalities: "ALB");
        await caseworker.RegisterChildAsync("Gentian", "Pairedrecord", "2009-03-03", nationalities: "ALB");
        var east = await SignedInAsync(Session.OtherOrganisationCaseworker);
        await east.RegisterChildAsync("Semere", "Heldbyboth", "2008-10-10", nationalities: "ERI");
        var ours = await caseworker.RegisterChildAsync("Semere", "Heldbyboth", "2008-10-10", nationalities: "ERI");
        var merged = await MergedPairAsync("Luan", "Mergedrecord");

        var throwaway = $"caseworker.{Guid.NewGuid():N}@council.example";
        var made = await Database.TcAsync(["create-user", "--email", throwaway, "--role", "Caseworker", "--organisation", "NSC", "--password", "amber-orchard-kettle-2026", "--name", "Sam Okafor"]);
        Assert.True(made.Code == 0, made.Error + made.Output);

        await using var db = Database.CreateContext();
        var childId = Id(child);
        return new EndpointRecords(
            childId,
            await db.Referrals.Where(r => r.ChildId == childId).Select(r => r.Id).SingleAsync(),
            await db.MissingEpisodes.Where(e => e.ChildId == childId).Select(e => e.Id).SingleAsync(),
            await db.Placements.Where(p => p.ChildId == childId).Select(p => p.Id).SingleAsync(),
            await db.SupportRequests.Where(s => s.ChildId == childId).Select(s => s.Id).SingleAsync(),
            await db.CaseNotes.Where(n => n.ChildId == childId).Select(n => n.Id).SingleAsync(),
            await db.Flags.Where(f => f.ChildId == childId && f.RuleCode == Flag.ManualCode).Select(f => f.Id).SingleAsync(),
            await db.Flags.Where(f => f.ChildId == Id(first) && f.RuleCode == Flag.MatchCode).Select(f => f.Id).SingleAsync(),
            await db.Flags.Where(f => f.ChildId == Id(ours) && f.RuleCode == Flag.MatchCode).Select(f => f.Id).SingleAsync(),
            await db.ChildMerges.Where(m => m.SurvivorId == merged.KeptId).Select(m => m.Id).SingleAsync(),
            await App.UserIdAsync(throwaway),
            await db.Organisations.Where(o => o.Code == "NSC").Select(o => o.Id).SingleAsync());
    }

    private static Guid Id(string childPath) => Guid.Parse(childPath.Split('/')[^1]);
}

[CollectionDefinition(Name)]
public sealed class EndpointCollection : ICollectionFixture<EndpointFixture>
{
    public const string Name = "Endpoint table against PostgreSQL";
}
