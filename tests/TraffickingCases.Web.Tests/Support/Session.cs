using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using TraffickingCases.Infrastructure.Demo;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>One person's browser session over HTTP, with intent methods for what they do.</summary>
public sealed class Session(HttpClient client)
{
    public const string Caseworker = "caseworker@demo.test";
    public const string Manager = "manager@demo.test";
    public const string Auditor = "auditor@demo.test";
    public const string NationalAuditor = "auditor.national@demo.test";
    public const string Admin = "admin@demo.test";
    public const string OtherOrganisationCaseworker = "caseworker.east@demo.test";
    public const string OtherOrganisationManager = "manager.east@demo.test";

    private static readonly HtmlParser Parser = new();

    public HttpClient Client => client;

    public async Task SignInAsync(string email, string password = DemoSeeder.DemoPassword)
    {
        var response = await PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect,
            $"sign-in as {email} answered {(int)response.StatusCode}: {Parse(await Body(response)).QuerySelector(".govuk-error-summary")?.TextContent.Trim()}");
    }

    public async Task<(HttpStatusCode Status, IHtmlDocument Page)> GetPageAsync(string path)
    {
        var response = await client.GetAsync(path);
        return (response.StatusCode, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Opens the form page (for its antiforgery token) and posts the fields to the action.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, Dictionary<string, string> fields)
    {
        var (status, page) = await GetPageAsync(formPage);
        Assert.True(status == HttpStatusCode.OK, $"GET {formPage} answered {(int)status}");
        return await PostAsync(page, action, fields);
    }

    public async Task<HttpResponseMessage> PostAsync(IHtmlDocument formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = formPage.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("The page has no antiforgery token");
        var body = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        return await client.PostAsync(action, new FormUrlEncodedContent(body));
    }

    /// <summary>Registers a child, confirming past the similar-children check; returns the child's page path.</summary>
    public async Task<string> RegisterChildAsync(string given, string family, string dateOfBirth = "2010-04-02", string gender = "Male", string nationalities = "ALB", string precision = "Exact")
    {
        var fields = new Dictionary<string, string>
        {
            ["Form.GivenNames"] = given,
            ["Form.FamilyName"] = family,
            ["Form.DateOfBirth"] = dateOfBirth,
            ["Form.DobPrecision"] = precision,
            ["Form.Gender"] = gender,
            ["Form.Nationalities"] = nationalities,
            ["Form.Confirmed"] = "true",
        };
        var response = await PostFormAsync("/children/new", "/children/new", fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"registering {given} {family} answered {(int)response.StatusCode}: {await Body(response)}");
        return response.Headers.Location!.OriginalString;
    }

    public async Task<HttpResponseMessage> AddReferralAsync(string childPath, string referralDate, string exploitation = "Criminal", Dictionary<string, string>? extra = null)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Form.ReferralDate", referralDate),
            new("Form.FirstResponderOrganisation", "North Shire Council"),
            new("Form.FirstResponderType", "LocalAuthority"),
            new("Form.ExploitationLocation", "Uk"),
            new("Form.CompetentAuthority", "Sca"),
            new("Form.RgOutcome", "Pending"),
            new("Form.CgOutcome", "Pending"),
        };
        fields.AddRange(exploitation.Split(',').Select(e => new KeyValuePair<string, string>("Form.ExploitationTypes", e)));
        if (extra is not null)
        {
            fields.RemoveAll(f => extra.ContainsKey(f.Key));
            fields.AddRange(extra);
        }

        var (_, page) = await GetPageAsync($"{childPath}/referrals/new");
        return await PostAsync(page, $"{childPath}/referrals/new", fields);
    }

    public async Task<HttpResponseMessage> AddMissingEpisodeAsync(string childPath, Dictionary<string, string> fields)
    {
        var (_, page) = await GetPageAsync($"{childPath}/missing-episodes/new");
        return await PostAsync(page, $"{childPath}/missing-episodes/new", fields);
    }

    public Task<HttpResponseMessage> AddNoteAsync(string childPath, string text) =>
        PostFormAsync($"{childPath}/notes/new", $"{childPath}/notes/new", new() { ["Form.Text"] = text });

    /// <summary>
    /// Asks for an export from the exports page (an auditor); the fields are the form's, without the "Form." prefix.
    /// The organisation, when not given, is the one the page has chosen, as a browser would send it.
    /// </summary>
    public async Task<HttpResponseMessage> ExportAsync(Dictionary<string, string> fields, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var (status, page) = await GetPageAsync("/exports");
        Assert.True(status == HttpStatusCode.OK, $"GET /exports answered {(int)status}");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var organisation = page.QuerySelector("select[name='Form.Organisation'] option[selected]") ?? page.QuerySelector("select[name='Form.Organisation'] option");
        if (!fields.ContainsKey("Organisation") && organisation is not null)
        {
            fields = new(fields) { ["Organisation"] = organisation.GetAttribute("value") ?? string.Empty };
        }

        var body = fields.Select(f => new KeyValuePair<string, string>("Form." + f.Key, f.Value))
            .Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/exports") { Content = new FormUrlEncodedContent(body) };
        return await client.SendAsync(request, completion);
    }

    public static async Task<string> Body(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();

    public static IHtmlDocument Parse(string html) => Parser.ParseDocument(html);
}
