using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Pacesetter.App.Data;

#nullable disable

namespace Pacesetter.Migrations.PostgreSql.Migrations
{
    /// <summary>
    /// Quartz.NET 4.7.3's job store (ADR 0029), written by hand: the tables come from Quartz's own schema script for
    /// this provider, as the 4.7.3 package embeds it (Quartz/create_postgres.sql, prefix qrtz_), run statement by statement. The EF
    /// model does not know these tables (the model diff is empty); the schema snapshot test leaves them out.
    /// </summary>
    [DbContext(typeof(PacesetterDb))]
    [Migration("20261202230000_QuartzStore")]
    public partial class QuartzStore : Migration
    {
        private static readonly string[] Tables = ["qrtz_job_status", "qrtz_misfire_history", "qrtz_execution_history", "qrtz_locks", "qrtz_scheduler_state", "qrtz_fired_triggers", "qrtz_paused_job_grps", "qrtz_paused_trigger_grps", "qrtz_calendars", "qrtz_blob_triggers", "qrtz_simprop_triggers", "qrtz_cron_triggers", "qrtz_simple_triggers", "qrtz_triggers", "qrtz_job_details"];

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            using var stream = typeof(QuartzStore).Assembly.GetManifestResourceStream("Pacesetter.Migrations.PostgreSql.Quartz.create_postgres.sql")
                ?? throw new InvalidOperationException("the embedded Quartz schema script is missing");
            using var reader = new StreamReader(stream);
            // Statements are separated by a line reading exactly "--;;" (as Quartz splits the script); comment lines are left out.
            var statement = new List<string>();
            foreach (var line in reader.ReadToEnd().Split('\n'))
            {
                if (line.Trim() == "--;;")
                {
                    Run(migrationBuilder, statement);
                    continue;
                }
                if (!line.TrimStart().StartsWith("--", StringComparison.Ordinal)) statement.Add(line);
            }
            Run(migrationBuilder, statement);
        }

        private static void Run(MigrationBuilder migrationBuilder, List<string> lines)
        {
            var sql = string.Join('\n', lines).Trim();
            lines.Clear();
            if (sql.Length > 0) migrationBuilder.Sql(sql);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables) migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
        }
    }
}
