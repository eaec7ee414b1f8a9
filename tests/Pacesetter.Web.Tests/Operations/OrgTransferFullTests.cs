using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Organizations.Transfer;
using Pacesetter.App.Publication;
using Pacesetter.App.Supervision.Messages;
using Pacesetter.App.Surveys;
using Pacesetter.Cli;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Tests.DataEntry;
using Pacesetter.Web.Tests.Schemes;
using Pacesetter.Web.Tests.Supervision.Messages;
using static Pacesetter.Web.Tests.Organizations.OrgTestData;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// <c>pacesetter org export</c> / <c>org import</c> (ADR 0049) with a row in every table: the demo with its supervision
/// on SQLite, given through the application's own API and pages what the demo leaves empty — a spreadsheet import,
/// evidence of a datum, an objection accepted into a correction, exemptions with evidence (one granted), a matter with
/// milestones, progress evidence, a reminder read, a survey with links and ballots, kiosk links, a webhook with a
/// message waiting, card settings, and a user's claim and login —, exported once with its passwords and imported into
/// fresh SQLite and PostgreSQL databases.
/// </summary>
public class OrgTransferFullTests(OrgTransferFullTests.Source source) : IClassFixture<OrgTransferFullTests.Source>
{
    private const string Org = "/api/orgs/demo";
    private const string Secret = "SECa1b2c3";
    private const string AccessToken = "tok123";

    /// <summary>The figure the spreadsheet import brings in (财政局, D2, has no 2026-11 duty in the demo: one datum more).</summary>
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("unit,indicator,value,target,previous\nD2,duty,88.5,,\n");

    private static readonly byte[] DatumPdf = EvidenceSamples.Pdf();
    private static readonly byte[] ObjectionPng = EvidenceSamples.Png();
    private static readonly byte[] ExemptionJpeg = EvidenceSamples.Jpeg();
    private static readonly byte[] ProgressDocx = EvidenceSamples.Docx();

    /// <summary>A survey of 2026-Q4 rating T1 and T2, one group, three options.</summary>
    private const string Survey = """
        { "id": "myd", "name": "2026年第四季度满意度测评", "period": "2026-Q4", "units": ["T1", "T2"],
          "options": [ { "id": "a", "name": "满意", "points": 100, "satisfied": true },
                       { "id": "b", "name": "基本满意", "points": 80, "satisfied": true },
                       { "id": "c", "name": "不满意", "points": 0 } ],
          "groups": [ { "id": "leaders", "name": "区领导", "weight": 1 } ] }
        """;

    /// <summary>What this class adds to the demo: every table the demo leaves empty, with these rows.</summary>
    private static readonly SortedDictionary<string, long> Added = new(StringComparer.Ordinal)
    {
        ["AspNetUserClaims"] = 1,
        ["AspNetUserLogins"] = 1,
        ["card_settings"] = 1,
        ["data_import_files"] = 1,
        ["evidence"] = 1,
        ["exemptions"] = 2,
        ["exemption_evidence"] = 1,
        ["kiosk_links"] = 2,
        ["objections"] = 1,
        ["corrections"] = 1,
        ["milestones"] = 2,
        ["reminder_reads"] = 1,
        ["report_evidence"] = 1,
        ["surveys"] = 1,
        ["survey_ballots"] = 2,
        ["survey_links"] = 2,
        ["webhook_endpoints"] = 1,
        ["webhook_outbox"] = 1,
    };

    /// <summary>The demo with supervision on SQLite, a row put in every table it leaves empty, and its file with passwords, made once for the class.</summary>
    public sealed class Source : IAsyncLifetime
    {
        public TestApp App { get; } = TestApp.DemoWithSupervision("Sqlite");
        public string Folder { get; } = Directory.CreateTempSubdirectory("pacesetter-org-full-").FullName;
        public string File => Path.Combine(Folder, "demo-full.zip");
        /// <summary>The webhook's receiver, which checks DingTalk's signature with <see cref="Secret"/>.</summary>
        public LocalReceiver Receiver { get; private set; } = null!;
        public CliRunner.Outcome Export { get; private set; } = null!;
        /// <summary>The rows per table when it was exported.</summary>
        public SortedDictionary<string, long> Exported { get; private set; } = null!;
        public string KioskToken { get; private set; } = "";
        public string RevokedKioskToken { get; private set; } = "";
        public string UsedSurveyToken { get; private set; } = "";
        public string UnusedSurveyToken { get; private set; } = "";
        public int GrantedExemption { get; private set; }
        public int PendingExemption { get; private set; }
        public int Webhook { get; private set; }
        public Guid Delivery { get; private set; }
        /// <summary>An API client of the source's admin (its token made after the export).</summary>
        public HttpClient Admin { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            _ = App.Server;
            Receiver = await LocalReceiver.StartAsync();
            Receiver.Secret("/ding", Secret);
            await SeedAsync();
            Export = CliRunner.Run(App, OrgCommand.Run, "export", "--org", "demo", File, "--with-passwords", "--lang", "en");
            Exported = await OrgTransferTests.Rows(App, "demo");
            Admin = await ApiAsync(App, "admin");
        }

