using System.Text;

namespace TraffickingCases.Infrastructure.Notifications;

/// <summary>
/// The words of every email. An email may leave the organisation's systems, so it names a child only by reference and
/// says what happened only by rule code and severity: never a name, date of birth, note or a flag's evidence. The reader
/// signs in to see the rest.
/// </summary>
public static class NotificationMessages
{
    public const string FlagKind = "Flag";
    public const string SummaryKind = "Summary";
    public const string DigestKind = "Digest";
    public const string InvitationKind = "Invitation";

    private const string Footer =
        "This email holds no other detail about the child. Sign in to the service to see the record.\n"
        + "You can change which emails you get on your account page.";

    public sealed record SummaryItem(string Kind, string Reference, Guid ChildId);

    public static OutboxMessage ForFlag(
        string kind, string reference, string? ruleCode, Guid childId, Guid? flagId, string to, bool outOfHours, NotificationSettings settings, DateTimeOffset now)
    {
        var match = kind == NotificationKinds.LikelyMatch;
        var subject = match ? $"Possible same child: {reference}" : $"High flag {ruleCode} on {reference}";
        var body = new StringBuilder();
        body.Append(match
            ? $"A likely match with another record (rule {ruleCode}) has been raised on {reference}.\n\nReview it: {settings.Link(flagId is { } id ? $"/matches/{id}" : "/matches")}\n"
            : $"A High flag (rule {ruleCode}, severity High) has been raised on {reference}.\n\nOpen the child's record: {settings.Link($"/children/{childId}")}\n");
        if (outOfHours)
        {
            body.Append("\nIt was raised outside office hours, so it is also sent to your organisation's out-of-hours address.\n");
        }

        body.Append('\n').Append(Footer).Append('\n');
        return Message(to, outOfHours ? $"Out of hours: {subject}" : subject, body.ToString(), FlagKind, now);
    }

    /// <summary>"The import raised 37 high flags on children you work with", the references and a link to the queue.</summary>
    public static OutboxMessage Summary(string source, IReadOnlyList<SummaryItem> items, string to, bool outOfHours, NotificationSettings settings, DateTimeOffset now)
    {
        var what = source == "sweep" ? "The scheduled check of flags" : source == "import" ? "The import" : "A change of many records";
        var high = items.Where(i => i.Kind == NotificationKinds.HighFlag).ToList();
        var matches = items.Where(i => i.Kind == NotificationKinds.LikelyMatch).ToList();
        var parts = new List<string>();
        if (high.Count > 0)
        {
            parts.Add($"{high.Count} high {(high.Count == 1 ? "flag" : "flags")}");
        }

        if (matches.Count > 0)
        {
            parts.Add($"{matches.Count} likely {(matches.Count == 1 ? "match" : "matches")} with other records");
        }

        var subject = $"{what} raised {string.Join(" and ", parts)} on children {(outOfHours ? "in your organisation, outside office hours" : "you work with")}";
        var body = new StringBuilder().Append(subject).Append(".\n\n");
        if (high.Count > 0)
        {
            body.Append($"High flags: {settings.Link("/flags?severity=High")}\n");
        }

        if (matches.Count > 0)
        {
            body.Append($"Possible same children: {settings.Link("/matches")}\n");
        }

        body.Append("\nThe children:\n");
        foreach (var item in items.DistinctBy(i => i.ChildId).Take(NotificationDispatcher.ReferencesPerSummary))
        {
            body.Append($"{item.Reference}: {settings.Link($"/children/{item.ChildId}")}\n");
        }

        var more = items.DistinctBy(i => i.ChildId).Count() - NotificationDispatcher.ReferencesPerSummary;
        if (more > 0)
        {
            body.Append($"and {more} more: see the lists above.\n");
        }

        body.Append('\n').Append(Footer).Append('\n');
        return Message(to, outOfHours ? $"Out of hours: {subject}" : subject, body.ToString(), SummaryKind, now);
    }

    public static OutboxMessage Digest(int unread, string to, NotificationSettings settings, DateTimeOffset now) =>
        Message(to, $"You have {unread} unread {(unread == 1 ? "notification" : "notifications")}",
            $"You have {unread} unread {(unread == 1 ? "notification" : "notifications")} about children you work with.\n\n"
            + $"Read them: {settings.Link("/notifications")}\n\n"
            + "You get this email once a day because you asked for it. You can stop it on your account page: "
            + $"{settings.Link("/account")}\n", DigestKind, now);

    public static OutboxMessage Invitation(string to, string link, DateTimeOffset expiresAt, DateTimeOffset now) =>
        Message(to, "You are invited to use the trafficking cases service",
            "An administrator has made an account for you on the trafficking cases service.\n\n"
            + $"Set your password and sign in: {link}\n\n"
            + $"The link works once, until {Domain.Common.UkCalendar.Format(expiresAt)} (UK time). If it has expired, ask your administrator for a new one.\n",
            InvitationKind, now);

    private static OutboxMessage Message(string to, string subject, string body, string kind, DateTimeOffset now) => new()
    {
        ToAddress = to,
        Subject = subject.Length > 300 ? subject[..300] : subject,
        Body = body,
        Kind = kind,
        CreatedAt = now,
        NextAttemptAt = now,
    };
}
