using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TraffickingCases.Infrastructure.Cases;

namespace TraffickingCases.Web.Tests.Support;

/// <summary>
/// One database and one app shared by the tests of a collection; tests make their own children. Sessions sign
/// in here; <see cref="TestApp"/> has the intent methods for work outside a session (sweep, rules, matching, merge).
/// </summary>
public abstract class HostFixture(TimeProvider? clock, int children, IReadOnlyDictionary<string, string>? settings = null) : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    /// <summary>Every change the after-commit hook heard of.</summary>
    public ChangeRecorder Changes { get; } = new();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new TestApp(Database, kestrel: false, clock, settings, services: services => services.AddSingleton<IChildChangeHook>(Changes));
        await App.SeedAsync(children);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Session NewSession() => new(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    /// <summary>
    /// A caseworker registers two records of one child, each with a referral and viewed once; a manager merges the
    /// second into the first. Returns both records' page paths and references.
    /// </summary>
    public async Task<MergedPair> MergedPairAsync(string given, string family)
    {
        var caseworker = NewSession();
        await caseworker.SignInAsync(Session.Caseworker);
        var kept = await caseworker.RegisterChildAsync(given, family, "2009-02-03", nationalities: "AFG");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(kept, "2024-03-01")).StatusCode);
        var merged = await caseworker.RegisterChildAsync(given, family, "2009-02-03", nationalities: "AFG");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(merged, "2025-06-10")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await caseworker.GetPageAsync(merged)).Status);
        var keptId = Guid.Parse(kept.Split('/')[^1]);
        var mergedId = Guid.Parse(merged.Split('/')[^1]);
        await using var db = Database.CreateContext();
        var flagId = await db.Flags.Where(f => f.ChildId == keptId && f.RuleCode == Domain.Risk.Flag.MatchCode && f.OccurrenceKey == mergedId.ToString())
            .Select(f => f.Id).SingleAsync();
        var manager = NewSession();
        await manager.SignInAsync(Session.Manager);
        var pair = (await manager.GetPageAsync($"/matches/{flagId}")).Page;
        var response = await manager.PostAsync(pair, $"/matches/{flagId}/merge", [new("Merge.Survivor", "ours"), new("Merge.Reason", "Same child")]);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var references = await db.Children.Where(c => c.Id == keptId || c.Id == mergedId).ToDictionaryAsync(c => c.Id, c => c.Reference);
        return new MergedPair(kept, keptId, references[keptId], merged, mergedId, references[mergedId]);
    }

    public async Task<Session> SignedInAsync(string email)
    {
        var session = NewSession();
        await session.SignInAsync(email);
        return session;
    }
}

/// <summary>Two records of one child after the second was merged into the first.</summary>
public sealed record MergedPair(string Kept, Guid KeptId, string KeptReference, string Merged, Guid MergedId, string MergedReference);

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
