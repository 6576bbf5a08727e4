using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class QueueByRuleIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_flags_queue_rule",
                table: "flags",
                columns: new[] { "organisation_id", "rule_code", "severity", "raised_at", "sequence" },
                descending: new[] { false, false, true, true, true },
                filter: "status IN ('Open', 'Acknowledged')")
                .Annotation("Npgsql:IndexInclude", new[] { "child_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_flags_queue_rule",
                table: "flags");
        }
    }
}
