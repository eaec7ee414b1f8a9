using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Audit;
using Pacesetter.App.Organizations.Transfer;
using Pacesetter.App.Publication;
using Pacesetter.Cli;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// <c>pacesetter org export</c> / <c>org import</c> (issue #13 item 5, ADR 0049): the demo organization, with its
/// supervision and benchmarks, exported once from SQLite and imported into fresh SQLite and PostgreSQL databases.
/// </summary>
public class OrgTransferTests(OrgTransferTests.Source source) : IClassFixture<OrgTransferTests.Source>
{
    /// <summary>The demo (with supervision and benchmarks) on SQLite, and its file with and without passwords, made once for the class.</summary>
    public sealed class Source : IDisposable
    {
        public TestApp App { get; } = TestApp.DemoWithSupervision("Sqlite");
        public string Folder { get; } = Directory.CreateTempSubdirectory("pacesetter-org-").FullName;
        public string File => Path.Combine(Folder, "demo.zip");
        public string FileWithPasswords => Path.Combine(Folder, "demo-with-passwords.zip");
        public CliRunner.Outcome Export { get; }
        public CliRunner.Outcome ExportWithPasswords { get; }
        /// <summary>The demo's rows per table when it was exported.</summary>
        public SortedDictionary<string, long> Exported { get; }
        /// <summary>An API client of the source's admin (its token made after the export).</summary>
        public HttpClient Api { get; }

        public Source()
        {
            _ = App.Server;
            Export = CliRunner.Run(App, OrgCommand.Run, "export", "--org", "demo", File, "--lang", "en");
            ExportWithPasswords = CliRunner.Run(App, OrgCommand.Run, "export", "--org", "demo", FileWithPasswords, "--with-passwords", "--lang", "en");
            Exported = Rows(App, "demo").GetAwaiter().GetResult();
            Api = ApiOf(App).GetAwaiter().GetResult();
        }

        public void Dispose()
        {
            App.Dispose();
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>The export's table as the command prints it: the demo with its supervision and benchmarks, in the order of the file.</summary>
    private const string DemoTable = """
          organizations              1
          AspNetUsers                9
          AspNetUserClaims           0
          AspNetUserLogins           0
          audit_entries            599
          benchmark_sets             1
          bulletins                  2
          card_settings              0
          data_import_files          0
          datum_entries           1921
          evidence                   0
          exemptions                 0
          exemption_evidence         0
          kiosk_links                0
          memberships                9
          objections                 0
          corrections                0
          period_settings           16
          projects                   4
          matters                   10
          instructions               1
          issued_cards              23
          matter_reports            42
          matter_steps              44
          milestones                 0
          project_stages             8
          reminders                  1
          notifications             42
          reminder_reads             0
          report_evidence            0
          revisions                 13
          scheme_versions           16
          surveys                    0
          survey_ballots             0
          survey_links               0
          unit_categories            4
          units                     28
          webhook_endpoints          0
          webhook_outbox             0
        """;

    [Fact]
    public async Task The_export_lists_every_table_with_its_rows_the_audit_head_and_the_file_hash()
    {
        string hash, sha;
        await using (var db = source.App.NewDb()) hash = await db.AuditEntries.Where(a => a.Seq == 599).Select(a => a.Hash).SingleAsync();
        await using (var f = File.OpenRead(source.File)) sha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(f));
        var keyId = AuditKey.FromText(await File.ReadAllTextAsync(Databases.AuditKeyFile), "test", out _)!.Id;

        // 2794 rows: 1 + 9 users + 599 audit rows + 1 benchmark set + 2 bulletins + 1921 data + 9 memberships + 16 period settings
        // + 4 projects + 10 matters + 1 instruction + 23 cards + 42 reports + 44 steps + 8 stage changes + 1 reminder
        // + 42 notifications + 13 revisions + 16 scheme versions + 4 categories + 28 units.
        Assert.Equal(new CliRunner.Outcome(0, $"exported the organization demo to {source.File}\n  table                   rows\n{DemoTable}\n  2794 rows in all\n"
            + $"audit head: row 599, hash {hash} (key id {keyId})\nSHA-256: {sha}\n"
            + "Passwords were not exported: imported users sign in once an admin resets their password.\n", ""), source.Export);
        // The same rows counted in the database (TransferPlan's scopes, by SQL).
        var width = source.Exported.Keys.Max(k => k.Length);
        Assert.Equal(DemoTable, string.Join("\n", source.Exported.OrderBy(r => DemoTable.IndexOf($" {r.Key} ", StringComparison.Ordinal)).Select(r => $"  {r.Key.PadRight(width)}  {r.Value,8}")));
    }

