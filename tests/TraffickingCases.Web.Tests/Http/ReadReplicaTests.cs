using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TraffickingCases.Domain.Common;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Infrastructure.Persistence;
using TraffickingCases.Infrastructure.Statistics;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>
/// The private primary and its streaming standby that scripts/test.sh starts (tc_start_replica_pair), as
/// <c>TC_TEST_REPLICA_PRIMARY</c> and <c>TC_TEST_REPLICA_STANDBY</c> (Database=postgres, superuser). Never the shared cluster.
/// </summary>
public static class ReplicaPair
{
    public static string? Primary => Environment.GetEnvironmentVariable("TC_TEST_REPLICA_PRIMARY") is { Length: > 0 } s ? s : null;

    public static string? Standby => Environment.GetEnvironmentVariable("TC_TEST_REPLICA_STANDBY") is { Length: > 0 } s ? s : null;

    public const string Missing =
        "TC_TEST_REPLICA_PRIMARY and TC_TEST_REPLICA_STANDBY are not set: run scripts/test.sh, which starts a primary and a streaming standby of it";
}

/// <summary>A test that needs <see cref="ReplicaPair"/>: skipped, saying why, when scripts/test.sh did not start one.</summary>
public sealed class ReplicaFactAttribute : FactAttribute
{
    public ReplicaFactAttribute()
    {
        if (ReplicaPair.Primary is null || ReplicaPair.Standby is null)
        {
            Skip = ReplicaPair.Missing;
        }
    }
}

