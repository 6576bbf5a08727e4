using TraffickingCases.Domain.Common;

namespace TraffickingCases.Domain.Risk;

public enum FlagStatus
{
    Open,
    Acknowledged,
    Resolved,
    Dismissed,

    /// <summary>Its lifetime is over (the child returned, the case closed, the event is old): ended by the rules, with the reason.</summary>
    Ended,
}

public enum FlagAction
{
    Raised,
    SeverityChanged,
    ConditionCleared,
    ConditionReturned,
    Acknowledged,
    Resolved,
    Dismissed,

    /// <summary>The flag moved to another record when two records of one child were merged, or back when the merge was undone.</summary>
    Moved,

    /// <summary>An RR-00 pair was scored again by a newly trained match model.</summary>
    Rescored,

    /// <summary>The flag's lifetime ended; the note says why.</summary>
    Ended,

    /// <summary>A new high live flag lapsed the manager's override of the child's risk level.</summary>
    OverrideLapsed,
}

/// <summary>One change in a flag's life: who, when, and why.</summary>
public sealed class FlagEvent
{
    private FlagEvent()
    {
    }

    internal FlagEvent(Guid flagId, FlagAction action, DateTimeOffset at, string? byUserId, string? byName, string? note)
    {
        Id = Guid.CreateVersion7();
        FlagId = flagId;
        Action = action;
        At = at;
        ByUserId = byUserId;
        ByName = byName;
        Note = note;
    }

    public Guid Id { get; private set; }

    public Guid FlagId { get; private set; }

    public FlagAction Action { get; private set; }

    public DateTimeOffset At { get; private set; }

    /// <summary>Empty when the rules service made the change.</summary>
    public string? ByUserId { get; private set; }

    public string? ByName { get; private set; }

    /// <summary>The person's reason, or what changed.</summary>
    public string? Note { get; private set; }
}

/// <summary>
/// A warning on a child about one occurrence (an episode, a referral, a placement): raised by a rule (or by hand), kept up
/// to date while it holds, and ended by the rules with the reason when its lifetime is over, or closed earlier by a person
/// with a reason. Never deleted; its history stays.
/// </summary>
public sealed class Flag
{
    public const string ManualCode = "MANUAL";

    /// <summary>RR-00, "possible same child": one flag per pair of records, raised by the matcher.</summary>
    public const string MatchCode = "RR-00";
    public const int MaxReasonLength = 2000;

    private readonly List<FlagEvent> _events = [];

