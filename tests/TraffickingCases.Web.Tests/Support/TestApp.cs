using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TraffickingCases.Domain.Matching;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Infrastructure.Demo;
using TraffickingCases.Infrastructure.Identity;
using TraffickingCases.Infrastructure.Matching;
using TraffickingCases.Infrastructure.Notifications;
using TraffickingCases.Infrastructure.Risk;

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
        builder.UseSetting("Notifications:BackgroundEnabled", "false"); // and dispatch notifications themselves (NotifyAsync)
        builder.UseSetting("Exports:PseudonymKey", PseudonymKey);
        // The test hosts speak plain HTTP; TransportSecurityTests switch HTTPS back on by this setting.
        builder.UseSetting("Security:RequireHttps", "false");
        // Most tests sign in with a password alone and hold no Production secrets; the security tests switch these back on.
        builder.UseSetting("Security:RequireMfa", "false");
        builder.UseSetting("Security:CheckProductionSecrets", "false");
        // The suite signs in hundreds of times from one address; ThrottlingTests switch the limits back on by this setting.
        builder.UseSetting("RateLimiting:Enabled", "false");
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

    /// <summary>Runs the background sweep now.</summary>
    public Task<SweepResult> SweepAsync() => Services.GetRequiredService<FlagSweeper>().SweepAsync(CancellationToken.None);

    /// <summary>Turns waiting flag events into notifications and emails, queues due digests and sends, as the background service would.</summary>
    public async Task<(DispatchResult Dispatched, int Digests, SendResult Sent)> NotifyAsync()
    {
        var dispatched = await Services.GetRequiredService<NotificationDispatcher>().DispatchAsync(CancellationToken.None);
        var digests = await Services.GetRequiredService<DailyDigest>().QueueAsync(CancellationToken.None);
        return (dispatched, digests, await Services.GetRequiredService<EmailSender>().SendAsync(CancellationToken.None));
    }

    /// <summary>Runs the rules for these children as one change; the number of flags raised.</summary>
    public async Task<int> EvaluateRulesAsync(IReadOnlyCollection<Guid> childIds)
    {
        var saved = await ChangeManyAsync(batch => batch.Changed(childIds));
        return saved.Changes.FlagsRaised.Count;
    }

    /// <summary>Looks for other records of these children as one change; the number of RR-00 flags raised.</summary>
    public async Task<int> RaiseMatchesAsync(IReadOnlyCollection<Guid> childIds)
    {
        var saved = await ChangeManyAsync(batch => batch.Rematch(childIds));
        return saved.Changes.PossibleMatches.Count();
    }

    /// <summary>Merges two records as a manager of their organisation would.</summary>
    public async Task<ChangeResult<ChildMerge>> MergeAsync(Guid survivorId, Guid mergedId, Guid organisationId, string reason = "Same child")
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MergeService>()
            .MergeAsync(survivorId, mergedId, reason, new MergeActor("test-manager", "Test Manager", organisationId), CancellationToken.None);
    }

    private async Task<ChangeResult<int>.Saved> ChangeManyAsync(Action<ChildBatch> mark)
    {
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<ChildChanges>().ChangeManyAsync((batch, _) =>
        {
            mark(batch);
            return Task.FromResult(ChangeResult.Commit(0));
        }, CancellationToken.None);
        return Assert.IsType<ChangeResult<int>.Saved>(result);
    }

    /// <summary>
    /// Changes a child as another person's save would, and holds that save open (its transaction and the
    /// child's lock) until the returned handle is disposed, which commits it.
    /// </summary>
    public Task<IAsyncDisposable> HoldChangeAsync(Guid childId, Action<Domain.Children.Child, DateTimeOffset> change) =>
        HoldAsync(childId, async db => change(await db.Children.WithHistory().SingleAsync(c => c.Id == childId), DateTimeOffset.UtcNow));

    /// <summary>Changes one of a child's flags as another writer would, holding the child's lock and the transaction until disposed.</summary>
    public Task<IAsyncDisposable> HoldFlagChangeAsync(Guid childId, Guid flagId, Action<Domain.Risk.Flag, DateTimeOffset> change) =>
        HoldAsync(childId, async db => change(await db.Flags.SingleAsync(f => f.Id == flagId && f.ChildId == childId), DateTimeOffset.UtcNow));

    private async Task<IAsyncDisposable> HoldAsync(Guid childId, Func<TraffickingCases.Infrastructure.Persistence.CasesDbContext, Task> change)
    {
        var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TraffickingCases.Infrastructure.Persistence.CasesDbContext>();
        var transaction = await db.Database.BeginTransactionAsync();
        await scope.ServiceProvider.GetRequiredService<RulesService>().LockAsync([childId], CancellationToken.None);
        await change(db);
        await db.SaveChangesAsync();
        return new HeldChange(scope, transaction);
    }

    private sealed class HeldChange(AsyncServiceScope scope, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.CommitAsync();
            await transaction.DisposeAsync();
            await scope.DisposeAsync();
        }
    }

    /// <summary>Chains every committed audit entry now, as the app's background chainer would within a second; how many it chained.</summary>
    public async Task<long> ChainAuditAsync() => (await Services.GetRequiredService<AuditChainer>().ChainAsync(wait: true, CancellationToken.None)).Chained;

    /// <summary>Signs the chain's head into Audit:CheckpointDirectory now, as the app's scheduled job would (ADR 019).</summary>
    public Task<CheckpointRun> CheckpointAuditAsync() => Services.GetRequiredService<AuditCheckpointer>().WriteAsync(CancellationToken.None);

    /// <summary>Records through the audit API in a scope of its own, as a new kind of event's code would.</summary>
    public async Task AuditAsync(Func<AuditTrail, Task> record)
    {
        await using var scope = Services.CreateAsyncScope();
        await record(scope.ServiceProvider.GetRequiredService<AuditTrail>());
    }
}
