using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ChildSummaries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_flags_status_severity_raised_at",
                table: "flags");

            migrationBuilder.DropIndex(
                name: "ix_children_organisation_id_assigned_caseworker_id",
                table: "children");

            migrationBuilder.DropIndex(
                name: "ix_children_organisation_id_last_activity_at_reference",
                table: "children");

            migrationBuilder.AddColumn<Guid>(
                name: "organisation_id",
                table: "flags",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<int>(
                name: "active_flags",
                table: "children",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "highest_severity",
                table: "children",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "missing_now",
                table: "children",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_due_at",
                table: "children",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "nrm_stage",
                table: "children",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "NoReferral");

            migrationBuilder.AddColumn<int>(
                name: "open_flags",
                table: "children",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "referral_count",
                table: "children",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "risk_level",
                table: "children",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            // Search covers other names too. PostgreSQL cannot change a generated column's expression: drop and add
            // it again. array_to_string is only stable, so an immutable wrapper computes the text.
            migrationBuilder.Sql("DROP INDEX ix_children_search_name;");
            migrationBuilder.DropColumn(name: "search_name", table: "children");
            migrationBuilder.Sql("""
                CREATE FUNCTION tc_search_text(given text, family text, others text[]) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE
                AS $$ SELECT lower(given || ' ' || family || coalesce(' ' || array_to_string(others, ' '), '')) $$;
                """);
            migrationBuilder.AddColumn<string>(
                name: "search_name", table: "children", type: "text", nullable: true,
                computedColumnSql: "tc_search_text(given_names, family_name, other_names)", stored: true);
            migrationBuilder.Sql("CREATE INDEX ix_children_search_name ON children USING gin (search_name gin_trgm_ops);");

            // A flag's organisation is its child's, copied by the database on every insert and every move.
            migrationBuilder.Sql("""
                UPDATE flags f SET organisation_id = c.organisation_id FROM children c WHERE c.id = f.child_id;
                CREATE FUNCTION flags_set_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.organisation_id := (SELECT organisation_id FROM children WHERE id = NEW.child_id);
                    RETURN NEW;
                END $$;
                CREATE TRIGGER flags_set_organisation BEFORE INSERT OR UPDATE OF child_id ON flags
                    FOR EACH ROW EXECUTE FUNCTION flags_set_organisation();
                """);

            // The summaries of the children already held, as ChildSummaries would write them (CaseSummary; the
            // risk level as RiskLevels.Derive); every child is due, so the first sweep works out when each is next due.
            migrationBuilder.Sql("""
                WITH active AS (
                    SELECT child_id, count(*) AS n, max(severity) AS highest,
                           count(*) FILTER (WHERE severity = 3) AS high, count(*) FILTER (WHERE severity = 2) AS medium,
                           count(*) FILTER (WHERE severity = 1) AS low
                    FROM flags WHERE status IN ('Open', 'Acknowledged') AND condition_cleared_at IS NULL GROUP BY child_id),
                open AS (SELECT child_id, count(*) AS n FROM flags WHERE status IN ('Open', 'Acknowledged') GROUP BY child_id),
                latest AS (
                    SELECT DISTINCT ON (child_id) child_id, rg_outcome, cg_outcome, withdrawn_on
                    FROM nrm_referrals ORDER BY child_id, referral_date DESC),
                referrals AS (SELECT child_id, count(*) AS n FROM nrm_referrals GROUP BY child_id),
                missing AS (SELECT DISTINCT child_id FROM missing_episodes WHERE returned_at IS NULL)
                UPDATE children c SET
                    open_flags = coalesce(o.n, 0),
                    active_flags = coalesce(a.n, 0),
                    highest_severity = a.highest,
                    risk_level = CASE WHEN a.high > 0 OR a.medium >= 3 THEN 3 WHEN a.medium > 0 OR a.low >= 2 THEN 2 ELSE 1 END,
                    nrm_stage = CASE
                        WHEN l.child_id IS NULL THEN 'NoReferral'
                        WHEN l.withdrawn_on IS NOT NULL THEN 'Withdrawn'
                        WHEN l.rg_outcome = 'Pending' THEN 'AwaitingReasonableGrounds'
                        WHEN l.rg_outcome = 'Negative' THEN 'NegativeReasonableGrounds'
                        WHEN l.cg_outcome = 'Positive' THEN 'PositiveConclusiveGrounds'
                        WHEN l.cg_outcome = 'Negative' THEN 'NegativeConclusiveGrounds'
                        ELSE 'AwaitingConclusiveGrounds' END,
                    missing_now = m.child_id IS NOT NULL,
                    referral_count = coalesce(r.n, 0),
                    next_due_at = now()
                FROM children c2
                LEFT JOIN active a ON a.child_id = c2.id
                LEFT JOIN open o ON o.child_id = c2.id
                LEFT JOIN latest l ON l.child_id = c2.id
                LEFT JOIN referrals r ON r.child_id = c2.id
                LEFT JOIN missing m ON m.child_id = c2.id
                WHERE c2.id = c.id;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_flags_matches_open",
                table: "flags",
                columns: new[] { "organisation_id", "severity", "raised_at", "sequence" },
                descending: new[] { false, true, false, false },
                filter: "status IN ('Open', 'Acknowledged') AND rule_code = 'RR-00'");

            migrationBuilder.CreateIndex(
                name: "ix_flags_queue_by_status",
                table: "flags",
                columns: new[] { "organisation_id", "status", "severity", "raised_at", "sequence" },
                descending: new[] { false, false, true, false, false });

            migrationBuilder.CreateIndex(
                name: "ix_flags_queue_open",
                table: "flags",
                columns: new[] { "organisation_id", "severity", "raised_at", "sequence" },
                descending: new[] { false, true, false, false },
                filter: "status IN ('Open', 'Acknowledged')");

            migrationBuilder.CreateIndex(
                name: "ix_children_caseload",
                table: "children",
                columns: new[] { "organisation_id", "last_activity_at", "reference" },
                descending: new[] { false, true, true },
                filter: "merged_into_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_children_caseworker_caseload",
                table: "children",
                columns: new[] { "organisation_id", "assigned_caseworker_id", "last_activity_at", "reference" },
                descending: new[] { false, false, true, true },
                filter: "merged_into_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_children_flagged_caseload",
                table: "children",
                columns: new[] { "organisation_id", "last_activity_at", "reference" },
                descending: new[] { false, true, true },
                filter: "merged_into_id IS NULL AND open_flags > 0");

            migrationBuilder.CreateIndex(
                name: "ix_children_next_due_at",
                table: "children",
                column: "next_due_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_flags_matches_open",
                table: "flags");

            migrationBuilder.DropIndex(
                name: "ix_flags_queue_by_status",
                table: "flags");

            migrationBuilder.DropIndex(
                name: "ix_flags_queue_open",
                table: "flags");

            migrationBuilder.DropIndex(
                name: "ix_children_caseload",
                table: "children");

            migrationBuilder.DropIndex(
                name: "ix_children_caseworker_caseload",
                table: "children");

            migrationBuilder.DropIndex(
                name: "ix_children_flagged_caseload",
                table: "children");

            migrationBuilder.DropIndex(
                name: "ix_children_next_due_at",
                table: "children");

            migrationBuilder.DropColumn(
                name: "organisation_id",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "active_flags",
                table: "children");

            migrationBuilder.DropColumn(
                name: "highest_severity",
                table: "children");

            migrationBuilder.DropColumn(
                name: "missing_now",
                table: "children");

            migrationBuilder.DropColumn(
                name: "next_due_at",
                table: "children");

            migrationBuilder.DropColumn(
                name: "nrm_stage",
                table: "children");

            migrationBuilder.DropColumn(
                name: "open_flags",
                table: "children");

            migrationBuilder.DropColumn(
                name: "referral_count",
                table: "children");

            migrationBuilder.DropColumn(
                name: "risk_level",
                table: "children");

            migrationBuilder.Sql("DROP TRIGGER flags_set_organisation ON flags; DROP FUNCTION flags_set_organisation();");
            migrationBuilder.Sql("DROP INDEX ix_children_search_name;");
            migrationBuilder.DropColumn(name: "search_name", table: "children");
            migrationBuilder.Sql("DROP FUNCTION tc_search_text(text, text, text[]);");
            migrationBuilder.AddColumn<string>(
                name: "search_name", table: "children", type: "character varying(401)", maxLength: 401, nullable: true,
                computedColumnSql: "lower(given_names || ' ' || family_name)", stored: true);
            migrationBuilder.Sql("CREATE INDEX ix_children_search_name ON children USING gin (search_name gin_trgm_ops);");

            migrationBuilder.CreateIndex(
                name: "ix_flags_status_severity_raised_at",
                table: "flags",
                columns: new[] { "status", "severity", "raised_at" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "ix_children_organisation_id_assigned_caseworker_id",
                table: "children",
                columns: new[] { "organisation_id", "assigned_caseworker_id" });

            migrationBuilder.CreateIndex(
                name: "ix_children_organisation_id_last_activity_at_reference",
                table: "children",
                columns: new[] { "organisation_id", "last_activity_at", "reference" },
                descending: new[] { false, true, true });
        }
    }
}
