using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Features.Flags;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Children;

/// <summary>One event in a child's history, as the timeline shows it.</summary>
/// <param name="SortAt">When it happened (a date's UK midnight for events known by date only).</param>
/// <param name="When">The date or time as the page shows it.</param>
/// <param name="Kind">What the timeline filter calls it: one of <see cref="Timeline.Kinds"/>.</param>
/// <param name="Title">What happened.</param>
/// <param name="Details">Labelled facts about it.</param>
/// <param name="EditUrl">Where to change the record; null when it cannot be changed.</param>
/// <param name="Byline">Who wrote or did it, when the record says.</param>
/// <param name="Text">Free text: a note, or a flag's evidence or reason.</param>
/// <param name="Code">A rule code or reference shown after the title, kept on one line.</param>
/// <param name="RecordId">The record the event comes from (a referral, an episode...), for links and "recorded by".</param>
/// <param name="EnteredInError">Why the record was marked entered in error; null while it stands.</param>
/// <param name="Actions">Actions on the entry besides "Change" (for example "Record interview").</param>
public sealed record TimelineEntry(
    DateTimeOffset SortAt, string When, string Kind, string Title, IReadOnlyList<(string Label, string Value)> Details,
    string? EditUrl, string? Byline = null, string? Text = null, string? Code = null, Guid? RecordId = null,
    string? EnteredInError = null, IReadOnlyList<TimelineAction>? Actions = null)
{
    /// <summary>The record the entry shows, for its corrections; null for an entry that is no record of its own.</summary>
    public TimelineRecord? Record { get; init; }
}

/// <summary>
/// The record behind a timeline entry: its kind and id, whether this is the record's first entry (which carries the actions to
/// move it or mark it as entered in error), and, when it was marked as entered in error, who did so and why.
/// </summary>
public sealed record TimelineRecord(HistoryRecordKind Kind, Guid Id, bool First, EnteredInErrorMark? EnteredInError);

/// <summary>An action on one timeline entry besides "Change" (for example "Record return").</summary>
public sealed record TimelineAction(string Text, string Url);

/// <summary>Builds one timeline of everything the NRM process produced for a child, newest first.</summary>
public static class Timeline
{
    /// <summary>The kinds of event, in the order the filter offers them, with the words it uses.</summary>
    public static readonly IReadOnlyList<(string Kind, string Label)> Kinds =
    [
        ("referral", "Referrals"),
        ("decision", "Decisions"),
        ("missing", "Missing episodes"),
        ("placement", "Placements"),
        ("support", "Support"),
        ("note", "Notes"),
        ("flag", "Flags"),
    ];

    /// <summary>The kinds the child's page shows until the user chooses: every record, and flags only on request (they have their own history).</summary>
    public static readonly IReadOnlyList<string> DefaultKinds = ["referral", "decision", "missing", "placement", "support", "note"];

    /// <summary>The flag events a timeline shows: raising and closing, not the rules' re-checks.</summary>
    private static readonly FlagAction[] FlagMilestones =
        [FlagAction.Raised, FlagAction.Acknowledged, FlagAction.Resolved, FlagAction.Dismissed, FlagAction.Ended, FlagAction.OverrideLapsed];

    public static IReadOnlyList<TimelineEntry> For(Child child, DateTimeOffset now) => For(child, [], now);

