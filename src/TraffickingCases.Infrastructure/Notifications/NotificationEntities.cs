namespace TraffickingCases.Infrastructure.Notifications;

/// <summary>The kinds of thing a person is told about.</summary>
public static class NotificationKinds
{
    /// <summary>A High flag was raised.</summary>
    public const string HighFlag = "HighFlag";

    /// <summary>A likely match with another record (RR-00) was raised.</summary>
    public const string LikelyMatch = "LikelyMatch";

    /// <summary>An import or sweep that raised flags has finished: its events can be summarised, one message a person.</summary>
    public const string BatchFinished = "BatchFinished";
}

/// <summary>
/// The outbox: one row per flag that someone must hear about, written by the database (trigger flags_notify) in the
/// transaction that raised the flag, so nothing raised is missed and nothing rolled back is told. The dispatcher,
/// one instance at a time, turns each into notifications and emails and marks it processed.
/// </summary>
public sealed class NotificationEvent
{
    public long Id { get; set; }

    public string Kind { get; set; } = string.Empty;

    public Guid? FlagId { get; set; }

    public Guid? ChildId { get; set; }

    public Guid? OrganisationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>What raised it: "web" (one person's change), "import" or "sweep" (summarised per person).</summary>
    public string Source { get; set; } = "web";

    /// <summary>The import or sweep run it belongs to (set with set_config('tc.change_batch', ...)); empty for the web.</summary>
    public Guid? BatchId { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
}

/// <summary>An in-app notification for one person: shown in the header's count and at /notifications until marked read.</summary>
public sealed class Notification
{
    public long Id { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public Guid? ChildId { get; set; }

    public Guid? FlagId { get; set; }

    /// <summary>The child's reference (TC-000123): never a name.</summary>
    public string? ChildReference { get; set; }

    public string? RuleCode { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>An email waiting to be sent (or sent), so each is sent once whatever instance sends it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public string ToAddress { get; set; } = string.Empty;

    public string Subject { get; set; } = string.Empty;

    /// <summary>Plain text: the child's reference and a link, never anything else about the child.</summary>
    public string Body { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}
