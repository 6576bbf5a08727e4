using System.Net;
using AngleSharp.Html.Dom;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>GOV.UK date inputs (day, month, year; hour, minute) on every kind of form, and the error summary's order.</summary>
[Collection(HttpCollection.Name)]
public sealed class DateInputTests(AppFixture fixture)
{
    [Fact]
    public async Task A_date_of_birth_typed_day_month_year_is_read_the_UK_way_round()
    {
        var session = await CaseworkerAsync();
        var response = await session.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = "Dritan", ["Form.FamilyName"] = "Dayfirst",
            ["Form.DateOfBirth.Day"] = "4", ["Form.DateOfBirth.Month"] = "3", ["Form.DateOfBirth.Year"] = "2010",
            ["Form.DobPrecision"] = "Exact", ["Form.Gender"] = "Male", ["Form.Nationalities"] = "ALB", ["Form.Confirmed"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await session.GetPageAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("4 March 2010", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Albanian (ALB)", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_date_of_birth_without_a_month_is_refused_beside_the_field_with_the_month_box_marked_and_nothing_saved()
    {
        var session = await CaseworkerAsync();
        var response = await session.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = "Monthless", ["Form.FamilyName"] = "Datefamily",
            ["Form.DateOfBirth.Day"] = "4", ["Form.DateOfBirth.Month"] = "", ["Form.DateOfBirth.Year"] = "2010",
            ["Form.DobPrecision"] = "Exact", ["Form.Gender"] = "Male", ["Form.Confirmed"] = "true",
        });

        var page = await Refused(response);
        AssertDateError(page, "Form_DateOfBirth", "month", "Date of birth must include a month");
        Assert.Equal("4", ((IHtmlInputElement)page.QuerySelector("#Form_DateOfBirth-day")!).Value);
        Assert.Equal("Monthless", ((IHtmlInputElement)page.QuerySelector("#Form_GivenNames")!).Value);
        var (_, caseload) = await session.GetPageAsync("/children?q=Monthless&caseworker=");
        Assert.DoesNotContain("Monthless", caseload.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_date_of_birth_needs_to_say_how_sure_it_is_and_nothing_is_chosen_for_the_caseworker()
    {
        var session = await CaseworkerAsync();
        var (_, form) = await session.GetPageAsync("/children/new");
        Assert.Empty(form.QuerySelectorAll("input[name='Form.DobPrecision'][checked]"));

        var response = await session.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = "Unsure", ["Form.FamilyName"] = "Precisionfamily",
            ["Form.DateOfBirth.Day"] = "4", ["Form.DateOfBirth.Month"] = "3", ["Form.DateOfBirth.Year"] = "2010",
            ["Form.Gender"] = "Male", ["Form.Confirmed"] = "true",
        });

        var page = await Refused(response);
        Assert.Contains("Choose how sure you are of the date of birth", page.QuerySelector("#Form_DobPrecision-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_summary_lists_the_problems_in_the_order_of_the_fields_on_the_form()
    {
        var session = await CaseworkerAsync();
        var response = await session.PostFormAsync("/children/new", "/children/new", new()
        {
            ["Form.GivenNames"] = "", ["Form.FamilyName"] = "",
            ["Form.DateOfBirth.Day"] = "31", ["Form.DateOfBirth.Month"] = "2", ["Form.DateOfBirth.Year"] = "2010",
            ["Form.DobPrecision"] = "Exact", ["Form.Nationalities"] = "XYZ", ["Form.Confirmed"] = "true",
        });

        var page = await Refused(response);
        var links = page.QuerySelectorAll(".govuk-error-summary a").Select(a => a.GetAttribute("href")).ToList();
        // Given names and family name share one message (a child needs one or the other); ModelState's own order would
        // be date of birth, gender, given names, nationalities.
        Assert.Equal(["#Form_GivenNames", "#Form_DateOfBirth-day", "#Form_Gender", "#Form_Nationalities_1"], links);
        Assert.Contains("Date of birth must be a real date", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        foreach (var target in links)
        {
            Assert.NotNull(page.QuerySelector(target!));
        }
    }

    [Fact]
    public async Task A_referral_date_that_does_not_exist_is_refused_and_no_referral_is_added()
    {
        var session = await CaseworkerAsync();
        var child = await session.RegisterChildAsync("Referral", "Datefamily", "2010-01-01");

        var response = await session.AddReferralAsync(child, "", extra: new()
        {
            ["Form.ReferralDate.Day"] = "31", ["Form.ReferralDate.Month"] = "4", ["Form.ReferralDate.Year"] = "2024",
        });

        var page = await Refused(response);
        AssertDateError(page, "Form_ReferralDate", "day", "Referral date must be a real date");
        var (_, childPage) = await session.GetPageAsync(child);
        Assert.DoesNotContain("NRM referral", childPage.QuerySelector("[data-testid=timeline]")?.TextContent ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_episode_is_entered_with_hour_and_minute_in_UK_summer_time()
    {
        var session = await CaseworkerAsync();
        var child = await session.RegisterChildAsync("Summer", "Timefamily", "2010-01-01");

        var response = await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt.Day"] = "1", ["Form.WentMissingAt.Month"] = "7", ["Form.WentMissingAt.Year"] = "2024",
            ["Form.WentMissingAt.Hour"] = "21", ["Form.WentMissingAt.Minute"] = "30",
            ["Form.WhereaboutsKnown"] = "false",
            ["Form.HasReturned"] = "true",
            ["Form.ReturnedAt.Day"] = "2", ["Form.ReturnedAt.Month"] = "7", ["Form.ReturnedAt.Year"] = "2024",
            ["Form.ReturnedAt.Hour"] = "8", ["Form.ReturnedAt.Minute"] = "05",
            // Answered "no": the police boxes are hidden, and what they still hold is neither checked nor saved.
            ["Form.ReportedToPolice"] = "false",
            ["Form.ReportedToPoliceAt.Day"] = "99", ["Form.PoliceReference"] = "HIDDEN/REF",
        });

        Assert.True(response.StatusCode == HttpStatusCode.Redirect, string.Join(" | ", Session.Parse(await Session.Body(response)).QuerySelectorAll(".govuk-error-summary, .govuk-error-message, .govuk-form-group--error").Select(e => e.OuterHtml[..Math.Min(300, e.OuterHtml.Length)])));
        var (_, page) = await session.GetPageAsync(child);
        var timeline = page.QuerySelector("[data-testid=timeline]")!.TextContent;
        Assert.Contains("1 July 2024, 21:30", timeline, StringComparison.Ordinal);
        Assert.Contains("2 July 2024, 08:05", timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("HIDDEN/REF", timeline, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_episode_time_that_the_clocks_skipped_is_refused_with_the_time_boxes_marked()
    {
        var session = await CaseworkerAsync();
        var child = await session.RegisterChildAsync("Skipped", "Timefamily", "2010-01-01");

        var response = await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt.Day"] = "31", ["Form.WentMissingAt.Month"] = "3", ["Form.WentMissingAt.Year"] = "2024",
            ["Form.WentMissingAt.Hour"] = "1", ["Form.WentMissingAt.Minute"] = "30",
            ["Form.WhereaboutsKnown"] = "false",
        });

        var page = await Refused(response);
        AssertDateError(page, "Form_WentMissingAt", "hour", "must be a real time");
        Assert.Contains("govuk-input--error", page.QuerySelector("#Form_WentMissingAt-minute")!.ClassName, StringComparison.Ordinal);
        var (_, childPage) = await session.GetPageAsync(child);
        Assert.DoesNotContain("Went missing", childPage.QuerySelector("[data-testid=timeline]")?.TextContent ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_episode_without_the_time_says_so()
    {
        var session = await CaseworkerAsync();
        var child = await session.RegisterChildAsync("Timeless", "Timefamily", "2010-01-01");

        var response = await session.AddMissingEpisodeAsync(child, new()
        {
            ["Form.WentMissingAt.Day"] = "1", ["Form.WentMissingAt.Month"] = "7", ["Form.WentMissingAt.Year"] = "2024",
            ["Form.WentMissingAt.Hour"] = "", ["Form.WentMissingAt.Minute"] = "",
            ["Form.WhereaboutsKnown"] = "false",
        });

        var page = await Refused(response);
        AssertDateError(page, "Form_WentMissingAt", "hour", "The date and time the child went missing must include a time");
    }

    [Fact]
    public async Task A_placement_start_with_a_two_digit_year_is_refused_and_no_placement_is_added()
    {
        var session = await CaseworkerAsync();
        var child = await session.RegisterChildAsync("Placement", "Datefamily", "2010-01-01");

        var response = await session.PostFormAsync($"{child}/placements/new", $"{child}/placements/new", new()
        {
            ["Form.Type"] = "Foster",
            ["Form.StartDate.Day"] = "1", ["Form.StartDate.Month"] = "3", ["Form.StartDate.Year"] = "24",
        });

        var page = await Refused(response);
        AssertDateError(page, "Form_StartDate", "year", "Start date must include a year with 4 numbers");
        var (_, childPage) = await session.GetPageAsync(child);
        Assert.DoesNotContain("Placed", childPage.QuerySelector("[data-testid=timeline]")?.TextContent ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_support_request_date_that_is_not_a_date_is_refused_and_nothing_is_added()
    {
        var session = await CaseworkerAsync();
        var child = await session.RegisterChildAsync("Support", "Datefamily", "2010-01-01");

        var response = await session.PostFormAsync($"{child}/support/new", $"{child}/support/new", new()
        {
            ["Form.Type"] = "Education",
            ["Form.RequestedOn.Day"] = "x", ["Form.RequestedOn.Month"] = "3", ["Form.RequestedOn.Year"] = "2024",
        });

        var page = await Refused(response);
        AssertDateError(page, "Form_RequestedOn", "day", "The date support was requested must be a real date");
        var (_, childPage) = await session.GetPageAsync(child);
        Assert.DoesNotContain("Support requested", childPage.QuerySelector("[data-testid=timeline]")?.TextContent ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_form_with_a_date_draws_day_month_and_year_boxes_and_no_browser_date_picker()
    {
        var session = await CaseworkerAsync();
        var child = await session.RegisterChildAsync("Boxes", "Datefamily", "2010-01-01");

        foreach (var path in new[] { "/children/new", $"{child}/referrals/new", $"{child}/missing-episodes/new", $"{child}/placements/new", $"{child}/support/new", $"{child}/edit" })
        {
            var (status, page) = await session.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Empty(page.QuerySelectorAll("input[type=date], input[type=datetime-local]"));
            Assert.NotEmpty(page.QuerySelectorAll("fieldset[role=group] .govuk-date-input input[name$='.Day']"));
        }
    }

    private async Task<Session> CaseworkerAsync()
    {
        var session = fixture.NewSession();
        await session.SignInAsync(Session.Caseworker);
        return session;
    }

    private static async Task<IHtmlDocument> Refused(HttpResponseMessage response)
    {
        var body = await Session.Body(response);
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)response.StatusCode}: {body[..Math.Min(1500, body.Length)]}");
        return Session.Parse(body);
    }

    /// <summary>The message is beside the field and in the summary, the box at fault is marked, and the summary link focuses it.</summary>
    private static void AssertDateError(IHtmlDocument page, string id, string part, string message)
    {
        Assert.Contains(message, page.QuerySelector($"#{id}-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("govuk-input--error", page.QuerySelector($"#{id}-{part}")!.ClassName, StringComparison.Ordinal);
        var link = page.QuerySelectorAll(".govuk-error-summary a").FirstOrDefault(a => a.TextContent.Contains(message, StringComparison.Ordinal));
        Assert.NotNull(link);
        Assert.Equal($"#{id}-{part}", link.GetAttribute("href"));
    }
}
