using TraffickingCases.Domain.Children;
using TraffickingCases.Infrastructure.Import;

namespace TraffickingCases.Infrastructure.Exports;

/// <summary>
/// The datasets an export can write. Coded values use the import files' codes (<see cref="ImportFormats"/>), so an
/// identifiable export of a dataset reads like its import file. Pseudonymised columns never include a name, alias,
/// date of birth, police reference, any text a person typed, or any record's id (a child's, a user's, an audit
/// entry's or the entity it names): those columns are <see cref="ExportColumn.IdentifiableOnly"/>, and a child or a
/// user appears only as a pseudonym. Each column below says which it is; docs/user-guide.md lists them.
/// </summary>
public static class ExportDatasets
{
    private const string ChildJoin = "JOIN children c ON c.id = x.child_id JOIN organisations o ON o.id = c.organisation_id";

    private static readonly Dictionary<string, string> Genders = Codes(ImportFormats.Genders);
    private static readonly Dictionary<string, string> Precisions = Codes(ImportFormats.DobPrecisions);
    private static readonly Dictionary<string, string> ResponderTypes = Codes(ImportFormats.OrganisationTypes);
    private static readonly Dictionary<string, string> Locations = Codes(ImportFormats.ExploitationLocations);
    private static readonly Dictionary<string, string> Authorities = Codes(ImportFormats.CompetentAuthorities);
    private static readonly Dictionary<string, string> Decisions = Codes(ImportFormats.Decisions);
    private static readonly Dictionary<string, string> RiskLevels = Codes(ImportFormats.RiskLevels);
    private static readonly Dictionary<string, string> PlacementTypes = Codes(ImportFormats.PlacementTypes);
    private static readonly Dictionary<string, string> SupportTypes = Codes(ImportFormats.SupportTypes);

    /// <summary>
    /// One row per child: a record merged into another is left out, as everything it held (referrals, episodes,
    /// placements, support, flags) moved to the kept record, under which the other datasets export it once.
    /// </summary>
    public static readonly ExportDataset Children = new()
    {
        Name = "children",
        Title = "Children",
        Sql = """
            SELECT c.id AS child_id, c.reference, c.external_id, c.given_names, c.family_name, c.other_names, c.date_of_birth,
                   c.dob_precision, c.gender, c.nationalities, c.first_language, c.interpreter_needed, c.is_uasc,
                   c.parental_responsibility_in_uk, c.created_at,
                   o.code AS organisation_code,
                   (SELECT min(r.referral_date) FROM nrm_referrals r WHERE r.child_id = c.id) AS first_referral_date,
                   (SELECT count(*)::int FROM nrm_referrals r WHERE r.child_id = c.id) AS referral_count
            FROM (SELECT * FROM children WHERE merged_into_id IS NULL) c JOIN organisations o ON o.id = c.organisation_id
            """,
        DateColumn = "c.created_at",
        DateIsInstant = true,
        OrderBy = "c.created_at, c.id",
        Columns =
        [
            Pseudonym,
            new("child_reference", (r, _) => r.Text("reference"), IdentifiableOnly: true),
            new("child_external_id", (r, _) => r.Text("external_id"), IdentifiableOnly: true),
            new("given_names", (r, _) => r.Text("given_names"), IdentifiableOnly: true),
            new("family_name", (r, _) => r.Text("family_name"), IdentifiableOnly: true),
            new("other_names", (r, _) => string.Join(';', r.TextArray("other_names")), IdentifiableOnly: true),
            new("date_of_birth", (r, _) => r.Date("date_of_birth"), IdentifiableOnly: true),
            Organisation,
            new("registered_on", (r, _) => r.Instant("created_at") is { } at ? Domain.Common.UkCalendar.DateOf(at) : null),
            new("dob_precision", (r, _) => Code(Precisions, r.Text("dob_precision"))),
            new("age_at_first_referral", (r, _) => r.AgeOn("date_of_birth", r.Date("first_referral_date"))),
            new("age_band_at_first_referral", (r, _) => r.Date("first_referral_date") is null ? null : AgeBands.Of(r.AgeOn("date_of_birth", r.Date("first_referral_date")))),
            Gender,
            new("nationalities", (r, _) => string.Join(';', r.TextArray("nationalities"))),

            // Typed by a person (up to 100 characters, no list to choose from): free text, so identifiable only.
            new("first_language", (r, _) => r.Text("first_language"), IdentifiableOnly: true),
            new("interpreter_needed", (r, _) => r.Bool("interpreter_needed")),
            new("uasc", (r, _) => r.Bool("is_uasc")),
            new("parental_responsibility_in_uk", (r, _) => r.NullableBool("parental_responsibility_in_uk")),
            new("referral_count", (r, _) => r.Int("referral_count")),
        ],
    };

