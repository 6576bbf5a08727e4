using Microsoft.EntityFrameworkCore;

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

    public Session NewSession() => new(App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
    }));
}

/// <summary>Two records of one child after the second was merged into the first.</summary>
public sealed record MergedPair(string Kept, Guid KeptId, string KeptReference, string Merged, Guid MergedId, string MergedReference);

[CollectionDefinition(Name)]
public sealed class HttpCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "HTTP against PostgreSQL";
}
