using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ChildMerges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "merged_at",
                table: "children",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "merged_into_id",
                table: "children",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "child_merges",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_id = table.Column<Guid>(type: "uuid", nullable: false),
                    survivor_reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    merged_id = table.Column<Guid>(type: "uuid", nullable: false),
                    merged_reference = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    by_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    moved_record_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    moved_flag_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    closed_flag_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    added_names = table.Column<List<string>>(type: "text[]", nullable: false),
                    undone_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    undone_by_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    undone_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    undo_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_child_merges", x => x.id);
                    table.ForeignKey(
                        name: "fk_child_merges_children_merged_id",
                        column: x => x.merged_id,
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_child_merges_children_survivor_id",
                        column: x => x.survivor_id,
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_child_merges_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "match_decisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    child_a_id = table.Column<Guid>(type: "uuid", nullable: false),
                    child_b_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    organisation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    decided_by_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    decided_by_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_match_decisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_match_decisions_children_child_a_id",
                        column: x => x.child_a_id,
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_match_decisions_children_child_b_id",
                        column: x => x.child_b_id,
                        principalTable: "children",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_match_decisions_organisations_organisation_id",
                        column: x => x.organisation_id,
                        principalTable: "organisations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_children_merged_into_id",
                table: "children",
                column: "merged_into_id");

            migrationBuilder.CreateIndex(
                name: "ix_child_merges_merged_id",
                table: "child_merges",
                column: "merged_id");

            migrationBuilder.CreateIndex(
                name: "ix_child_merges_organisation_id",
                table: "child_merges",
                column: "organisation_id");

            migrationBuilder.CreateIndex(
                name: "ix_child_merges_survivor_id",
                table: "child_merges",
                column: "survivor_id");

            migrationBuilder.CreateIndex(
                name: "ix_match_decisions_child_a_id_child_b_id",
                table: "match_decisions",
                columns: new[] { "child_a_id", "child_b_id" });

            migrationBuilder.CreateIndex(
                name: "ix_match_decisions_child_b_id",
                table: "match_decisions",
                column: "child_b_id");

            migrationBuilder.CreateIndex(
                name: "ix_match_decisions_organisation_id",
                table: "match_decisions",
                column: "organisation_id");

            migrationBuilder.AddForeignKey(
                name: "fk_children_children_merged_into_id",
                table: "children",
                column: "merged_into_id",
                principalTable: "children",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_children_children_merged_into_id",
                table: "children");

            migrationBuilder.DropTable(
                name: "child_merges");

            migrationBuilder.DropTable(
                name: "match_decisions");

            migrationBuilder.DropIndex(
                name: "ix_children_merged_into_id",
                table: "children");

            migrationBuilder.DropColumn(
                name: "merged_at",
                table: "children");

            migrationBuilder.DropColumn(
                name: "merged_into_id",
                table: "children");
        }
    }
}