    public static readonly ExportDataset Referrals = new()
    {
        Name = "referrals",
        Title = "NRM referrals",
        Sql = $"""
            SELECT x.child_id, c.reference, c.date_of_birth, c.gender, o.code AS organisation_code,
                   x.referral_date, x.first_responder_type, x.first_responder_organisation, x.exploitation_types, x.county_lines,
                   x.exploitation_location, x.future_exploitation_concern, x.future_exploitation_reasons, x.competent_authority,
                   x.rg_outcome, x.rg_decision_date, x.cg_outcome, x.cg_decision_date, x.reconsideration_requested_on,
                   x.withdrawn_on, x.withdrawal_reason, x.suspended, x.adult_support_referred_on
            FROM nrm_referrals x {ChildJoin}
            """,
        DateColumn = "x.referral_date",
        OrderBy = "x.referral_date, x.id",
        Columns =
        [
            Pseudonym,
            new("child_reference", (r, _) => r.Text("reference"), IdentifiableOnly: true),
            Organisation,
            new("referral_date", (r, _) => r.Date("referral_date")),
            .. Age("referral_date", instant: false),
            Gender,
            new("first_responder_type", (r, _) => Code(ResponderTypes, r.Text("first_responder_type"))),

            // Typed by a person; first_responder_type is its closed category.
            new("first_responder_organisation", (r, _) => r.Text("first_responder_organisation"), IdentifiableOnly: true),
            new("exploitation_types", (r, _) => ExploitationCodes(r.Int("exploitation_types") ?? 0)),
            new("county_lines", (r, _) => r.Bool("county_lines")),
            new("exploitation_location", (r, _) => Code(Locations, r.Text("exploitation_location"))),
            new("future_exploitation_concern", (r, _) => r.Bool("future_exploitation_concern")),
            new("future_exploitation_reasons", (r, _) => r.Text("future_exploitation_reasons"), IdentifiableOnly: true),
            new("competent_authority", (r, _) => Code(Authorities, r.Text("competent_authority"))),
            new("rg_decision", (r, _) => Code(Decisions, r.Text("rg_outcome"))),
            new("rg_decision_date", (r, _) => r.Date("rg_decision_date")),
            new("cg_decision", (r, _) => Code(Decisions, r.Text("cg_outcome"))),
            new("cg_decision_date", (r, _) => r.Date("cg_decision_date")),
            new("reconsideration_requested_on", (r, _) => r.Date("reconsideration_requested_on")),
            new("withdrawn_on", (r, _) => r.Date("withdrawn_on")),
            new("withdrawal_reason", (r, _) => r.Text("withdrawal_reason"), IdentifiableOnly: true),
            new("suspended", (r, _) => r.Bool("suspended")),
            new("adult_support_referred_on", (r, _) => r.Date("adult_support_referred_on")),
        ],
    };

    public static readonly ExportDataset MissingEpisodes = new()
    {
        Name = "missing-episodes",
        Title = "Missing episodes",
        Sql = $"""
            SELECT x.child_id, c.reference, c.date_of_birth, c.gender, o.code AS organisation_code,
                   x.went_missing_at, x.returned_at, x.whereabouts_known, x.reported_to_police_at, x.police_reference,
                   x.police_risk_grading, x.return_interview_offered_at, x.return_interview_completed_at,
                   x.return_interview_declined, x.concerns
            FROM missing_episodes x {ChildJoin}
            """,
        DateColumn = "x.went_missing_at",
        DateIsInstant = true,
        OrderBy = "x.went_missing_at, x.id",
        Columns =
        [
            Pseudonym,
            new("child_reference", (r, _) => r.Text("reference"), IdentifiableOnly: true),
            Organisation,
            new("missing_from", (r, _) => r.Instant("went_missing_at")),
            .. Age("went_missing_at", instant: true),
            Gender,
            new("returned_at", (r, _) => r.Instant("returned_at")),
            new("whereabouts_known", (r, _) => r.Bool("whereabouts_known")),
            new("reported_to_police_at", (r, _) => r.Instant("reported_to_police_at")),
            new("police_reference", (r, _) => r.Text("police_reference"), IdentifiableOnly: true),
            new("risk_level", (r, _) => Code(RiskLevels, r.Text("police_risk_grading"))),
            new("return_interview_offered_at", (r, _) => r.Instant("return_interview_offered_at")),
            new("return_interview_completed_at", (r, _) => r.Instant("return_interview_completed_at")),
            new("return_interview_declined", (r, _) => r.Bool("return_interview_declined")),
            new("return_interview_within_72_hours", (r, _) => r.Instant("returned_at") is { } back
                ? r.Instant("return_interview_completed_at") is { } done && done - back <= MissingEpisode.ReturnInterviewDue
                : null),
            new("concerns", (r, _) => r.Text("concerns"), IdentifiableOnly: true),
        ],
    };

