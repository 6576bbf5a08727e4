using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Features.Account;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Browser;

/// <summary>Issue 13: a person is invited, enrolled with a second factor, disabled and locked out, all from the browser.</summary>
[Collection(SecureBrowserCollection.Name)]
public sealed class AdministrationJourneyTests(SecureBrowserFixture fixture)
{
    [Fact]
    public async Task An_administrator_invites_a_caseworker_who_sets_up_a_second_factor_then_disables_and_enables_them()
    {
        // A new administrator's first sign-in leads to setting up the authenticator app before anything else.
        var adminEmail = await fixture.NewUserAsync(Roles.Admin);
        var admin = await fixture.NewPageAsync();
        await SecureBrowserFixture.EnterPasswordAsync(admin, adminEmail);
        await admin.WaitForURLAsync("**/account/two-factor");
        await Assertions.Expect(admin.GetByTestId("mfa-required")).ToBeVisibleAsync();
        Assert.Equal(10, (await fixture.EnrolAsync(admin, adminEmail)).Count);
        await admin.GetByRole(AriaRole.Link, new() { Name = "I have saved my codes" }).ClickAsync();
        await admin.WaitForURLAsync("**/account");

        await admin.GetByRole(AriaRole.Link, new() { Name = "Users and organisations" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin");
        await BrowserFixture.AssertAccessibleAsync(admin);
        await admin.GetByRole(AriaRole.Link, new() { Name = "Invite a user" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin/users/invite");
        await BrowserFixture.AssertAccessibleAsync(admin);
        var email = $"invited.{Guid.NewGuid():N}@council.example";
        await admin.GetByLabel("Email address").FillAsync(email);
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("Priya Natarajan");
        await admin.GetByLabel("Role").SelectOptionAsync(new SelectOptionValue { Label = Roles.Caseworker });
        await admin.GetByLabel("Organisation").SelectOptionAsync(new SelectOptionValue { Label = "North Shire Council" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Make invitation" }).ClickAsync();

        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Invitation made" })).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator(".govuk-panel__body")).ToContainTextAsync(email);
        await BrowserFixture.AssertAccessibleAsync(admin);
        var link = new Uri((await admin.GetByTestId("invitation-link").TextContentAsync())!.Trim()).PathAndQuery;

        // The invitee, on their own device, chooses a password, and is sent straight on to set up the app.
        var person = await fixture.NewPageAsync();
        await person.GotoAsync(link);
        await Assertions.Expect(person.GetByRole(AriaRole.Heading, new() { Name = "Choose your password" })).ToBeVisibleAsync();
        await Assertions.Expect(person.Locator("main")).ToContainTextAsync(email);
        await BrowserFixture.AssertAccessibleAsync(person);
        await person.GetByLabel("Password", new() { Exact = true }).FillAsync(SecureBrowserFixture.Password);
        await person.GetByLabel("Password again").FillAsync(SecureBrowserFixture.Password);
        await person.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await person.WaitForURLAsync("**/account/two-factor");
        await Assertions.Expect(person.GetByTestId("mfa-required")).ToBeVisibleAsync();
        var recoveryCodes = await fixture.EnrolAsync(person, email);
        Assert.Equal(10, recoveryCodes.Distinct().Count());
        await person.GetByRole(AriaRole.Link, new() { Name = "I have saved my codes" }).ClickAsync();
        await person.WaitForURLAsync("**/account");
        await person.GetByRole(AriaRole.Link, new() { Name = "Children", Exact = true }).ClickAsync();
        await person.WaitForURLAsync("**/children");
        await Assertions.Expect(person.GetByTestId("signed-in-user")).ToHaveTextAsync("Priya Natarajan");
        await Assertions.Expect(person.GetByTestId("caseload")).ToBeVisibleAsync();

        // Signing out, then in again: the password alone is not enough; the app's code completes it.
        await person.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await person.WaitForURLAsync(SecureBrowserFixture.SignInPage());
        await Assertions.Expect(person.GetByText("You have signed out on every device")).ToBeVisibleAsync();
        await SecureBrowserFixture.EnterPasswordAsync(person, email);
        await person.WaitForURLAsync(SecureBrowserFixture.CodePage());
        await BrowserFixture.AssertAccessibleAsync(person);
        await person.GotoAsync("/children");
        await person.WaitForURLAsync(SecureBrowserFixture.SignInPage()); // half signed in is not signed in
        await fixture.SignInAsync(person, email);
        await person.GotoAsync("/children");
        await Assertions.Expect(person.GetByTestId("caseload")).ToBeVisibleAsync();

        // The administrator disables the account: the person's open page is signed out at its next step.
        await admin.GotoAsync("/admin");
        await admin.GetByTestId("users").GetByRole(AriaRole.Link, new() { Name = email }).ClickAsync();
        await admin.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/admin/users/[^/]+$"));
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Priya Natarajan" })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByTestId("user-status")).ToHaveTextAsync("Active");
        await Assertions.Expect(admin.GetByTestId("user-summary")).ToContainTextAsync("Authenticator app");
        await BrowserFixture.AssertAccessibleAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Disable account" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("user-status")).ToHaveTextAsync("Disabled");
        await BrowserFixture.AssertAccessibleAsync(admin);

        await person.GetByRole(AriaRole.Link, new() { Name = "Children", Exact = true }).ClickAsync();
        await person.WaitForURLAsync(SecureBrowserFixture.SignInPage());
        await Assertions.Expect(person.GetByTestId("signed-in-user")).ToHaveCountAsync(0);
        await SecureBrowserFixture.EnterPasswordAsync(person, email);
        await Assertions.Expect(person.Locator(".govuk-error-summary")).ToContainTextAsync("The email address or password is not right");
        Assert.Matches(SecureBrowserFixture.SignInPage(), person.Url);
        await person.GotoAsync("/children");
        await person.WaitForURLAsync(SecureBrowserFixture.SignInPage());

        // Enabled again, the person signs in as before.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enable account" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("user-status")).ToHaveTextAsync("Active");
        await fixture.SignInAsync(person, email);
        await person.GotoAsync("/children");
        await Assertions.Expect(person.GetByTestId("caseload")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Wrong_codes_lock_the_account_until_an_administrator_unlocks_it()
    {
        var email = await fixture.NewUserAsync(Roles.Caseworker);
        await fixture.SignedInPageAsync(email); // sets up the app on another device first

        var page = await fixture.NewPageAsync();
        await SecureBrowserFixture.EnterPasswordAsync(page, email);
        await page.WaitForURLAsync(SecureBrowserFixture.CodePage());
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(fixture.WrongCode(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Code-error")).ToContainTextAsync("The code is not right");
        await BrowserFixture.AssertAccessibleAsync(page);

        // The rest of the attempts go through the same form, posted from the page without redrawing it each time.
        var attempts = fixture.App.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Lockout.MaxFailedAccessAttempts;
        var answers = await page.EvaluateAsync<int[]>(
            """
            async ([code, times]) => {
                const form = document.querySelector('form[action="/sign-in/code"]');
                const answers = [];
                for (let i = 0; i < times; i++) {
                    const body = new URLSearchParams(new FormData(form));
                    body.set("Code", code);
                    answers.push((await fetch(form.action, { method: "POST", body, credentials: "same-origin", redirect: "manual" })).status);
                }
                return answers;
            }
            """,
            new object[] { fixture.WrongCode(email), attempts - 1 });
        Assert.All(answers, status => Assert.Equal(422, status));

        // Locked: now even the right code, and then the right password, are refused.
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(fixture.NextCode(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Code-error")).ToContainTextAsync("The code is not right");
        await SecureBrowserFixture.EnterPasswordAsync(page, email);
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync(UniformSignInManager.Refused);
        Assert.Matches(SecureBrowserFixture.SignInPage(), page.Url);

        var admin = await fixture.SignedInPageAsync(await fixture.NewUserAsync(Roles.Admin));
        await admin.GotoAsync("/admin");
        await admin.GetByTestId("users").GetByRole(AriaRole.Link, new() { Name = email }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("user-status")).ToHaveTextAsync("Locked out");
        await BrowserFixture.AssertAccessibleAsync(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Unlock account" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("user-status")).ToHaveTextAsync("Active");
        await Assertions.Expect(admin.GetByRole(AriaRole.Button, new() { Name = "Unlock account" })).ToHaveCountAsync(0);

        await fixture.SignInAsync(page, email);
        await page.GotoAsync("/children");
        await Assertions.Expect(page.GetByTestId("caseload")).ToBeVisibleAsync();
        var id = await fixture.App.UserIdAsync(email);
        await using var db = fixture.Database.CreateContext();
        var actions = await db.AuditEntries.Where(e => e.EntityId == id).Select(e => e.Action).ToListAsync();
        Assert.Contains("locked_out", actions);
        Assert.Contains("user_unlocked", actions);
    }
}
