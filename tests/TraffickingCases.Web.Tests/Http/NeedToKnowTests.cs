using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>What the registration page tells a user about children held by other organisations (issue 11).</summary>
[Collection(HttpCollection.Name)]
public sealed class NeedToKnowTests(AppFixture fixture)
{
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
}