    public static readonly ExportDataset Placements = new()
    {
        Name = "placements",
        Title = "Placements",
        Sql = $"""
            SELECT x.child_id, c.reference, c.date_of_birth, c.gender, o.code AS organisation_code, x.type, x.start_date, x.end_date,
                   x.area, x.out_of_area, x.ofsted_registered
            FROM placements x {ChildJoin}
            """,
        DateColumn = "x.start_date",
        OrderBy = "x.start_date, x.id",
        Columns =
        [
            Pseudonym,
            new("child_reference", (r, _) => r.Text("reference"), IdentifiableOnly: true),
            Organisation,
            new("placement_type", (r, _) => Code(PlacementTypes, r.Text("type"))),
            new("start_date", (r, _) => r.Date("start_date")),
            .. Age("start_date", instant: false),
            Gender,
            new("end_date", (r, _) => r.Date("end_date")),

            // Typed by a person, so free text like the other identifiable columns, though meant to name a local authority.
            new("area", (r, _) => r.Text("area"), IdentifiableOnly: true),
            new("out_of_area", (r, _) => r.NullableBool("out_of_area")),
            new("ofsted_registered", (r, _) => r.NullableBool("ofsted_registered")),
        ],
    };

    public static readonly ExportDataset SupportRequests = new()
    {
        Name = "support-requests",
        Title = "Support requests",
        Sql = $"""
            SELECT x.child_id, c.reference, c.date_of_birth, c.gender, o.code AS organisation_code, x.type, x.requested_on, x.started_on
            FROM support_requests x {ChildJoin}
            """,
        DateColumn = "x.requested_on",
        OrderBy = "x.requested_on, x.id",
        Columns =
        [
            Pseudonym,
            new("child_reference", (r, _) => r.Text("reference"), IdentifiableOnly: true),
            Organisation,
            new("support_type", (r, _) => Code(SupportTypes, r.Text("type"))),
            new("requested_on", (r, _) => r.Date("requested_on")),
            .. Age("requested_on", instant: false),
            Gender,
            new("started_on", (r, _) => r.Date("started_on")),
            new("days_waited", (r, _) => r.Date("started_on") is { } started && r.Date("requested_on") is { } requested ? started.DayNumber - requested.DayNumber : null),
        ],
    };

    public static readonly ExportDataset Flags = new()
    {
        Name = "flags",
        Title = "Flags",
        Sql = $"""
            SELECT x.child_id, c.reference, c.date_of_birth, c.gender, o.code AS organisation_code, x.rule_code, x.severity,
                   x.status, x.is_live, x.evidence, x.raised_at, x.condition_cleared_at, x.closed_at, x.end_reason
            FROM flags x {ChildJoin}
            """,
        DateColumn = "x.raised_at",
        DateIsInstant = true,
        RuleColumn = "x.rule_code",
        StatusColumn = "x.status",
        OrderBy = "x.raised_at, x.id",
        Columns =
        [
            Pseudonym,
            new("child_reference", (r, _) => r.Text("reference"), IdentifiableOnly: true),
            Organisation,
            new("rule_code", (r, _) => r.Text("rule_code")),
            new("severity", (r, _) => r.Int("severity") is { } s ? ((Domain.Risk.Severity)s).ToString().ToLowerInvariant() : null),
            new("status", (r, _) => r.Text("status")?.ToLowerInvariant()),
            new("is_live", (r, _) => r.Bool("is_live")),
            new("raised_at", (r, _) => r.Instant("raised_at")),
            .. Age("raised_at", instant: true),
            new("condition_cleared_at", (r, _) => r.Instant("condition_cleared_at")),
            new("closed_at", (r, _) => r.Instant("closed_at")),

            // Evidence and the reason a flag ended are written for people and may name dates that give a birthday away (turning 18).
            new("evidence", (r, _) => r.Text("evidence"), IdentifiableOnly: true),
            new("end_reason", (r, _) => r.Text("end_reason"), IdentifiableOnly: true),
        ],
    };