        /// <summary>A row in each of the 18 tables the demo leaves empty, through the API and pages as their users make them.</summary>
        private async Task SeedAsync()
        {
            var admin = await ApiAsync(App, "admin");
            var t1 = await ApiAsync(App, "reporter.t1");
            var s1 = await ApiAsync(App, "reporter.s1");
            var adminPages = await App.SignedIn("admin", DemoData.Password);
            var t1Pages = await App.SignedIn("reporter.t1", DemoData.Password);

            // card_settings: the office's card rules (12.50 as written).
            await Expect(HttpStatusCode.OK, admin.PutAsync($"{Org}/supervision/rules", Json("""{"yellowLag": 12.50, "redLag": 25}""")));
            // data_import_files: a CSV of 2026-11 by the office (its figure approved).
            await Expect(HttpStatusCode.OK, admin.PostAsync($"{Org}/periods/2026-11/data/import", Multipart("file", "数据.csv", Csv)));
            // evidence: T1's reporter attaches a PDF to its 2026-11 revenue draft on the entry page.
            var entry = Routes.Entry("demo", "2026-11");
            var upload = Multipart("file", "收入报表.pdf", DatumPdf, ("__RequestVerificationToken", TestApp.AntiforgeryToken(await t1Pages.GetStringAsync(entry))), ("unit", "T1"), ("indicator", "revenue"));
            await Expect(HttpStatusCode.OK, t1Pages.PostAsync(entry + "?handler=Upload", upload));
            // objections, corrections: T1's reporter objects to 2026-10 (its notice period runs while the demo is new), with
            // a PNG; the office accepts, which opens a correction naming the objection.
            var objection = await JsonOf(await Expect(HttpStatusCode.Created, t1.PostAsync($"{Org}/periods/2026-10/objections",
                Multipart("evidence", "异议说明.png", ObjectionPng, ("unit", "T1"), ("reason", "红黄牌督办扣分有误")))));
            await Expect(HttpStatusCode.OK, admin.PostAsJsonAsync($"{Org}/periods/2026-10/objections/{objection.GetProperty("id").GetInt64()}/answer",
                new { accepted = true, answer = "经核实，采纳", version = 1 }));
            // exemptions, exemption_evidence: T1's reporter applies for its 2026-10 cards deduction with a JPEG; with the
            // correction open the office grants it (a new scheme version of 2026-10); T2's application waits.
            GrantedExemption = (await JsonOf(await Expect(HttpStatusCode.Created, t1.PostAsJsonAsync($"{Org}/exemptions",
                new { period = "2026-10", unit = "T1", @ref = "cards", reason = "暴雨停工，经气象部门证明" })))).GetProperty("id").GetInt32();
            await Expect(HttpStatusCode.Created, t1.PostAsync($"{Org}/exemptions/{GrantedExemption}/evidence", Multipart("file", "停工证明.jpg", ExemptionJpeg)));
            await Expect(HttpStatusCode.OK, admin.PostAsJsonAsync($"{Org}/exemptions/{GrantedExemption}/decision",
                new { decision = "granted", document = "容错〔2026〕1号", reason = "符合容错情形" }));
            PendingExemption = (await JsonOf(await Expect(HttpStatusCode.Created, admin.PostAsJsonAsync($"{Org}/exemptions",
                new { period = "2026-10", unit = "T2", @ref = "cards", reason = "上级统一调度" })))).GetProperty("id").GetInt32();
            // milestones: a new matter with two.
            await Expect(HttpStatusCode.Created, admin.PostAsync($"{Org}/supervision/tasks", Json("""
                {"id": "ZD-05", "name": "江海街道智慧社区建设", "kind": "key-task", "unit": "T3", "coUnits": [], "start": "2026-12-01", "due": "2027-06-30",
                 "frequency": "monthly", "milestones": [{"name": "方案批复", "due": "2027-01-31"}, {"name": "主体完工", "due": "2027-05-31"}]}
                """)));
            // report_evidence: T1's reporter attaches a .docx to ZD-01's November report; reminder_reads: S1's reporter reads
            // the demo's reminder about MS-01.
            long report, reminder;
            await using (var db = App.NewDb())
            {
                report = await db.MatterReports.Where(r => db.Matters.Any(m => m.Id == r.MatterId && m.Code == "ZD-01") && r.Date == new DateOnly(2026, 11, 30)).Select(r => r.Id).SingleAsync();
                reminder = await db.Reminders.Select(r => r.Id).SingleAsync();
            }
            await Expect(HttpStatusCode.Created, t1.PostAsync($"{Org}/supervision/tasks/ZD-01/progress/{report}/evidence", Multipart("file", "现场照片说明.docx", ProgressDocx)));
            await Expect(HttpStatusCode.OK, s1.PostAsync($"{Org}/supervision/reminders/{reminder}/read", null));
            // surveys, survey_links, survey_ballots: two links, one cast on the phone page's address; one paper ballot.
            await Expect(HttpStatusCode.OK, admin.PutAsync($"{Org}/surveys/myd", Json(Survey)));
            var links = (await JsonOf(await Expect(HttpStatusCode.Created, admin.PostAsJsonAsync($"{Org}/surveys/myd/links", new { group = "leaders", count = 2 }))))
                .GetProperty("links").EnumerateArray().Select(l => l.GetProperty("token").GetString()!).ToList();
            (UsedSurveyToken, UnusedSurveyToken) = (links[0], links[1]);
            await Expect(HttpStatusCode.Created, App.CreateClient().PostAsync($"/s/{UsedSurveyToken}", Json("""{"ratings": {"T1": "a", "T2": "b"}}""")));
            await Expect(HttpStatusCode.Created, admin.PostAsync($"{Org}/surveys/myd/ballots", Json("""[{"group": "leaders", "ratings": {"T1": "b", "T2": "c"}}]""")));
            // kiosk_links: two made on the page, the second revoked.
            KioskToken = await KioskAsync(adminPages, "一楼大厅");
            RevokedKioskToken = await KioskAsync(adminPages, "三楼会议室");
            int revoked;
            await using (var db = App.NewDb()) revoked = await db.KioskLinks.Where(k => k.Name == "三楼会议室").Select(k => k.Id).SingleAsync();
            Assert.Equal(HttpStatusCode.Redirect, (await Post(adminPages, "/kiosk/links", "Revoke", new() { ["id"] = $"{revoked}" })).StatusCode);
            // webhook_endpoints, webhook_outbox: a DingTalk robot with 加签 and its test message, waiting (the scheduler is off in tests).
            Webhook = (await JsonOf(await Expect(HttpStatusCode.Created, admin.PostAsJsonAsync($"{Org}/webhooks",
                new { name = "钉钉群", url = Receiver.Url($"/ding?access_token={AccessToken}"), format = "dingtalk", secret = Secret })))).GetProperty("id").GetInt32();
            Assert.True((await admin.PostAsync($"{Org}/webhooks/{Webhook}/test", null)).IsSuccessStatusCode);
            // AspNetUserClaims, AspNetUserLogins: nothing in the application writes them (no external sign-in, no claims
            // kept per user), so one row each goes in through the DbContext, as Identity's stores would put it.
            await using (var db = App.NewDb())
            {
                Delivery = await db.Outbox.Select(m => m.DeliveryId).SingleAsync();
                var user = await db.Users.Where(u => u.UserName == "reporter.t1").Select(u => u.Id).SingleAsync();
                db.UserClaims.Add(new IdentityUserClaim<string> { UserId = user, ClaimType = "dingtalk:unionid", ClaimValue = "union-0042" });
                db.UserLogins.Add(new IdentityUserLogin<string> { LoginProvider = "DingTalk", ProviderKey = "union-0042", ProviderDisplayName = "钉钉", UserId = user });
                await db.SaveChangesAsync();
            }
        }

