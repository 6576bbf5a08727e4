using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Infrastructure.Import;
using TraffickingCases.Infrastructure.Notifications;
using TraffickingCases.Web.Tests.Support;

namespace TraffickingCases.Web.Tests.Http;

/// <summary>The app with a local SMTP server (netDumbster), a clock set to a weekday morning, and notifications run by hand.</summary>
public sealed class NotificationsFixture : HostFixture, IAsyncLifetime
{
    public const string BaseUrl = "https://cases.test";

    public NotificationsFixture()
        : this(new FakeTimeProvider(NextWorkingMorning(DateTimeOffset.UtcNow)), FreePort())
    {
    }

    private NotificationsFixture(FakeTimeProvider clock, int port)
        : base(clock, 0, new Dictionary<string, string>
        {
            ["Email:Host"] = "127.0.0.1",
            ["Email:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Security"] = "None",
            ["Email:From"] = "Trafficking cases <no-reply@cases.test>",
            ["Notifications:BaseUrl"] = BaseUrl,
        })
    {
        Clock = clock;
        Port = port;
    }

    public FakeTimeProvider Clock { get; }

    public int Port { get; }

    public SimpleSmtpServer Smtp { get; private set; } = null!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        Smtp = SimpleSmtpServer.Start(Port);
        await InitializeAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        Smtp.Dispose();
        await DisposeAsync();
    }

    /// <summary>11:00 UK time on the first working day after <paramref name="from"/>.</summary>
    public static DateTimeOffset NextWorkingMorning(DateTimeOffset from)
    {
        var day = UkCalendar.DateOf(from).AddDays(1);
        while (!WorkingDays.IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }

        return UkCalendar.FromLondon(day.ToDateTime(new TimeOnly(11, 0)));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class NotificationsCollection : ICollectionFixture<NotificationsFixture>
{
    public const string Name = "Notifications";
}

[Collection(NotificationsCollection.Name)]
public sealed class NotificationTests(NotificationsFixture fixture)
{
    private sealed record Mail(string To, string Subject, string Body);

    private sealed record RegisteredChild(string Path, Guid Id, string Reference);

    /// <summary>Everything already waiting is told and sent, and the mailbox emptied, so a test sees only what it causes.</summary>
    private async Task DrainAsync()
    {
        await fixture.App.NotifyAsync();
        fixture.Smtp.ClearReceivedEmail();
    }

    private List<Mail> Mails() => fixture.Smtp.ReceivedEmail
        .Select(m => new Mail(
            string.Join(",", m.ToAddresses.Select(a => a.Address)),
            m.Subject ?? string.Empty,
            string.Concat(m.MessageParts.Select(p => p.BodyData))))
        .ToList();

    private async Task<RegisteredChild> ChildAsync(Session caseworker, string given, string family, string caseworkerEmail = Session.Caseworker)
    {
        var path = await caseworker.RegisterChildAsync(given, family);
        var id = Guid.Parse(path.Split('/')[^1]);
        var caseworkerId = await fixture.App.UserIdAsync(caseworkerEmail);
        await using var db = fixture.Database.CreateContext();
        await db.Children.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.AssignedCaseworkerId, caseworkerId));
        return new RegisteredChild(path, id, await db.Children.Where(c => c.Id == id).Select(c => c.Reference).SingleAsync());
    }

    private static async Task RaiseAsync(Session session, RegisteredChild child, string severity, string message)
    {
        var response = await session.PostFormAsync(child.Path, $"{child.Path}/flags", new() { ["Flag.Severity"] = severity, ["Flag.Message"] = message });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private async Task<Guid> OrganisationIdAsync(string code)
    {
        await using var db = fixture.Database.CreateContext();
        return await db.Organisations.Where(o => o.Code == code).Select(o => o.Id).SingleAsync();
    }

    private async Task<HttpResponseMessage> SetOutOfHoursEmailAsync(string? email)
    {
        var admin = await fixture.SignedInAsync(Session.Admin);
        var id = await OrganisationIdAsync("NSC");
        var form = (await admin.GetPageAsync($"/admin/organisations/{id}")).Page;
        return await admin.PostAsync(form, $"/admin/organisations/{id}", [
            new("Form.Name", form.QuerySelector("input[name='Form.Name']")!.GetAttribute("value")!),
            new("Form.Type", form.QuerySelector("input[name='Form.Type'][checked]")!.GetAttribute("value")!),
            new("Form.IsInIctgArea", "true"),
            new("Form.OutOfHoursEmail", email ?? string.Empty),
        ]);
    }

    [Fact]
    public async Task A_high_flag_raised_on_the_web_notifies_the_caseworker_and_the_managers_in_the_app_and_by_one_email_each_with_only_the_reference_and_a_link()
    {
        await DrainAsync();
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await ChildAsync(caseworker, "Zephyrine", "Notifyhigh");

        await RaiseAsync(caseworker, child, "High", "Seen getting into a car with an older man at the station");
        var (dispatched, _, sent) = await fixture.App.NotifyAsync();

        Assert.True(dispatched.Events >= 1 && sent.Sent >= 2, $"dispatched {dispatched}, sent {sent}");
        await using var db = fixture.Database.CreateContext();
        var told = await db.Notifications.Where(n => n.ChildId == child.Id).ToListAsync();
        var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
        var managerId = await fixture.App.UserIdAsync(Session.Manager);
        Assert.Equal(new[] { caseworkerId, managerId }.Order(), told.Select(n => n.UserId).Order());
        Assert.All(told, n => Assert.Equal((NotificationKinds.HighFlag, child.Reference, "MANUAL"), (n.Kind, n.ChildReference, n.RuleCode)));

        var mails = Mails().Where(m => m.Subject.Contains(child.Reference, StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { Session.Caseworker, Session.Manager }.Order(), mails.Select(m => m.To).Order());
        Assert.All(mails, mail =>
        {
            Assert.Equal($"High flag MANUAL on {child.Reference}", mail.Subject);
            Assert.Contains(child.Reference, mail.Body, StringComparison.Ordinal);
            Assert.Contains($"{NotificationsFixture.BaseUrl}/children/{child.Id}", mail.Body, StringComparison.Ordinal);
            foreach (var secret in new[] { "Zephyrine", "Notifyhigh", "older man", "2010", "02/04" })
            {
                Assert.DoesNotContain(secret, mail.Body, StringComparison.OrdinalIgnoreCase);
            }
        });
        Assert.DoesNotContain(Mails(), m => m.To == Session.OtherOrganisationManager);
    }

    [Fact]
    public async Task A_medium_flag_notifies_nobody()
    {
        await DrainAsync();
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await ChildAsync(caseworker, "Ottoline", "Notifymedium");

        await RaiseAsync(caseworker, child, "Medium", "Missed two appointments");
        await fixture.App.NotifyAsync();

        await using var db = fixture.Database.CreateContext();
        Assert.False(await db.Notifications.AnyAsync(n => n.ChildId == child.Id));
        Assert.DoesNotContain(Mails(), m => m.Subject.Contains(child.Reference, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_high_flag_raised_outside_office_hours_also_goes_to_the_organisations_out_of_hours_address()
    {
        Assert.Equal(HttpStatusCode.Redirect, (await SetOutOfHoursEmailAsync("duty.team@north.example")).StatusCode);
        try
        {
            await DrainAsync();
            var inHours = await ChildAsync(await fixture.SignedInAsync(Session.Caseworker), "Perpetua", "Notifyinhours");
            await RaiseAsync(await fixture.SignedInAsync(Session.Caseworker), inHours, "High", "In office hours");
            await fixture.App.NotifyAsync();
            Assert.DoesNotContain(Mails(), m => m.To == "duty.team@north.example");

            // Saturday, 11:00 UK time: out of hours.
            var today = UkCalendar.DateOf(fixture.Clock.GetUtcNow());
            var saturday = today.AddDays(((int)DayOfWeek.Saturday - (int)today.DayOfWeek + 7) % 7);
            fixture.Clock.SetUtcNow(UkCalendar.FromLondon(saturday.ToDateTime(new TimeOnly(11, 0))));
            var caseworker = await fixture.SignedInAsync(Session.Caseworker);
            var child = await ChildAsync(caseworker, "Philippa", "Notifyweekend");
            await RaiseAsync(caseworker, child, "High", "Ran away from placement");
            await fixture.App.NotifyAsync();

            var mails = Mails().Where(m => m.Subject.Contains(child.Reference, StringComparison.Ordinal)).ToList();
            Assert.Equal(new[] { Session.Caseworker, "duty.team@north.example", Session.Manager }.Order(), mails.Select(m => m.To).Order());
            var duty = Assert.Single(mails, m => m.To == "duty.team@north.example");
            Assert.Equal($"Out of hours: High flag MANUAL on {child.Reference}", duty.Subject);
            Assert.Contains($"{NotificationsFixture.BaseUrl}/children/{child.Id}", duty.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Philippa", duty.Body, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Clock.SetUtcNow(NotificationsFixture.NextWorkingMorning(fixture.Clock.GetUtcNow()));
            Assert.Equal(HttpStatusCode.Redirect, (await SetOutOfHoursEmailAsync(null)).StatusCode);
        }
    }

    [Fact]
    public async Task An_out_of_hours_address_in_the_wrong_format_is_refused_beside_the_field()
    {
        var response = await SetOutOfHoursEmailAsync("duty team at north");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = Session.Parse(await Session.Body(response));
        Assert.Contains("Enter the out-of-hours email address in the right format", page.QuerySelector("#Form_OutOfHoursEmail-error")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Enter the out-of-hours email address in the right format", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_that_raises_many_high_flags_sends_exactly_one_summary_email_per_person()
    {
        await DrainAsync();
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        const int count = 6;
        var given = new[] { "Anwen", "Bryony", "Cerys", "Delyth", "Eirlys", "Ffion" };
        var children = new StringBuilder("external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc\n");
        for (var i = 0; i < count; i++)
        {
            children.Append($"NTF-{run}-{i},{given[i]},Importnotify{(char)('a' + i)}{run.ToLowerInvariant()},,{2008 + i}-0{i + 1}-1{i},exact,female,GBR,NSC,false\n");
        }

        Assert.True((await ImportAsync(ImportKind.Children, children.ToString())).Errors.Count == 0);
        var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
        await using (var db = fixture.Database.CreateContext())
        {
            await db.Children.Where(c => c.ExternalId!.StartsWith($"NTF-{run}-"))
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AssignedCaseworkerId, caseworkerId));
        }

        await DrainAsync();
        var missingFrom = fixture.Clock.GetUtcNow().AddHours(-2).ToOffset(TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
        var episodes = new StringBuilder("child_external_id,missing_from,returned_at,whereabouts_known,reported_to_police_at,police_reference,risk_level,return_interview_offered_at,return_interview_completed_at\n");
        for (var i = 0; i < count; i++)
        {
            episodes.Append($"NTF-{run}-{i},{missingFrom},,false,,,,,\n");
        }

        var imported = await ImportAsync(ImportKind.MissingEpisodes, episodes.ToString());
        Assert.True(imported.Errors.Count == 0, string.Join("; ", imported.Errors));
        await fixture.App.NotifyAsync();

        var mails = Mails();
        Assert.Equal(new[] { Session.Caseworker, Session.Manager }.Order(), mails.Select(m => m.To).Order());
        Assert.All(mails, mail =>
        {
            Assert.Equal($"The import raised {count} high flags on children you work with", mail.Subject);
            Assert.Contains($"{NotificationsFixture.BaseUrl}/flags?severity=High", mail.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Importnotify", mail.Body, StringComparison.OrdinalIgnoreCase);
        });
        await using var check = fixture.Database.CreateContext();
        var ids = await check.Children.Where(c => c.ExternalId!.StartsWith($"NTF-{run}-")).Select(c => c.Id).ToListAsync();
        Assert.Equal(count, await check.Notifications.CountAsync(n => n.UserId == caseworkerId && ids.Contains(n.ChildId!.Value) && n.RuleCode == "RR-04"));
    }

    [Fact]
    public async Task A_flag_the_sweep_raises_to_high_is_told_in_one_summary_per_person()
    {
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        Assert.Empty((await ImportAsync(ImportKind.Children,
            "external_id,given_names,family_name,other_names,date_of_birth,dob_precision,gender,nationalities,organisation_code,uasc\n"
            + $"SWP-{run},Tegwen,Sweepnotify{run.ToLowerInvariant()},,2009-05-06,exact,female,GBR,NSC,false\n")).Errors);
        var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
        await using var db = fixture.Database.CreateContext();
        await db.Children.Where(c => c.ExternalId == $"SWP-{run}").ExecuteUpdateAsync(s => s.SetProperty(c => c.AssignedCaseworkerId, caseworkerId));
        var child = await db.Children.Where(c => c.ExternalId == $"SWP-{run}").Select(c => new { c.Id, c.Reference }).SingleAsync();
        string At(TimeSpan ago) => fixture.Clock.GetUtcNow().Subtract(ago).ToOffset(TimeSpan.Zero)
            .ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty((await ImportAsync(ImportKind.MissingEpisodes,
            "child_external_id,missing_from,returned_at,whereabouts_known,reported_to_police_at,police_reference,risk_level,return_interview_offered_at,return_interview_completed_at\n"
            + $"SWP-{run},{At(TimeSpan.FromHours(23))},,true,{At(TimeSpan.FromHours(22))},NP/1,low,,\n")).Errors);
        Assert.Equal(Severity.Medium, (await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == child.Id && f.RuleCode == "RR-04")).Severity);
        await DrainAsync();

        fixture.Clock.Advance(TimeSpan.FromHours(2));
        await fixture.App.SweepAsync();
        await fixture.App.NotifyAsync();

        Assert.Equal(Severity.High, (await db.Flags.AsNoTracking().SingleAsync(f => f.ChildId == child.Id && f.RuleCode == "RR-04")).Severity);
        var mails = Mails().Where(m => m.Subject.StartsWith("The scheduled check of flags raised", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { Session.Caseworker, Session.Manager }.Order(), mails.Select(m => m.To).Order());
        Assert.All(mails, m => Assert.Contains($"{child.Reference}: {NotificationsFixture.BaseUrl}/children/{child.Id}", m.Body, StringComparison.Ordinal));
        Assert.True(await db.Notifications.AnyAsync(n => n.UserId == caseworkerId && n.ChildId == child.Id && n.RuleCode == "RR-04"));
    }

    private async Task<ImportResult> ImportAsync(ImportKind kind, string csv)
    {
        await using var scope = fixture.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CaseImporter>()
            .ImportAsync(kind, new MemoryStream(Encoding.UTF8.GetBytes(csv)), dryRun: false);
    }

    [Fact]
    public async Task Two_dispatchers_and_two_senders_running_at_once_send_each_message_once()
    {
        await DrainAsync();
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var references = new List<string>();
        foreach (var family in new[] { "Twinrunone", "Twinruntwo", "Twinrunthree", "Twinrunfour" })
        {
            var child = await ChildAsync(caseworker, "Marisol", family);
            await RaiseAsync(caseworker, child, "High", "Concern");
            references.Add(child.Reference);
        }

        var services = fixture.App.Services;
        var connection = fixture.Database.ConnectionString;
        NotificationDispatcher Dispatcher() => new(connection, services.GetRequiredService<NotificationSettings>(), services.GetRequiredService<EmailSettings>(), fixture.Clock, NullLogger<NotificationDispatcher>.Instance);
        EmailSender Sender() => new(connection, services.GetRequiredService<EmailSettings>(), fixture.Clock, NullLogger<EmailSender>.Instance);
        var (first, second) = (Dispatcher(), Dispatcher());
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).DispatchAsync(CancellationToken.None))));
        var (one, two) = (Sender(), Sender());
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? one : two).SendAsync(CancellationToken.None))));
        await fixture.App.NotifyAsync(); // anything a skipped run left

        var mails = Mails().Where(m => references.Any(r => m.Subject.EndsWith(r, StringComparison.Ordinal))).ToList();
        Assert.Equal(references.Count * 2, mails.Count);
        Assert.Equal(mails.Count, mails.Select(m => (m.To, m.Subject)).Distinct().Count());
        await using var db = fixture.Database.CreateContext();
        var rows = await db.OutboxMessages.Where(m => references.Any(r => m.Subject.EndsWith(r))).ToListAsync();
        Assert.Equal(references.Count * 2, rows.Count);
        Assert.All(rows, r => Assert.Equal(1, r.Attempts));
    }

    [Fact]
    public async Task An_email_the_server_refuses_is_kept_and_sent_on_a_later_attempt()
    {
        await DrainAsync();
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await ChildAsync(caseworker, "Gwendolen", "Notifyretry");
        await RaiseAsync(caseworker, child, "High", "Concern");
        await fixture.App.Services.GetRequiredService<NotificationDispatcher>().DispatchAsync(CancellationToken.None);

        var settings = fixture.App.Services.GetRequiredService<EmailSettings>();
        var down = new EmailSender(fixture.Database.ConnectionString,
            new EmailSettings { Host = settings.Host, Port = NotificationsFixture.FreePort(), Security = settings.Security, From = settings.From },
            fixture.Clock, NullLogger<EmailSender>.Instance);
        var failed = await down.SendAsync(CancellationToken.None);

        Assert.True(failed.Failed >= 2 && failed.Sent == 0, $"{failed}");
        await using (var db = fixture.Database.CreateContext())
        {
            var waiting = await db.OutboxMessages.Where(m => m.Subject.EndsWith(child.Reference)).ToListAsync();
            Assert.Equal(2, waiting.Count);
            Assert.All(waiting, m =>
            {
                Assert.Null(m.SentAt);
                Assert.Equal(1, m.Attempts);
                Assert.NotNull(m.LastError);
                Assert.True(m.NextAttemptAt > fixture.Clock.GetUtcNow());
            });
        }

        await fixture.App.NotifyAsync();
        Assert.DoesNotContain(Mails(), m => m.Subject.EndsWith(child.Reference, StringComparison.Ordinal)); // not due yet

        fixture.Clock.Advance(EmailSender.Backoff(1) + TimeSpan.FromSeconds(1));
        await fixture.App.NotifyAsync();

        Assert.Equal(2, Mails().Count(m => m.Subject.EndsWith(child.Reference, StringComparison.Ordinal)));
        await using var after = fixture.Database.CreateContext();
        Assert.All(await after.OutboxMessages.Where(m => m.Subject.EndsWith(child.Reference)).ToListAsync(), m =>
        {
            Assert.NotNull(m.SentAt);
            Assert.Equal(2, m.Attempts);
        });
    }

    [Fact]
    public async Task A_person_marks_their_notifications_read_one_or_all_and_cannot_mark_another_persons()
    {
        await DrainAsync();
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var first = await ChildAsync(caseworker, "Hermione", "Notifyreadone");
        var second = await ChildAsync(caseworker, "Hermione", "Notifyreadtwo");
        await RaiseAsync(caseworker, first, "High", "Concern");
        await RaiseAsync(caseworker, second, "High", "Concern");
        await fixture.App.NotifyAsync();
        var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
        await using var db = fixture.Database.CreateContext();
        var mine = await db.Notifications.Where(n => n.UserId == caseworkerId && (n.ChildId == first.Id || n.ChildId == second.Id)).ToListAsync();
        Assert.Equal(2, mine.Count);

        var (status, list) = await caseworker.GetPageAsync("/notifications");
        Assert.Equal(HttpStatusCode.OK, status);
        var item = list.QuerySelector($"[data-notification='{mine[0].Id}']")!;
        Assert.Equal("false", item.GetAttribute("data-read"));
        Assert.NotNull(item.QuerySelector($"a[href='/children/{mine[0].ChildId}']"));
        Assert.NotNull(list.QuerySelector("[data-testid=notification-count]"));

        var manager = await fixture.SignedInAsync(Session.Manager);
        var managerPage = (await manager.GetPageAsync("/notifications")).Page;
        Assert.Null(managerPage.QuerySelector($"[data-notification='{mine[0].Id}']"));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostAsync(managerPage, $"/notifications/{mine[0].Id}/read", [])).StatusCode);
        var other = await fixture.SignedInAsync(Session.OtherOrganisationCaseworker);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync((await other.GetPageAsync("/notifications")).Page, $"/notifications/{mine[0].Id}/read", [])).StatusCode);
        Assert.Null((await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == mine[0].Id)).ReadAt);

        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostAsync(list, $"/notifications/{mine[0].Id}/read", [])).StatusCode);
        Assert.NotNull((await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == mine[0].Id)).ReadAt);
        Assert.Null((await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == mine[1].Id)).ReadAt);

        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostAsync(list, "/notifications/read-all", [])).StatusCode);
        Assert.False(await db.Notifications.AnyAsync(n => n.UserId == caseworkerId && n.ReadAt == null));
        var after = (await caseworker.GetPageAsync("/notifications")).Page;
        Assert.Null(after.QuerySelector("[data-testid=notification-count]"));
        Assert.Equal("true", after.QuerySelector($"[data-notification='{mine[1].Id}']")!.GetAttribute("data-read"));
        Assert.True(await db.Notifications.AnyAsync(n => n.UserId != caseworkerId && n.ChildId == first.Id && n.ReadAt == null)); // the manager's stays unread
    }

    [Fact]
    public async Task A_person_who_asks_for_the_daily_digest_gets_one_email_a_day_with_the_unread_count()
    {
        await DrainAsync();
        var caseworker = await fixture.SignedInAsync(Session.Caseworker);
        var child = await ChildAsync(caseworker, "Isolde", "Notifydigest");
        await RaiseAsync(caseworker, child, "High", "Concern");
        await fixture.App.NotifyAsync();
        fixture.Smtp.ClearReceivedEmail();
        var account = (await caseworker.GetPageAsync("/account")).Page;
        Assert.Equal("Off", account.QuerySelector("[data-testid=daily-digest]")!.TextContent.Trim());
        Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostAsync(account, "/account/daily-digest", [new("on", "true")])).StatusCode);
        try
        {
            var caseworkerId = await fixture.App.UserIdAsync(Session.Caseworker);
            await using var db = fixture.Database.CreateContext();
            var unread = await db.Notifications.CountAsync(n => n.UserId == caseworkerId && n.ReadAt == null);
            Assert.True(unread > 0);

            var (_, digests, _) = await fixture.App.NotifyAsync();
            var (_, again, _) = await fixture.App.NotifyAsync();

            Assert.Equal((1, 0), (digests, again));
            var digest = Assert.Single(Mails(), m => m.To == Session.Caseworker);
            Assert.Equal($"You have {unread} unread notifications", digest.Subject);
            Assert.Contains($"{NotificationsFixture.BaseUrl}/notifications", digest.Body, StringComparison.Ordinal);
            Assert.DoesNotContain(Mails(), m => m.To == Session.Manager); // did not ask for it
        }
        finally
        {
            var page = (await caseworker.GetPageAsync("/account")).Page;
            Assert.Equal(HttpStatusCode.Redirect, (await caseworker.PostAsync(page, "/account/daily-digest", [new("on", "false")])).StatusCode);
        }
    }

    [Fact]
    public async Task An_invitation_is_emailed_to_the_invitee_when_email_is_configured()
    {
        await DrainAsync();
        var admin = await fixture.SignedInAsync(Session.Admin);
        var email = $"invited.{Guid.NewGuid():N}@council.example";
        var response = await admin.PostFormAsync("/admin/users/invite", "/admin/users/invite", new()
        {
            ["Form.Email"] = email, ["Form.DisplayName"] = "Nia Invited", ["Form.Role"] = "Caseworker",
            ["Form.OrganisationId"] = (await OrganisationIdAsync("NSC")).ToString(),
        });
        var page = Session.Parse(await Session.Body(response));
        Assert.NotNull(page.QuerySelector("[data-testid=invitation-emailed]"));
        var link = page.QuerySelector("[data-testid=invitation-link]")!.TextContent.Trim();

        await fixture.App.NotifyAsync();

        var mail = Assert.Single(Mails(), m => m.To == email);
        Assert.Contains(link, mail.Body.Replace("=\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
