using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Pacesetter.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditInsertGuard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // INSERT OR REPLACE deletes the row it collides with without firing the delete trigger (SQLite runs delete
            // triggers for REPLACE only with recursive_triggers on): refuse, before the conflict is resolved, any row
            // whose id is taken or whose seq is not its chain's next (ADR 0009). PostgreSQL's ON CONFLICT DO UPDATE is
            // an UPDATE and meets the update trigger.
            migrationBuilder.Sql("""
                CREATE TRIGGER audit_entries_append_only_insert BEFORE INSERT ON audit_entries
                WHEN EXISTS (SELECT 1 FROM audit_entries WHERE "Id" = NEW."Id")
                    OR NEW."Seq" <> COALESCE((SELECT MAX("Seq") FROM audit_entries WHERE "OrganizationId" = NEW."OrganizationId"), 0) + 1
                BEGIN
                    SELECT RAISE(ABORT, 'audit_entries is append-only');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_append_only_insert;");
        }
    }
}
