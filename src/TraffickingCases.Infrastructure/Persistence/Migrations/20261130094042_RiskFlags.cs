using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RiskFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "risk_override_at",
                table: "children",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "risk_override_by_id",
                table: "children",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "risk_override_by_name",
                table: "children",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "risk_override_level",
                table: "children",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "risk_override_reason",
                table: "children",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "flags",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    child_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_code = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    severity = table.Column<int>(type: "integer", nullable: false),
                    evidence = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    occurrence_key = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    raised_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_confirmed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    condition_cleared_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flags", x => x.id);
                    table.ForeignKey(
                        name: "fk_flags_children_child_id",
                        column: x => x.child_id,
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "flag_events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    flag_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    by_user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_flag_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_flag_events_flags_flag_id",
                        column: x => x.flag_id,
                        principalTable: "flags",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_flag_events_flag_id_at",
                table: "flag_events",
                columns: new[] { "flag_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_flags_child_id_status",
                table: "flags",
                columns: new[] { "child_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_flags_status_severity_raised_at",
                table: "flags",
                columns: new[] { "status", "severity", "raised_at" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "ux_flags_one_open_per_child_and_rule",
                table: "flags",
                columns: new[] { "child_id", "rule_code" },
                unique: true,
                filter: "status IN ('Open', 'Acknowledged') AND rule_code <> 'MANUAL'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "flag_events");

            migrationBuilder.DropTable(
                name: "flags");

            migrationBuilder.DropColumn(
                name: "risk_override_at",
                table: "children");

            migrationBuilder.DropColumn(
                name: "risk_override_by_id",
                table: "children");

            migrationBuilder.DropColumn(
                name: "risk_override_by_name",
                table: "children");

            migrationBuilder.DropColumn(
                name: "risk_override_level",
                table: "children");

            migrationBuilder.DropColumn(
                name: "risk_override_reason",
                table: "children");
        }
    }
}
