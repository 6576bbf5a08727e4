using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>What the registration page tells a user about children held by other organisations (issue 11).</summary>
[Collection(HttpCollection.Name)]
public sealed class NeedToKnowTests(AppFixture fixture)
{
    [Fact]
    public async Task Another_organisations_candidate_shows_only_its_band_organisation_and_reference_even_to_a_manager()
    {
        var east = await fixture.SignedInAsync(Session.OtherOrganisationCaseworker);
        var theirs = await east.RegisterChildAsync("Filimon", "Needtoknowone", "2008-04-02", nationalities: "ERI");
        var manager = await fixture.SignedInAsync(Session.Manager);

        var page = await CheckAsync(manager, "Filimon", "Needtoknowone", "2008-04-02");

        var candidate = Assert.Single(page.QuerySelectorAll("[data-testid=candidate][data-own=false]"));
        var text = candidate.TextContent;
        Assert.Contains("Likely the same child", text, StringComparison.Ordinal);
        Assert.Contains("East Borough Council", text, StringComparison.Ordinal);
        Assert.Contains(await ReferenceAsync(theirs), text, StringComparison.Ordinal);
        foreach (var hidden in new[] { "Filimon", "Needtoknowone", "April", "probability", "date of birth", "name", "exact", "same year" })
        {
            Assert.DoesNotContain(hidden, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotMatch(@"\d\.\d", text);
        Assert.DoesNotMatch(@"\b(19|20)\d\d\b", text);

        Assert.Null(candidate.QuerySelector("a"));
        Assert.Null(page.QuerySelector("[data-testid=match-reasons]"));
        Assert.Null(page.QuerySelector("[data-testid=match-workings]"));
        Assert.DoesNotContain("Needtoknowone", page.QuerySelector("[data-testid=similar-children]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Searches_a_day_apart_in_date_of_birth_give_the_same_markup_for_another_organisations_child()
    {
        var east = await fixture.SignedInAsync(Session.OtherOrganisationCaseworker);
        await east.RegisterChildAsync("Tesfalem", "Samebandtest", "2008-04-02", nationalities: "ERI");
        var north = await fixture.SignedInAsync(Session.Caseworker);

        // Stepping the date of birth a day at a time must not show when it hits theirs.
        var sameDay = await CheckAsync(north, "Tesfalem", "Samebandtest", "2008-04-02");
        var dayAfter = await CheckAsync(north, "Tesfalem", "Samebandtest", "2008-04-03");

        var first = sameDay.QuerySelector("[data-testid=similar-children]")!.OuterHtml;
        Assert.Contains("data-own=\"false\"", first, StringComparison.Ordinal);
        Assert.Equal(first, dayAfter.QuerySelector("[data-testid=similar-children]")!.OuterHtml);
    }

    [Fact]
    public async Task A_manager_sees_how_a_match_with_their_own_child_was_worked_out_and_a_caseworker_does_not()
    {
        var north = await fixture.SignedInAsync(Session.Caseworker);
        var existing = await north.RegisterChildAsync("Dawit", "Ownworkingstest", "2009-05-05", nationalities: "ERI");
        var manager = await fixture.SignedInAsync(Session.Manager);

        var asCaseworker = await CheckAsync(north, "Dawit", "Ownworkingstest", "2009-05-05");
        var asManager = await CheckAsync(manager, "Dawit", "Ownworkingstest", "2009-05-05");

        var seenByCaseworker = OwnCandidate(asCaseworker, existing);
        Assert.Contains("Likely the same child", seenByCaseworker.TextContent, StringComparison.Ordinal);
        Assert.Contains("5 May 2009", seenByCaseworker.TextContent, StringComparison.Ordinal);
        Assert.NotNull(seenByCaseworker.QuerySelector("[data-testid=match-reasons]"));
        Assert.Null(seenByCaseworker.QuerySelector("[data-testid=match-workings]"));
        Assert.DoesNotContain("How this was worked out", asCaseworker.Body!.TextContent, StringComparison.Ordinal);

        var seenByManager = OwnCandidate(asManager, existing);
        Assert.NotNull(seenByManager.QuerySelector("[data-testid=match-reasons]"));
        var workings = seenByManager.QuerySelector("details[data-testid=match-workings]")!;
        Assert.Equal("How this was worked out", workings.QuerySelector("summary")!.TextContent.Trim());
        Assert.Matches(@"Probability [01]\.\d\d", workings.TextContent);
        Assert.Contains("names: all names agree", workings.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_external_id_in_use_gets_the_same_message_whoever_holds_it_naming_no_organisation()
    {
        var east = await fixture.SignedInAsync(Session.OtherOrganisationCaseworker);
        var theirs = await RegisterWithExternalIdAsync(east, "Kibrom", "Externalheld", "NTK-EXT-EAST");
        var north = await fixture.SignedInAsync(Session.Caseworker);
        await RegisterWithExternalIdAsync(north, "Yohannes", "Externalours", "NTK-EXT-NORTH");

        var heldElsewhere = await north.PostFormAsync("/children/new", "/children/new", Fields("Abel", "Clashtest", "NTK-EXT-EAST"));
        var heldByUs = await north.PostFormAsync("/children/new", "/children/new", Fields("Abel", "Clashtest", "NTK-EXT-NORTH"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, heldElsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, heldByUs.StatusCode);
        var message = Session.Parse(await Session.Body(heldElsewhere)).QuerySelector("#Form_ExternalId-error")!.TextContent;
        Assert.Contains(ChildChanges.ExternalIdInUse, message, StringComparison.Ordinal);
        Assert.Equal(message, Session.Parse(await Session.Body(heldByUs)).QuerySelector("#Form_ExternalId-error")!.TextContent);
        foreach (var hidden in new[] { "East", "EBC", "Kibrom", "Externalheld", await ReferenceAsync(theirs) })
        {
            Assert.DoesNotContain(hidden, message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Over_the_hourly_limit_other_organisations_children_are_hidden_on_every_instance_the_page_says_so_and_each_search_is_audited()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string> { ["Matching:CrossOrganisationLookupsPerHour"] = "2" };
        await using var first = new TestApp(database, kestrel: false, settings: settings);
        await using var second = new TestApp(database, kestrel: false, settings: settings);
        await first.SeedAsync(children: 0);
        var east = await SignedInAsync(first, Session.OtherOrganisationCaseworker);
        var theirs = Guid.Parse((await east.RegisterChildAsync("Habtom", "Limitcheck", "2008-04-02", nationalities: "ERI")).Split('/')[^1]);
        var north = await SignedInAsync(first, Session.Caseworker);
        var onAnotherInstance = await SignedInAsync(second, Session.Caseworker);

        var allowed = new[] { await CheckAsync(north, "Habtom", "Limitcheck", "2008-04-02"), await CheckAsync(north, "Habtom", "Limitcheck", "2008-04-03") };
        var over = await CheckAsync(onAnotherInstance, "Habtom", "Limitcheck", "2008-04-04");
        var overWithNothingFound = await CheckAsync(onAnotherInstance, "Nobody", "Matchesnothingtest", "2001-01-01");

        Assert.All(allowed, page =>
        {
            Assert.NotNull(page.QuerySelector("[data-testid=candidate][data-own=false]"));
            Assert.Null(page.QuerySelector("[data-testid=lookup-limit]"));
        });
        Assert.Null(over.QuerySelector("[data-testid=candidate]"));
        var notice = over.QuerySelector("[data-testid=lookup-limit]")!.TextContent;
        Assert.Contains("Children held by other organisations are not shown here until", notice, StringComparison.Ordinal);
        Assert.Contains("2 times in the last hour", notice, StringComparison.Ordinal);
        Assert.Contains("still goes to your manager and to theirs", notice, StringComparison.Ordinal);

        // The notice shows whether or not anything was found, so it tells nothing about other organisations' children.
        Assert.Equal(
            over.QuerySelector("[data-testid=similar-children]")!.OuterHtml,
            overWithNothingFound.QuerySelector("[data-testid=similar-children]")!.OuterHtml);

        var caseworker = await first.UserIdAsync(Session.Caseworker);
        await using var db = database.CreateContext();
        var searches = await db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorId == caseworker && e.Action == "searched" && e.EntityType == "SimilarChildren")
            .OrderBy(e => e.Sequence).Select(e => e.Details).ToListAsync();
        var details = searches.Select(d => JsonDocument.Parse(d).RootElement).ToList();
        Assert.Equal(4, details.Count);
        Assert.Equal(new[] { true, true, true, false }, details.Select(d => d.GetProperty("other_organisation_ids").EnumerateArray().Any(id => id.GetGuid() == theirs)));
        Assert.All(details.Take(3), d => Assert.Contains(d.GetProperty("result_ids").EnumerateArray(), id => id.GetGuid() == theirs));
        Assert.Equal(new[] { false, false, true, true }, details.Select(d => d.GetProperty("limit_applied").GetBoolean()));
        Assert.Equal(new[] { true, true, false, false }, details.Select(d => d.GetProperty("cross_organisation_shown").GetBoolean()));
    }

    /// <summary>Posts the registration form unconfirmed, as the first "Register child" does; the page of similar children.</summary>
    private static async Task<IHtmlDocument> CheckAsync(Session session, string given, string family, string dateOfBirth)
    {
        var response = await session.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = given,
            ["Form.FamilyName"] = family,
            ["Form.DateOfBirth"] = dateOfBirth,
            ["Form.DobPrecision"] = "Exact",
            ["Form.Gender"] = "Male",
            ["Form.Nationalities"] = "ERI",
            ["Form.Confirmed"] = "false",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Session.Parse(await Session.Body(response));
    }

    private static AngleSharp.Dom.IElement OwnCandidate(IHtmlDocument page, string childPath) =>
        page.QuerySelectorAll("[data-testid=candidate][data-own=true]").Single(c => c.QuerySelector($"a[href='{childPath}']") is not null);

    private static Dictionary<string, string> Fields(string given, string family, string externalId) => new()
    {
        ["Form.GivenNames"] = given,
        ["Form.FamilyName"] = family,
        ["Form.DateOfBirth"] = "2009-09-09",
        ["Form.DobPrecision"] = "Exact",
        ["Form.Gender"] = "Male",
        ["Form.ExternalId"] = externalId,
        ["Form.Confirmed"] = "true",
    };

    private static async Task<string> RegisterWithExternalIdAsync(Session session, string given, string family, string externalId)
    {
        var response = await session.PostFormAsync("/children/new", "/children/new", Fields(given, family, externalId));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private async Task<string> ReferenceAsync(string childPath)
    {
        var id = Guid.Parse(childPath.Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        return await db.Children.Where(c => c.Id == id).Select(c => c.Reference).SingleAsync();
    }

    private static async Task<Session> SignedInAsync(TestApp app, string email)
    {
        var session = new Session(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await session.SignInAsync(email);
        return session;
    }
}
