using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MatchModels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "match_model_version",
                table: "flags",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "match_probability",
                table: "flags",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "match_models",
                columns: table => new
                {
                    version = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    fitted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    fitted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    records = table.Column<long>(type: "bigint", nullable: false),
                    parameters = table.Column<string>(type: "jsonb", nullable: false),
                    report = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_match_models", x => x.version);
                });

            migrationBuilder.CreateIndex(
                name: "ix_children_date_of_birth",
                table: "children",
                column: "date_of_birth");

            // Need-to-know: an RR-00 flag on a pair across organisations says only the band, the organisation and the reference.
            // Flags raised before this version carried which fields agreed and the probability; rewrite them.
            migrationBuilder.Sql("""
                UPDATE flags f
                SET evidence = (CASE WHEN f.evidence LIKE 'Likely%' THEN 'Likely' ELSE 'Possibly' END)
                    || ' the same child as a record held by ' || o.name || ' (reference ' || other.reference || '). Contact them to compare the records.'
                FROM children c, children other, organisations o
                WHERE f.rule_code = 'RR-00' AND c.id = f.child_id AND other.id::text = f.occurrence_key
                  AND other.organisation_id <> c.organisation_id AND o.id = other.organisation_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "match_models");

            migrationBuilder.DropIndex(
                name: "ix_children_date_of_birth",
                table: "children");

            migrationBuilder.DropColumn(
                name: "match_model_version",
                table: "flags");

            migrationBuilder.DropColumn(
                name: "match_probability",
                table: "flags");
        }
    }
}
