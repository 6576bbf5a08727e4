using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class WorkingDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "daily_digest",
                table: "users",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_digest_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_visit_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "previous_visit_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "supervisor_id",
                table: "users",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "entered_in_error_at",
                table: "support_requests",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_id",
                table: "support_requests",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_name",
                table: "support_requests",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_reason",
                table: "support_requests",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "entered_in_error_at",
                table: "placements",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_id",
                table: "placements",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_name",
                table: "placements",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_reason",
                table: "placements",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "out_of_hours_email",
                table: "organisations",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "entered_in_error_at",
                table: "nrm_referrals",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_id",
                table: "nrm_referrals",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_name",
                table: "nrm_referrals",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_reason",
                table: "nrm_referrals",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "entered_in_error_at",
                table: "missing_episodes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_id",
                table: "missing_episodes",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_name",
                table: "missing_episodes",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_reason",
                table: "missing_episodes",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "supervision_review_on",
                table: "children",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "entered_in_error_at",
                table: "case_notes",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_id",
                table: "case_notes",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_by_name",
                table: "case_notes",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "entered_in_error_reason",
                table: "case_notes",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "missing_profiles",
                columns: table => new
                {
                    child_id = table.Column<Guid>(type: "uuid", nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    associates = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    places = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    phone_numbers = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    updated_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_missing_profiles", x => x.child_id);
                    table.ForeignKey(
                        name: "fk_missing_profiles_children_child_id",
                        column: x => x.child_id,
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_events",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    flag_id = table.Column<Guid>(type: "uuid", nullable: true),
                    child_id = table.Column<Guid>(type: "uuid", nullable: true),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    batch_id = table.Column<Guid>(type: "uuid", nullable: true),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_events", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notifications",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    child_id = table.Column<Guid>(type: "uuid", nullable: true),
                    flag_id = table.Column<Guid>(type: "uuid", nullable: true),
                    child_reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    rule_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notifications", x => x.id);
                    table.ForeignKey(
                        name: "fk_notifications_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    to_address = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    last_error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "supervision_notes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    child_id = table.Column<Guid>(type: "uuid", nullable: false),
                    text = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    next_review_on = table.Column<DateOnly>(type: "date", nullable: false),
                    author_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    written_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_supervision_notes", x => x.id);
                    table.ForeignKey(
                        name: "fk_supervision_notes_children_child_id",
                        column: x => x.child_id,
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_users_supervisor_id",
                table: "users",
                column: "supervisor_id");

            migrationBuilder.CreateIndex(
                name: "ix_children_missing_now",
                table: "children",
                columns: new[] { "organisation_id", "last_activity_at", "reference" },
                descending: new[] { false, true, true },
                filter: "merged_into_id IS NULL AND missing_now");

            migrationBuilder.CreateIndex(
                name: "ix_notification_events_waiting",
                table: "notification_events",
                column: "id",
                filter: "processed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_unread",
                table: "notifications",
                columns: new[] { "user_id", "id" },
                filter: "read_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notifications_user",
                table: "notifications",
                columns: new[] { "user_id", "id" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ux_notifications_user_flag",
                table: "notifications",
                columns: new[] { "user_id", "flag_id" },
                unique: true,
                filter: "flag_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_waiting",
                table: "outbox_messages",
                column: "next_attempt_at",
                filter: "sent_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_supervision_notes_child_id_written_at",
                table: "supervision_notes",
                columns: new[] { "child_id", "written_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_users_users_supervisor_id",
                table: "users",
                column: "supervisor_id",
                principalTable: "users",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);

            // The outbox: every High flag and every likely match is written to notification_events by the statement that
            // inserts it (one statement-level trigger, so a bulk import costs one INSERT ... SELECT, not one per row).
            // An import or sweep names itself with set_config('tc.change_source' / 'tc.change_batch', ..., true).
            migrationBuilder.Sql("""
                CREATE FUNCTION flags_notify() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO notification_events (kind, flag_id, child_id, organisation_id, source, batch_id)
                    SELECT CASE WHEN f.rule_code = 'RR-00' THEN 'LikelyMatch' ELSE 'HighFlag' END,
                           f.id, f.child_id, f.organisation_id,
                           coalesce(nullif(current_setting('tc.change_source', true), ''), 'web'),
                           nullif(current_setting('tc.change_batch', true), '')::uuid
                    FROM new_flags f
                    WHERE f.status IN ('Open', 'Acknowledged') AND (f.rule_code = 'RR-00' OR f.severity = 3);
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER flags_notify AFTER INSERT ON flags REFERENCING NEW TABLE AS new_flags
                    FOR EACH STATEMENT EXECUTE FUNCTION flags_notify();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER flags_notify ON flags; DROP FUNCTION flags_notify();");

            migrationBuilder.DropForeignKey(
                name: "fk_users_users_supervisor_id",
                table: "users");

            migrationBuilder.DropTable(
                name: "missing_profiles");

            migrationBuilder.DropTable(
                name: "notification_events");

            migrationBuilder.DropTable(
                name: "notifications");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "supervision_notes");

            migrationBuilder.DropIndex(
                name: "ix_users_supervisor_id",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_children_missing_now",
                table: "children");

            migrationBuilder.DropColumn(
                name: "daily_digest",
                table: "users");

            migrationBuilder.DropColumn(
                name: "last_digest_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "last_visit_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "previous_visit_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "supervisor_id",
                table: "users");

            migrationBuilder.DropColumn(
                name: "entered_in_error_at",
                table: "support_requests");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_id",
                table: "support_requests");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_name",
                table: "support_requests");

            migrationBuilder.DropColumn(
                name: "entered_in_error_reason",
                table: "support_requests");

            migrationBuilder.DropColumn(
                name: "entered_in_error_at",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_id",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_name",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "entered_in_error_reason",
                table: "placements");

            migrationBuilder.DropColumn(
                name: "out_of_hours_email",
                table: "organisations");

            migrationBuilder.DropColumn(
                name: "entered_in_error_at",
                table: "nrm_referrals");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_id",
                table: "nrm_referrals");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_name",
                table: "nrm_referrals");

            migrationBuilder.DropColumn(
                name: "entered_in_error_reason",
                table: "nrm_referrals");

            migrationBuilder.DropColumn(
                name: "entered_in_error_at",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_id",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_name",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "entered_in_error_reason",
                table: "missing_episodes");

            migrationBuilder.DropColumn(
                name: "supervision_review_on",
                table: "children");

            migrationBuilder.DropColumn(
                name: "entered_in_error_at",
                table: "case_notes");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_id",
                table: "case_notes");

            migrationBuilder.DropColumn(
                name: "entered_in_error_by_name",
                table: "case_notes");

            migrationBuilder.DropColumn(
                name: "entered_in_error_reason",
                table: "case_notes");
        }
    }
}
