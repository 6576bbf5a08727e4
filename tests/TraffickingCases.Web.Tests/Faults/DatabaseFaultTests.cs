using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TraffickingCases.Infrastructure.Audit;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Faults;

/// <summary>A database of their own: these tests drop its connections, lock its tables and add failing triggers.</summary>
public sealed class DatabaseFaultFixture() : HostFixture(null, 2);

[CollectionDefinition(Name)]
public sealed class DatabaseFaultCollection : ICollectionFixture<DatabaseFaultFixture>
{
    public const string Name = "Database faults";
}

/// <summary>What a person sees, and what is saved, when PostgreSQL drops connections, stalls or refuses a write (ADR 026).</summary>
[Collection(DatabaseFaultCollection.Name)]
public sealed class DatabaseFaultTests(DatabaseFaultFixture fixture)
{
    [Fact]
    public async Task Pages_whose_connections_the_database_dropped_answer_503_or_succeed_never_500_and_then_succeed()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Dawit", "Gebremedhin", "2009-03-04", nationalities: "ERI");
        Assert.Equal(HttpStatusCode.OK, (await session.GetPageAsync(child)).Status);

        // What a restart does to the app's pooled connections: the server ends every one of them.
        Assert.True(await TerminateConnectionsAsync() > 0);
        var first = await session.Client.GetAsync(child);