    /// <summary>The timeline at <paramref name="now"/>; a return interview falls due <paramref name="returnInterviewDue"/> after the return (RR-05's timescale, 72 hours when not given).</summary>
    public static IReadOnlyList<TimelineEntry> For(Child child, IReadOnlyList<Flag> flags, DateTimeOffset now, TimeSpan? returnInterviewDue = null)
    {
        var entries = new List<TimelineEntry>();
        var today = UkCalendar.DateOf(now);
        var ordinal = 0;
        foreach (var referral in child.Referrals.OrderBy(r => r.ReferralDate))
        {
            var first = entries.Count;
            ordinal++;
            var edit = $"/children/{child.Id}/referrals/{referral.Id}/edit";
            var details = new List<(string, string)>
            {
                ("First responder", $"{referral.FirstResponderOrganisation} ({Labels.Of(referral.FirstResponderType)})"),
                ("Exploitation", Labels.Of(referral.ExploitationTypes) + (referral.CountyLines ? " (county lines)" : string.Empty)),
                ("Where exploited", Labels.Of(referral.ExploitationLocation)),
                ("Competent authority", Labels.Of(referral.CompetentAuthority)),
                ("Could be exploited again", referral.FutureExploitationConcern
                    ? "Yes" + (referral.FutureExploitationReasons is { } reasons ? $": {reasons}" : string.Empty)
                    : "No concern recorded"),
                ("Reasonable Grounds", referral.RgOutcome == DecisionOutcome.Pending ? "Pending" : $"{Labels.Of(referral.RgOutcome)} on {Display.Date(referral.RgDecisionDate)}"),
                ("Conclusive Grounds", referral.CgOutcome == DecisionOutcome.Pending ? "Pending" : $"{Labels.Of(referral.CgOutcome)} on {Display.Date(referral.CgDecisionDate)}"),
            };
            entries.Add(Dated(referral.ReferralDate, "referral", $"NRM referral ({Ordinal(ordinal)})", details, edit));
            if (referral.RgDecisionDate is { } rg)
            {
                entries.Add(Dated(rg, "decision", $"Reasonable Grounds decision: {Labels.InSentence(Labels.Of(referral.RgOutcome))}",
                    [("Days after referral", (rg.DayNumber - referral.ReferralDate.DayNumber).ToString(System.Globalization.CultureInfo.InvariantCulture))], edit));
            }

            if (referral.CgDecisionDate is { } cg)
            {
                entries.Add(Dated(cg, "decision", $"Conclusive Grounds decision: {Labels.InSentence(Labels.Of(referral.CgOutcome))}",
                    [("Days after referral", (cg.DayNumber - referral.ReferralDate.DayNumber).ToString(System.Globalization.CultureInfo.InvariantCulture))], edit));
            }

            if (referral.ReconsiderationRequestedOn is { } reconsideration)
            {
                entries.Add(Dated(reconsideration, "decision", "Reconsideration requested", [], edit));
            }

            if (referral.WithdrawnOn is { } withdrawn)
            {
                entries.Add(Dated(withdrawn, "referral", referral.Suspended ? "NRM case suspended" : "NRM case withdrawn",
                    [("Reason", referral.WithdrawalReason ?? string.Empty)], edit));
            }

            if (referral.AdultSupportReferredOn is { } adult)
            {
                entries.Add(Dated(adult, "referral", "Referred to adult support (MSVCC)", [], edit));
            }

            Tag(entries, first, referral);
            Mark(entries, first, HistoryRecordKind.Referral, referral);
        }

        foreach (var episode in child.MissingEpisodes)
        {
            var first = entries.Count;
            var edit = $"/children/{child.Id}/missing-episodes/{episode.Id}/edit";
            var hours = episode.DurationAt(now).TotalHours;
            var details = new List<(string, string)>
            {
                ("Status", episode.WhereaboutsKnown ? "Away without authorisation (whereabouts known)" : "Missing (whereabouts not known)"),
                (episode.IsOngoing ? "Missing for" : "Duration", Duration(hours)),
                ("Reported to police", Display.Time(episode.ReportedToPoliceAt)),
                ("Police reference", episode.PoliceReference ?? "Not recorded"),
                ("Police risk grading", episode.PoliceRiskGrading is { } grading ? Labels.Of(grading) : "Not recorded"),
            };
            if (episode.Concerns is { } concerns)
            {
                details.Add(("Concerns", concerns));
            }

            var wentMissing = Timed(episode.WentMissingAt, "missing", episode.IsOngoing ? "Went missing – still missing" : "Went missing", details, edit);
            entries.Add(episode.IsOngoing
                ? wentMissing with { Actions = [new TimelineAction("Record return", $"/children/{child.Id}/missing-episodes/{episode.Id}/return")] }
                : wentMissing);
            if (episode.ReturnedAt is { } returned)
            {
                var interview = episode.ReturnInterviewCompletedAt is { } done
                    ? $"Completed {Display.Time(done)} ({Duration((done - returned).TotalHours)} after return)"
                    : episode.ReturnInterviewDeclined ? "Declined"
                    : episode.ReturnInterviewOfferedAt is { } offered ? $"Offered {Display.Time(offered)}, not yet completed"
                    : "Not yet offered";
                var status = episode.ReturnInterviewAt(now, returnInterviewDue ?? MissingEpisode.ReturnInterviewDue);
                entries.Add(Timed(returned, "missing", "Returned", [("Return interview", interview)], edit) with
                {
                    Text = status.IsOutstanding ? status.Describe() : null,
                    Actions = status.IsOutstanding ? [new TimelineAction("Record interview", $"{edit}#return-interview")] : null,
                });
            }

            Tag(entries, first, episode);
            Mark(entries, first, HistoryRecordKind.MissingEpisode, episode);
        }

        foreach (var placement in child.Placements)
        {
            var first = entries.Count;
            var edit = $"/children/{child.Id}/placements/{placement.Id}/edit";
            var details = new List<(string, string)>
            {
                ("Until", placement.EndDate is { } end ? Display.Date(end) : "Current placement"),
                ("Area", placement.Area ?? "Not recorded"),
                ("Out of area", Display.YesNo(placement.OutOfArea)),
            };
            if (placement.Type == PlacementType.SupportedAccommodation)
            {
                details.Add(("Registered with Ofsted", Display.YesNo(placement.OfstedRegistered)));
            }

            entries.Add(Dated(placement.StartDate, "placement", $"Placed: {Labels.InSentence(Labels.Of(placement.Type))}", details, edit));
            if (placement.EndDate is { } ended)
            {
                entries.Add(Dated(ended, "placement", $"Placement ended: {Labels.InSentence(Labels.Of(placement.Type))}", [], edit));
            }

            Tag(entries, first, placement);
            Mark(entries, first, HistoryRecordKind.Placement, placement);
        }

        foreach (var request in child.SupportRequests)
        {
            var first = entries.Count;
            var edit = $"/children/{child.Id}/support/{request.Id}/edit";
            var waiting = request.WaitingDays(today);
            entries.Add(Dated(request.RequestedOn, "support", $"Support requested: {Labels.InSentence(Labels.Of(request.Type))}",
                [request.IsWaiting ? ("Waiting", $"{Display.Count(waiting, "day")} so far") : ("Started", $"{Display.Date(request.StartedOn)}, after {Display.Count(waiting, "day")}")], edit));
            if (request.StartedOn is { } started)
            {
                entries.Add(Dated(started, "support", $"Support started: {Labels.InSentence(Labels.Of(request.Type))}", [("Waited", Display.Count(waiting, "day"))], edit));
            }

            Tag(entries, first, request);
            Mark(entries, first, HistoryRecordKind.SupportRequest, request);
        }

        foreach (var note in child.Notes)
        {
            entries.Add(new TimelineEntry(note.WrittenAt, Display.Time(note.WrittenAt), "note", "Note", [], null, note.AuthorName, note.Text,
                RecordId: note.Id, EnteredInError: note.IsEnteredInError ? note.EnteredInErrorReason ?? "no reason recorded" : null));
            Mark(entries, entries.Count - 1, HistoryRecordKind.Note, note.Id, note.EnteredInErrorAt, note.EnteredInErrorReason, note.EnteredInErrorById, note.EnteredInErrorByName);
        }

        foreach (var flag in flags)
        {
            foreach (var e in flag.Events.Where(e => FlagMilestones.Contains(e.Action)))
            {
                var detail = e.Note ?? (e.Action == FlagAction.Raised ? flag.Evidence : e.Action == FlagAction.Ended ? flag.EndReason : null);
                IReadOnlyList<(string, string)> details = e.Action == FlagAction.Raised
                    ? [("Rule", FlagViews.RuleTitle(flag.RuleCode)), ("Severity", FlagViews.SeverityLabel(flag.Severity))]
                    : [];
                entries.Add(new TimelineEntry(e.At, Display.Time(e.At), "flag", $"Flag {FlagViews.ActionLabel(e.Action).ToLowerInvariant()}",
                    details, null, e.ByName ?? "Rules service", detail, flag.RuleCode, flag.Id));
            }
        }

        return entries.OrderByDescending(e => e.SortAt).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList();
    }

