using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;
using Npgsql;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Cases;
using TraffickingCases.Web.Tests.Http;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Deployment;

/// <summary>
/// Two app hosts on one database, as two replicas behind a load balancer are (issue 15, ADR 029): each test starts both
/// at once on a fresh database, with one clock and one mail server, and sends a person's requests to either.
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    /// <summary>FlagSweeper's session advisory lock (pg_advisory_lock of one bigint: classid 0, objid the key, objsubid 1).</summary>
    private const long SweepLockKey = 7_270_000;

    private readonly FakeTimeProvider _clock = new(NotificationsFixture.NextWorkingMorning(DateTimeOffset.UtcNow));
    private readonly SweepGate _gate = new();
    private readonly int _smtpPort = NotificationsFixture.FreePort();
    private SimpleSmtpServer _smtp = null!;
    private TestDatabase _database = null!;
    private TestApp _first = null!;
    private TestApp _second = null!;

    public async Task InitializeAsync()
    {
        _smtp = SimpleSmtpServer.Start(_smtpPort);
        _database = await TestDatabase.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = _smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Security"] = "None",
            ["Email:From"] = "Trafficking cases <no-reply@cases.test>",
            ["Notifications:BaseUrl"] = NotificationsFixture.BaseUrl,
            ["Rules:SweepBatchSize"] = "1", // a sweep of a few children is several batches, so the gate can hold it mid-way
        };
        _first = Host(settings);
        _second = Host(settings);
        await Task.WhenAll(Task.Run(() => _first.Services), Task.Run(() => _second.Services));
        await _first.SeedAsync(children: 0);
    }

    public async Task DisposeAsync()
    {
        _gate.Open();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _database.DisposeAsync();
        _smtp.Dispose();
    }

    [Fact]
    public async Task A_sign_in_on_one_instance_is_valid_on_the_other_and_a_sign_out_on_either_ends_it_on_both()
    {
        var cookies = new CookieContainer();
        var onFirst = Browser(_first, cookies);
        var onSecond = Browser(_second, cookies);
        // Both make their first Data Protection key at the same moment, as two replicas started together on an empty database do.
        await Task.WhenAll(onFirst.GetPageAsync("/sign-in"), onSecond.GetPageAsync("/sign-in"));

        await onFirst.SignInAsync(Session.Caseworker);
        var child = await onSecond.RegisterChildAsync("Dawit", "Twohosts", "2010-05-06", nationalities: "ERI");
        Assert.Equal(HttpStatusCode.OK, (await onFirst.GetPageAsync(child)).Status);

        // A form opened on one instance is accepted by the other: its antiforgery token is protected with the shared keys.
        var form = (await onFirst.GetPageAsync($"{child}/notes/new")).Page;
        var saved = await onSecond.PostAsync(form, $"{child}/notes/new", [new("Form.Text", "Met at school.")]);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(child, saved.Headers.Location!.OriginalString);

        // The session lives in the database: ended on the second instance, it is gone on the first at its next request.
        Assert.Equal(HttpStatusCode.Redirect, (await onSecond.PostFormAsync("/account", "/sign-out", [])).StatusCode);
        var after = await onFirst.Client.GetAsync(child);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/sign-in", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        await using var db = _database.CreateContext();
        Assert.Equal(1, await db.CaseNotes.CountAsync());
    }

    [Fact]
    public async Task Sweeps_started_together_on_both_instances_do_the_work_once_under_one_advisory_lock()
    {
        var caseworker = await SignedInAsync(_first);
        for (var i = 0; i < 3; i++)
        {
            var child = await caseworker.RegisterChildAsync("Samir", $"Sweeptwice{(char)('a' + i)}", "2010-05-06");
            Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, Today())).StatusCode);
        }

        // Time passes with no save: the decisions and the guardian referral fall due, and only a sweep can see it.
        _clock.Advance(TimeSpan.FromDays(60));
        _gate.Close();

        var sweeps = new[] { Task.Run(_first.SweepAsync), Task.Run(_second.SweepAsync) };
        await _gate.Entered.WaitAsync(TimeSpan.FromSeconds(60));
        var skipped = await (await Task.WhenAny(sweeps).WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.True(skipped.Skipped, "the sweep that finished while the other held its batch should have skipped");
        Assert.Equal(1, await SweepLockHoldersAsync());

        _gate.Open();
        var results = await Task.WhenAll(sweeps);
        var worker = Assert.Single(results, r => !r.Skipped);
        Assert.Equal(3, worker.Result.Evaluated);
        Assert.True(worker.Result.Raised >= 3, $"the sweep raised {worker.Result.Raised} flags for three overdue children");
        Assert.Equal(0, await SweepLockHoldersAsync());
        await using var db = _database.CreateContext();
        Assert.Equal(worker.Result.Raised, await db.Flags.CountAsync(f => f.RaisedAt == _clock.GetUtcNow()));
    }

    [Fact]
    public async Task Saves_to_one_child_from_both_instances_at_once_raise_each_flag_once()
    {
        var caseworker = await SignedInAsync(_first);
        var child = await caseworker.RegisterChildAsync("Yonas", "Manysaves", "2010-05-06", nationalities: "ERI");
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.AddReferralAsync(child, Today())).StatusCode);
        var childId = Guid.Parse(child.Split('/')[^1]);
        _clock.Advance(TimeSpan.FromDays(60)); // overdue now, and not yet flagged: the next save of the child raises the flags

        // Sixteen saves of one child at once, half through each instance: each evaluates the rules and finds the same findings.
        var (onFirst, onSecond) = (await SignedInAsync(_first), await SignedInAsync(_second));
        var saves = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            (i % 2 == 0 ? onFirst : onSecond).PostFormAsync($"{child}/notes/new", $"{child}/notes/new", new() { ["Form.Text"] = $"Visit {i}." })));

        Assert.All(saves, s => Assert.Equal(HttpStatusCode.Redirect, s.StatusCode));
        await using var db = _database.CreateContext();
        Assert.Equal(16, await db.CaseNotes.CountAsync(n => n.ChildId == childId));
        var open = await db.Flags.AsNoTracking()
            .Where(f => f.ChildId == childId && (f.Status == FlagStatus.Open || f.Status == FlagStatus.Acknowledged))
            .Select(f => new { f.RuleCode, f.OccurrenceKey, f.RaisedAt }).ToListAsync();
        var raisedBySaves = open.Where(f => f.RaisedAt == _clock.GetUtcNow()).ToList();
        Assert.True(raisedBySaves.Count >= 1, "the saves should have raised the overdue flags");
        Assert.All(open.GroupBy(f => (f.RuleCode, f.OccurrenceKey)), g => Assert.True(g.Count() == 1, $"{g.Key.RuleCode} is open {g.Count()} times"));
        // Nor was a second copy raised and ended again: every flag of the child, whatever its status, once per occurrence.
        var all = await db.Flags.AsNoTracking().Where(f => f.ChildId == childId).Select(f => new { f.RuleCode, f.OccurrenceKey }).ToListAsync();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task Both_instances_dispatching_and_sending_at_once_tell_each_person_of_each_high_flag_once()
    {
        var (onFirst, onSecond) = (await SignedInAsync(_first), await SignedInAsync(_second));
        var references = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var session = i % 2 == 0 ? onFirst : onSecond;
            var child = await session.RegisterChildAsync("Amanuel", $"Toldonce{(char)('a' + i)}", "2010-05-06", nationalities: "ERI");
            var raised = await session.PostFormAsync(child, $"{child}/flags", new() { ["Flag.Severity"] = "High", ["Flag.Message"] = "Seen with an adult who is not known" });
            Assert.Equal(HttpStatusCode.Redirect, raised.StatusCode);
            await using var lookup = _database.CreateContext();
            var id = Guid.Parse(child.Split('/')[^1]);
            references.Add(await lookup.Children.Where(c => c.Id == id).Select(c => c.Reference).SingleAsync());
        }

        // Each instance's background work, three rounds each, all at once.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? _first : _second).NotifyAsync())));
        await Task.WhenAll(_first.NotifyAsync(), _second.NotifyAsync()); // anything a skipped round left

        await using var db = _database.CreateContext();
        Assert.Equal(0, await db.NotificationEvents.CountAsync(e => e.ProcessedAt == null));
        var notifications = await db.Notifications.Where(n => n.ChildReference != null && references.Contains(n.ChildReference))
            .Select(n => new { n.UserId, n.FlagId }).ToListAsync();
        Assert.True(notifications.Count >= references.Count, $"{notifications.Count} notifications for {references.Count} high flags");
        Assert.Equal(notifications.Count, notifications.Distinct().Count());
        var manual = await db.Flags.Where(f => f.RuleCode == Flag.ManualCode && db.Children.Any(c => c.Id == f.ChildId && references.Contains(c.Reference)))
            .Select(f => f.Id).ToListAsync();
        Assert.Equal(references.Count, manual.Count);
        Assert.All(manual, id => Assert.Contains(notifications, n => n.FlagId == id));

        var queued = await db.OutboxMessages.Where(m => references.Any(r => m.Subject.EndsWith(r))).Select(m => new { m.ToAddress, m.Subject, m.Attempts }).ToListAsync();
        Assert.Equal(notifications.Count, queued.Count);
        Assert.All(queued, m => Assert.Equal(1, m.Attempts));
        var mails = _smtp.ReceivedEmail.Where(m => references.Any(r => (m.Subject ?? string.Empty).EndsWith(r, StringComparison.Ordinal)))
            .Select(m => (To: string.Join(",", m.ToAddresses.Select(a => a.Address)), m.Subject)).ToList();
        Assert.Equal(queued.Count, mails.Count);
        Assert.Equal(mails.Count, mails.Distinct().Count());
    }

    private TestApp Host(IReadOnlyDictionary<string, string> settings) =>
        new(_database, kestrel: false, _clock, settings, services => services.AddSingleton<IChildChangeHook>(_gate));

    /// <summary>One browser whose cookies both instances see, as a load balancer without sticky sessions would send it.</summary>
    private static Session Browser(TestApp host, CookieContainer cookies) =>
        new(host.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));

    private static async Task<Session> SignedInAsync(TestApp host)
    {
        var session = Browser(host, new CookieContainer());
        await session.SignInAsync(Session.Caseworker);
        return session;
    }

    private string Today() => TraffickingCases.Domain.Common.UkCalendar.ToLondon(_clock.GetUtcNow()).ToString("yyyy-MM-dd");

    private async Task<long> SweepLockHoldersAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand(
            """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = @key AND objsubid = 1
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        count.Parameters.AddWithValue("key", NpgsqlTypes.NpgsqlDbType.Oid, (uint)SweepLockKey);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>An after-commit hook that, when closed, holds the first change it hears (a sweep's batch, its lock held) until opened.</summary>
    private sealed class SweepGate : IChildChangeHook
    {
        private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _release;

        public Task Entered => _entered.Task;

        public void Close()
        {
            _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Open() => _release?.TrySetResult();

        public async Task AfterCommitAsync(ChildrenChanged changed, CancellationToken ct)
        {
            if (_release is { Task.IsCompleted: false } release)
            {
                _entered.TrySetResult();
                await release.Task;
            }
        }
    }
}
