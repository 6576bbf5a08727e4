using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MatchNameExact : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_children_date_of_birth",
                table: "children");

            migrationBuilder.CreateIndex(
                name: "ix_children_match_name_exact",
                table: "children",
                columns: new[] { "match_name", "date_of_birth" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_children_match_name_exact",
                table: "children");

            migrationBuilder.CreateIndex(
                name: "ix_children_date_of_birth",
                table: "children",
                column: "date_of_birth");
        }
    }
}
