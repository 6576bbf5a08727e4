using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Security;

/// <summary>Issue 13: passkeys required for the roles named in Security:RequirePasskeyFor.</summary>
public sealed class PasskeyRequirementTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_role_that_must_use_a_passkey_reaches_only_the_passkeys_page_after_a_password_and_others_are_unaffected()
    {
        await using var app = new TestApp(_database, kestrel: false, settings: new Dictionary<string, string> { ["Security:RequirePasskeyFor"] = "Manager, Admin" });
        await app.SeedAsync(0);
        Session New() => new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var manager = New();
        await manager.SignInAsync(Session.Manager);
        var caseworker = New();
        await caseworker.SignInAsync(Session.Caseworker);

        var flags = await manager.Client.GetAsync("/flags");
        var (status, page) = await manager.GetPageAsync("/account/passkeys");

        Assert.Equal("/account/passkeys?required=1", flags.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(page.QuerySelector("[data-testid=passkey-required]"));
        Assert.Equal(HttpStatusCode.OK, (await caseworker.GetPageAsync("/children")).Status);
    }

    [Fact]
    public async Task A_role_that_does_not_exist_stops_the_app_with_the_setting_named()
    {
        await using var app = new TestApp(_database, kestrel: false, settings: new Dictionary<string, string> { ["Security:RequirePasskeyFor"] = "Admins" });

        var refused = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains("Security:RequirePasskeyFor", refused.ToString(), StringComparison.Ordinal);
    }
}
