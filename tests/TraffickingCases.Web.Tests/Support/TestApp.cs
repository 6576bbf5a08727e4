using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>The real app on a real database: in memory for HTTP tests, or on a real port for the browser.</summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly bool _kestrel;

    public TestApp(TestDatabase database, bool kestrel)
    {
        _database = database;
        _kestrel = kestrel;
        if (kestrel)
        {
            UseKestrel(0);
        }
    }

    public TestDatabase Database => _database;

    /// <summary>The address the browser uses (Kestrel hosts only).</summary>
    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Cases", _database.ConnectionString);
        builder.ConfigureServices(services => services.AddSingleton<Serilog.Core.ILogEventSink>(Logs));
    }

    /// <summary>Every log event the app wrote, to check nothing identifying reaches the logs.</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>Seeds the demo organisations, users (password <see cref="DemoSeeder.DemoPassword"/>) and a few children.</summary>
    public async Task SeedAsync(int children = 12)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(children);
    }

    public async Task<string> UserIdAsync(string email)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return (await users.FindByEmailAsync(email))!.Id;
    }

    public void StartKestrel()
    {
        if (_kestrel)
        {
            StartServer();
        }
    }
}