        private static async Task<string> KioskAsync(HttpClient admin, string name)
        {
            var created = await Post(admin, "/kiosk/links", "Create", new() { ["name"] = name });
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            var address = new HtmlParser().ParseDocument(await created.Content.ReadAsStringAsync()).QuerySelector("#new-link-address")!.GetAttribute("value")!;
            return new Uri(address).AbsolutePath["/kiosk/".Length..];
        }

        public async Task DisposeAsync()
        {
            await Receiver.DisposeAsync();
            await App.DisposeAsync();
            Directory.Delete(Folder, recursive: true);
        }
    }

    [Fact]
    public void Every_table_of_the_transfer_has_rows_and_those_the_demo_leaves_empty_have_the_rows_made_here()
    {
        Assert.True(source.Export.Code == 0, source.Export.Error);
        var empty = source.Exported.Where(r => r.Value == 0).Select(r => r.Key).ToList();
        Assert.True(empty.Count == 0, $"tables without a row in the source (give them one in Source.SeedAsync): {string.Join(", ", empty)}");
        Assert.Equal(Added, new SortedDictionary<string, long>(source.Exported.Where(r => Added.ContainsKey(r.Key)).ToDictionary(), StringComparer.Ordinal));
        // The demo's 10 matters and ZD-05; its 16 scheme versions and 2026-10's second (the grant); its 1921 data and D2's duty.
        Assert.Equal((11L, 17L, 1922L), (source.Exported["matters"], source.Exported["scheme_versions"], source.Exported["datum_entries"]));
        // The export's table lists every one of them with its rows.
        foreach (var (table, rows) in source.Exported) Assert.Matches($"\n  {table} +{rows}\n", source.Export.Out);
    }

