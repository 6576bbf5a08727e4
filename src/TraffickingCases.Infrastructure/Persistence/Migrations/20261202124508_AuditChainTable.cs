using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TraffickingCases.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AuditChainTable : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nobody writes an entry while the chain moves: in-flight writers finish first, later ones wait and then
            // fail on the dropped columns (the app must be upgraded with the database).
            migrationBuilder.Sql("LOCK TABLE audit_entries IN ACCESS EXCLUSIVE MODE;");

            migrationBuilder.CreateTable(
                name: "audit_chain",
                columns: table => new
                {
                    position = table.Column<long>(type: "bigint", nullable: false),
                    entry_sequence = table.Column<long>(type: "bigint", nullable: false),
                    previous_hash = table.Column<string>(type: "character(64)", nullable: false),
                    hash = table.Column<string>(type: "character(64)", nullable: false),
                    scheme = table.Column<short>(type: "smallint", nullable: false)
                },
                constraints: table =>
                {
                    // No foreign key to audit_entries (ADR 015): its check would lock, so write, every entry's row once
                    // more; the triggers already refuse deleting an entry, and the verifier reports a link without one.
                    table.PrimaryKey("pk_audit_chain", x => x.position);
                });

            migrationBuilder.CreateTable(
                name: "audit_chain_horizon",
                columns: table => new
                {
                    id = table.Column<short>(type: "smallint", nullable: false),
                    settled_through = table.Column<long>(type: "bigint", nullable: false),
                    candidate_sequence = table.Column<long>(type: "bigint", nullable: true),
                    candidate_xid = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_chain_horizon", x => x.id);
                    table.CheckConstraint("ck_audit_chain_horizon_one_row", "id = 1");
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_chain_entry_sequence",
                table: "audit_chain",
                column: "entry_sequence",
                unique: true);

            // ADR 008's chain becomes the first links, unchanged: each entry's stored hashes, in sequence order (its
            // chain order), scheme 1 (the hash without the position). Every number drawn so far is settled: the lock
            // above waited for every transaction that could still write one.
            migrationBuilder.Sql("""
                INSERT INTO audit_chain (position, entry_sequence, previous_hash, hash, scheme)
                SELECT row_number() OVER (ORDER BY sequence), sequence, previous_hash, hash, 1 FROM audit_entries;
                INSERT INTO audit_chain_horizon (id, settled_through)
                VALUES (1, coalesce(pg_sequence_last_value(pg_get_serial_sequence('audit_entries', 'sequence')::regclass), 0));
                """);

            migrationBuilder.DropColumn(
                name: "hash",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "previous_hash",
                table: "audit_entries");

            // The chain is append-only as the entries are, for everyone (the retention procedure is the only way past,
            // docs/audit.md). The app's role may append links and move the chainer's horizon, nothing else.
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_chain is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
                END
                $$;
                CREATE TRIGGER audit_chain_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_chain
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_only();
                CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_only();
                REVOKE ALL ON audit_chain, audit_chain_horizon FROM PUBLIC;
                REVOKE ALL ON audit_chain, audit_chain_horizon FROM tc_app;
                GRANT SELECT, INSERT ON audit_chain TO tc_app;
                GRANT SELECT, UPDATE ON audit_chain_horizon TO tc_app;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Links chained since this migration hash with their position (scheme 2), and audit_entries refuses the
            // UPDATE that would put hashes back on its rows: there is no way back that keeps a verifiable trail.
            throw new NotSupportedException(
                "AuditChainTable cannot be reverted: the audit chain is append-only. Restore a backup taken before it was applied.");
        }
    }
}
