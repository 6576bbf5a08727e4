using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// Rules version 3 (issue 12, second step): the missing rules shown as one flag per child, 30-day windows for the missing
    /// spell, RR-15 counting moves. No schema change: the first sweep re-evaluates every child (rules_version &lt; 3) and ends, with
    /// "Rule changed: …", what the new rules no longer hold; this records the managers' one-off summary.
    /// </summary>
    [DbContext(typeof(CasesDbContext))]
    [Migration("20261203080000_RulesVersion3")]
    public partial class RulesVersion3 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An organisation that came from before lifetimes in the same upgrade keeps its count of overrides given a review date.
            migrationBuilder.Sql(
                """
                INSERT INTO rule_change_summaries (organisation_id, version, applied_at, overrides_given_review_date)
                SELECT o.id, 3, now(),
                       coalesce((SELECT s.overrides_given_review_date FROM rule_change_summaries s
                                 WHERE s.organisation_id = o.id AND s.version = 2 AND s.applied_at > now() - interval '1 day'), 0)
                FROM organisations o
                ON CONFLICT (organisation_id, version) DO NOTHING;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM rule_change_summaries WHERE version = 3;");
        }
    }
}
