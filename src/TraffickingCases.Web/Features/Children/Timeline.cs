using TraffickingCases.Domain.Children;
using TraffickingCases.Domain.Common;
using TraffickingCases.Domain.Risk;
using TraffickingCases.Web.Infrastructure;

namespace TraffickingCases.Web.Features.Children;

/// <summary>One event in a child's history, as the timeline shows it.</summary>
public sealed record TimelineEntry(
    DateTimeOffset SortAt, string When, string Kind, string Title, IReadOnlyList<(string Label, string Value)> Details,
    string? EditUrl, string? Byline = null, string? Text = null);

/// <summary>Builds one timeline of everything the NRM process produced for a child, newest first.</summary>
public static class Timeline
{
    public static IReadOnlyList<TimelineEntry> For(Child child, DateTimeOffset now)
    {
        var entries = new List<TimelineEntry>();
        var today = UkCalendar.DateOf(now);
        var ordinal = 0;
        foreach (var referral in child.Referrals.OrderBy(r => r.ReferralDate))
        {
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
        }

        foreach (var episode in child.MissingEpisodes)
        {
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

            entries.Add(Timed(episode.WentMissingAt, "missing", episode.IsOngoing ? "Went missing – still missing" : "Went missing", details, edit));
            if (episode.ReturnedAt is { } returned)
            {
                var interview = episode.ReturnInterviewCompletedAt is { } done
                    ? $"Completed {Display.Time(done)} ({Duration((done - returned).TotalHours)} after return)"
                    : episode.ReturnInterviewDeclined ? "Declined"
                    : episode.ReturnInterviewOfferedAt is { } offered ? $"Offered {Display.Time(offered)}, not yet completed"
                    : "Not yet offered";
                entries.Add(Timed(returned, "missing", "Returned", [("Return interview", interview)], edit));
            }
        }

        foreach (var placement in child.Placements)
        {
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
        }

        foreach (var request in child.SupportRequests)
        {
            var edit = $"/children/{child.Id}/support/{request.Id}/edit";
            var waiting = request.WaitingDays(today);
            entries.Add(Dated(request.RequestedOn, "support", $"Support requested: {Labels.InSentence(Labels.Of(request.Type))}",
                [request.IsWaiting ? ("Waiting", $"{Display.Count(waiting, "day")} so far") : ("Started", $"{Display.Date(request.StartedOn)}, after {Display.Count(waiting, "day")}")], edit));
            if (request.StartedOn is { } started)
            {
                entries.Add(Dated(started, "support", $"Support started: {Labels.InSentence(Labels.Of(request.Type))}", [("Waited", Display.Count(waiting, "day"))], edit));
            }
        }

        foreach (var note in child.Notes)
        {
            entries.Add(new TimelineEntry(note.WrittenAt, Display.Time(note.WrittenAt), "note", "Note", [], null, note.AuthorName, note.Text));
        }

        return entries.OrderByDescending(e => e.SortAt).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList();
    }

    private static TimelineEntry Dated(DateOnly date, string kind, string title, IReadOnlyList<(string, string)> details, string? edit) =>
        new(UkCalendar.FromLondon(date.ToDateTime(TimeOnly.MinValue)), Display.Date(date), kind, title, details, edit);

    private static TimelineEntry Timed(DateTimeOffset at, string kind, string title, IReadOnlyList<(string, string)> details, string? edit) =>
        new(at, Display.Time(at), kind, title, details, edit);

    private static string Duration(double hours) =>
        hours < 48 ? Display.Count((long)Math.Max(0, Math.Round(hours, 0)), "hour") : $"{Math.Round(hours / 24, 1)} days";

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

public sealed class ChildRecordPage
{
    public required Child Child { get; init; }

    public required string OrganisationName { get; init; }

    public string? CaseworkerName { get; init; }

    public DateOnly Today { get; init; }

    public DateTimeOffset Now { get; init; }

    public required IReadOnlyList<TimelineEntry> Timeline { get; init; }

    public bool CanEdit { get; init; }

    public IReadOnlyList<Flag> Flags { get; init; } = [];

    public Severity DerivedRisk { get; init; }

    public bool CanManageFlags { get; init; }

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

    /// <summary>Flags no longer open: ended by their lifetime (with the reason) or closed by a person; newest first.</summary>
    public IReadOnlyList<Flag> PastFlags => Flags.Where(f => !f.IsOpen).OrderByDescending(f => f.ClosedAt).ThenByDescending(f => f.RaisedAt).ToList();
}
