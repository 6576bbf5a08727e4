using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ExportOrderIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_support_requests_requested_on_id",
                table: "support_requests",
                columns: new[] { "requested_on", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_placements_start_date_id",
                table: "placements",
                columns: new[] { "start_date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_nrm_referrals_referral_date_id",
                table: "nrm_referrals",
                columns: new[] { "referral_date", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_missing_episodes_went_missing_at_id",
                table: "missing_episodes",
                columns: new[] { "went_missing_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_flags_raised_at_id",
                table: "flags",
                columns: new[] { "raised_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_children_created_at_id",
                table: "children",
                columns: new[] { "created_at", "id" },
                filter: "merged_into_id IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_support_requests_requested_on_id",
                table: "support_requests");

            migrationBuilder.DropIndex(
                name: "ix_placements_start_date_id",
                table: "placements");

            migrationBuilder.DropIndex(
                name: "ix_nrm_referrals_referral_date_id",
                table: "nrm_referrals");

            migrationBuilder.DropIndex(
                name: "ix_missing_episodes_went_missing_at_id",
                table: "missing_episodes");

            migrationBuilder.DropIndex(
                name: "ix_flags_raised_at_id",
                table: "flags");

            migrationBuilder.DropIndex(
                name: "ix_children_created_at_id",
                table: "children");
        }
    }
}