    [Fact]
    public void The_file_holds_the_webhook_secret_for_the_target_to_sign_with_but_kiosk_and_survey_links_only_as_their_sha256()
    {
        var text = new StringBuilder();
        using (var zip = ZipFile.OpenRead(source.File))
        {
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                text.Append(reader.ReadToEnd());
            }
        }
        var all = text.ToString();
        Assert.Contains($"\"Secret\":\"{Secret}\"", all);
        Assert.Contains($"access_token={AccessToken}", all);
        foreach (var token in new[] { source.KioskToken, source.RevokedKioskToken })
        {
            Assert.DoesNotContain(token, all);
            Assert.Contains($"\"TokenHash\":\"{KioskLinks.Hash(token)}\"", all);
        }
        foreach (var token in new[] { source.UsedSurveyToken, source.UnusedSurveyToken })
        {
            Assert.DoesNotContain(token, all);
            Assert.Contains($"\"TokenHash\":\"{SurveyService.Hash(token)}\"", all);
        }
    }

    public static TheoryData<string> Targets() => Databases.ProviderData();

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Every_table_moves_with_its_rows_an_intact_chain_the_same_files_and_the_same_answers(string provider)
    {
        Assert.True(source.Export.Code == 0, source.Export.Error);
        using var target = new TestApp(provider);
        _ = target.Server;

        var run = CliRunner.Run(target, OrgCommand.Run, "import", source.File, "--lang", "en");

        Assert.True(run.Code == 0, run.Error);
        var targetRows = await OrgTransferTests.Rows(target, "demo");
        Assert.Equal(string.Join("\n", source.Exported.Select(r => $"{r.Key}={r.Value}")), string.Join("\n", targetRows.Select(r => $"{r.Key}={(r.Key == "audit_entries" ? r.Value - 1 : r.Value)}")));
        long audit = source.Exported["audit_entries"];
        var verify = CliRunner.Run(target, AuditCommand.Run, "verify");
        string head;
        await using (var db = target.NewDb()) head = await db.AuditEntries.Where(a => a.Seq == audit + 1).Select(a => a.Hash).SingleAsync();
        Assert.Equal(new CliRunner.Outcome(0, $"audit chain intact: {audit + 1} rows, checkpoints matched: 1\nhead of demo: row {audit + 1}, hash {head}\n", ""), verify);

        await AssertSameFilesAsync(target);
        var admin = await ApiAsync(target, "admin");
        await AssertSameAnswersAsync(target, admin);

        // The survey's tally, by hand: T1 a 100 and b 80 → 90, both satisfied; T2 b 80 and c 0 → 40, one of two satisfied.
        Assert.Equal("""{"survey":"myd","ballots":{"cast":2,"valid":2,"invalid":0},"units":[""" +
            """{"unit":"T1","score":90,"satisfaction":100.0,"groups":{"leaders":{"mean":90,"count":2}}},""" +
            """{"unit":"T2","score":40,"satisfaction":50.0,"groups":{"leaders":{"mean":40,"count":2}}}]}""",
            JsonNode.Parse(await admin.GetStringAsync($"{Org}/surveys/myd/result"))!.ToJsonString());
        // The links handed out before the move: the used one stays used; the unused one opens its ballot.
        var anonymous = target.CreateClient();
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.PostAsync($"/s/{source.UsedSurveyToken}", Json("""{"ratings": {"T1": "c", "T2": "c"}}"""))).StatusCode);
        Assert.Contains("2026年第四季度满意度测评", await anonymous.GetStringAsync($"/s/{source.UnusedSurveyToken}"));
        // A kiosk link made in the source opens the target's kiosk (only its SHA-256 moved, as stored); the revoked one does not.
        var shown = new List<string>();
        foreach (var app in new[] { source.App, target })
        {
            var kiosk = await app.CreateClient().GetAsync($"/kiosk/{source.KioskToken}");
            Assert.Equal(HttpStatusCode.OK, kiosk.StatusCode);
            var page = new HtmlParser().ParseDocument(await kiosk.Content.ReadAsStringAsync());
            Assert.Equal(DemoData.OrganizationName, page.QuerySelector("#kiosk-org")!.TextContent);
            shown.Add(page.QuerySelector("#kiosk-period")!.TextContent);
            Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync($"/kiosk/{source.RevokedKioskToken}")).StatusCode);
        }
        Assert.Equal(shown[0], shown[1]);
        // The waiting message is the target's to deliver: to the same address with its access token, with the same
        // delivery id, signed with the secret that moved (the receiver checks DingTalk's signature).
        var before = source.Receiver.At("/ding").Count;
        using (var scope = target.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));
        }
        var received = source.Receiver.At("/ding").Skip(before).Single();
        Assert.Equal((source.Delivery.ToString(), true, "test"), (received.Delivery, received.SignatureOk, received.Event));
        Assert.StartsWith($"?access_token={AccessToken}&timestamp=", received.Query);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task In_a_deployment_whose_ids_run_past_the_sources_every_new_row_names_the_row_it_named_there(string provider)
    {
        using var target = new TestApp(provider);
        _ = target.Server;
        // The target has given ids up to 1000 in every table (a deployment in use): no imported row keeps its id, so a
        // reference left as it was in the file names no row, or another organization's.
        await using (var db = target.NewDb())
        {
            foreach (var t in TransferPlan.For(db.Model).Where(t => t.GeneratedKey is not null)) await SkipIdsAsync(db, t);
        }

        var run = CliRunner.Run(target, OrgCommand.Run, "import", source.File, "--lang", "en");

        Assert.True(run.Code == 0, run.Error);
        Assert.Equal(source.Exported.Select(r => (r.Key, r.Key == "audit_entries" ? r.Value + 1 : r.Value)), (await OrgTransferTests.Rows(target, "demo")).Select(r => (r.Key, r.Value)));
        await using (var db = target.NewDb())
        {
            var demo = await db.Organizations.Where(o => o.Slug == "demo").Select(o => o.Id).SingleAsync();
            Assert.Equal((1001, 1001L, 1001L), (demo, await db.Objections.MinAsync(o => o.Id), await db.Outbox.MinAsync(m => m.Id)));
            // Every column that names a row (the model's foreign keys and TransferPlan.SoftReferences) names one of the demo's.
            foreach (var t in TransferPlan.For(db.Model).Where(t => t.Scope == TransferScope.OrganizationId))
            {
                foreach (var r in t.Refs.Where(r => r.Principal.ClrType != typeof(Organization)))
                {
                    var stray = await CountAsync(db, $"SELECT COUNT(*) AS \"Value\" FROM \"{t.Name}\" x WHERE x.\"{r.Column.Name}\" IS NOT NULL AND NOT EXISTS "
                        + $"(SELECT 1 FROM \"{r.Principal.GetTableName()}\" y WHERE y.\"{r.Principal.FindPrimaryKey()!.Properties[0].Name}\" = x.\"{r.Column.Name}\" AND y.\"OrganizationId\" = {demo})");
                    Assert.True(stray == 0, $"{t.Name}.{r.Column.Name}: {stray} rows name a row outside the demo");
                }
            }
            // And the very row it named in the source.
            Assert.Equal(
            [
                "evidence 收入报表.pdf → datum 2026-11 T1 revenue",
                "exemption_evidence 停工证明.jpg → exemption 2026-10 T1 cards Granted",
                "corrections 2026-10 after 1 → objection T1 红黄牌督办扣分有误",
                "milestones 方案批复 → matter ZD-05", "milestones 主体完工 → matter ZD-05",
                "report_evidence 现场照片说明.docx → report ZD-01 2026-11-30",
                "reminder_reads reporter.s1 → reminder of MS-01",
                "survey_links → survey myd", "survey_links → survey myd",
                "survey_ballots → survey myd", "survey_ballots → survey myd",
                "webhook_outbox test → endpoint 钉钉群",
            ],
            [
                .. await db.Evidence.Select(e => $"evidence {e.FileName} → datum " + db.DatumEntries.Where(d => d.Id == e.DatumEntryId).Select(d => d.Period + " " + d.UnitCode + " " + d.IndicatorId).Single()).ToListAsync(),
                .. (await db.ExemptionEvidence.Select(x => new { x.FileName, Exemption = db.Exemptions.Single(e => e.Id == x.ExemptionId) }).ToListAsync())
                    .Select(x => $"exemption_evidence {x.FileName} → exemption {x.Exemption.Period} {x.Exemption.Unit} {x.Exemption.Ref} {x.Exemption.State}"),
                .. await db.Corrections.Select(c => $"corrections {c.Period} after {c.AfterRevision} → objection " + db.Objections.Where(o => o.Id == c.ObjectionId).Select(o => o.UnitCode + " " + o.Reason).Single()).ToListAsync(),
                .. await db.Milestones.OrderBy(m => m.Position).Select(m => $"milestones {m.Name} → matter " + db.Matters.Where(x => x.Id == m.MatterId).Select(x => x.Code).Single()).ToListAsync(),
                .. (await db.ReportEvidence.Select(x => new { x.FileName, Report = db.MatterReports.Single(r => r.Id == x.ReportId) }).ToListAsync())
                    .Select(x => $"report_evidence {x.FileName} → report {MatterCode(db, x.Report.MatterId)} {x.Report.Date:yyyy-MM-dd}"),
                .. (await db.ReminderReads.Select(x => new { x.UserName, Reminder = db.Reminders.Single(r => r.Id == x.ReminderId) }).ToListAsync())
                    .Select(x => $"reminder_reads {x.UserName} → reminder of {MatterCode(db, x.Reminder.MatterId)}"),
                .. await db.SurveyLinks.Select(l => "survey_links → survey " + db.Surveys.Where(x => x.Id == l.SurveyId).Select(x => x.Code).Single()).ToListAsync(),
                .. await db.SurveyBallots.Select(b => "survey_ballots → survey " + db.Surveys.Where(x => x.Id == b.SurveyId).Select(x => x.Code).Single()).ToListAsync(),
                .. await db.Outbox.Select(m => $"webhook_outbox {m.Kind} → endpoint " + db.WebhookEndpoints.Where(e => e.Id == m.EndpointId).Select(e => e.Name).Single()).ToListAsync(),
            ]);
        }
        // The files download through their new ids; the message waiting goes to its endpoint.
        await AssertSameFilesAsync(target);
        var before = source.Receiver.At("/ding").Count;
        using (var scope = target.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(CancellationToken.None));
        }
        Assert.Equal(source.Delivery.ToString(), source.Receiver.At("/ding").Skip(before).Single().Delivery);
    }

    private static string MatterCode(PacesetterDb db, long matter) => db.Matters.Where(m => m.Id == matter).Select(m => m.Code).Single();

    /// <summary>Makes the table's next generated id 1001 (SQLite's AUTOINCREMENT counter, PostgreSQL's identity sequence).</summary>
