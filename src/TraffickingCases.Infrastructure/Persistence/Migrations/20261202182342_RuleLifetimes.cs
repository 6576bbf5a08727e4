using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RuleLifetimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_flags_one_open_per_child_and_rule",
                table: "flags");

            migrationBuilder.AddColumn<string>(
                name: "area",
                table: "placements",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ofsted_registered",
                table: "placements",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "out_of_area",
                table: "placements",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "adult_support_referred_on",
                table: "nrm_referrals",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "suspended",
                table: "nrm_referrals",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "end_reason",
                table: "flags",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "is_live",
                table: "flags",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "parental_responsibility_in_uk",
                table: "children",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "risk_override_review_on",
                table: "children",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "rules_version",
                table: "children",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "rule_change_summaries",
                columns: table => new
                {
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    overrides_given_review_date = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rule_change_summaries", x => new { x.organisation_id, x.version });
                });

            migrationBuilder.CreateTable(
                name: "rule_change_summaries_seen",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_rule_change_summaries_seen", x => new { x.user_id, x.version });
                });

            migrationBuilder.CreateIndex(
                name: "ix_flags_ended_by_rule_change",
                table: "flags",
                columns: new[] { "organisation_id", "rule_code" },
                filter: "status = 'Ended' AND end_reason LIKE 'Rule changed%'");

            migrationBuilder.CreateIndex(
                name: "ux_flags_one_open_per_occurrence",
                table: "flags",
                columns: new[] { "child_id", "rule_code", "occurrence_key" },
                unique: true,
                filter: "status IN ('Open', 'Acknowledged') AND rule_code NOT IN ('MANUAL', 'RR-00')");

            migrationBuilder.CreateIndex(
                name: "ix_children_rules_version",
                table: "children",
                column: "rules_version");

            // Rolling the new rules out on live data (issue 12). What SQL can decide is done here: RR-11 and RR-12 flags end (they
            // are weightings now), open flags whose condition had already cleared end, and every override gets a review date three
            // months ahead, counted per organisation for the managers' one-off summary. Every child is left at rules version 0, so
            // the first sweep evaluates each under the new rules and ends, with "Rule changed: …", what the new lifetimes no longer hold.
            migrationBuilder.Sql(
                """
                INSERT INTO rule_change_summaries (organisation_id, version, applied_at, overrides_given_review_date)
                SELECT o.id, 2, now(),
                       (SELECT count(*) FROM children c WHERE c.organisation_id = o.id AND c.risk_override_level IS NOT NULL)
                FROM organisations o;

                UPDATE children SET risk_override_review_on = ((now() AT TIME ZONE 'Europe/London')::date + interval '3 months')::date
                WHERE risk_override_level IS NOT NULL;

                WITH ended AS (
                    UPDATE flags
                    SET status = 'Ended', closed_at = now(), condition_cleared_at = coalesce(condition_cleared_at, now()),
                        end_reason = CASE
                            WHEN rule_code IN ('RR-11', 'RR-12') THEN 'Rule changed: ' || rule_code || ' is now a weighting on other flags, not a flag of its own'
                            WHEN rule_code = 'RR-00' THEN 'Rule changed: no longer a likely or possible match'
                            ELSE 'Rule changed: its condition had already cleared' END
                    WHERE status IN ('Open', 'Acknowledged')
                      AND (rule_code IN ('RR-11', 'RR-12') OR condition_cleared_at IS NOT NULL)
                    RETURNING id, end_reason)
                INSERT INTO flag_events (id, flag_id, action, at, note)
                SELECT gen_random_uuid(), id, 'Ended', now(), end_reason FROM ended;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rule_change_summaries");

            migrationBuilder.DropTable(
                name: "rule_change_summaries_seen");

            migrationBuilder.DropIndex(
                name: "ix_flags_ended_by_rule_change",
                table: "flags");

            migrationBuilder.DropIndex(
                name: "ux_flags_one_open_per_occurrence",
                table: "flags");

            migrationBuilder.DropIndex(
                name: "ix_children_rules_version",
                table: "children");

            migrationBuilder.DropColumn(
                name: "area",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "ofsted_registered",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "out_of_area",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "adult_support_referred_on",
                table: "nrm_referrals");

            migrationBuilder.DropColumn(
                name: "suspended",
                table: "nrm_referrals");

            migrationBuilder.DropColumn(
                name: "end_reason",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "is_live",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "parental_responsibility_in_uk",
                table: "children");

            migrationBuilder.DropColumn(
                name: "risk_override_review_on",
                table: "children");

            migrationBuilder.DropColumn(
                name: "rules_version",
                table: "children");

            migrationBuilder.CreateIndex(
                name: "ux_flags_one_open_per_child_and_rule",
                table: "flags",
                columns: new[] { "child_id", "rule_code" },
                unique: true,
                filter: "status IN ('Open', 'Acknowledged') AND rule_code NOT IN ('MANUAL', 'RR-00')");
        }
    }
}