    /// <summary>
    /// The audit trail, by sequence number. Pseudonymised, an entry keeps when, what, to which kind of record, by whom
    /// as a user pseudonym and role, with the child as a pseudonym. Everything that names a record is identifiable
    /// only: the entry's own number and its link in the chain (the audit page shows an entry's number beside the
    /// child's reference, and without the details the hashes cannot be checked anyway), the id of the entity it is
    /// about (for a child's entries, the child's id), the user's id and name, the request's correlation id (it joins
    /// the entry to request logs, whose paths hold record ids), the child's reference and the details (names, notes,
    /// search terms). An identifiable extract has them all, so it can be checked against the chain.
    /// </summary>
    public static readonly ExportDataset AuditLog = new()
    {
        Name = "audit-log",
        Title = "Audit log",
        Sql = """
            SELECT x.sequence::text AS sequence, x.occurred_at, x.actor_id, x.actor_name, x.role, o.code AS organisation_code,
                   x.client_ip, x.correlation_id, x.action, x.entity_type, x.entity_id, x.child_id, c.reference,
                   x.details::text AS details, l.position::text AS chain_position, l.previous_hash, l.hash, l.scheme::text AS chain_scheme
            FROM audit_entries x LEFT JOIN organisations o ON o.id = x.organisation_id LEFT JOIN children c ON c.id = x.child_id
                 LEFT JOIN audit_chain l ON l.entry_sequence = x.sequence
            """,
        DateColumn = "x.occurred_at",
        DateIsInstant = true,
        OrganisationColumn = "x.organisation_id",
        OrderBy = "x.sequence",
        Columns =
        [
            new("sequence", (r, _) => r.Text("sequence"), IdentifiableOnly: true),
            new("occurred_at", (r, _) => r.Instant("occurred_at")),
            new("actor_pseudonym", (r, p) => r.Text("actor_id") is { } id ? p.OfUser(id) : null),
            new("actor_id", (r, _) => r.Text("actor_id"), IdentifiableOnly: true),
            new("actor_name", (r, _) => r.Text("actor_name"), IdentifiableOnly: true),
            new("role", (r, _) => r.Text("role")),
            Organisation,
            new("client_ip", (r, _) => r.Text("client_ip")),
            new("correlation_id", (r, _) => r.Text("correlation_id"), IdentifiableOnly: true),
            new("action", (r, _) => r.Text("action")),
            new("entity_type", (r, _) => r.Text("entity_type")),
            new("entity_id", (r, _) => r.Text("entity_id"), IdentifiableOnly: true),
            Pseudonym,
            new("child_reference", (r, _) => r.Text("reference"), IdentifiableOnly: true),
            new("details", (r, _) => r.Text("details"), IdentifiableOnly: true),
            new("chain_position", (r, _) => r.Text("chain_position"), IdentifiableOnly: true),
            new("previous_hash", (r, _) => r.Text("previous_hash"), IdentifiableOnly: true),
            new("hash", (r, _) => r.Text("hash"), IdentifiableOnly: true),
            new("chain_scheme", (r, _) => r.Text("chain_scheme"), IdentifiableOnly: true),
        ],
    };

    /// <summary>Every dataset, in the order the exports page lists them.</summary>
    public static readonly IReadOnlyList<ExportDataset> All = [Children, Referrals, MissingEpisodes, Placements, SupportRequests, Flags, AuditLog];

    public static ExportDataset? Find(string? name) => All.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The child's pseudonym from the row's <c>child_id</c>; empty for a row about no child (an audit event about a user).</summary>
    private static ExportColumn Pseudonym => new("child_pseudonym", (r, p) => r.Id("child_id") is { } id ? p.Of(id) : null);

    private static ExportColumn Organisation => new("organisation_code", (r, _) => r.Text("organisation_code"));

    private static ExportColumn Gender => new("gender", (r, _) => Code(Genders, r.Text("gender")));

    /// <summary>Age in whole years and its band on the record's own date: what a pseudonymised export has instead of the date of birth.</summary>
    private static ExportColumn[] Age(string dateColumn, bool instant)
    {
        return
        [
            new("age", (r, _) => r.AgeOn("date_of_birth", On(r))),
            new("age_band", (r, _) => AgeBands.Of(r.AgeOn("date_of_birth", On(r)))),
        ];

        DateOnly? On(ExportRow r) => instant
            ? r.Instant(dateColumn) is { } at ? Domain.Common.UkCalendar.DateOf(at) : null
            : r.Date(dateColumn);
    }

    private static readonly string[] ExploitationCodeTexts =
        Enumerable.Range(0, 128).Select(i => ImportFormats.CodesOf((ExploitationTypes)i)).ToArray();

    private static string ExploitationCodes(int stored) =>
        stored is >= 0 and < 128 ? ExploitationCodeTexts[stored] : ImportFormats.CodesOf((ExploitationTypes)stored);

    private static string? Code(Dictionary<string, string> codes, string? stored) =>
        stored is null ? null : codes.GetValueOrDefault(stored, stored);

    /// <summary>Stored enum name (as the database holds it) to the import file's code.</summary>
    private static Dictionary<string, string> Codes<T>(IReadOnlyDictionary<string, T> map)
        where T : struct, Enum =>
        map.ToDictionary(kv => kv.Value.ToString(), kv => kv.Key, StringComparer.Ordinal);
}