#pragma warning disable EF1002 // table and column names of the model, no input of anyone's
    private static async Task SkipIdsAsync(PacesetterDb db, TransferTable table)
    {
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT setval(pg_get_serial_sequence('\"{table.Name}\"', '{table.GeneratedKey!.GetColumnName()}'), 1000)");
            return;
        }
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM sqlite_sequence WHERE name = '{table.Name}'");
        await db.Database.ExecuteSqlRawAsync($"INSERT INTO sqlite_sequence (name, seq) VALUES ('{table.Name}', 1000)");
    }

    private static Task<long> CountAsync(PacesetterDb db, string sql) => db.Database.SqlQueryRaw<long>(sql).SingleAsync();
#pragma warning restore EF1002

    /// <summary>Every stored file downloads from the target with the bytes uploaded to the source (the spreadsheet, which has no download, compared in the database).</summary>
    private async Task AssertSameFilesAsync(TestApp target)
    {
        foreach (var app in new[] { source.App, target })
        {
            var admin = app == source.App ? source.Admin : await ApiAsync(app, "admin");
            var pages = await app.SignedIn("admin", DemoData.Password);
            await using var db = app.NewDb();
            var datum = await db.Evidence.Where(e => e.FileName == "收入报表.pdf").Select(e => e.Id).SingleAsync();
            var objection = await db.Objections.Where(o => o.UnitCode == "T1").Select(o => o.Id).SingleAsync();
            var exemption = await db.ExemptionEvidence.Select(e => new { e.ExemptionId, e.Id }).SingleAsync();
            var progress = await db.ReportEvidence.Select(e => e.Id).SingleAsync();
            Assert.Equal(DatumPdf, await BytesAsync(pages, $"{Routes.Entry("demo", "2026-11")}?handler=Evidence&id={datum}"));
            Assert.Equal(ObjectionPng, await BytesAsync(admin, $"{Org}/periods/2026-10/objections/{objection}/evidence"));
            Assert.Equal(ExemptionJpeg, await BytesAsync(admin, $"{Org}/exemptions/{exemption.ExemptionId}/evidence/{exemption.Id}"));
            Assert.Equal(ProgressDocx, await BytesAsync(admin, $"{Org}/supervision/tasks/ZD-01/evidence/{progress}"));
            var import = await db.DataImportFiles.SingleAsync();
            Assert.Equal(("数据.csv", (long)Csv.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Csv))), (import.FileName, import.Size, import.Sha256));
            Assert.Equal(Csv, import.Content);
        }
    }

    /// <summary>What the admin reads through the API of the tables moved here, the same from both hosts.</summary>
    private async Task AssertSameAnswersAsync(TestApp target, HttpClient admin)
    {
        foreach (var url in new[]
        {
            "/supervision/rules", "/periods/2026-11/data", "/periods/2026-10/objections", "/exemptions",
            $"/exemptions/{source.GrantedExemption}", $"/exemptions/{source.PendingExemption}", "/periods/2026-10/scheme",
            "/surveys", "/surveys/myd", "/surveys/myd/result", "/webhooks", $"/webhooks/{source.Webhook}/deliveries",
            "/supervision/tasks/ZD-01", "/supervision/tasks/MS-01", "/supervision/tasks/ZD-05",
        })
        {
            var expected = await source.Admin.GetAsync(Org + url);
            var actual = await admin.GetAsync(Org + url);
            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (expected.StatusCode, actual.StatusCode));
            var (x, y) = (await expected.Content.ReadAsStringAsync(), await actual.Content.ReadAsStringAsync());
            // PostgreSQL keeps instants to the microsecond (OrgTransferTests.ToMicroseconds); a scheme file is written in
            // scoring.md §7's order on both databases (SchemeLayout), so it is compared as text.
            if (target.Provider == "PostgreSQL") x = OrgTransferTests.ToMicroseconds(x);
            var at = Enumerable.Range(0, Math.Min(x.Length, y.Length)).FirstOrDefault(i => x[i] != y[i], Math.Min(x.Length, y.Length));
            Assert.True(x == y, $"{url} differs at {at}: {x[Math.Max(0, at - 80)..Math.Min(x.Length, at + 80)]} | {y[Math.Max(0, at - 80)..Math.Min(y.Length, at + 80)]}");
        }
    }

    /// <summary>An API client with a new bearer token of the demo's user (API tokens are not moved: each side makes its own).</summary>
    private static async Task<HttpClient> ApiAsync(TestApp app, string userName)
    {
        await using var db = app.NewDb();
        var user = await db.Users.Where(u => u.UserName == userName).Select(u => new { u.Id, u.OrganizationId }).SingleAsync();
        return app.Api((await app.NewToken(user.OrganizationId, user.Id, "org-transfer")).Token);
    }

    private static async Task<byte[]> BytesAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<HttpResponseMessage> Expect(HttpStatusCode status, Task<HttpResponseMessage> request)
    {
        var response = await request;
        Assert.True(response.StatusCode == status, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static MultipartFormDataContent Multipart(string field, string fileName, byte[] content, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        form.Add(new ByteArrayContent(content), field, fileName);
        return form;
    }
}
