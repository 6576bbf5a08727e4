using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SimilarChildrenAuditIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_similar_children",
                table: "audit_entries",
                columns: new[] { "actor_id", "occurred_at" },
                filter: "entity_type = 'SimilarChildren'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_similar_children",
                table: "audit_entries");
        }
    }
}
