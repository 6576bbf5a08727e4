using Microsoft.Playwright;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

/// <summary>Issue 13: a person's own account in the browser: the sessions they are signed in with, and passkeys.</summary>
[Collection(SecureBrowserCollection.Name)]
public sealed class AccountJourneyTests(SecureBrowserFixture fixture)
{
    [Fact]
    public async Task A_person_signed_in_on_two_devices_ends_the_other_session_from_their_account()
    {
        var email = await fixture.NewUserAsync(Roles.Caseworker);
        var laptop = await fixture.SignedInPageAsync(email);
        var phone = await fixture.SignedInPageAsync(email);
        await phone.GotoAsync("/children");
        await Assertions.Expect(phone.GetByTestId("caseload")).ToBeVisibleAsync();

        await laptop.GotoAsync("/account");
        await laptop.GetByRole(AriaRole.Link, new() { Name = "See and end sessions" }).ClickAsync();
        await laptop.WaitForURLAsync("**/account/sessions");
        var sessions = laptop.GetByTestId("session");
        await Assertions.Expect(sessions).ToHaveCountAsync(2);
        await Assertions.Expect(sessions.Filter(new() { HasText = "(this session)" })).ToHaveCountAsync(1);
        await BrowserFixture.AssertAccessibleAsync(laptop);
        await sessions.Filter(new() { HasNotText = "(this session)" }).GetByRole(AriaRole.Button, new() { NameRegex = new("^End ") }).ClickAsync();

        await Assertions.Expect(laptop.GetByText("The session has been ended")).ToBeVisibleAsync();
        await Assertions.Expect(sessions).ToHaveCountAsync(1);
        await Assertions.Expect(sessions).ToContainTextAsync("(this session)");
        await BrowserFixture.AssertAccessibleAsync(laptop);

        await phone.GetByRole(AriaRole.Link, new() { Name = "Children", Exact = true }).ClickAsync();
        await phone.WaitForURLAsync(SecureBrowserFixture.SignInPage());
        await Assertions.Expect(phone.GetByTestId("signed-in-user")).ToHaveCountAsync(0);
        await laptop.GotoAsync("/children");
        await Assertions.Expect(laptop.GetByTestId("caseload")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_person_adds_a_passkey_and_signs_in_with_it_alone()
    {
        // WebAuthn needs a domain for its relying party (an IP address is refused), so this page uses localhost.
        var email = await fixture.NewUserAsync(Roles.Caseworker);
        var page = await fixture.SignedInPageAsync(email, host: "localhost");
        var devtools = await page.Context.NewCDPSessionAsync(page);
        await devtools.SendAsync("WebAuthn.enable");
        await devtools.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2", ["transport"] = "internal", ["hasResidentKey"] = true, ["hasUserVerification"] = true,
                ["isUserVerified"] = true, ["automaticPresenceSimulation"] = true,
            },
        });

        await page.GotoAsync("/account");
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage passkeys" }).ClickAsync();
        await page.WaitForURLAsync("**/account/passkeys");
        await Assertions.Expect(page.GetByTestId("no-passkeys")).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("Name, so you can tell your passkeys apart (optional)").FillAsync("Work laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();

        // The browser makes the credential, the page posts it, the server checks it and redirects: on a loaded machine
        // that takes longer than Playwright's 5 s default, so this step waits up to 30 s (a failure still fails).
        await Assertions.Expect(page.GetByText("Passkey \"Work laptop\" added")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.GetByTestId("passkeys")).ToContainTextAsync("Work laptop");
        await BrowserFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(SecureBrowserFixture.SignInPage());
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
        await Assertions.Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync("Sam Okafor", new() { Timeout = 30_000 });
        await page.GotoAsync("/children");
        await Assertions.Expect(page.GetByTestId("caseload")).ToBeVisibleAsync();
    }
}
