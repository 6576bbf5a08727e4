using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Identity;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>The real app on a real database: in memory for HTTP tests, or on a real port for the browser.</summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    private readonly TestDatabase _database;
    private readonly bool _kestrel;
    private readonly TimeProvider? _clock;
    private readonly IReadOnlyDictionary<string, string>? _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <summary>The export pseudonym key every test host uses.</summary>
    public const string PseudonymKey = "dGVzdC1vbmx5LXBzZXVkb255bS1rZXktMzItYnl0ZXMhIQ==";

    public TestApp(
        TestDatabase database, bool kestrel, TimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        _database = database;
        _kestrel = kestrel;
        _clock = clock;
        _settings = settings;
        _services = services;
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
        // Tests run the sweep themselves, when they mean to.
        builder.UseSetting("Rules:SweepEnabled", "false");
        builder.UseSetting("Exports:PseudonymKey", PseudonymKey);
        foreach (var (key, value) in _settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }

        builder.ConfigureServices(services => services.AddSingleton<Serilog.Core.ILogEventSink>(Logs));
        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_clock));
        }
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
