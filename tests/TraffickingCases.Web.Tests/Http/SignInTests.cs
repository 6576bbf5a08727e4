using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>A database of its own: these tests fail sign-ins on purpose and lock an account.</summary>
public sealed class SignInFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new TestApp(Database, kestrel: false);
        await App.SeedAsync(children: 0);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Session NewSession() => new(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
}

/// <summary>
/// Issue 13, finding 3: sign-in tells an attacker nothing. An unknown address, a wrong password and a locked account get
/// the same answer, in about the same time, so no one can learn from it which addresses have accounts.
/// </summary>
public sealed class SignInTests(SignInFixture fixture) : IClassFixture<SignInFixture>
{
    private const string Unknown = "nobody.here@demo.test";

    [Fact]
    public async Task An_unknown_address_a_wrong_password_and_a_locked_account_get_the_same_message()
    {
        var session = fixture.NewSession();
        var unknown = await ErrorsAsync(session, Unknown, "Wrong-password-123");
        var wrong = await ErrorsAsync(session, Session.OtherOrganisationManager, "Wrong-password-123");

        // Lock the account the only way there is: failed sign-ins until Identity locks it.
        await using var db = fixture.Database.CreateContext();
        for (var attempt = 0; attempt < 100 && !await IsLockedAsync(db, Session.OtherOrganisationManager); attempt++)
        {
            Assert.Equal(wrong, await ErrorsAsync(session, Session.OtherOrganisationManager, "Wrong-password-123"));
        }

        Assert.True(await IsLockedAsync(db, Session.OtherOrganisationManager), "the account is locked after repeated failures");
        var lockedWithTheRightPassword = await ErrorsAsync(session, Session.OtherOrganisationManager, TraffickingCases.Infrastructure.Demo.DemoSeeder.DemoPassword);

        Assert.Equal(unknown, wrong);
        Assert.Equal(unknown, lockedWithTheRightPassword);
        // The message says accounts lock after many failures, never that this one is locked.
        Assert.DoesNotContain("This account", unknown.Summary, StringComparison.Ordinal);
        Assert.Contains("ask an administrator", unknown.Field, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_address_takes_as_long_to_refuse_as_a_wrong_password()
    {
        var attacker = fixture.NewSession();
        var owner = fixture.NewSession();
        var unknown = new List<double>();
        var wrong = new List<double>();
        await TimedAsync(attacker, Unknown); // the first request of a host warms it up; not counted
        for (var round = 0; round < 20; round++)
        {
            unknown.Add(await TimedAsync(attacker, Unknown));
            wrong.Add(await TimedAsync(attacker, Session.Manager));

            // The owner signs in between, so the failures never add up to a lockout (a locked account is refused without
            // the password being checked, which would hide the difference this test looks for).
            await owner.SignInAsync(Session.Manager);
        }

        var (medianUnknown, medianWrong) = (Median(unknown), Median(wrong));
        Assert.True(medianUnknown >= 0.5 * medianWrong,
            $"an unknown address was refused in {medianUnknown:F1} ms and a wrong password in {medianWrong:F1} ms (medians of 20)");
    }

    private static async Task<(string Summary, string Field)> ErrorsAsync(Session session, string email, string password)
    {
        var (_, form) = await session.GetPageAsync("/sign-in");
        var response = await session.PostAsync(form, "/sign-in", [new("Email", email), new("Password", password)]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        return (page.QuerySelector(".govuk-error-summary")!.TextContent.Trim(), page.QuerySelector("#Email-error")!.TextContent.Trim());
    }

    private static async Task<double> TimedAsync(Session session, string email)
    {
        var (_, form) = await session.GetPageAsync("/sign-in");
        var clock = Stopwatch.StartNew();
        var response = await session.PostAsync(form, "/sign-in", [new("Email", email), new("Password", "Wrong-password-123")]);
        clock.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }

    private static async Task<bool> IsLockedAsync(TraffickingCases.Infrastructure.Persistence.CasesDbContext db, string email) =>
        await db.Users.AsNoTracking().AnyAsync(u => u.Email == email && u.LockoutEnd > DateTimeOffset.UtcNow);
}
