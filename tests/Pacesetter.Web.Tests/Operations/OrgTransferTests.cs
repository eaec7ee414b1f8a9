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

    [Theory]
    [InlineData("\"2026-12-03T18:39:57.6306604+00:00\"", "\"2026-12-03T18:39:57.63066+00:00\"")]
    [InlineData("\"2026-12-03T18:39:57.8340634+08:00\"", "\"2026-12-03T18:39:57.834063+08:00\"")]
    [InlineData("\"2026-12-03T18:39:57.0000004Z\"", "\"2026-12-03T18:39:57Z\"")]
    [InlineData("\"2026-12-03T18:39:57.5-01:00\"", "\"2026-12-03T18:39:57.5-01:00\"")]
    [InlineData("\"version 1.2500000\"", "\"version 1.2500000\"")]
    public void An_instant_cut_to_the_microsecond_is_written_as_json_writes_it(string tick, string microsecond) =>
        Assert.Equal(microsecond, ToMicroseconds(tick));

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
        // Platform administration is the deployment's to grant (ADR 0049): the target grants it to the demo's admin, as the source had,
        // before anyone reads the admin (who is cached for up to 2 s, ADR 0026).
        await using (var db = target.NewDb()) await db.Users.Where(u => u.UserName == "admin").ExecuteUpdateAsync(u => u.SetProperty(x => x.IsPlatformAdmin, true));
        var sourceRows = source.Exported;
        var targetRows = await Rows(target, "demo");
        Assert.Equal(string.Join("\n", sourceRows.Select(r => $"{r.Key}={r.Value}")), string.Join("\n", targetRows.Select(r => $"{r.Key}={(r.Key == "audit_entries" ? r.Value - 1 : r.Value)}")));
        // The audit chain: the source's rows, hashed again, and the import's row; one checkpoint, of that row.
        long audit = sourceRows["audit_entries"];
        var verify = CliRunner.Run(target, AuditCommand.Run, "verify");
        await using (var db = target.NewDb())
        {
            var head = await db.AuditEntries.OrderByDescending(a => a.Seq).FirstAsync();
            Assert.Equal(("organization.import", audit + 1), (head.Kind, head.Seq));
            Assert.Equal(new CliRunner.Outcome(0, $"audit chain intact: {audit + 1} rows, checkpoints matched: 1\nhead of demo: row {audit + 1}, hash {head.Hash}\n", ""), verify);
        }
        Assert.Equal(13, await RescoredRevisionsAsync(source.App, target));
        await AssertSameAnswersAsync(target);
        await AssertSamePagesAsync(target);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task An_organization_already_there_keeps_its_rows_while_the_demo_comes_in_beside_it_with_every_reference_its_own(string provider)
    {
        using var target = new TestApp(provider);
        _ = target.Server;
        // The target's first organization takes the ids the demo had in its own database (organization 1, unit 1, …).
        var other = await target.NewOrganization("other", "另一开发区");
        var category = await target.NewCategory(other, "towns", "镇街", 1);
        await target.NewUnit(other, "T1", "另一街道", category.Id);
        await target.NewUser(other, "boss", "Boss#2026pass", false, Seeding.Role(Pacesetter.App.Accounts.OrgRole.Admin));
        var before = await Rows(target, "other");

        var run = CliRunner.Run(target, OrgCommand.Run, "import", source.File, "--lang", "en");

        Assert.True(run.Code == 0, run.Error);
        Assert.Equal(before, await Rows(target, "other"));
        var demo = await Rows(target, "demo");
        Assert.Equal(source.Exported.Select(r => (r.Key, r.Key == "audit_entries" ? r.Value + 1 : r.Value)), demo.Select(r => (r.Key, r.Value)));
        await using (var db = target.NewDb())
        {
            var ids = await db.Organizations.OrderBy(o => o.Id).Select(o => o.Slug).ToListAsync();
            Assert.Equal(["other", "demo"], ids);
            var demoId = await db.Organizations.Where(o => o.Slug == "demo").Select(o => o.Id).SingleAsync();
            // Every column that names a row names a row of the demo (none of the other organization's, none missing).
            foreach (var t in TransferPlan.For(db.Model).Where(t => t.Scope == TransferScope.OrganizationId))
            {
                foreach (var r in t.Refs.Where(r => r.Principal.ClrType != typeof(Pacesetter.App.Organizations.Organization)))
                {
                    var principal = r.Principal.GetTableName();
                    var key = r.Principal.FindPrimaryKey()!.Properties[0].Name;
                    var stray = await Count(db, $"SELECT COUNT(*) AS \"Value\" FROM \"{t.Name}\" x WHERE x.\"OrganizationId\" = {demoId} AND x.\"{r.Column.Name}\" IS NOT NULL "
                        + $"AND NOT EXISTS (SELECT 1 FROM \"{principal}\" y WHERE y.\"{key}\" = x.\"{r.Column.Name}\" AND y.\"OrganizationId\" = {demoId})");
                    Assert.True(stray == 0, $"{t.Name}.{r.Column.Name}: {stray} rows name a row outside the demo");
                }
            }
            // A notification's reference and once-only key name the demo's own step: "assigned:{matter}:{step}".
            var assigned = await db.Notifications.Where(n => n.OrganizationId == demoId && n.Kind == Pacesetter.App.Supervision.Model.NotificationKind.Assigned).ToListAsync();
            Assert.NotEmpty(assigned);
            foreach (var n in assigned)
            {
                var step = await db.MatterSteps.SingleAsync(x => x.Id == n.RefId && x.OrganizationId == demoId);
                Assert.Equal((n.MatterId, $"assigned:{step.MatterId}:{step.Id}"), (step.MatterId, n.Key));
            }
        }
        var verify = CliRunner.Run(target, AuditCommand.Run, "verify");
        Assert.Equal(0, verify.Code);
        Assert.Contains("head of other: row ", verify.Out);
        Assert.Contains($"head of demo: row {source.Exported["audit_entries"] + 1}, hash ", verify.Out);
    }

    [Fact]
    public async Task The_same_organization_twice_is_refused_and_changes_nothing()
    {
        using var target = new TestApp();
        _ = target.Server;
        Assert.Equal(0, CliRunner.Run(target, OrgCommand.Run, "import", source.File).Code);
        var before = await Everything(target);

        var again = CliRunner.Run(target, OrgCommand.Run, "import", source.File, "--lang", "en");
        var zh = CliRunner.Run(target, OrgCommand.Run, "import", source.File);

        Assert.Equal(new CliRunner.Outcome(2, "", "pacesetter org: $.organization: the organization \"demo\" exists in this deployment already: nothing was imported\n"), again);
        Assert.Equal(new CliRunner.Outcome(2, "", "pacesetter org: $.organization: 本系统已有组织“demo”：未导入任何数据\n"), zh);
        Assert.Equal(before, await Everything(target));
    }

    [Fact]
    public async Task User_names_another_organization_has_do_not_stop_the_import_and_each_signs_in_with_its_organization()
    {
        // User names are unique within an organization (ADR 0052): the province's "admin" of another office is not the
        // demo's "admin", and the move needs no renaming.
        using var target = new TestApp();
        _ = target.Server;
        var other = await target.NewOrganization("other", "另一开发区");
        await target.NewUser(other, "leader", "Boss#2026pass");
        await target.NewUser(other, "admin", "Boss#2026pass");

        var run = CliRunner.Run(target, OrgCommand.Run, "import", source.FileWithPasswords, "--lang", "en");

        Assert.True(run.Code == 0, run.Error);
        await using var db = target.NewDb();
        Assert.Equal([("admin", "demo"), ("admin", "other"), ("leader", "demo"), ("leader", "other")], (await db.Users.AsNoTracking()
            .Where(u => u.UserName == "admin" || u.UserName == "leader")
            .Join(db.Organizations, u => u.OrganizationId, o => o.Id, (u, o) => new { u.UserName, o.Slug }).ToListAsync())
            .Select(x => (x.UserName!, x.Slug)).Order());
        var demoAdmin = await target.SignedIn("admin", DemoData.Password, org: "demo");
        Assert.Equal(HttpStatusCode.OK, (await demoAdmin.GetAsync("/orgs/demo/audit")).StatusCode);
        var otherAdmin = await target.SignedIn("admin", "Boss#2026pass", org: "other");
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync("/orgs/demo/audit")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_changed_byte_in_the_last_part_with_rows_fails_after_every_other_table_was_loaded_and_leaves_nothing(string provider)
    {
        using var target = new TestApp(provider);
        _ = target.Server;
        var before = await Everything(target);
        // units is the last part with rows (webhook_endpoints and webhook_outbox, after it, are empty): its last row gets a space before its line break.
        var file = Rewrite(source.File, "tampered.zip", (name, bytes) => name == "tables/37-units.jsonl" ? [.. bytes[..^1], (byte)' ', (byte)'\n'] : bytes);

        var run = CliRunner.Run(target, OrgCommand.Run, "import", file, "--lang", "en");

        Assert.Equal(new CliRunner.Outcome(2, "", "pacesetter org: tables/37-units.jsonl: the part does not match its SHA-256 in the manifest: the file was altered or damaged\n"), run);
        Assert.Equal(before, await Everything(target));
    }

    [Fact]
    public async Task A_changed_audit_row_breaks_the_chain_even_with_its_part_hash_and_manifest_signed_again()
    {
        using var target = new TestApp();
        _ = target.Server;
        var before = await Everything(target);
        // Row 5's reason changed, the part's SHA-256 put right in the manifest and the manifest signed again with the key
        // (someone who holds the key): the row's keyed hash no longer matches its content.
        var audit = "tables/05-audit_entries.jsonl";
        byte[]? part = null;
        var file = Rewrite(source.File, "chain.zip", (name, bytes) =>
        {
            if (name != audit) return bytes;
            var lines = Encoding.UTF8.GetString(bytes).Split('\n');
            var row = JsonNode.Parse(lines[4])!.AsObject();
            Assert.Equal(5, (long)row["Seq"]!);
            row["Reason"] = "改过的理由";
            lines[4] = row.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            return part = Encoding.UTF8.GetBytes(string.Join('\n', lines));
        });
        file = Rewrite(file, "chain-signed.zip", (name, bytes) => name == "manifest.json"
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace(Sha(source.File, audit), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(part!)), StringComparison.Ordinal))
            : bytes);
        file = Rewrite(file, "chain-resigned.zip", (name, bytes) => name == "manifest.sig" ? Encoding.ASCII.GetBytes(Key().Mac(Entry(file, "manifest.json")) + "\n") : bytes);

        var run = CliRunner.Run(target, OrgCommand.Run, "import", file, "--lang", "en");

        Assert.Equal(new CliRunner.Outcome(2, "", $"pacesetter org: {audit}:5: the audit chain in the file is broken at row 5: its content does not match its hash\n"), run);
        Assert.Equal(before, await Everything(target));
    }

    [Fact]
    public async Task A_changed_manifest_is_refused_by_its_signature()
    {
        using var target = new TestApp();
        _ = target.Server;
        var before = await Everything(target);
        var file = Rewrite(source.File, "manifest.zip", (name, bytes) => name == "manifest.json"
            ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"rows\": 28", "\"rows\": 27", StringComparison.Ordinal))
            : bytes);

        var run = CliRunner.Run(target, OrgCommand.Run, "import", file, "--lang", "en");

        Assert.Equal(new CliRunner.Outcome(2, "", "pacesetter org: manifest.json: the manifest does not match its signature under the source's audit key: the file was altered\n"), run);
        Assert.Equal(before, await Everything(target));
    }

    [Fact]
    public async Task A_deployment_with_another_key_needs_the_sources_key_and_then_verifies_under_its_own()
    {
        using var target = new TestApp().With("Audit:Key", "the-provinces-own-audit-key-0123456789abcdef");
        _ = target.Server;
        var before = await Everything(target);
        var sourceKeyId = Key().Id;
        var targetKeyId = AuditKey.FromText("the-provinces-own-audit-key-0123456789abcdef", "test", out _)!.Id;
        var wrong = Path.Combine(source.Folder, "wrong.audit-key");
        await File.WriteAllTextAsync(wrong, AuditKey.NewText());
        var wrongId = AuditKey.FromText(await File.ReadAllTextAsync(wrong), "test", out _)!.Id;

        var missing = CliRunner.Run(target, OrgCommand.Run, "import", source.File, "--lang", "en");
        var mistaken = CliRunner.Run(target, OrgCommand.Run, "import", source.File, "--source-audit-key-file", wrong, "--lang", "en");

        Assert.Equal(new CliRunner.Outcome(2, "", $"pacesetter org: --source-audit-key-file: the file was written under the audit key {sourceKeyId}, not this deployment's ({targetKeyId}): give the source's key file with --source-audit-key-file\n"), missing);
        Assert.Equal(new CliRunner.Outcome(2, "", $"pacesetter org: --source-audit-key-file: the key given ({wrongId}) is not the key the file was written under ({sourceKeyId})\n"), mistaken);
        Assert.Equal(before, await Everything(target));

        var run = CliRunner.Run(target, OrgCommand.Run, "import", source.File, "--source-audit-key-file", Databases.AuditKeyFile, "--lang", "en");

        Assert.True(run.Code == 0, run.Error);
        var rows = source.Exported["audit_entries"] + 1;
        var verify = CliRunner.Run(target, AuditCommand.Run, "verify");
        Assert.StartsWith($"audit chain intact: {rows} rows, checkpoints matched: 1\nhead of demo: row {rows}, hash ", verify.Out);
        Assert.Equal(0, verify.Code);
        await using var db = target.NewDb();
        var import = await db.AuditEntries.SingleAsync(a => a.Seq == rows);
        var after = JsonNode.Parse(import.After!)!;
        Assert.Equal((sourceKeyId, source.Exported["audit_entries"], 9L), ((string)after["sourceKeyId"]!, (long)after["sourceHead"]!["seq"]!, (long)after["rows"]!["AspNetUsers"]!));
    }

    [Fact]
    public async Task Without_passwords_no_hash_is_in_the_file_and_nobody_signs_in_with_them_everyone_does()
    {
        string hash;
        await using (var db = source.App.NewDb()) hash = await db.Users.Where(u => u.UserName == "admin").Select(u => u.PasswordHash!).SingleAsync();
        Assert.DoesNotContain(hash, Text(source.File));
        Assert.Contains(hash, Text(source.FileWithPasswords));

        using var bare = new TestApp();
        _ = bare.Server;
        var run = CliRunner.Run(bare, OrgCommand.Run, "import", source.File, "--lang", "en");
        Assert.Equal(0, run.Code);
        Assert.EndsWith("9 users have no password and cannot sign in until an admin resets it: admin, assessor.econ, assessor.safety, leader, reporter.d1, reporter.i1, reporter.s1, reporter.t1, reporter.t2\n", run.Out);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bare.SignedIn("admin", DemoData.Password));
        await using (var db = bare.NewDb())
        {
            Assert.Equal(0, await db.Users.CountAsync(u => u.PasswordHash != null || u.IsPlatformAdmin));
        }

        using var full = new TestApp();
        _ = full.Server;
        var withPasswords = CliRunner.Run(full, OrgCommand.Run, "import", source.FileWithPasswords, "--lang", "en");
        Assert.Equal(0, withPasswords.Code);
        Assert.DoesNotContain("no password", withPasswords.Out);
        var client = await full.SignedIn("reporter.t1", DemoData.Password);
        var race = await client.GetAsync("/races/2026-10");
        Assert.Equal(HttpStatusCode.OK, race.StatusCode);
        Assert.Contains("城东街道", await race.Content.ReadAsStringAsync());
    }

    /// <summary>The file with each entry passed through <paramref name="change"/> (name, bytes), written beside the class's files.</summary>
    private string Rewrite(string from, string name, Func<string, byte[], byte[]> change)
    {
        var to = Path.Combine(source.Folder, Guid.NewGuid().ToString("N")[..6] + "-" + name);
        using var input = ZipFile.OpenRead(from);
        using var output = ZipFile.Open(to, ZipArchiveMode.Create);
        foreach (var e in input.Entries)
        {
            var bytes = Entry(from, e.FullName);
            using var s = output.CreateEntry(e.FullName).Open();
            s.Write(change(e.FullName, bytes));
        }
        return to;
    }

    private static byte[] Entry(string file, string name)
    {
        using var zip = ZipFile.OpenRead(file);
        using var s = zip.GetEntry(name)!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    private static string Sha(string file, string entry) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Entry(file, entry)));

    /// <summary>Every entry's text and the file's own bytes, as one string to search.</summary>
    private static string Text(string file)
    {
        using var zip = ZipFile.OpenRead(file);
        return Encoding.Latin1.GetString(File.ReadAllBytes(file)) + string.Concat(zip.Entries.Select(e => Encoding.UTF8.GetString(Entry(file, e.FullName))));
    }

    private static AuditKey Key() => AuditKey.FromText(File.ReadAllText(Databases.AuditKeyFile), "test", out _)!;

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
            // PostgreSQL keeps instants to the microsecond, SQLite to the tick (100 ns): "…58.8340634+00:00" is "…58.834063+00:00" there,
            // and "…57.6306604+00:00" is "…57.63066+00:00" (JSON drops a fraction's trailing zeros).
            if (to.Provider == "PostgreSQL") x = ToMicroseconds(x);
            var at = Enumerable.Range(0, Math.Min(x.Length, y.Length)).FirstOrDefault(i => x[i] != y[i], Math.Min(x.Length, y.Length));
            Assert.True(x == y, $"{url} differs at {at}: {x[Math.Max(0, at - 80)..Math.Min(x.Length, at + 80)]} | {y[Math.Max(0, at - 80)..Math.Min(y.Length, at + 80)]}");
            Assert.Equal(expected.StatusCode, actual.StatusCode);
        }
    }

    /// <summary>Every page the demo's admin can reach by links from the home page, the same from both hosts (the passwords moved with the file).</summary>
    private async Task AssertSamePagesAsync(TestApp to)
    {
        var crawl = await PageCrawl.CompareAsync(
            await source.App.SignedIn("admin", DemoData.Password), await to.SignedIn("admin", DemoData.Password), ["/", "/orgs/demo"],
            // The audit trail differs by the import's own row, which the test of the chain checks; signing out would end the crawl.
            // API tokens are each deployment's own (ADR 0049).
            skip: url => url.StartsWith("/orgs/demo/audit", StringComparison.Ordinal) || url.StartsWith("/orgs/demo/tokens", StringComparison.Ordinal)
                || url.StartsWith("/Account/", StringComparison.Ordinal) || url.StartsWith("/culture/", StringComparison.Ordinal) || url.StartsWith("/lib/", StringComparison.Ordinal),
            // A scheme file, downloaded or in an editor, is written in scoring.md §7's order on both databases (SchemeLayout):
            // compared as text, like every other page.
            normalize: html => System.Text.RegularExpressions.Regex.Replace(html, "(name=\"__RequestVerificationToken\" type=\"hidden\" value=\"|\"RequestVerificationToken\": \")[^\"]+", "$1…"));
        Assert.True(crawl.Differences.Count == 0, $"{crawl.Differences.Count} of {crawl.Visited.Count} pages differ:\n" + string.Join("\n", crawl.Differences.Take(10)));
        Assert.True(crawl.Visited.Count >= 100 && crawl.Left == 0, $"{crawl.Visited.Count} pages were compared, {crawl.Left} left: " + string.Join(", ", crawl.Visited));
    }

    /// <summary>Each instant's fraction of a second cut to the microsecond and written as JSON writes it, without trailing zeros.</summary>
    internal static string ToMicroseconds(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, @"(T\d\d:\d\d:\d\d)\.(\d{1,7})(?=[Z+\-])", m =>
        {
            var fraction = m.Groups[2].Value[..Math.Min(6, m.Groups[2].Value.Length)].TrimEnd('0');
            return fraction.Length == 0 ? m.Groups[1].Value : $"{m.Groups[1].Value}.{fraction}";
        });

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