    /// <summary>Names the record behind the entries added since <paramref name="start"/>; an entry of a record entered in error cannot be changed.</summary>
    private static void Mark(List<TimelineEntry> entries, int start, HistoryRecordKind kind, Guid id, DateTimeOffset? at, string? reason, string? byId, string? byName)
    {
        var mark = at is { } when ? new EnteredInErrorMark(when, reason ?? string.Empty, byId ?? string.Empty, byName ?? string.Empty) : null;
        for (var i = start; i < entries.Count; i++)
        {
            entries[i] = entries[i] with { EditUrl = mark is null ? entries[i].EditUrl : null, Record = new TimelineRecord(kind, id, i == start, mark) };
        }
    }

    private static void Mark(List<TimelineEntry> entries, int start, HistoryRecordKind kind, ChildHistoryRecord record) =>
        Mark(entries, start, kind, record.Id, record.EnteredInErrorAt, record.EnteredInErrorReason, record.EnteredInErrorById, record.EnteredInErrorByName);

    private static TimelineEntry Dated(DateOnly date, string kind, string title, IReadOnlyList<(string, string)> details, string? edit) =>
        new(UkCalendar.FromLondon(date.ToDateTime(TimeOnly.MinValue)), Display.Date(date), kind, title, details, edit);

    private static TimelineEntry Timed(DateTimeOffset at, string kind, string title, IReadOnlyList<(string, string)> details, string? edit) =>
        new(at, Display.Time(at), kind, title, details, edit);