        Assert.True(first.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {(int)first.StatusCode}");
        if (first.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Equal("5", first.Headers.GetValues("Retry-After").Single());
            var page = Session.Parse(await Session.Body(first));
            Assert.Equal("Sorry, the service is unavailable", page.QuerySelector("h1")!.TextContent);
            Assert.Contains("Try again", page.QuerySelector("[data-testid=try-again]")!.TextContent, StringComparison.Ordinal);
            Assert.Contains(fixture.App.Logs.Events, e => e.Contains("answered 503", StringComparison.Ordinal));
        }

        Assert.Equal(HttpStatusCode.OK, (await session.GetPageAsync(child)).Status);
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddNoteAsync(child, "Visited after the restart.")).StatusCode);
        Assert.DoesNotContain(fixture.App.Logs.Events, e => e.Contains("Gebremedhin", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task While_the_database_is_unreachable_the_app_is_live_but_not_ready_and_pages_are_never_500()
    {
        // Nothing listens on port 1: every connection is refused, as while PostgreSQL is stopped.
        var unreachable = new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { Port = 1 }.ConnectionString;
        await using var app = new TestApp(fixture.Database, kestrel: false, settings: new Dictionary<string, string> { ["ConnectionStrings:Cases"] = unreachable });
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var signIn = await client.GetAsync("/sign-in");
        Assert.True(signIn.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"/sign-in answered {(int)signIn.StatusCode}");
    }

    [Fact]
    public async Task A_note_whose_connection_drops_before_its_commit_is_saved_once_with_one_audit_entry()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Yonas", "Berhane", "2008-11-12", nationalities: "ERI");
        var childId = Guid.Parse(child.Split('/')[^1]);
        // The first insert of a note ends its own connection, mid-transaction, as a restart would. A sequence counts
        // the attempts: unlike a table, it is not rolled back with the transaction the connection took with it.
        await ExecuteAsync("""
            CREATE SEQUENCE fault_once;
            CREATE FUNCTION drop_connection_once() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF nextval('fault_once') = 1 THEN
                    PERFORM pg_terminate_backend(pg_backend_pid());
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER drop_connection_once BEFORE INSERT ON case_notes FOR EACH ROW EXECUTE FUNCTION drop_connection_once();
            """);
        try
        {
            var saved = await session.AddNoteAsync(child, "Spoke to the foster carer.");

            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            await using var db = fixture.Database.CreateContext();
            var notes = await db.CaseNotes.Where(n => n.ChildId == childId && n.Text == "Spoke to the foster carer.").Select(n => n.Id).ToListAsync();
            var note = Assert.Single(notes);
            Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.EntityType == nameof(Domain.Children.CaseNote) && a.Action == AuditActions.Created && a.ChildId == childId));
            Assert.Equal(note.ToString(), (await db.AuditEntries.SingleAsync(a => a.EntityType == nameof(Domain.Children.CaseNote) && a.ChildId == childId)).EntityId);
            Assert.Equal(0, await db.Flags.Where(f => f.ChildId == childId).GroupBy(f => new { f.RuleCode, f.OccurrenceKey }).CountAsync(g => g.Count() > 1));
            Assert.Equal(2L, await ScalarAsync<long>("SELECT last_value FROM fault_once")); // dropped once, saved by the second attempt
            Assert.Contains(fixture.App.Logs.Events, e => e.Contains("running it again", StringComparison.Ordinal) && e.Contains("57P01", StringComparison.Ordinal));
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER drop_connection_once ON case_notes; DROP FUNCTION drop_connection_once(); DROP SEQUENCE fault_once;");
        }
    }

    [Theory]
    [InlineData("53100", HttpStatusCode.ServiceUnavailable, "Sorry, the service is unavailable")] // disk full: passes, so it is tried again, then 503
    [InlineData("P0001", HttpStatusCode.InternalServerError, "Sorry, there is a problem with the service")]
    public async Task A_failing_audit_write_leaves_the_record_unsaved_and_the_person_told(string sqlState, HttpStatusCode status, string heading)
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Selam", "Tekle", "2010-01-20", nationalities: "ERI");
        var childId = Guid.Parse(child.Split('/')[^1]);
        await using var db = fixture.Database.CreateContext();
        var auditBefore = await db.AuditEntries.CountAsync(a => a.ChildId == childId && a.Action != AuditActions.Viewed);
        await ExecuteAsync($"""
            CREATE FUNCTION refuse_note_audit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.entity_type = 'CaseNote' THEN
                    RAISE EXCEPTION 'audit write refused by the test' USING ERRCODE = '{sqlState}';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_note_audit BEFORE INSERT ON audit_entries FOR EACH ROW EXECUTE FUNCTION refuse_note_audit();
            """);
        HttpResponseMessage refused;
        try
        {
            refused = await session.AddNoteAsync(child, "Written while the audit trail refused.");
        }
        finally
        {
            await ExecuteAsync("DROP TRIGGER refuse_note_audit ON audit_entries; DROP FUNCTION refuse_note_audit();");
        }

        Assert.Equal(status, refused.StatusCode);
        Assert.Equal(heading, Session.Parse(await Session.Body(refused)).QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal(0, await db.CaseNotes.CountAsync(n => n.ChildId == childId));
        Assert.Equal(auditBefore, await db.AuditEntries.CountAsync(a => a.ChildId == childId && a.Action != AuditActions.Viewed));
        Assert.Equal(HttpStatusCode.Redirect, (await session.AddNoteAsync(child, "Written once the audit trail was back.")).StatusCode);
    }

    [Fact]
    public async Task A_statement_past_the_command_timeout_shows_a_page_that_says_it_took_too_long()
    {
        await using var app = new TestApp(fixture.Database, kestrel: false, settings: new Dictionary<string, string> { ["Database:CommandTimeoutSeconds"] = "1" });
        var session = new Session(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        await session.SignInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Abel", "Haile", "2009-07-07", nationalities: "ERI");

        HttpResponseMessage stalled;
        await using (await LockChildrenAsync())
        {
            stalled = await session.Client.GetAsync(child);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, stalled.StatusCode);
        var page = Session.Parse(await Session.Body(stalled));
        Assert.Equal("Sorry, this page took too long", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await session.GetPageAsync(child)).Status);
    }

    [Fact]
    public async Task A_client_that_goes_away_cancels_its_query()
    {
        var session = await fixture.SignedInAsync(Session.Caseworker);
        var child = await session.RegisterChildAsync("Ruta", "Mehari", "2011-05-05", nationalities: "ERI");

        await using (await LockChildrenAsync())
        {
            using var gone = new CancellationTokenSource();
            var request = session.Client.GetAsync(child, gone.Token);
            Assert.True(await WaitForAsync(async () => await WaitingOnLockAsync() > 0), "the child page never waited on the lock");

            await gone.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

            // Npgsql's default command timeout is 30 s: gone well within it only because the request's cancellation reached PostgreSQL.
            Assert.True(await WaitForAsync(async () => await WaitingOnLockAsync() == 0), "the page's query still waits after the client went away");
        }
    }

    private async Task<int> TerminateConnectionsAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE datname = @db AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("db", fixture.Database.Name);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private async Task<long> WaitingOnLockAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND wait_event_type = 'Lock' AND state = 'active'", connection);
        command.Parameters.AddWithValue("db", fixture.Database.Name);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Holds an exclusive lock on the children table until disposed: every read of a child waits.</summary>
    private async Task<IAsyncDisposable> LockChildrenAsync()
    {
        var connection = new NpgsqlConnection(AdminConnectionString(fixture.Database.Name));
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var command = new NpgsqlCommand("LOCK TABLE children IN ACCESS EXCLUSIVE MODE", connection, transaction))
        {
            await command.ExecuteNonQueryAsync();
        }

        return new Held(connection, transaction);
    }

    private sealed class Held(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await connection.DisposeAsync();
        }
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString(fixture.Database.Name));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString(fixture.Database.Name));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A connection outside the app's pool (its own application name), to the test database or to postgres.</summary>
    private string AdminConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder(fixture.Database.ConnectionString) { Database = database, ApplicationName = "fault-test", Pooling = false }.ConnectionString;

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
