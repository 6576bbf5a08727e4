using MailKit.Security;
using TraffickingCases.Domain.Common;

namespace TraffickingCases.Infrastructure.Notifications;

/// <summary>How notifications are made and when (configuration section "Notifications").</summary>
public sealed class NotificationSettings
{
    /// <summary>Whether this instance runs the dispatcher, the sender and the digest in the background (tests run them by hand).</summary>
    public bool BackgroundEnabled { get; set; } = true;

    /// <summary>How often the background service looks for new events and waiting emails.</summary>
    public int IntervalSeconds { get; set; } = 15;

    /// <summary>The address people use to reach the service, for the links in emails (https://cases.example.gov.uk).</summary>
    public string BaseUrl { get; set; } = string.Empty;

    public TimeOnly OfficeHoursOpen { get; set; } = OfficeHours.Default.Opens;

    public TimeOnly OfficeHoursClose { get; set; } = OfficeHours.Default.Closes;

    /// <summary>How long an import's or sweep's events wait for its end before they are summarised anyway.</summary>
    public int BatchHoldMinutes { get; set; } = 60;

    /// <summary>The UK time after which each day's digest is sent to those who asked for it.</summary>
    public TimeOnly DigestTime { get; set; } = new(7, 0);

    /// <summary>Events handled per transaction for changes made on the web (a batch is handled whole).</summary>
    public int EventsPerRound { get; set; } = 200;

    public OfficeHours OfficeHours => new(OfficeHoursOpen, OfficeHoursClose);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>(OfficeHours.Problems(ConfigurationSections.Notifications));
        if (IntervalSeconds < 1 || BatchHoldMinutes < 1 || EventsPerRound < 1)
        {
            problems.Add("Notifications:IntervalSeconds, Notifications:BatchHoldMinutes and Notifications:EventsPerRound must be 1 or more");
        }

        if (BaseUrl.Length > 0 && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            problems.Add($"Notifications:BaseUrl ({BaseUrl}) must be an absolute http or https address");
        }

        return problems;
    }

    /// <summary>A link into the service for an email.</summary>
    public string Link(string path) => $"{(BaseUrl.Length == 0 ? "http://localhost" : BaseUrl.TrimEnd('/'))}{path}";
}

/// <summary>The mail server emails go through (configuration section "Email"); nothing is sent when Host or From is empty.</summary>
public sealed class EmailSettings
{
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 587;

    /// <summary>MailKit's SecureSocketOptions: None, Auto, SslOnConnect, StartTls or StartTlsWhenAvailable.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string UserName { get; set; } = string.Empty;

    public string Password { get; set; } = string.Empty;

    /// <summary>The sender's address, e.g. "Trafficking cases &lt;no-reply@cases.example.gov.uk&gt;".</summary>
    public string From { get; set; } = string.Empty;

    /// <summary>Attempts before a message is given up (it stays in outbox_messages with its last error).</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Messages sent per round.</summary>
    public int MessagesPerRound { get; set; } = 50;

    public bool IsConfigured => Host.Length > 0 && From.Length > 0;

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Port is < 1 or > 65535)
        {
            problems.Add($"Email:Port ({Port}) must be between 1 and 65535");
        }

        if (MaxAttempts < 1 || MessagesPerRound < 1)
        {
            problems.Add("Email:MaxAttempts and Email:MessagesPerRound must be 1 or more");
        }

        if (From.Length > 0 && !MimeKit.MailboxAddress.TryParse(From, out _))
        {
            problems.Add($"Email:From ({From}) is not an email address");
        }

        return problems;
    }
}
