using System.Diagnostics;

namespace TraffickingCases.Infrastructure.Audit;

/// <summary>
/// One line of the append-only audit trail. Written only by <see cref="AuditInterceptor"/> (binary COPY inside the
/// transaction of the change it describes); the database refuses UPDATE and DELETE on the table. Its place in the
/// hash chain is an <see cref="AuditLink"/>, appended later by <see cref="AuditChainer"/> (ADR 015).
/// </summary>
public sealed class AuditEntry
{
    /// <summary>
    /// The entry's identity, drawn as it is written (at its transaction's commit). Not the chain order: an entry
    /// whose transaction commits later than a higher-numbered one is chained after it.
    /// </summary>
    public long Sequence { get; init; }

    public DateTimeOffset OccurredAt { get; init; }

    public string? ActorId { get; init; }

    public string ActorName { get; init; } = string.Empty;

    public Guid? OrganisationId { get; init; }

    public string? Role { get; init; }

    public string? ClientIp { get; init; }

    public string? CorrelationId { get; init; }

    public string Action { get; init; } = string.Empty;

    public string EntityType { get; init; } = string.Empty;

    public string? EntityId { get; init; }

    /// <summary>The child the entry concerns, for the child's access log.</summary>
    public Guid? ChildId { get; init; }

    /// <summary>JSON: field-level before/after values, search terms and result ids, counts.</summary>
    public string Details { get; init; } = "{}";
}

/// <summary>The actions the trail records; entity changes are "created", "updated" and "deleted".</summary>
public static class AuditActions
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";
    public const string Viewed = "viewed";
    public const string Searched = "searched";
    public const string SignedIn = "signed_in";
    public const string SignInFailed = "sign_in_failed";

    /// <summary>A sign-in refused by a rate limit before any password was checked (the first of each address or account in a window).</summary>
    public const string SignInThrottled = "sign_in_throttled";
    public const string SignedOut = "signed_out";
    public const string LockedOut = "locked_out";
    public const string Imported = "imported";
    public const string Exported = "exported";
    public const string ExportRefused = "export_refused";
    public const string ChainVerified = "chain_verified";
    public const string Retention = "retention";
    public const string Merged = "merged";
    public const string Unmerged = "unmerged";
    public const string MatchDecided = "match_decided";
    public const string PasswordChanged = "password_changed";
    public const string SecondFactorEnabled = "second_factor_enabled";
    public const string SecondFactorReset = "second_factor_reset";
    public const string RecoveryCodesMade = "recovery_codes_made";
    public const string PasskeyAdded = "passkey_added";
    public const string PasskeyRemoved = "passkey_removed";
    public const string SessionEnded = "session_ended";
    public const string UserInvited = "user_invited";
    public const string InvitationAccepted = "invitation_accepted";
    public const string UserChanged = "user_changed";
    public const string UserDisabled = "user_disabled";
    public const string UserEnabled = "user_enabled";
    public const string UserUnlocked = "user_unlocked";
    public const string EnteredInError = "entered_in_error";
    public const string RecordMoved = "record_moved";

    /// <summary>Someone opened a child's printable chronology (issue 14): a view of the whole record, as the child's page is.</summary>
    public const string ViewedChronology = "viewed_chronology";

    /// <summary>A child's caseworker assigned or changed: the old and new caseworker ids and the reason.</summary>
    public const string CaseworkerAssigned = "caseworker_assigned";

    /// <summary>A child's Philomena Protocol profile printed for the police.</summary>
    public const string Printed = "printed";

    public static readonly IReadOnlyList<string> All =
    [
        Created, Updated, Deleted, Viewed, Searched, SignedIn, SignInFailed, SignInThrottled, SignedOut, LockedOut, Imported, Exported, ExportRefused, ChainVerified,
        Retention, Merged, Unmerged, MatchDecided, PasswordChanged, SecondFactorEnabled, SecondFactorReset, RecoveryCodesMade, PasskeyAdded, PasskeyRemoved,
        SessionEnded, UserInvited, InvitationAccepted, UserChanged, UserDisabled, UserEnabled, UserUnlocked,
        ViewedChronology,
        EnteredInError, RecordMoved,
        CaseworkerAssigned, Printed,
    ];
}

/// <summary>Who did something, from where, as part of which request.</summary>
public sealed record AuditActor(string? UserId, string Name, Guid? OrganisationId, string? Role, string? ClientIp = null, string? CorrelationId = null)
{
    /// <summary>The rules sweep, the seeder and other work nobody asked for in person.</summary>
    public static readonly AuditActor System = new(null, "system", null, "System");

    /// <summary>The system, correlated with the trace it runs in when there is one (a sweep with telemetry on); plain <see cref="System"/> when not.</summary>
    public static AuditActor SystemInCurrentTrace =>
        Activity.Current is { } span ? System with { CorrelationId = span.TraceId.ToString() } : System;
}

/// <summary>Where the current actor comes from: the signed-in user in the web app, the operator in the CLI.</summary>
public interface IAuditActorSource
{
    AuditActor Current();
}

/// <summary>Hosts with nobody signed in (background work, tests' setup) act as <see cref="AuditActor.System"/>.</summary>
public sealed class SystemActorSource : IAuditActorSource
{
    public AuditActor Current() => AuditActor.SystemInCurrentTrace;
}

/// <summary>An event for the trail that is not a change EF Core tracks: a view, a search, a sign-in, an import, an export.</summary>
/// <param name="Action">One of <see cref="AuditActions"/>.</param>
/// <param name="EntityType">What it concerns, e.g. "Child", "User", "Export".</param>
/// <param name="EntityId">Its id, when there is one.</param>
/// <param name="ChildId">The child concerned, so the event appears in the child's access log.</param>
/// <param name="Details">Anything serialisable to JSON: search terms, result ids, counts, file names.</param>
/// <param name="Actor">Who, when not the current actor (e.g. the person signing in, before the cookie exists).</param>
public sealed record AuditEvent(
    string Action, string EntityType, string? EntityId = null, Guid? ChildId = null, object? Details = null, AuditActor? Actor = null);