/// <summary>
/// An app whose database is on the replica pair's primary, with <c>ConnectionStrings:CasesReadOnly</c> naming both servers
/// (<c>Target Session Attributes=prefer-standby</c>), as docs/operations.md tells an operator to set it. No demo children,
/// and statistics neither suppressed nor rounded, so each figure moves by one.
/// </summary>
public sealed class ReplicaFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (ReplicaPair.Primary is not { } primary || ReplicaPair.Standby is not { } standby)
        {
            return;
        }

        Database = await TestDatabase.CreateAsync(server: primary);
        var onPrimary = new NpgsqlConnectionStringBuilder(primary);
        var onStandby = new NpgsqlConnectionStringBuilder(standby);
        var readOnly = new NpgsqlConnectionStringBuilder(Database.ConnectionString)
        {
            Host = $"{onPrimary.Host}:{onPrimary.Port},{onStandby.Host}:{onStandby.Port}",
            TargetSessionAttributes = "prefer-standby",
        };
        App = new TestApp(Database, kestrel: false, settings: new Dictionary<string, string>
        {
            ["ConnectionStrings:CasesReadOnly"] = readOnly.ConnectionString,
            ["Statistics:SuppressionThreshold"] = "1",
            ["Statistics:RoundTotalsTo"] = "1",
        });
        await App.SeedAsync(children: 0);
        await CaughtUpAsync();
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
            await Database.DisposeAsync();
        }
    }

    public async Task<Session> SignedInAsync(string email)
    {
        var session = new Session(App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await session.SignInAsync(email);
        return session;
    }

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    public async Task CaughtUpAsync()
    {
        var written = await ScalarAsync<string>(ReplicaPair.Primary!, "SELECT pg_current_wal_lsn()::text");
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (!await ScalarAsync<bool>(ReplicaPair.Standby!, $"SELECT pg_last_wal_replay_lsn() >= '{written}'::pg_lsn"))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"the standby had not replayed up to {written} within 30 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the standby replaying what it receives (as a long lag would) until the handle is disposed.</summary>
    public async Task<IAsyncDisposable> PauseReplayAsync()
    {
        await ScalarAsync<object>(ReplicaPair.Standby!, "SELECT pg_wal_replay_pause()");
        while (await ScalarAsync<string>(ReplicaPair.Standby!, "SELECT pg_get_wal_replay_pause_state()") != "paused")
        {
            await Task.Delay(20);
        }

        return new ResumeReplay();
    }

    private sealed class ResumeReplay : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await ScalarAsync<object>(ReplicaPair.Standby!, "SELECT pg_wal_replay_resume()");
    }

    private static async Task<T> ScalarAsync<T>(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>
/// Issue 15, point 4 (ADR 027): statistics, the dashboard and exports read <c>ConnectionStrings:CasesReadOnly</c>, a
/// streaming standby, while every save, and the audit entries those pages write, go to the primary. The proof: with the
/// standby's replay paused, a save succeeds on the primary but the pages do not show it until replay resumes.
/// </summary>
public sealed class ReadReplicaTests(ReplicaFixture fixture) : IClassFixture<ReplicaFixture>
{
    private const string Year2024 = "from=2024-01-01&to=2024-12-31";

    [Fact]
    public void Without_CasesReadOnly_the_reports_read_the_primary()
    {
        const string primary = "Host=primary;Database=cases";
        const string standby = "Host=primary,standby;Database=cases;Target Session Attributes=prefer-standby";

        Assert.Equal(primary, Database.ReadOnlyConnectionString(Settings([]), primary));
        Assert.Equal(primary, Database.ReadOnlyConnectionString(Settings(new() { ["ConnectionStrings:CasesReadOnly"] = "" }), primary));
        // The standby's own string, with statements prepared as the primary's are (ADR 033).
        Assert.Equal($"{standby};Max Auto Prepare={Database.DefaultMaxAutoPrepare};No Reset On Close=True", Database.ReadOnlyConnectionString(Settings(new() { ["ConnectionStrings:CasesReadOnly"] = standby }), primary));
    }

    [ReplicaFact]
    public async Task The_read_only_context_is_on_the_standby_and_refuses_to_save_while_the_app_saves_on_the_primary()
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        var readOnly = scope.ServiceProvider.GetRequiredKeyedService<CasesDbContext>(ReadOnlyCases.Key);
        var primary = scope.ServiceProvider.GetRequiredService<CasesDbContext>();

        Assert.True(await InRecoveryAsync(readOnly));
        Assert.False(await InRecoveryAsync(primary));
        readOnly.Add(new DataProtectionKey { FriendlyName = "written-on-the-read-only-context", Xml = "<key/>" });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => readOnly.SaveChangesAsync());
        Assert.Contains("never saves", refused.Message, StringComparison.Ordinal);
        Assert.False(await primary.DataProtectionKeys.AnyAsync(k => k.FriendlyName == "written-on-the-read-only-context"));
    }

    [ReplicaFact]
    public async Task With_no_standby_answering_prefer_standby_reads_the_primary_and_the_pages_still_work()
    {
        // A port nobody listens on stands for a standby that is down.
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var closed = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var primary = new NpgsqlConnectionStringBuilder(ReplicaPair.Primary!);
        var readOnly = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString)
        {
            Host = $"127.0.0.1:{closed},{primary.Host}:{primary.Port}",
            TargetSessionAttributes = "prefer-standby",
        };
        await using var app = new TestApp(fixture.Database, kestrel: false, settings: new Dictionary<string, string> { ["ConnectionStrings:CasesReadOnly"] = readOnly.ConnectionString });
        var manager = new Session(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await manager.SignInAsync(Session.Manager);

        Assert.Equal(HttpStatusCode.OK, (await manager.GetPageAsync("/dashboard")).Status);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetPageAsync($"/statistics?{Year2024}")).Status);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.False(await InRecoveryAsync(scope.ServiceProvider.GetRequiredKeyedService<CasesDbContext>(ReadOnlyCases.Key)));
    }

    [ReplicaFact]
    public async Task The_dashboard_statistics_and_exports_read_the_standby_while_saves_and_their_audit_entries_go_to_the_primary()
    {
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var manager = await fixture.SignedInAsync(Session.Manager);
        var auditor = await fixture.SignedInAsync(Session.Auditor);
        await fixture.CaughtUpAsync();
        var missingBefore = await DashboardMissingNowAsync(manager);
        var referralsBefore = Referrals2024(await PageAsync(manager, $"/statistics?{Year2024}"));
        var exportedBefore = (await ExportChildrenAsync(auditor)).Count;

        await using (await fixture.PauseReplayAsync())
        {
            // Saves go to the primary: the standby is read-only and, paused, has not even seen them.
            var child = await caseworker.RegisterChildAsync("Rhea", "Replicapaused", "2010-05-05");
            Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, "2024-06-03")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddMissingEpisodeAsync(child, new()
            {
                ["Form.WentMissingAt"] = UkCalendar.ToLondon(DateTimeOffset.UtcNow.AddHours(-1)).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
                ["Form.WhereaboutsKnown"] = "false",
            })).StatusCode);
            await using var db = fixture.Database.CreateContext();
            Assert.Equal(missingBefore + 1, await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM children WHERE missing_now").SingleAsync());
            var auditedBefore = await db.AuditEntries.CountAsync(e => e.Action == AuditActions.Exported);

            // The reports read the standby, so they are as old as its replay.
            Assert.Equal(missingBefore, await DashboardMissingNowAsync(manager));
            Assert.Equal(referralsBefore, Referrals2024(await PageAsync(manager, $"/statistics?{Year2024}")));
            Assert.Equal(exportedBefore, (await ExportChildrenAsync(auditor)).Count);
            var download = await manager.Client.GetAsync($"/statistics/download?format=csv&{Year2024}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);

            // Each export was recorded, started and completed, on the primary while the standby could not have taken it.
            Assert.Equal(auditedBefore + 4, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.Exported));
        }

        await fixture.CaughtUpAsync();
        Assert.Equal(missingBefore + 1, await DashboardMissingNowAsync(manager));
        Assert.Equal(referralsBefore + 1, Referrals2024(await PageAsync(manager, $"/statistics?{Year2024}")));
        Assert.Equal(exportedBefore + 1, (await ExportChildrenAsync(auditor)).Count);
    }

    /// <summary>The dashboard's "missing now", counted for this view: the app keeps the numbers 15 s (ADR 031).</summary>
    private async Task<int> DashboardMissingNowAsync(Session manager)
    {
        fixture.App.Services.GetRequiredService<DashboardCache>().ForgetNow();
        return MissingNow(await PageAsync(manager, "/dashboard"));
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static async Task<bool> InRecoveryAsync(CasesDbContext db) =>
        await db.Database.SqlQuery<bool>($"SELECT pg_is_in_recovery() AS \"Value\"").SingleAsync();

    private async Task<IHtmlDocument> PageAsync(Session session, string path)
    {
        var (status, page) = await session.GetPageAsync(path);
        Assert.True(status == HttpStatusCode.OK, $"{path} answered {(int)status}: {fixture.App.Logs.Events.LastOrDefault(e => e.Contains("Exception", StringComparison.Ordinal))}");
        return page;
    }

    private static async Task<List<Dictionary<string, string?>>> ExportChildrenAsync(Session auditor)
    {
        var response = await auditor.ExportAsync(new() { ["Dataset"] = "children", ["Format"] = "csv" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ExportFiles.ReadCsvAsync(await response.Content.ReadAsByteArrayAsync());
    }

    private static int MissingNow(IHtmlDocument dashboard) =>
        int.Parse(dashboard.QuerySelector("[data-testid=count-missing-now]")!.TextContent.Trim(), CultureInfo.InvariantCulture);

    /// <summary>Referrals in 2024, all kinds together (no row when there are none).</summary>
    private static int Referrals2024(IHtmlDocument statistics) =>
        statistics.QuerySelectorAll("[data-testid=statistics-referrals] tbody tr").SingleOrDefault(r => r.GetAttribute("data-row") == "All quarters | All | All | All | All")
            ?.QuerySelector("td.govuk-table__cell--numeric") is { } cell
            ? int.Parse(cell.TextContent.Trim(), CultureInfo.InvariantCulture)
            : 0;
}
