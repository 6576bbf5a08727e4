using System.Net;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>Input nobody meant to send (a date in the year 9999, a mangled field name, a made-up status) gets a 4xx and a clear message, never a 500.</summary>
[Collection(HttpCollection.Name)]
public sealed class OddInputTests(AppFixture fixture)
{
    [Theory]
    [InlineData("to", "/audit?to=9999-12-31")]
    [InlineData("from", "/audit?from=0001-01-01")]
    [InlineData("from", "/audit?from=9999-12-31&to=9999-12-31")]
    public async Task An_audit_search_with_a_date_out_of_range_says_so_beside_the_field(string field, string path)
    {
        var auditor = fixture.NewSession();
        await auditor.SignInAsync(Session.Auditor);

        var (status, page) = await auditor.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var message = page.QuerySelector($"#{field}-error")?.TextContent ?? string.Empty;
        Assert.Contains("between 1 January 1900 and 31 December 2999", message, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($".govuk-error-summary a[href^='#{field}-']")); // the date's first box
        Assert.Null(page.QuerySelector("[data-testid=audit-entries]"));
    }

    [Theory]
    [InlineData("To", "/statistics?to=9999-12-31")]
    [InlineData("From", "/statistics?from=0001-01-01&to=2025-01-01")]
    public async Task Statistics_for_a_date_out_of_range_say_so_beside_the_field(string field, string path)
    {
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);

        var (status, page) = await manager.GetPageAsync(path);
        var download = await manager.Client.GetAsync(path.Replace("/statistics?", "/statistics/download?format=csv&", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("between 1 January 1900 and 31 December 2999", page.QuerySelector($"#Query_{field}-error")?.TextContent ?? string.Empty, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($".govuk-error-summary a[href='#Query_{field}-day']"));
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task Signing_in_with_a_mangled_field_name_shows_the_sign_in_page_again_with_a_message()
    {
        var visitor = fixture.NewSession();
        var (_, form) = await visitor.GetPageAsync("/sign-in");

        var response = await visitor.PostAsync(form, "/sign-in", [new("Email[", Session.Caseworker), new("Password", "demo-password-2026")]);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        Assert.Contains("Enter your email address", page.QuerySelector(".govuk-error-summary")?.TextContent ?? string.Empty, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("form input[name=Email]"));
    }

    [Fact]
    public async Task A_form_with_a_mangled_field_name_comes_back_with_its_errors()
    {
        var caseworker = fixture.NewSession();
        await caseworker.SignInAsync(Session.Caseworker);

        var response = await caseworker.PostFormAsync("/children/new", "/children/new", new() { ["Form.GivenNames["] = "Mangled", ["Form.FamilyName]"] = "Fieldname" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(Session.Parse(await Session.Body(response)).QuerySelector(".govuk-error-summary"));
    }

    [Theory]
    [InlineData("/error/-1")]
    [InlineData("/error/0")]
    [InlineData("/error/200")]
    [InlineData("/error/999")]
    [InlineData("/error/2147483647")]
    public async Task An_error_page_for_a_status_that_is_not_an_error_answers_not_found(string path)
    {
        var visitor = fixture.NewSession();

        var (status, page) = await visitor.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Page not found", page.QuerySelector("h1")?.TextContent ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/error/400", HttpStatusCode.BadRequest)]
    [InlineData("/error/503", HttpStatusCode.ServiceUnavailable)]
    public async Task An_error_page_for_an_error_status_answers_with_that_status(string path, HttpStatusCode expected)
    {
        var visitor = fixture.NewSession();

        var (status, _) = await visitor.GetPageAsync(path);

        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("/flags?after=9_3155378975999999999_1")]
    [InlineData("/flags?severity=99&status=%00")]
    [InlineData("/children?after=3155378975999999999_TC")]
    [InlineData("/children?after=-1_x&q=%5B")]
    [InlineData("/matches?from=9999-12-31&to=9999-12-31")]
    public async Task A_list_with_an_odd_filter_or_cursor_still_answers(string path)
    {
        var manager = fixture.NewSession();
        await manager.SignInAsync(Session.Manager);

        var response = await manager.Client.GetAsync(path);

        Assert.True((int)response.StatusCode < 500, $"{path} answered {(int)response.StatusCode}");
    }
}
