using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class DashboardSeverityIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_flags_open_severity_child",
                table: "flags",
                columns: new[] { "organisation_id", "severity", "child_id" },
                filter: "status IN ('Open', 'Acknowledged') AND rule_code <> 'RR-00'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_flags_open_severity_child",
                table: "flags");
        }
    }
}