    private Flag()
    {
        RuleCode = string.Empty;
        Evidence = string.Empty;
        OccurrenceKey = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ChildId { get; private set; }

    /// <summary>RR-01 … RR-12, or MANUAL for a flag a person raised.</summary>
    public string RuleCode { get; private set; }

    public Severity Severity { get; private set; }

    public string Evidence { get; private set; }

    public string OccurrenceKey { get; private set; }

    public DateTimeOffset RaisedAt { get; private set; }

    public DateTimeOffset LastConfirmedAt { get; private set; }

    public FlagStatus Status { get; private set; }

    /// <summary>
    /// When the rule stopped holding for the flag's occurrence. An open flag then ends; on a flag a person closed earlier it
    /// records that the condition ended, so its return is a new flag.
    /// </summary>
    public DateTimeOffset? ConditionClearedAt { get; private set; }

    /// <summary>Why the flag's lifetime ended ("returned on …", "case closed", "rule changed: …"); empty unless ended.</summary>
    public string? EndReason { get; private set; }

    /// <summary>Raised by a live indicator (a recent event) rather than a static vulnerability: only live flags make a child high.</summary>
    public bool IsLive { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public IReadOnlyList<FlagEvent> Events => _events;

    /// <summary>RR-00 only: the probability the pair is one child, as scored when raised or last re-scored.</summary>
    public double? MatchProbability { get; private set; }

    /// <summary>RR-00 only: the version of the match model that gave <see cref="MatchProbability"/> (0: the built-in model).</summary>
    public int? MatchModelVersion { get; private set; }

    public bool IsOpen => Status is FlagStatus.Open or FlagStatus.Acknowledged;

    /// <summary>The rules ended it (its lifetime is over), rather than a person closing it.</summary>
    public bool IsEnded => Status == FlagStatus.Ended;

    public bool IsManual => RuleCode == ManualCode;

    /// <summary>Raised by a person or the matcher, not by a rule: the rules never mark it cleared.</summary>
    public bool IsOutsideRules => RuleCode is ManualCode or MatchCode;

    public static Flag Raise(Guid childId, Finding finding, DateTimeOffset now)
    {
        var flag = New(childId, finding.Code, finding.Severity, finding.Evidence, finding.OccurrenceKey, now);
        flag.IsLive = finding.Live;
        flag.Record(FlagAction.Raised, now, null, null, null);
        return flag;
    }

    public static Flag RaiseManually(Guid childId, Severity severity, string message, string userId, string userName, DateTimeOffset now)
    {
        var v = new Validator();
        var text = (message ?? string.Empty).Trim();
        v.Require(text.Length > 0, nameof(Evidence), "Enter why you are raising this flag");
        v.MaxLength(text, MaxReasonLength, nameof(Evidence), "The reason");
        v.Require(Enum.IsDefined(severity), nameof(Severity), "Choose the severity");
        v.ThrowIfAny();
        var flag = New(childId, ManualCode, severity, text, Guid.NewGuid().ToString(), now);
        flag.IsLive = true; // a person's judgement of the risk now
        flag.Record(FlagAction.Raised, now, userId, userName, text);
        return flag;
    }

    /// <summary>The matcher found another record that may be the same child; the key is the other child's id.</summary>
    public static Flag RaiseMatch(Guid childId, Guid otherChildId, Severity severity, string evidence, double? probability, int? modelVersion, DateTimeOffset now)
    {
        var flag = New(childId, MatchCode, severity, evidence, otherChildId.ToString(), now);
        flag.MatchProbability = probability;
        flag.MatchModelVersion = modelVersion;
        flag.Record(FlagAction.Raised, now, null, null, null);
        return flag;
    }

    /// <summary>
    /// A newly trained model scored an open RR-00 pair again. Below the flagging threshold the flag ends (it leaves the queue,
    /// and a manager's acknowledgement stays in its history).
    /// </summary>
    public void Rescore(double probability, int modelVersion, Severity severity, string evidence, bool stillFlagged, DateTimeOffset now)
    {
        if (RuleCode != MatchCode)
        {
            throw new InvalidOperationException("Only a possible-same-child flag has a match score.");
        }

        EnsureOpen();
        Record(FlagAction.Rescored, now, null, null,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"model {MatchModelVersion} {MatchProbability:0.000} to model {modelVersion} {probability:0.000}"));
        if (severity != Severity)
        {
            Record(FlagAction.SeverityChanged, now, null, null, $"{Severity} to {severity}");
            Severity = severity;
        }

        MatchProbability = probability;
        MatchModelVersion = modelVersion;
        Evidence = evidence;
        LastConfirmedAt = now;
        if (!stillFlagged)
        {
            End($"No longer a likely or possible match under match model {modelVersion}", now);
        }
    }

    /// <summary>This newly raised high live flag lapsed the manager's override of the child's risk level: its history says so.</summary>
    public void NoteOverrideLapsed(Severity overridden, DateTimeOffset now) =>
        Record(FlagAction.OverrideLapsed, now, null, null, $"The manager's override of the risk level to {overridden} lapsed");

    /// <summary>The flag's lifetime is over: it leaves the open queue, keeping its history, with the reason recorded.</summary>
    public void End(string reason, DateTimeOffset now)
    {
        EnsureOpen();
        var text = string.IsNullOrWhiteSpace(reason) ? "Ended" : reason.Trim();
        Status = FlagStatus.Ended;
        ClosedAt = now;
        ConditionClearedAt ??= now;
        EndReason = text.Length > MaxReasonLength ? text[..MaxReasonLength] : text;
        Record(FlagAction.Ended, now, null, null, EndReason);
    }

    /// <summary>The rule still holds for this occurrence: keep the severity and evidence current.</summary>
    public void Confirm(Finding finding, DateTimeOffset now)
    {
        EnsureOpen();
        if (ConditionClearedAt is not null)
        {
            // A flag from before lifetimes whose condition had cleared and now holds again.
            ConditionClearedAt = null;
            Record(FlagAction.ConditionReturned, now, null, null, finding.Evidence);
        }

        IsLive = finding.Live;
        if (finding.Severity != Severity)
        {
            Record(FlagAction.SeverityChanged, now, null, null, $"{Severity} to {finding.Severity}");
            Severity = finding.Severity;
        }

        Evidence = finding.Evidence;
        LastConfirmedAt = now;
    }

    /// <summary>
    /// On a flag a person closed while its rule still held: records that the condition has now ended, so its return raises a
    /// new flag. (An open flag whose rule stops holding ends instead: <see cref="End"/>.)
    /// </summary>
    public void ClearCondition(DateTimeOffset now)
    {
        if (ConditionClearedAt is null && !IsOutsideRules && !IsOpen)
        {
            ConditionClearedAt = now;
            Record(FlagAction.ConditionCleared, now, null, null, null);
        }
    }

    /// <summary>Moves the flag to another record of the same child (a merge, or its undoing), keeping its history.</summary>
    public void MoveTo(Guid childId, string note, DateTimeOffset now)
    {
        ChildId = childId;
        Record(FlagAction.Moved, now, null, null, note);
    }

    /// <summary>
    /// A flag a merge closed is back on its own record: mark its condition as ended, so that if its rule
    /// still holds the rules raise it afresh rather than treating it as already decided.
    /// </summary>
    public void ReleaseAfterUnmerge(string note, DateTimeOffset now)
    {
        if (!IsOpen && !IsOutsideRules && ConditionClearedAt is null)
        {
            ConditionClearedAt = now;
            Record(FlagAction.ConditionCleared, now, null, null, note);
        }
    }

    /// <summary>Carries out a manager's decision; acknowledging a flag already acknowledged changes nothing.</summary>
    public void Decide(FlagDecision decision, string userId, string userName, string? reason, DateTimeOffset now)
    {
        switch (decision)
        {
            case FlagDecision.Acknowledge:
                if (Status != FlagStatus.Acknowledged)
                {
                    Acknowledge(userId, userName, reason, now);
                }

                break;
            case FlagDecision.Resolve:
                Resolve(userId, userName, reason ?? string.Empty, now);
                break;
            case FlagDecision.Dismiss:
                Dismiss(userId, userName, reason ?? string.Empty, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(decision), decision, "Not a decision on a flag.");
        }
    }

    public void Acknowledge(string userId, string userName, string? note, DateTimeOffset now)
    {
        if (Status != FlagStatus.Open)
        {
            throw new DomainValidationException(nameof(Status), Status == FlagStatus.Acknowledged
                ? "This flag is already acknowledged"
                : "This flag is closed");
        }

        Status = FlagStatus.Acknowledged;
        Record(FlagAction.Acknowledged, now, userId, userName, Clean(note));
    }

    public void Resolve(string userId, string userName, string reason, DateTimeOffset now) =>
        Close(FlagStatus.Resolved, FlagAction.Resolved, userId, userName, reason, now);

    public void Dismiss(string userId, string userName, string reason, DateTimeOffset now) =>
        Close(FlagStatus.Dismissed, FlagAction.Dismissed, userId, userName, reason, now);

    private static Flag New(Guid childId, string code, Severity severity, string evidence, string key, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        ChildId = childId,
        RuleCode = code,
        Severity = severity,
        Evidence = evidence,
        OccurrenceKey = key,
        RaisedAt = now,
        LastConfirmedAt = now,
        Status = FlagStatus.Open,
    };

    private void Close(FlagStatus status, FlagAction action, string userId, string userName, string reason, DateTimeOffset now)
    {
        var v = new Validator();
        var text = Clean(reason);
        v.Require(IsOpen, nameof(Status), "This flag is already closed");
        v.Require(text is not null, "Reason", $"Enter why you are {(status == FlagStatus.Resolved ? "resolving" : "dismissing")} this flag");
        v.MaxLength(text, MaxReasonLength, "Reason", "The reason");
        v.ThrowIfAny();
        Status = status;
        ClosedAt = now;
        Record(action, now, userId, userName, text);
    }

    private void EnsureOpen()
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException("A closed flag does not change; a new one is raised instead.");
        }
    }

    private void Record(FlagAction action, DateTimeOffset now, string? userId, string? userName, string? note) =>
        _events.Add(new FlagEvent(Id, action, now, userId, userName, note));

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
