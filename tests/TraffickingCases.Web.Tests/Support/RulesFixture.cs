using Microsoft.Extensions.Time.Testing;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>An app whose clock the test moves, on its own database, for the time-driven rules.</summary>
public sealed class RulesFixture : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public TestDatabase Database { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new TestApp(Database, kestrel: false, Clock);
        await App.SeedAsync(children: 0);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Session NewSession() => new(App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    }));
}

[CollectionDefinition(Name)]
public sealed class RulesCollection : ICollectionFixture<RulesFixture>
{
    public const string Name = "Rules against PostgreSQL";
}
