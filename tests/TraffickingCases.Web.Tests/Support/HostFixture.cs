using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TraffickingCases.Infrastructure.Cases;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>
/// One database and one app shared by the tests of a collection; tests make their own children. Sessions sign
/// in here; <see cref="TestApp"/> has the intent methods for work outside a session (sweep, rules, matching, merge).
/// </summary>
public abstract class HostFixture(TimeProvider? clock, int children) : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    /// <summary>Every change the after-commit hook heard of.</summary>
    public ChangeRecorder Changes { get; } = new();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new TestApp(Database, kestrel: false, clock, services: services => services.AddSingleton<IChildChangeHook>(Changes));
        await App.SeedAsync(children);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Session NewSession() => new(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    public async Task<Session> SignedInAsync(string email)
    {
        var session = NewSession();
        await session.SignInAsync(email);
        return session;
    }
}

/// <summary>The HTTP tests' app: the demo organisations and users, and a dozen demo children.</summary>
public sealed class AppFixture() : HostFixture(null, 12);

[CollectionDefinition(Name)]
public sealed class HttpCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "HTTP against PostgreSQL";
}

/// <summary>An app whose clock the test moves, with no demo children, for the time-driven rules.</summary>
public sealed class RulesFixture : HostFixture
{
    public RulesFixture()
        : this(new FakeTimeProvider(DateTimeOffset.UtcNow))
    {
    }

    private RulesFixture(FakeTimeProvider clock)
        : base(clock, 0) => Clock = clock;

    public FakeTimeProvider Clock { get; }
}

[CollectionDefinition(Name)]
public sealed class RulesCollection : ICollectionFixture<RulesFixture>
{
    public const string Name = "Rules against PostgreSQL";
}