    public static TheoryData<string> Targets() => Databases.ProviderData();

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task The_demo_moves_from_SQLite_with_every_row_an_intact_chain_and_the_same_figures(string provider)
    {
        Assert.True(source.Export.Code == 0, source.Export.Error);
        using var target = new TestApp(provider);
        _ = target.Server;

        var run = CliRunner.Run(target, OrgCommand.Run, "import", source.FileWithPasswords, "--lang", "en");

        Assert.True(run.Code == 0, run.Error);
        var sourceRows = source.Exported;
        var targetRows = await Rows(target, "demo");
        Assert.Equal(string.Join("\n", sourceRows.Select(r => $"{r.Key}={r.Value}")), string.Join("\n", targetRows.Select(r => $"{r.Key}={(r.Key == "audit_entries" ? r.Value - 1 : r.Value)}")));
        // The audit chain: the source's rows, hashed again, and the import's row; one checkpoint, of that row.
        long audit = sourceRows["audit_entries"];
        var verify = CliRunner.Run(target, AuditCommand.Run, "verify");
        await using (var db = target.NewDb())
        {
            var head = await db.AuditEntries.OrderByDescending(a => a.Seq).FirstAsync();
            Assert.Equal(("org.import", audit + 1), (head.Kind, head.Seq));
            Assert.Equal(new CliRunner.Outcome(0, $"audit chain intact: {audit + 1} rows, checkpoints matched: 1\nhead of demo: row {audit + 1}, hash {head.Hash}\n", ""), verify);
        }
        Assert.Equal(13, await RescoredRevisionsAsync(source.App, target));
        await AssertSameAnswersAsync(target);
    }

    /// <summary>Every revision of the target re-scores (the engine on its stored input) to its stored results, which are the source's byte for byte; the number of revisions.</summary>
    private static async Task<int> RescoredRevisionsAsync(TestApp from, TestApp to)
    {
        await using var sourceDb = from.NewDb();
        await using var targetDb = to.NewDb();
        var before = await sourceDb.Revisions.AsNoTracking().OrderBy(r => r.Period).ThenBy(r => r.Number).ToListAsync();
        var after = await targetDb.Revisions.AsNoTracking().OrderBy(r => r.Period).ThenBy(r => r.Number).ToListAsync();
        Assert.Equal(before.Select(r => (r.Period, r.Number)), after.Select(r => (r.Period, r.Number)));
        for (int i = 0; i < after.Count; i++)
        {
            var stored = PublicationStore.Unzip(after[i].Results);
            Assert.Equal(PublicationStore.Unzip(before[i].Results), stored);
            Assert.Equal(PublicationStore.Unzip(before[i].Input), PublicationStore.Unzip(after[i].Input));
            var scheme = SchemeReader.Read(PublicationStore.Unzip(after[i].Input)).Scheme!;
            var scored = new StringWriter();
            ScoreCommand.WriteJson(scored, Scorer.Score(scheme), indented: false);
            Assert.Equal(WithoutPublication(stored), JsonNode.Parse(scored.ToString())!.ToJsonString());
        }
        return after.Count;
    }

    /// <summary>The stored results without what publication adds to scoring.md §8 (<c>revision</c>, each unit's <c>change</c>).</summary>
    private static string WithoutPublication(string stored)
    {
        var node = JsonNode.Parse(stored)!.AsObject();
        node.Remove("revision");
        foreach (var category in node["categories"]!.AsArray())
        {
            foreach (var result in category!["results"]!.AsArray()) result!.AsObject().Remove("change");
        }
        return node.ToJsonString();
    }

