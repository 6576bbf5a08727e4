using Microsoft.EntityFrameworkCore;
using TraffickingCases.Infrastructure.Persistence;

namespace TraffickingCases.Infrastructure.Notifications;

/// <summary>Queues an invitation's email when email is configured. Written with SQL, not tracked, so the one-use link never reaches the audit trail.</summary>
public static class InvitationEmail
{
    /// <summary>True when the email was queued; false when email is not configured (the administrator passes the link on).</summary>
    public static async Task<bool> QueueAsync(
        CasesDbContext db, EmailSettings settings, string? to, string link, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct = default)
    {
        if (!settings.IsConfigured || string.IsNullOrWhiteSpace(to))
        {
            return false;
        }

        var message = NotificationMessages.Invitation(to, link, expiresAt, now);
        await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO outbox_messages (to_address, subject, body, kind, created_at, next_attempt_at, attempts)
            VALUES ({message.ToAddress}, {message.Subject}, {message.Body}, {message.Kind}, {now}, {now}, 0)
            """, ct);
        return true;
    }
}