    /// <summary>Marks the entries of one record (from index <paramref name="first"/> on) with its id and any entered-in-error reason.</summary>
    private static void Tag(List<TimelineEntry> entries, int first, ChildHistoryRecord record)
    {
        for (var i = first; i < entries.Count; i++)
        {
            entries[i] = entries[i] with
            {
                RecordId = record.Id,
                EnteredInError = record.IsEnteredInError ? record.EnteredInErrorReason ?? "no reason recorded" : null,
            };
        }
    }

    /// <summary>"1 hour", "5 hours"; from two days on, days to one decimal place ("1 day", "2.5 days").</summary>
    public static string Duration(double hours)
    {
        if (hours < 48)
        {
            var whole = Math.Max(0, Math.Round(hours, 0));
            return whole == 1 ? "1 hour" : $"{whole} hours";
        }

        var days = Math.Round(hours / 24, 1);
        return $"{days.ToString(System.Globalization.CultureInfo.InvariantCulture)} days";
    }

    /// <summary>"1 day", "0 days", "12 days".</summary>
    public static string Days(int days) => days == 1 ? "1 day" : $"{days} days";

    private static string Ordinal(int n) => n switch
    {
        1 => "first",
        2 => "second",
        3 => "third",
        _ => $"{n}th",
    };
}

/// <summary>Another organisation's record of the same child: never more than its reference and organisation.</summary>
public sealed record LinkedRecord(string Reference, string Organisation, string DecidedBy, DateTimeOffset DecidedAt, string Reason);

/// <summary>Who last changed a child's Philomena Protocol profile, and when.</summary>
public sealed record MissingProfileSummary(DateTimeOffset UpdatedAt, string UpdatedByName);

public sealed class ChildRecordPage
{
    public required Child Child { get; init; }

    public required string OrganisationName { get; init; }

    public string? CaseworkerName { get; init; }

    public DateOnly Today { get; init; }

    public DateTimeOffset Now { get; init; }

