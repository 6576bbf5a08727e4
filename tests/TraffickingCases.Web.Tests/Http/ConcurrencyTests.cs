using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class ConcurrencyTests(AppFixture fixture)
{
    [Fact]
    public async Task The_second_of_two_people_editing_a_child_is_refused_and_shown_what_changed()
    {
        var first = fixture.NewSession();
        await first.SignInAsync(Session.Caseworker);
        var child = await first.RegisterChildAsync("Merhawi", "Tesfay", "2008-06-01", nationalities: "ERI");
        var second = fixture.NewSession();
        await second.SignInAsync(Session.Manager);

        var firstForm = (await first.GetPageAsync($"{child}/edit")).Page;
        var secondForm = (await second.GetPageAsync($"{child}/edit")).Page;

        var saved = await first.PostAsync(firstForm, $"{child}/edit", FormFields(firstForm, ("Form.FamilyName", "Tesfay Haile")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var refused = await second.PostAsync(secondForm, $"{child}/edit", FormFields(secondForm, ("Form.FamilyName", "Tesfai")));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var page = Session.Parse(await Session.Body(refused));
        var conflict = page.QuerySelector("table")!.TextContent;
        Assert.Contains("Family name", conflict, StringComparison.Ordinal);
        Assert.Contains("Tesfay Haile", conflict, StringComparison.Ordinal);
        Assert.Contains("Tesfai", conflict, StringComparison.Ordinal);
        await using var db = fixture.Database.CreateContext();
        var id = Guid.Parse(child.Split('/')[^1]);
        Assert.Equal("Tesfay Haile", (await db.Children.SingleAsync(c => c.Id == id)).FamilyName);

        // Saving again from the refreshed form keeps the second person's version, knowingly.
        var again = await second.PostAsync(page, $"{child}/edit", FormFields(page, ("Form.FamilyName", "Tesfai")));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Fact]
    public async Task A_note_added_while_someone_edits_the_child_does_not_block_their_save()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Filmon", "Kidane", "2009-02-01", nationalities: "ERI");
        var form = (await session.GetPageAsync($"{child}/edit")).Page;

        var note = await session.PostFormAsync($"{child}/notes/new", $"{child}/notes/new", new() { ["Form.Text"] = "Phoned school." });
        Assert.Equal(HttpStatusCode.Redirect, note.StatusCode);

        var saved = await session.PostAsync(form, $"{child}/edit", FormFields(form, ("Form.FirstLanguage", "Tigrinya")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    [Fact]
    public async Task The_second_of_two_people_editing_a_referral_is_refused_and_nothing_is_overwritten()
    {
        var first = fixture.NewSession();
        await first.SignInAsync(Session.Caseworker);
        var child = await first.RegisterChildAsync("Robel", "Habte", "2008-09-01", nationalities: "ERI");
        Assert.Equal(HttpStatusCode.Redirect, (await first.AddReferralAsync(child, "2024-02-01", "Labour")).StatusCode);
        await using var db = fixture.Database.CreateContext();
        var childId = Guid.Parse(child.Split('/')[^1]);
        var referralId = (await db.Referrals.SingleAsync(r => r.ChildId == childId)).Id;
        var edit = $"{child}/referrals/{referralId}/edit";
        var second = fixture.NewSession();
        await second.SignInAsync(Session.Manager);
        var firstForm = (await first.GetPageAsync(edit)).Page;
        var secondForm = (await second.GetPageAsync(edit)).Page;

        var saved = await first.PostAsync(firstForm, edit, FormFields(firstForm, ("Form.RgOutcome", "Positive"), ("Form.RgDecisionDate", "2024-02-06")));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var refused = await second.PostAsync(secondForm, edit, FormFields(secondForm, ("Form.RgOutcome", "Negative"), ("Form.RgDecisionDate", "2024-02-07")));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Reasonable Grounds", Session.Parse(await Session.Body(refused)).QuerySelector("table")!.TextContent, StringComparison.Ordinal);
        db.ChangeTracker.Clear();
        var referral = await db.Referrals.SingleAsync(r => r.Id == referralId);
        Assert.Equal(new DateOnly(2024, 2, 6), referral.RgDecisionDate);
    }

    /// <summary>The fields a browser would post for this form, with some changed.</summary>
    private static List<KeyValuePair<string, string>> FormFields(AngleSharp.Html.Dom.IHtmlDocument page, params (string Name, string Value)[] changes)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in page.QuerySelectorAll("form[method=post] input, form[method=post] textarea, form[method=post] select"))
        {
            var name = input.GetAttribute("name");
            if (name is null || name == "__RequestVerificationToken" || changes.Any(c => c.Name == name))
            {
                continue;
            }

            var type = input.GetAttribute("type");
            if ((type is "radio" or "checkbox") && !input.HasAttribute("checked"))
            {
                continue;
            }

            var value = input.LocalName switch
            {
                "textarea" => input.TextContent,
                "select" => input.QuerySelector("option[selected]")?.GetAttribute("value") ?? string.Empty,
                _ => input.GetAttribute("value") ?? string.Empty,
            };
            fields.Add(new(name, value));
        }

        fields.AddRange(changes.Select(c => new KeyValuePair<string, string>(c.Name, c.Value)));
        return fields;
    }
}
