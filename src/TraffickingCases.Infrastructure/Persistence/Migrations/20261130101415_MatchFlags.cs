using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MatchFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_flags_one_open_per_child_and_rule",
                table: "flags");

            migrationBuilder.CreateIndex(
                name: "ux_flags_one_open_per_child_and_rule",
                table: "flags",
                columns: new[] { "child_id", "rule_code" },
                unique: true,
                filter: "status IN ('Open', 'Acknowledged') AND rule_code NOT IN ('MANUAL', 'RR-00')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ux_flags_one_open_per_child_and_rule",
                table: "flags");

            migrationBuilder.CreateIndex(
                name: "ux_flags_one_open_per_child_and_rule",
                table: "flags",
                columns: new[] { "child_id", "rule_code" },
                unique: true,
                filter: "status IN ('Open', 'Acknowledged') AND rule_code <> 'MANUAL'");
        }
    }
}
