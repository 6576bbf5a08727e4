using System.Net;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class CaseRecordTests(AppFixture fixture)
{
    [Fact]
    public async Task A_registered_child_with_every_kind_of_record_shows_them_all_on_the_timeline()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Besnik", "Timeline", "2009-05-01");

        AssertRedirectsTo(child, await session.AddReferralAsync(child, "2024-03-02", "Labour",
            new() { ["Form.RgOutcome"] = "Positive", ["Form.RgDecisionDate"] = "2024-03-08" }));
        AssertRedirectsTo(child, await Post(session, $"{child}/missing-episodes/new", new()
        {
            ["Form.WentMissingAt"] = "2024-05-01T21:30",
            ["Form.ReturnedAt"] = "2024-05-03T08:00",
            ["Form.WhereaboutsKnown"] = "false",
            ["Form.PoliceReference"] = "MP/2024/55555",
            ["Form.ReturnInterviewCompletedAt"] = "2024-05-04T10:00",
        }));
        AssertRedirectsTo(child, await Post(session, $"{child}/placements/new", new()
        {
            ["Form.Type"] = "SupportedAccommodation",
            ["Form.StartDate"] = "2024-03-10",
        }));
        AssertRedirectsTo(child, await Post(session, $"{child}/support/new", new()
        {
            ["Form.Type"] = "ImmigrationLegalAdvice",
            ["Form.RequestedOn"] = "2024-03-12",
            ["Form.StartedOn"] = "2024-04-20",
        }));
        AssertRedirectsTo(child, await Post(session, $"{child}/notes/new", new() { ["Form.Text"] = "Met at school; settled well." }));

        var (status, page) = await session.GetPageAsync(child);
        Assert.Equal(HttpStatusCode.OK, status);
        var titles = page.QuerySelectorAll("[data-testid=timeline] .moj-timeline__title").Select(t => t.TextContent.Trim()).ToList();
        Assert.Equal(
            [
                "Note", "Returned", "Went missing", "Support started: immigration legal advice", "Support requested: immigration legal advice",
                "Placed: supported accommodation", "Reasonable Grounds decision: positive", "NRM referral (first)",
            ],
            titles);
        Assert.Contains("MP/2024/55555", page.QuerySelector("[data-testid=timeline]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_referral_date_in_the_future_shows_the_form_again_with_the_message_beside_the_field()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Erion", "Future", "2010-01-01");

        var response = await session.AddReferralAsync(child, DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        Assert.Equal("Error: Referral date must be today or in the past", page.QuerySelector("#Form_ReferralDate-error")!.TextContent.Trim());
        Assert.Contains("Referral date must be today or in the past", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Erion", (await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=child-name]")!.TextContent.Split(' ')[0]);
        Assert.Null((await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=timeline]"));
    }

    [Fact]
    public async Task A_conclusive_grounds_decision_sooner_than_30_days_after_reasonable_grounds_is_refused()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Dritan", "Recovery", "2009-01-01");

        var response = await session.AddReferralAsync(child, "2024-01-10", extra: new()
        {
            ["Form.RgOutcome"] = "Positive",
            ["Form.RgDecisionDate"] = "2024-01-15",
            ["Form.CgOutcome"] = "Positive",
            ["Form.CgDecisionDate"] = "2024-02-10",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = Session.Parse(await Session.Body(response)).QuerySelector("#Form_CgDecisionDate-error")!.TextContent;
        Assert.Contains("at least 30 days after the Reasonable Grounds decision", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_without_a_gender_or_a_name_shows_both_errors()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);

        var response = await session.PostFormAsync("/children/new", "/children/new", new() { ["Form.DobPrecision"] = "Exact", ["Form.Nationalities"] = "XYZ" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        Assert.Contains("Choose the child's gender", page.QuerySelector("#Form_Gender-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Enter the child's given names or family name", page.QuerySelector("#Form_GivenNames-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("not XYZ", page.QuerySelector("#Form_Nationalities-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registering_shows_similar_children_before_saving_a_possible_duplicate()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var existing = await session.RegisterChildAsync("Yonas", "Weldemichael", "2008-02-03", nationalities: "ERI");

        var response = await session.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = "Yonas",
            ["Form.FamilyName"] = "Weldemichael",
            ["Form.DateOfBirth"] = "2008-03-02",
            ["Form.DobPrecision"] = "Estimated",
            ["Form.Gender"] = "Male",
            ["Form.Confirmed"] = "false",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        var similar = page.QuerySelector("[data-testid=similar-children]")!;
        Assert.NotNull(similar.QuerySelector($"a[href='{existing}']"));
        Assert.Equal("true", page.QuerySelector("input[name='Form.Confirmed']")!.GetAttribute("value"));
    }

    [Fact]
    public async Task The_caseload_finds_a_child_by_name_and_by_reference()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Xhuljan", "Searchable");
        var reference = (await session.GetPageAsync(child)).Page.QuerySelector(".govuk-caption-l")!.TextContent.Trim();

        var byName = (await session.GetPageAsync("/children?q=searcha")).Page;
        var byReference = (await session.GetPageAsync($"/children?q={reference.ToLowerInvariant()}")).Page;

        Assert.Equal([reference], byName.QuerySelectorAll("[data-testid=caseload] tbody tr td:first-child").Select(c => c.TextContent.Trim()));
        Assert.Equal([reference], byReference.QuerySelectorAll("[data-testid=caseload] tbody tr td:first-child").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task The_caseload_finds_a_child_by_another_name_and_a_short_term_still_searches()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var response = await session.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = "Ardit",
            ["Form.FamilyName"] = "Aliasholder",
            ["Form.OtherNames"] = "Kujtimvoss",
            ["Form.DateOfBirth"] = "2010-04-02",
            ["Form.DobPrecision"] = "Exact",
            ["Form.Gender"] = "Male",
            ["Form.Nationalities"] = "ALB",
            ["Form.Confirmed"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var reference = (await session.GetPageAsync(response.Headers.Location!.OriginalString)).Page.QuerySelector(".govuk-caption-l")!.TextContent.Trim();

        var byOtherName = (await session.GetPageAsync("/children?q=TIMVO")).Page;
        var byShortTerm = await session.GetPageAsync("/children?q=Al");

        Assert.Equal([reference], byOtherName.QuerySelectorAll("[data-testid=caseload] tbody tr td:first-child").Select(c => c.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.OK, byShortTerm.Status);
        Assert.NotEmpty(byShortTerm.Page.QuerySelectorAll("[data-testid=caseload] tbody tr"));
    }

    [Fact]
    public async Task The_caseload_pages_by_key_without_repeating_or_skipping_a_child()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var seen = new List<string>();
        // "Anyone": a caseworker's bare caseload opens on their own children (issue 14).
        var path = "/children?caseworker=";
        for (var pages = 0; pages < 50 && path is not null; pages++)
        {
            var page = (await session.GetPageAsync(path)).Page;
            seen.AddRange(page.QuerySelectorAll("[data-testid=caseload] tbody tr td:first-child").Select(c => c.TextContent.Trim()));
            path = page.QuerySelector("a[rel=next]")?.GetAttribute("href");
        }

        await using var db = fixture.Database.CreateContext();
        var organisationId = db.Organisations.Single(o => o.Code == "NSC").Id;
        var expected = db.Children.Where(c => c.OrganisationId == organisationId && c.MergedIntoId == null).Count();
        Assert.Equal(expected, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_placements_area_out_of_area_and_ofsted_registration_are_saved_shown_and_offered_again_when_changing_it()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Kaltrina", "Placedaway", "2008-03-01");

        AssertRedirectsTo(child, await Post(session, $"{child}/placements/new", new()
        {
            ["Form.Type"] = "SupportedAccommodation",
            ["Form.StartDate"] = "2024-11-01",
            ["Form.Area"] = "  Kent ",
            ["Form.OutOfArea"] = "true",
            ["Form.OfstedRegistered"] = "false",
        }));

        var placed = Entry((await session.GetPageAsync(child)).Page, "placement", "Placed: supported accommodation");
        Assert.Equal("Kent", Detail(placed, "Area"));
        Assert.Equal("Yes", Detail(placed, "Out of area"));
        Assert.Equal("No", Detail(placed, "Registered with Ofsted"));
        var edit = placed.QuerySelector("a[href*='/placements/']")!.GetAttribute("href")!;
        var form = (await session.GetPageAsync(edit)).Page;
        Assert.Equal("Kent", form.QuerySelector("#Form_Area")!.GetAttribute("value"));
        Assert.Equal("true", Checked(form, "Form.OutOfArea"));
        Assert.Equal("false", Checked(form, "Form.OfstedRegistered"));

        AssertRedirectsTo(child, await Post(session, edit, new()
        {
            ["Form.Type"] = "SupportedAccommodation", ["Form.StartDate"] = "2024-11-01", ["Form.Area"] = "", ["Form.OutOfArea"] = "", ["Form.OfstedRegistered"] = "true",
        }));

        placed = Entry((await session.GetPageAsync(child)).Page, "placement", "Placed: supported accommodation");
        Assert.Equal("Not recorded", Detail(placed, "Area"));
        Assert.Equal("Not recorded", Detail(placed, "Out of area"));
        Assert.Equal("Yes", Detail(placed, "Registered with Ofsted"));
        form = (await session.GetPageAsync(edit)).Page;
        Assert.Equal(string.Empty, Checked(form, "Form.OutOfArea"));
        Assert.Equal("true", Checked(form, "Form.OfstedRegistered"));
    }

    [Fact]
    public async Task Ofsted_registration_of_a_foster_placement_an_odd_answer_and_a_long_area_are_refused_beside_their_fields()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Drilon", "Notsupported", "2008-03-01");

        var response = await Post(session, $"{child}/placements/new", new()
        {
            ["Form.Type"] = "Foster",
            ["Form.StartDate"] = "2024-11-01",
            ["Form.Area"] = new string('K', 101),
            ["Form.OutOfArea"] = "maybe",
            ["Form.OfstedRegistered"] = "true",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        Assert.Contains("supported accommodation only", page.QuerySelector("#Form_OfstedRegistered-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("'maybe' is not a valid answer", page.QuerySelector("#Form_OutOfArea-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("100", page.QuerySelector("#Form_Area-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector(".govuk-error-summary a[href='#Form_OfstedRegistered']"));
        Assert.Equal("true", Checked(page, "Form.OfstedRegistered"));
        var childId = Guid.Parse(child.Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        Assert.Equal(0, await db.Placements.CountAsync(p => p.ChildId == childId));
    }

    [Fact]
    public async Task A_suspended_case_and_a_referral_to_adult_support_are_saved_shown_and_offered_again_when_changing_the_referral()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Gentian", "Turnedeighteen", "2006-06-01");

        AssertRedirectsTo(child, await session.AddReferralAsync(child, "2024-01-10", extra: new()
        {
            ["Form.WithdrawnOn"] = "2024-06-03",
            ["Form.WithdrawalReason"] = "Did not consent to stay in the NRM at 18",
            ["Form.Suspended"] = "true",
            ["Form.AdultSupportReferredOn"] = "2024-06-10",
        }));

        var page = (await session.GetPageAsync(child)).Page;
        var titles = page.QuerySelectorAll("[data-testid=timeline] .moj-timeline__title").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains("NRM case suspended", titles);
        Assert.Contains("Referred to adult support (MSVCC)", titles);
        Assert.DoesNotContain("NRM case withdrawn", titles);
        var edit = Entry(page, "referral", "NRM case suspended").QuerySelector("a[href*='/referrals/']")!.GetAttribute("href")!;
        var form = (await session.GetPageAsync(edit)).Page;
        Assert.True(form.QuerySelector("#Form_Suspended")!.HasAttribute("checked"));
        Assert.Equal(new[] { "10", "6", "2024" }, new[] { "day", "month", "year" }.Select(part => form.QuerySelector($"#Form_AdultSupportReferredOn-{part}")!.GetAttribute("value")));
    }

    [Fact]
    public async Task A_suspension_without_a_date_and_an_adult_support_referral_before_the_referral_are_refused_beside_their_fields()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Blerta", "Nodate", "2006-06-01");

        var response = await session.AddReferralAsync(child, "2024-01-10", extra: new()
        {
            ["Form.Suspended"] = "true",
            ["Form.AdultSupportReferredOn"] = "2023-12-01",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        Assert.Contains("Enter the date the case was suspended", page.QuerySelector("#Form_Suspended-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("on or after the referral date", page.QuerySelector("#Form_AdultSupportReferredOn-error")!.TextContent, StringComparison.Ordinal);
        Assert.Null((await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=timeline]"));
    }

    [Fact]
    public async Task Whether_someone_in_the_uk_holds_parental_responsibility_is_saved_shown_and_offered_again_when_changing_the_details()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Ermal", "Responsible", "2009-02-01");
        Assert.Equal("Not recorded", (await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=parental-responsibility]")!.TextContent.Trim());
        var form = (await session.GetPageAsync($"{child}/edit")).Page;
        Assert.Equal(string.Empty, Checked(form, "Form.ParentalResponsibilityInUk"));

        var fields = form.QuerySelectorAll("form input[name^='Form.'], form textarea[name^='Form.']")
            .Where(i => i.GetAttribute("type") is not ("radio" or "checkbox") || i.HasAttribute("checked"))
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? i.TextContent))
            .Concat(form.QuerySelectorAll("form select[name^='Form.']")
                .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.QuerySelector("option[selected]")?.GetAttribute("value") ?? string.Empty)))
            .Where(f => f.Key != "Form.ParentalResponsibilityInUk")
            .Append(new("Form.ParentalResponsibilityInUk", "false"))
            .ToList();
        var saved = await session.PostAsync(form, $"{child}/edit", fields);
        AssertRedirectsTo(child, saved);

        Assert.Equal("No", (await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=parental-responsibility]")!.TextContent.Trim());
        Assert.Equal("false", Checked((await session.GetPageAsync($"{child}/edit")).Page, "Form.ParentalResponsibilityInUk"));

        var odd = await session.PostAsync(form, $"{child}/edit", fields.Where(f => f.Key != "Form.ParentalResponsibilityInUk").Append(new("Form.ParentalResponsibilityInUk", "perhaps")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, odd.StatusCode);
        Assert.Contains("'perhaps' is not a valid answer",
            Session.Parse(await Session.Body(odd)).QuerySelector("#Form_ParentalResponsibilityInUk-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("No", (await session.GetPageAsync(child)).Page.QuerySelector("[data-testid=parental-responsibility]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_declined_return_interview_and_the_episodes_concerns_are_shown_and_offered_again_when_changing_the_episode()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Arben", "Declined", "2009-02-01");

        AssertRedirectsTo(child, await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt"] = "2024-05-01T21:30",
            ["Form.ReturnedAt"] = "2024-05-02T08:00",
            ["Form.WhereaboutsKnown"] = "false",
            ["Form.ReturnInterviewDeclined"] = "true",
            ["Form.Concerns"] = "Came back with a new phone",
        }));

        var page = (await session.GetPageAsync(child)).Page;
        Assert.Equal("Declined", Detail(Entry(page, "missing", "Returned"), "Return interview"));
        Assert.Equal("Came back with a new phone", Detail(Entry(page, "missing", "Went missing"), "Concerns"));
        var edit = Entry(page, "missing", "Returned").QuerySelector("a[href*='/missing-episodes/']")!.GetAttribute("href")!;
        var form = (await session.GetPageAsync(edit)).Page;
        Assert.True(form.QuerySelector("#Form_ReturnInterviewDeclined")!.HasAttribute("checked"));
        Assert.Equal("Came back with a new phone", form.QuerySelector("#Form_Concerns")!.TextContent);
    }

    private static AngleSharp.Dom.IElement Entry(AngleSharp.Html.Dom.IHtmlDocument page, string kind, string title) =>
        page.QuerySelectorAll($"[data-testid=timeline] .moj-timeline__item[data-kind={kind}]")
            .Single(e => e.QuerySelector(".moj-timeline__title")!.TextContent.Trim() == title);

    private static string? Detail(AngleSharp.Dom.IElement entry, string label) =>
        entry.QuerySelectorAll(".govuk-summary-list__row")
            .Where(r => r.QuerySelector("dt")!.TextContent.Trim() == label)
            .Select(r => r.QuerySelector("dd")!.TextContent.Trim())
            .SingleOrDefault();

    /// <summary>The value of the checked radio of a field; null when none is checked.</summary>
    private static string? Checked(AngleSharp.Html.Dom.IHtmlDocument page, string name) =>
        page.QuerySelectorAll($"input[type=radio][name='{name}']").SingleOrDefault(i => i.HasAttribute("checked"))?.GetAttribute("value");

    private static async Task<HttpResponseMessage> Post(Session session, string path, Dictionary<string, string> fields) =>
        await session.PostFormAsync(path, path, fields);

    private static void AssertRedirectsTo(string expected, HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"expected a redirect, got {(int)response.StatusCode}: {Session.Body(response).Result[..Math.Min(2000, Session.Body(response).Result.Length)]}");
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }
}