    /// <summary>The timeline as filtered, newest first.</summary>
    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }

    /// <summary>How many entries the timeline has before the filter.</summary>
    public int TimelineTotal { get; init; }

    public TimelineFilter Filter { get; init; } = TimelineFilter.Read(null);

    public bool CanEdit { get; init; }

    public IReadOnlyList<Flag> Flags { get; init; } = [];

    public Severity DerivedRisk { get; init; }

    public bool CanManageFlags { get; init; }

    /// <summary>The rules' timescale for the return interview after a missing episode (RR-05).</summary>
    public TimeSpan ReturnInterviewDue { get; init; } = MissingEpisode.ReturnInterviewDue;

    /// <summary>When the child's Philomena Protocol profile was last changed; null before anyone wrote one.</summary>
    public MissingProfileSummary? MissingProfile { get; init; }

    /// <summary>A manager, or a caseworker for a child nobody is assigned to (CaseworkerAssignment.MayAssign).</summary>
    public bool CanAssignCaseworker { get; init; }

    /// <summary>Records merged into this one, newest first, including merges since undone.</summary>
    public IReadOnlyList<Domain.Matching.ChildMerge> Merges { get; init; } = [];

    /// <summary>The same child held by other organisations, as managers decided: reference and organisation only.</summary>
    public IReadOnlyList<LinkedRecord> LinkedRecords { get; init; } = [];

    /// <summary>The manager's override while it applies (before its review date), else the level from the open flags.</summary>
    public Severity RiskLevel => Child.RiskOverrideOn(Today) ?? DerivedRisk;

    public bool OverrideApplies => Child.RiskOverrideOn(Today) is not null;

    /// <summary>An override is still recorded but its review date has come: it no longer applies until a manager looks again.</summary>
    public bool OverridePastReview => Child.RiskOverrideLevel is not null && !OverrideApplies;

    /// <summary>A new high live flag lapsed the override: the rules service cleared it and its reason says why.</summary>
    public bool OverrideLapsedByFlag => Child.RiskOverrideLevel is null && Child.RiskOverrideAt is not null && Child.RiskOverrideById is null;

    public IEnumerable<Flag> OpenFlags => Flags.Where(f => f.IsOpen).OrderByDescending(f => f.Severity).ThenBy(f => f.RaisedAt);

    /// <summary>Open flags about a recent event or a present danger: only these make a child high.</summary>
    public IReadOnlyList<Flag> LiveFlags => OpenFlags.Where(f => f.IsLive && f.RuleCode != Flag.MatchCode).ToList();

    /// <summary>Open flags about a standing vulnerability or a gap in protection, shown apart from the live ones.</summary>
    public IReadOnlyList<Flag> StaticFlags => OpenFlags.Where(f => !f.IsLive && f.RuleCode != Flag.MatchCode).ToList();

    /// <summary>Open possible-same-child pairs: a record check, never counted towards the risk level.</summary>
    public IReadOnlyList<Flag> MatchFlags => OpenFlags.Where(f => f.RuleCode == Flag.MatchCode).ToList();

    /// <summary>Open flags that count towards the risk level (every open flag but RR-00).</summary>
    public IReadOnlyList<Flag> ActiveFlags => OpenFlags.Where(f => f.RuleCode != Flag.MatchCode).ToList();

    /// <summary>Every change to the child's flags: the rows of the collapsed flag history.</summary>
    public int FlagHistoryCount => Flags.Sum(f => f.Events.Count);

    /// <summary>Flags no longer open: ended by their lifetime (with the reason) or closed by a person; newest first.</summary>
    public IReadOnlyList<Flag> PastFlags => Flags.Where(f => !f.IsOpen).OrderByDescending(f => f.ClosedAt).ThenByDescending(f => f.RaisedAt).ToList();
}

/// <summary>One row of the printable chronology: the event, and who recorded it.</summary>
public sealed record ChronologyEntry(TimelineEntry Event, string RecordedBy);

/// <summary>The printable chronology: every event of one child's record, oldest first.</summary>
public sealed class ChronologyPage
{
    /// <summary>The audited kinds whose "created" line says who entered a record of the chronology.</summary>
    public static readonly string[] RecordTypes = ["Child", "NrmReferral", "MissingEpisode", "Placement", "SupportRequest"];

    /// <summary>A bound on the audit lines read for one child: far more records than any child has.</summary>
    public const int MaxCreators = 5000;

    public required Child Child { get; init; }

    public required string OrganisationName { get; init; }

    public DateTimeOffset PrintedAt { get; init; }

    public required IReadOnlyList<ChronologyEntry> Entries { get; init; }
}
