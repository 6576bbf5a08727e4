using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class FlagVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A flag's concurrency token is PostgreSQL's system column xmin: every row has it, so there is nothing to add.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // xmin is a system column; nothing was added.
        }
    }
}
