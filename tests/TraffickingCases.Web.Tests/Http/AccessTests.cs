using System.Net;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

[Collection(HttpCollection.Name)]
public sealed class AccessTests(AppFixture fixture)
{
    [Theory]
    [InlineData("/")]
    [InlineData("/children")]
    [InlineData("/children/new")]
    [InlineData("/children/0197a8b0-0000-7000-8000-000000000000")]
    [InlineData("/admin")]
    public async Task Anonymous_visitors_are_sent_to_sign_in(string path)
    {
        var response = await fixture.NewSession().Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_checks_answer_without_sign_in(string path)
    {
        var response = await fixture.NewSession().Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_message_beside_the_field()
    {
        var session = fixture.NewSession();
        var response = await session.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = Session.Caseworker, ["Password"] = "not-the-password" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        Assert.Contains("The email address or password is not right", page.QuerySelector("#Email-error")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector(".govuk-error-summary"));
    }

    [Fact]
    public async Task A_caseworker_of_another_organisation_gets_not_found_for_a_child()
    {
        var owner = fixture.NewSession();
        await owner.SignInAsync(Session.Caseworker);
        var child = await owner.RegisterChildAsync("Ardit", "Isolation");

        var outsider = fixture.NewSession();
        await outsider.SignInAsync(Session.OtherOrganisationCaseworker);

        foreach (var path in new[] { child, $"{child}/edit", $"{child}/referrals/new", $"{child}/missing-episodes/new", $"{child}/notes/new" })
        {
            var response = await outsider.Client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {(int)response.StatusCode}");
        }

        var (_, caseload) = await outsider.GetPageAsync("/children?q=Isolation");
        Assert.DoesNotContain("Isolation", caseload.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_administrator_sees_no_case_data()
    {
        var admin = fixture.NewSession();
        await admin.SignInAsync(Session.Admin);

        var children = await admin.Client.GetAsync("/children");
        Assert.Equal(HttpStatusCode.Redirect, children.StatusCode);
        Assert.StartsWith("/access-denied", children.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var (status, page) = await admin.GetPageAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("caseworker@demo.test", page.QuerySelector("[data-testid=users]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditor_can_read_a_record_but_not_change_it()
    {
        var caseworker = fixture.NewSession();
        await caseworker.SignInAsync(Session.Caseworker);
        var child = await caseworker.RegisterChildAsync("Klea", "Readonly", gender: "Female");

        var auditor = fixture.NewSession();
        await auditor.SignInAsync(Session.Auditor);
        var (status, page) = await auditor.GetPageAsync(child);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Klea Readonly", page.QuerySelector("[data-testid=child-name]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector($"a[href='{child}/edit']"));

        var edit = await auditor.Client.GetAsync($"{child}/edit");
        Assert.Equal(HttpStatusCode.Redirect, edit.StatusCode);
        Assert.StartsWith("/access-denied", edit.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_carry_a_strict_content_security_policy()
    {
        var response = await fixture.NewSession().Client.GetAsync("/sign-in");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
    }
}
