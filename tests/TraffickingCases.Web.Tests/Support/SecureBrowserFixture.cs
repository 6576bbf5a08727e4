using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>
/// The app on a real port with a second factor required (as outside Development), and Debian's Chromium. Its clock runs
/// in real time but can be moved on a step, as a person waits for their authenticator app's next code: each code is
/// accepted once, so without this each sign-in after the first would wait up to 30 seconds. Users are made fresh by each
/// test (with <c>tc create-user</c> or by invitation); the demo users are there too.
/// </summary>
public sealed partial class SecureBrowserFixture : IAsyncLifetime
{
    public const string Password = "quiet-harbour-lantern-2026";

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.OrdinalIgnoreCase);
    private IPlaywright? _playwright;

    public SteppingClock Clock { get; } = new();

    public TestDatabase Database { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new TestApp(Database, kestrel: true, Clock, new Dictionary<string, string> { ["Security:RequireMfa"] = "true" });
        App.StartKestrel();
        await App.SeedAsync(children: 3);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A new user made with the CLI, with <see cref="Password"/>.</summary>
    public async Task<string> NewUserAsync(string role, string organisation = "NSC")
    {
        var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@council.example";
        var made = await Database.TcAsync(["create-user", "--email", email, "--role", role, "--organisation", organisation, "--password", Password, "--name", "Sam Okafor"]);
        Assert.True(made.Code == 0, made.Error + made.Output);
        return email;
    }

    /// <summary>A page in a browser context of its own (its own cookies), as on another device.</summary>
    public async Task<IPage> NewPageAsync(string? host = null)
    {
        var address = new UriBuilder(App.BaseAddress);
        if (host is not null)
        {
            address.Host = host;
        }

        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address.Uri.ToString().TrimEnd('/') });
        return await context.NewPageAsync();
    }

    /// <summary>The next code of the user's authenticator app: the clock moves on a step first, as a person waits for a new code.</summary>
    public string NextCode(string email)
    {
        Clock.Advance(Totp.Step);
        return Totp.Code(_keys[email], Totp.StepAt(Clock.GetUtcNow()));
    }

    /// <summary>A six-digit code that the user's app shows at no step the app accepts now.</summary>
    public string WrongCode(string email)
    {
        var step = Totp.StepAt(Clock.GetUtcNow());
        var accepted = new[] { step - 2, step - 1, step, step + 1, step + 2 }.Select(s => Totp.Code(_keys[email], s)).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(code => !accepted.Contains(code));
    }

    /// <summary>Fills in and sends the sign-in form (the first step: email address and password).</summary>
    public static async Task EnterPasswordAsync(IPage page, string email, string password = Password)
    {
        if (!page.Url.Contains("/sign-in", StringComparison.Ordinal) || CodePage().IsMatch(page.Url))
        {
            await page.GotoAsync("/sign-in");
        }

        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>
    /// Signs in with password and a code from the authenticator app, as a person would; a person who has no app set up
    /// yet is sent to set one up, and does so. The page ends on the page signing in led to.
    /// </summary>
    public async Task SignInAsync(IPage page, string email, string password = Password)
    {
        await EnterPasswordAsync(page, email, password);
        if (!_keys.ContainsKey(email))
        {
            await page.WaitForURLAsync("**/account/two-factor");
            await EnrolAsync(page, email);
            await page.GetByRole(AriaRole.Link, new() { Name = "I have saved my codes" }).ClickAsync();
            await page.WaitForURLAsync("**/account");
            return;
        }

        await page.WaitForURLAsync(CodePage());
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(NextCode(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal));
    }

    /// <summary>A new page in a context of its own, signed in as <paramref name="email"/> (setting up the app first if need be).</summary>
    public async Task<IPage> SignedInPageAsync(string email, string? host = null)
    {
        var page = await NewPageAsync(host);
        await SignInAsync(page, email);
        return page;
    }

    /// <summary>
    /// On the set-up page: "scans" the QR code by reading the key shown as text, confirms with the app's code, and
    /// returns the recovery codes then shown once. Checks both pages with axe.
    /// </summary>
    public async Task<IReadOnlyList<string>> EnrolAsync(IPage page, string email)
    {
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Set up an authenticator app" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        _keys[email] = Base32.Decode((await page.GetByTestId("authenticator-key").TextContentAsync())!.Trim());
        await page.GetByLabel("Code from your authenticator app").FillAsync(NextCode(email));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Save your recovery codes" })).ToBeVisibleAsync();
        await BrowserFixture.AssertAccessibleAsync(page);
        return (await page.GetByTestId("recovery-codes").Locator("li").AllTextContentsAsync()).Select(c => c.Trim()).ToList();
    }

    /// <summary>The second step of signing in: /sign-in/code, with or without a return address.</summary>
    [GeneratedRegex(@"/sign-in/code(\?|$)")]
    public static partial Regex CodePage();

    /// <summary>The first step of signing in, wherever it was sent from.</summary>
    [GeneratedRegex(@"/sign-in(\?|$)")]
    public static partial Regex SignInPage();
}

/// <summary>The real time, moved on when a test says so (and never back).</summary>
public sealed class SteppingClock : TimeProvider
{
    private long _ahead;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _ahead));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ahead, by.Ticks);
}

[CollectionDefinition(Name)]
public sealed class SecureBrowserCollection : ICollectionFixture<SecureBrowserFixture>
{
    public const string Name = "Browser with a second factor";
}
