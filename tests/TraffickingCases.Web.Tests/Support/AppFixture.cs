namespace TraffickingCases.Web.Tests.Support;

/// <summary>One database and one app shared by the HTTP tests of a collection; tests make their own children.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new TestApp(Database, kestrel: false);
        await App.SeedAsync();
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
public sealed class HttpCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "HTTP against PostgreSQL";
}
