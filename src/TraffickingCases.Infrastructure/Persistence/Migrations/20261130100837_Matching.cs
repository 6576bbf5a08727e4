using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Matching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "match_keys",
                table: "children",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string>(
                name: "match_name",
                table: "children",
                type: "character varying(401)",
                maxLength: 401,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "ix_children_date_of_birth",
                table: "children",
                column: "date_of_birth");

            migrationBuilder.CreateIndex(
                name: "ix_children_match_keys",
                table: "children",
                column: "match_keys")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_children_match_name",
                table: "children",
                column: "match_name")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_children_date_of_birth",
                table: "children");

            migrationBuilder.DropIndex(
                name: "ix_children_match_keys",
                table: "children");

            migrationBuilder.DropIndex(
                name: "ix_children_match_name",
                table: "children");

            migrationBuilder.DropColumn(
                name: "match_keys",
                table: "children");

            migrationBuilder.DropColumn(
                name: "match_name",
                table: "children");
        }
    }
}
