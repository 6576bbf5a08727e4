using TraffickingCases.Infrastructure.Notifications;

namespace TraffickingCases.Web.Infrastructure;

/// <summary>
/// Every Notifications:IntervalSeconds: turns new flag events into notifications and emails, queues the day's digests when
/// due, and sends waiting emails. Every instance runs it; each step runs on one instance at a time (ADR 024).
/// </summary>
public sealed class NotificationBackgroundService(
    NotificationDispatcher dispatcher, EmailSender sender, DailyDigest digest, NotificationSettings settings, EmailSettings email,
    TimeProvider clock, ILogger<NotificationBackgroundService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.BackgroundEnabled)
        {
            logger.LogInformation("Notifications disabled by Notifications:BackgroundEnabled");
            return;
        }

        if (!email.IsConfigured)
        {
            logger.LogWarning("Email is not configured (Email:Host and Email:From): notifications are shown in the app, and no email is sent");
        }
        else if (settings.BaseUrl.Length == 0)
        {
            logger.LogWarning("Notifications:BaseUrl is not set: links in emails point at http://localhost");
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.IntervalSeconds), clock);
        do
        {
            try
            {
                await dispatcher.DispatchAsync(stoppingToken);
                await digest.QueueAsync(stoppingToken);
                await sender.SendAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A failed round must not stop the next; nothing about a child is in these errors.
                logger.LogError(e, "Notifications round failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