    /// <summary>What the admin reads through the API, the same from both hosts.</summary>
    private async Task AssertSameAnswersAsync(TestApp to)
    {
        var a = source.Api;
        var b = await ApiOf(to);
        foreach (var url in new[]
        {
            "/api/orgs/demo/units", "/api/orgs/demo/categories", "/api/orgs/demo/flags",
            "/api/orgs/demo/periods/2026-10/results", "/api/orgs/demo/periods/2026-10/board", "/api/orgs/demo/periods/2026-Q3/results",
            "/api/orgs/demo/periods/2026-10/revisions", "/api/orgs/demo/periods/2026-10/revisions/1", "/api/orgs/demo/periods/2026-10/scheme",
            "/api/orgs/demo/periods/2026-11/data",
        })
        {
            var expected = await a.GetAsync(url);
            var actual = await b.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, expected.StatusCode);
            var (x, y) = (await expected.Content.ReadAsStringAsync(), await actual.Content.ReadAsStringAsync());
            // PostgreSQL keeps instants to the microsecond, SQLite to the tick (100 ns): "…58.8340634+00:00" is "…58.834063+00:00" there.
            if (to.Provider == "PostgreSQL") x = System.Text.RegularExpressions.Regex.Replace(x, @"(T\d\d:\d\d:\d\d\.\d{6})\d", "$1");
            var at = Enumerable.Range(0, Math.Min(x.Length, y.Length)).FirstOrDefault(i => x[i] != y[i], Math.Min(x.Length, y.Length));
            // A scheme document is jsonb on PostgreSQL: the same JSON, its keys in jsonb's order.
            if (to.Provider == "PostgreSQL" && x != y && url.EndsWith("/scheme", StringComparison.Ordinal) && JsonNode.DeepEquals(JsonNode.Parse(x), JsonNode.Parse(y))) continue;
            Assert.True(x == y, $"{url} differs at {at}: {x[Math.Max(0, at - 80)..Math.Min(x.Length, at + 80)]} | {y[Math.Max(0, at - 80)..Math.Min(y.Length, at + 80)]}");
            Assert.Equal(expected.StatusCode, actual.StatusCode);
        }
    }

    /// <summary>An API client with a bearer token of the demo's admin (API tokens are not moved: each side makes its own).</summary>
    private static async Task<HttpClient> ApiOf(TestApp app)
    {
        await using var db = app.NewDb();
        var admin = await db.Users.Where(u => u.UserName == "admin").Select(u => new { u.Id, u.OrganizationId }).SingleAsync();
        var token = (await app.NewToken(admin.OrganizationId, admin.Id, "org-transfer")).Token;
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The organization's rows per table of the transfer.</summary>
    internal static async Task<SortedDictionary<string, long>> Rows(TestApp app, string slug)
    {
        await using var db = app.NewDb();
        var org = await db.Organizations.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync();
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var t in TransferPlan.For(db.Model))
        {
            var where = t.Scope switch
            {
                TransferScope.Organization => $"\"Id\" = {org}",
                TransferScope.OrganizationId => $"\"OrganizationId\" = {org}",
                _ => $"\"UserId\" IN (SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"OrganizationId\" = {org})",
            };
            rows[t.Name] = await Count(db, $"SELECT COUNT(*) AS \"Value\" FROM \"{t.Name}\" WHERE {where}");
        }
        return rows;
    }

    /// <summary>A count by SQL made of the model's table names and an organization's id (no input of anyone's).</summary>
#pragma warning disable EF1002
    private static Task<long> Count(Pacesetter.App.Data.PacesetterDb db, string sql) => db.Database.SqlQueryRaw<long>(sql).SingleAsync();
#pragma warning restore EF1002

    /// <summary>Every table's rows (all organizations, the tables not moved too) and the checkpoint file's length: what a refused import must leave as it was.</summary>
    internal static async Task<string> Everything(TestApp app)
    {
        await using var db = app.NewDb();
        var lines = new List<string>();
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Distinct().Order(StringComparer.Ordinal))
        {
            lines.Add($"{table}={await Count(db, $"SELECT COUNT(*) AS \"Value\" FROM \"{table}\"")}");
        }
        var checkpoints = db.Settings.Audit.CheckpointFile;
        lines.Add($"checkpoints={(File.Exists(checkpoints) ? new FileInfo(checkpoints).Length : 0)}");
        return string.Join("\n", lines);
    }
}
