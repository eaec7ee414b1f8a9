using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Pacesetter.App.Data;

#nullable disable

namespace Pacesetter.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Quartz.NET 4.7.3's job store (ADR 0029), written by hand: the tables come from Quartz's own schema script for
    /// this provider, as the 4.7.3 package embeds it (Quartz/create_sqlite.sql, prefix qrtz_), run statement by statement. The EF
    /// model does not know these tables (the model diff is empty); the schema snapshot test leaves them out.
    /// </summary>
    [DbContext(typeof(PacesetterDb))]
    [Migration("20261202230000_QuartzStore")]
    public partial class QuartzStore : Migration
    {
        private static readonly string[] Tables = ["qrtz_JOB_STATUS", "qrtz_MISFIRE_HISTORY", "qrtz_EXECUTION_HISTORY", "qrtz_LOCKS", "qrtz_SCHEDULER_STATE", "qrtz_FIRED_TRIGGERS", "qrtz_PAUSED_JOB_GRPS", "qrtz_PAUSED_TRIGGER_GRPS", "qrtz_CALENDARS", "qrtz_BLOB_TRIGGERS", "qrtz_SIMPROP_TRIGGERS", "qrtz_CRON_TRIGGERS", "qrtz_SIMPLE_TRIGGERS", "qrtz_TRIGGERS", "qrtz_JOB_DETAILS"];

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            using var stream = typeof(QuartzStore).Assembly.GetManifestResourceStream("Pacesetter.Migrations.Sqlite.Quartz.create_sqlite.sql")
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
