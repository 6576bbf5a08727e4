using System.Net;
using Microsoft.Extensions.Time.Testing;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Security;

/// <summary>
/// An app with a second factor required (as outside Development) and a clock the tests move: sessions' lifetimes and
/// authenticator codes follow it. Users are made fresh by each test with <c>tc create-user</c>, or are the demo ones.
/// </summary>
public sealed class SecurityFixture : HostFixture
{
    public const string Password = "quiet-harbour-lantern-2026";

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.OrdinalIgnoreCase);

    public SecurityFixture()
        : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private SecurityFixture(FakeTimeProvider clock)
        : base(clock, 0, new Dictionary<string, string> { ["Security:RequireMfa"] = "true" }) => Clock = clock;

    public FakeTimeProvider Clock { get; }

    /// <summary>A new user made with the CLI, with <see cref="Password"/>.</summary>
    public async Task<string> NewUserAsync(string role, string organisation = "NSC")
    {
        var email = $"{role.ToLowerInvariant()}.{Guid.NewGuid():N}@council.example";
        var made = await Database.TcAsync(["create-user", "--email", email, "--role", role, "--organisation", organisation, "--password", Password, "--name", "Sam Okafor"]);
        Assert.True(made.Code == 0, made.Error + made.Output);
        return email;
    }

    /// <summary>The next code of the user's authenticator app: the clock moves on a step first, as a person waits for a new code.</summary>
    public string NextCode(string email)
    {
        Clock.Advance(Totp.Step);
        return Totp.Code(_keys[email], Totp.StepAt(Clock.GetUtcNow()));
    }

    public bool HasAuthenticator(string email) => _keys.ContainsKey(email);

    /// <summary>Sets up the authenticator app through its page, as the person would; returns the recovery codes shown.</summary>
    public async Task<IReadOnlyList<string>> EnrolAsync(Session session, string email)
    {
        var (status, page) = await session.GetPageAsync("/account/two-factor");
        Assert.Equal(HttpStatusCode.OK, status);
        _keys[email] = Base32.Decode(page.QuerySelector("[data-testid=authenticator-key]")!.TextContent.Trim());
        var response = await session.PostAsync(page, "/account/two-factor", [new("Form.Code", NextCode(email))]);
        var done = Session.Parse(await Session.Body(response));
        Assert.True(response.StatusCode == HttpStatusCode.OK, done.QuerySelector(".govuk-error-summary")?.TextContent);
        return done.QuerySelectorAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();
    }

    /// <summary>Signs in with password and authenticator code (setting the app up first when the user has none).</summary>
    public async Task<Session> SignedInWithSecondFactorAsync(string email, string password = Password)
    {
        var session = NewSession();
        var response = await session.PostFormAsync("/sign-in", "/sign-in", new() { ["Email"] = email, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        if (!HasAuthenticator(email))
        {
            await EnrolAsync(session, email);
            return session;
        }

        Assert.Equal("/sign-in/code", response.Headers.Location!.OriginalString.Split('?')[0]);
        var code = await session.PostFormAsync("/sign-in/code", "/sign-in/code", new() { ["Code"] = NextCode(email) });
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        return session;
    }
}

[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecurityFixture>
{
    public const string Name = "Security against PostgreSQL";
}
