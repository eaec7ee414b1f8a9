using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Web.Demo;

// Not "…Tests.Demo": that namespace would hide Pacesetter.Web.Demo from the tests that write Demo.DemoData.
namespace Pacesetter.Web.Tests.DemoOrganization;

/// <summary>
/// The demo organization: what the first start in demo mode creates, and that it all scores. The tests read the
/// demo through one shared app (<see cref="SharedDemo"/>), whose database is a copy of the run's demo template: the
/// template is made by exactly such a first start.
/// </summary>
public class DemoDataTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    private static async Task<int> DemoOrgId(App.Data.PacesetterDb db) =>
        (await db.Organizations.SingleAsync(o => o.Slug == DemoData.Slug)).Id;

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Demo_start_creates_28_units_in_4_categories(string provider)
    {
        var app = Shared(provider);
        using var db = app.NewDb();
        var org = await DemoOrgId(db);

        var categories = await db.UnitCategories.Where(c => c.OrganizationId == org).OrderBy(c => c.SortOrder).ToListAsync();
        var units = await db.Units.Where(u => u.OrganizationId == org).ToListAsync();

        Assert.Equal(["towns:镇街", "depts:职能部门", "soe:国有企业", "invest:招商赛马"], categories.Select(c => $"{c.Code}:{c.Name}"));
        Assert.Equal([8, 8, 6, 6], categories.Select(c => units.Count(u => u.CategoryId == c.Id)));
        Assert.Equal(28, units.Count);
        Assert.Equal("城东街道", units.Single(u => u.Code == "T1").Name);
        Assert.Equal("示范开发区", (await db.Organizations.SingleAsync(o => o.Id == org)).Name);
    }

    [Fact]
    public async Task Demo_start_creates_one_scheme_version_for_each_month_and_quarter_of_2026()
    {
        var app = Shared();
        using var db = app.NewDb();
        var org = await DemoOrgId(db);

        var schemes = await db.SchemeVersions.Where(s => s.OrganizationId == org).OrderBy(s => s.Period).Select(s => new { s.Period, s.Version }).ToListAsync();

        Assert.Equal(16, schemes.Count);
        Assert.Equal(
            ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"],
            schemes.Select(s => s.Period));
        Assert.All(schemes, s => Assert.Equal(1, s.Version));
        Assert.Equal(16, await db.PeriodSettings.CountAsync(p => p.OrganizationId == org));
    }

    [Fact]
    public async Task Demo_users_exist_for_every_role_with_their_scopes()
    {
        var app = Shared();
        using var db = app.NewDb();
        var org = await DemoOrgId(db);

        var rows = await (from m in db.Memberships
                          join u in db.Users on m.UserId equals u.Id
                          where m.OrganizationId == org && u.OrganizationId == org
                          select new { u.UserName, m.Role, m.UnitCode, m.Indicators, u.IsPlatformAdmin }).ToListAsync();

        Assert.Equal(
            [
                "admin Admin - - platform",
                "assessor.econ Assessor - revenue,industry,fixedInvest,profit,signed",
                "assessor.safety Assessor - cards,complaints,safety,service,party",
                "leader Leader - -",
                "reporter.d1 Reporter D1 -",
                "reporter.i1 Reporter I1 -",
                "reporter.s1 Reporter S1 -",
                "reporter.t1 Reporter T1 -",
                "reporter.t2 Reporter T2 -",
            ],
            rows.Select(r => $"{r.UserName} {r.Role} {r.UnitCode ?? "-"} {r.Indicators ?? "-"}{(r.IsPlatformAdmin ? " platform" : "")}").Order(StringComparer.Ordinal));
        Assert.Equal(9, await db.Users.CountAsync());
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("assessor.econ")]
    [InlineData("reporter.t1")]
    public async Task Every_demo_user_signs_in_with_the_demo_password(string user)
    {
        var app = Shared();
        var client = await app.SignedIn(user, DemoData.Password);

        Assert.Contains("示范开发区", await client.GetStringAsync("/"));
    }

    /// <summary>
    /// The pages say who did something by display name (考核办管理员), not by log-in (admin): a scheme's versions, a
    /// publication's revisions, a datum's last change on its card.
    /// </summary>
    [Fact]
    public async Task Pages_name_people_by_display_name_not_by_log_in()
    {
        var admin = await Shared().SignedIn("admin", DemoData.Password);

        var schemes = await admin.GetStringAsync("/orgs/demo/schemes");
        var publish = await admin.GetStringAsync("/orgs/demo/races/2026-01/publish");
        var entry = await admin.GetStringAsync("/orgs/demo/periods/2026-01/entry?unit=S2");

        Assert.Contains("· 考核办管理员 ·", schemes);
        Assert.DoesNotContain("· admin ·", schemes);
        Assert.Contains("<td>考核办管理员</td>", publish);
        Assert.DoesNotContain("<td>admin</td>", publish);
        Assert.Matches(@"data-history=""updated"">考核办管理员 于 \d{4}-\d\d-\d\d \d\d:\d\d 北京时间 最后修改<", entry);
        Assert.DoesNotContain(">admin 于", entry);
        // The navigation bar too: the display name, the log-in in its title.
        Assert.Contains("<span class=\"nav-link text-body-secondary\" id=\"signed-in-as\" title=\"登录名 admin\">考核办管理员</span>", entry);
    }

    [Fact]
    public async Task Demo_data_are_approved_for_January_to_October_with_drafts_in_November_and_one_import_audit_row()
    {
        var app = Shared();
        using var db = app.NewDb();
        var org = await DemoOrgId(db);

        var counts = await db.DatumEntries.Where(d => d.OrganizationId == org)
            .GroupBy(d => new { d.Period, d.State }).Select(g => new { g.Key.Period, g.Key.State, Count = g.Count() }).ToListAsync();
        var imports = await db.AuditEntries.Where(a => a.OrganizationId == org && a.Kind == "data.import").ToListAsync();

        Assert.Equal(
            DemoData.ApprovedPeriods.Order(StringComparer.Ordinal),
            counts.Where(c => c.State == DatumState.Approved).Select(c => c.Period).Order(StringComparer.Ordinal));
        // 138 figures every unit reports, and the awards, cards, complaints and incidents of the period.
        Assert.Equal(
            "2026-01:148 2026-02:149 2026-03:151 2026-04:147 2026-05:146 2026-06:151 2026-07:149 2026-08:143 2026-09:144 2026-10:146 2026-Q1:144 2026-Q2:149 2026-Q3:147",
            string.Join(" ", counts.Where(c => c.State == DatumState.Approved).OrderBy(c => c.Period, StringComparer.Ordinal).Select(c => $"{c.Period}:{c.Count}")));
        Assert.Equal(["2026-11 Draft 4", "2026-11 Submitted 3"], counts.Where(c => c.State != DatumState.Approved).Select(c => $"{c.Period} {c.State} {c.Count}").Order(StringComparer.Ordinal));
        var import = Assert.Single(imports);
        Assert.Equal("演示数据导入", import.Reason);
        Assert.Equal("admin", import.Actor);
        // The demo is made through the application services, so its log records how: 1 organization + 9 users + 9
        // roles + 4 categories + 28 units + 16 schemes + 16 deadlines = 83 rows, then every figure stored as an import
        // records it, one datum.import row per unit and period (ADR 0011: 13 approved periods × 28 units = 364, and the
        // 3 units with 2026-11's 7 drafts = 367 rows for the 1,921 figures) and the import = 451; the organization's
        // public posting (1) and the 13 approved periods' publications (issue #9) = 465.
        var kinds = await db.AuditEntries.Where(a => a.OrganizationId == org).GroupBy(a => a.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal(
            "category.create:4 data.import:1 datum.import:367 organization.create:1 organization.settings:1 period.deadline:16 publication.publish:13 role.grant:9 scheme.save:16 unit.create:28 user.create:9",
            string.Join(" ", kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}:{k.Count}")));
        Assert.Equal(465, kinds.Sum(k => k.Count));
        // Each unit's row holds what its data hold ({indicator: value}, nothing before): 2026-11's drafts of T1, say.
        var datums = await db.DatumEntries.Where(d => d.OrganizationId == org).ToListAsync();
        var rows = await db.AuditEntries.Where(a => a.OrganizationId == org && a.Kind == "datum.import").ToDictionaryAsync(a => a.Key);
        Assert.Equal(datums.Select(d => $"{d.Period}/{d.UnitCode}").Distinct().Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        Assert.All(datums.GroupBy(d => $"{d.Period}/{d.UnitCode}"), g =>
        {
            var row = rows[g.Key];
            Assert.Equal(("unit", g.First().Period, g.First().UnitCode), (row.Entity, row.Period, row.Unit));
            var ordered = g.OrderBy(d => d.IndicatorId, StringComparer.Ordinal).ToList();
            Assert.Equal("{" + string.Join(",", ordered.Select(d => $"\"{d.IndicatorId}\":null")) + "}", row.Before);
            Assert.Equal("{" + string.Join(",", ordered.Select(d => $"\"{d.IndicatorId}\":{d.Value}")) + "}", row.After);
        });
        Assert.Null(await AuditLog.Verify(db, org));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Every_demo_period_scores_without_problems(string provider)
    {
        var app = Shared(provider);
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PacesetterDb>();
        var store = scope.ServiceProvider.GetRequiredService<SchemeStore>();
        var org = (await db.Organizations.SingleAsync(o => o.Slug == DemoData.Slug)).Id;

        foreach (var period in DemoData.Periods)
        {
            var (result, problems) = await store.ScoreAsync(org, period);
            Assert.True(problems.Count == 0, $"{period}: {string.Join("; ", problems.Select(p => $"{p.Path}: {p.English}"))}");
            Assert.NotNull(result);
            Assert.Equal(28, result.Categories.Sum(c => c.Results.Count));
            var (preview, previewProblems) = await store.ScoreAsync(org, period, includeUnapproved: true);
            Assert.Empty(previewProblems);
            Assert.NotNull(preview);
        }
    }

    [Fact]
    public async Task Demo_periods_with_data_give_flags_grades_labels_and_apply_the_adjustments()
    {
        var app = Shared();
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<App.Data.PacesetterDb>();
        var store = scope.ServiceProvider.GetRequiredService<SchemeStore>();
        var org = (await db.Organizations.SingleAsync(o => o.Slug == DemoData.Slug)).Id;

        var june = (await store.ScoreAsync(org, "2026-06")).Result!;
        var towns = june.Categories.Single(c => c.Category.Id == "towns");
        Assert.Equal("T7", towns.Results[^1].Unit);
        Assert.True(towns.Results[^1].Vetoed);
        Assert.Equal("不达标", towns.Results[^1].Grade);

        var march = (await store.ScoreAsync(org, "2026-03")).Result!;
        var t2 = march.Find("T2")!.Value.Unit;
        Assert.Equal(0.75m, t2.Penalty);

        var september = (await store.ScoreAsync(org, "2026-09")).Result!;
        Assert.False(september.Find("I5")!.Value.Unit.Vetoed);

        var q2 = (await store.ScoreAsync(org, "2026-Q2")).Result!;
        Assert.True(q2.Find("D3")!.Value.Unit.BlockTop);

        // Some category holds the flag in some month, and the months pass it on as previousFlags.
        var held = 0;
        foreach (var period in DemoData.ApprovedPeriods)
        {
            var result = (await store.ScoreAsync(org, period)).Result!;
            held += result.Categories.Count(c => c.Flag.Holder is not null);
        }
        Assert.True(held > 0);
        var october = await store.CurrentAsync(org, "2026-10");
        var september2 = (await store.ScoreAsync(org, "2026-09")).Result!;
        var expectedFlags = september2.Categories.Where(c => c.Flag.Holder is not null).ToDictionary(c => c.Category.Id, c => c.Flag.Holder!);
        var previous = System.Text.Json.Nodes.JsonNode.Parse(october!.Document)!["previousFlags"]!.AsObject();
        Assert.Equal(expectedFlags.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}"), previous.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}"));
    }

    [Fact]
    public async Task Demo_schemes_use_every_scoring_method_and_its_variants()
    {
        var app = Shared();
        using var db = app.NewDb();
        var org = await DemoOrgId(db);
        var documents = await db.SchemeVersions.Where(s => s.OrganizationId == org).Select(s => s.Document).ToListAsync();

        var indicators = new List<Indicator>();
        var adjustments = new HashSet<string>();
        foreach (var doc in documents)
        {
            var scheme = SchemeStore.Check(doc).Scheme!;
            Assert.Equal(70m, scheme.CoreShareMin);
            foreach (var c in scheme.Categories) indicators.AddRange(c.Indicators);
            foreach (var a in scheme.Adjustments) adjustments.Add(a.Type.ToString());
        }

        var used = indicators.Select(i => i.Method.Type).ToHashSet();
        Assert.Equal(Enum.GetValues<MethodType>().Where(t => t != MethodType.Rollup).Order(), used.Order());
        Assert.Contains(indicators, i => i.Method.Type == MethodType.Completion && i.Direction == Direction.Lower);
        Assert.Contains(indicators, i => i.Method.Type == MethodType.Completion && i.Method.Cap > 1);
        Assert.Contains(indicators, i => i.Method.Type == MethodType.Efficacy && i.Measure == MeasureKind.Growth);
        Assert.Contains(indicators, i => i.Method.Type == MethodType.Rank && i.Method.RankPoints is not null);
        Assert.Contains(indicators, i => i.Method.Type == MethodType.Rank && i.Method.Step is not null);
        Assert.Contains(indicators, i => i.Method.Type == MethodType.Baseline && i.Method.BaselineAverage);
        Assert.Contains(indicators, i => i.Method.Type == MethodType.Events && i.Method.PerEventByType is not null);
        Assert.Contains(indicators, i => i.Method.Type == MethodType.Events && i.Method.ZeroAt is not null);
        Assert.Equal(["BlockTop", "Exemption", "Veto"], adjustments.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_second_demo_start_adds_nothing()
    {
        var app = Shared();
        using var db = app.NewDb();
        async Task<string> Counts() =>
            string.Join(",", await db.Organizations.CountAsync(), await db.Units.CountAsync(), await db.UnitCategories.CountAsync(),
                await db.Users.CountAsync(), await db.Memberships.CountAsync(), await db.SchemeVersions.CountAsync(),
                await db.DatumEntries.CountAsync(), await db.AuditEntries.CountAsync(), await db.PeriodSettings.CountAsync());
        var before = await Counts();

        using (var scope = app.Services.CreateScope())
        {
            await DemoData.EnsureAsync(scope.ServiceProvider, NullLogger.Instance);
        }

        Assert.Equal(before, await Counts());
        Assert.StartsWith("1,28,4,9,9,16,", before);
    }

    [Fact]
    public async Task Outside_demo_mode_nothing_is_seeded()
    {
        using var app = new TestApp(demo: false);
        _ = app.Server;
        using var db = app.NewDb();

        Assert.Equal(0, await db.Organizations.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Theory]
    [InlineData(new[] { "http://127.0.0.1:5123" }, "http://127.0.0.1:5123/Account/Login?org=demo")]
    [InlineData(new[] { "http://[::]:8080" }, "http://localhost:8080/Account/Login?org=demo")]
    [InlineData(new[] { "https://+:443", "http://+:80" }, "http://localhost:80/Account/Login?org=demo")]
    [InlineData(new string[0], "http://localhost:5080/Account/Login?org=demo")]
    public void The_sign_in_address_comes_from_the_server_addresses(string[] addresses, string expected)
    {
        Assert.Equal(expected, DemoData.SignInUrl(addresses));
    }

    /// <summary>
    /// Issue 7, finding 1: the demo's figures pass the check every route applies to a datum stored on its own (the
    /// data API, the entry page, an import): each datum against its indicator's shape, its stored JSON's length.
    /// </summary>
    [Fact]
    public void Every_demo_datum_passes_the_check_of_a_datum_saved_on_its_own()
    {
        int checkedData = 0;
        foreach (var period in DemoData.Periods)
        {
            var data = DemoData.ApprovedPeriods.Contains(period) ? DemoData.Figures(period) : period == DemoData.DraftPeriod ? DemoData.DraftFigures() : [];
            Assert.Empty(DemoData.DatumProblems(period, data).Select(p => $"{period} {p.Path}: {p.English}"));
            checkedData += data.Count;
        }
        Assert.True(checkedData > 1000, $"{checkedData} data checked");
        // The check can fail: a number given as a list, a datum too long to store.
        var bad = new List<(string, string, System.Text.Json.Nodes.JsonNode, DatumState, string)>
        {
            ("T1", "land", System.Text.Json.Nodes.JsonNode.Parse("[420]")!, DatumState.Approved, "admin"),
            ("T1", "land", System.Text.Json.Nodes.JsonValue.Create(new string('x', 20000)), DatumState.Approved, "admin"),
        };
        Assert.Equal(
            ["$.data.T1.land: must be a number or {\"value\": …}", "$.data.T1.land: is 20002 characters long as JSON: a datum holds at most 20000"],
            DemoData.DatumProblems("2026-01", bad).Select(p => $"{p.Path}: {p.English}"));
    }
}
