using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Output;

namespace Pacesetter.Web.Demo;

/// <summary>
/// 示范开发区: the demo organization loaded on first start in demo mode (<c>Demo=true</c>): 28 units in 4 categories, a
/// scheme for every month and quarter of 2026 that together use every scoring method, approved figures for January to
/// October (and Q1–Q3), a few drafts for November, and demo users for every role. Only demo mode has known passwords.
/// The figures come from seeded random numbers, so every demo database holds the same data.
/// </summary>
public static class DemoData
{
    public const string Password = "Demo#2026pass";
    public const string Slug = "demo";
    public const string OrganizationName = "示范开发区";
    public const string ImportReason = "演示数据导入";
    public const string FallbackSignIn = "http://localhost:5080/Account/Login?org=" + Slug;

    public sealed record DemoUnit(string Code, string Name);

    public sealed record DemoCategory(string Code, string Name, IReadOnlyList<DemoUnit> Units);

    public sealed record DemoUser(string UserName, string DisplayName, OrgRole Role, string? Unit = null, string? Indicators = null, bool PlatformAdmin = false);

    public static readonly IReadOnlyList<DemoCategory> Categories =
    [
        new("towns", "镇街", Units("T", "城东街道", "城西街道", "城南街道", "城北街道", "江海街道", "新港镇", "北湖镇", "临江镇")),
        new("depts", "职能部门", Units("D", "经济发展局", "财政局", "自然资源局", "行政审批局", "住房和城乡建设局", "生态环境局", "应急管理局", "市场监督管理局")),
        new("soe", "国有企业", Units("S", "城投集团", "产业投资集团", "交通集团", "水务集团", "文旅集团", "港务集团")),
        new("invest", "招商赛马", Units("I", "招商一局", "招商二局", "招商三局", "驻沪招商分队", "驻深招商分队", "产业链招商专班")),
    ];

    /// <summary>The indicators the two assessors assess (谁推进、谁考核).</summary>
    public const string EconomicIndicators = "revenue,industry,fixedInvest,profit,signed";
    public const string SafetyIndicators = "cards,complaints,safety,service,party";

    public static readonly IReadOnlyList<DemoUser> Users =
    [
        new("admin", "考核办管理员", OrgRole.Admin, PlatformAdmin: true),
        new("leader", "分管领导", OrgRole.Leader),
        new("assessor.econ", "经发局考核专员", OrgRole.Assessor, Indicators: EconomicIndicators),
        new("assessor.safety", "应急管理局考核专员", OrgRole.Assessor, Indicators: SafetyIndicators),
        new("reporter.t1", "城东街道填报员", OrgRole.Reporter, Unit: "T1"),
        new("reporter.t2", "城西街道填报员", OrgRole.Reporter, Unit: "T2"),
        new("reporter.d1", "经济发展局填报员", OrgRole.Reporter, Unit: "D1"),
        new("reporter.s1", "城投集团填报员", OrgRole.Reporter, Unit: "S1"),
        new("reporter.i1", "招商一局填报员", OrgRole.Reporter, Unit: "I1"),
    ];

    public static IReadOnlyList<string> Months { get; } = Enumerable.Range(1, 12).Select(m => $"2026-{m:00}").ToList();
    public static IReadOnlyList<string> Quarters { get; } = Enumerable.Range(1, 4).Select(q => $"2026-Q{q}").ToList();
    public static IReadOnlyList<string> Periods { get; } = [.. Months, .. Quarters];

    /// <summary>The periods whose figures are in and approved: January to October, and the quarters they complete.</summary>
    public static IReadOnlyList<string> ApprovedPeriods { get; } = [.. Months.Take(10), .. Quarters.Take(3)];

    /// <summary>The periods published (revision 1 each): every approved one. October's notice period is still running.</summary>
    public static IReadOnlyList<string> PublishedPeriods { get; } = [.. Months.Take(10), .. Quarters.Take(3)];

    /// <summary>
    /// When the demo published a period: the 15th of the next month, 10:00 Beijing time — October's a day before the
    /// demo was made, so that its notice period (公示期) is open whenever the demo is new.
    /// </summary>
    public static DateTimeOffset PublishedAt(string period, DateTimeOffset now)
    {
        if (period == Months[9]) return now.AddDays(-1);
        int lastMonth = period.Contains('Q') ? 3 * (period[^1] - '0') : int.Parse(period[5..], CultureInfo.InvariantCulture);
        var at = new DateTimeOffset(2026, lastMonth, 15, 10, 0, 0, TimeSpan.FromHours(8)).AddMonths(1);
        return at < now ? at : now.AddDays(-1);
    }

    /// <summary>November has a few drafts and submissions (the data-entry pages have work to show); December and Q4 have none.</summary>
    public const string DraftPeriod = "2026-11";

    public static async Task EnsureAsync(IServiceProvider services, ILogger logger)
    {
        var db = services.GetRequiredService<PacesetterDb>();
        if (!await db.Organizations.AnyAsync(o => o.Slug == Slug))
        {
            // All or nothing: one audited write through the application services; a start that fails half-way leaves
            // no demo organization, and the next start tries again.
            var seeded = await services.GetRequiredService<OrgWriter>().RunAsync(0, "admin", w => SeedAsync(w, services));
            if (!seeded.IsOk) throw new InvalidOperationException("demo: " + string.Join("; ", seeded.Problems.Select(p => $"{p.Path}: {p.English}")));
        }
        if (DemoSupervision.Enabled(services.GetRequiredService<IConfiguration>())) await DemoSupervision.EnsureAsync(services, logger);
        if (DemoBenchmarks.Enabled(services.GetRequiredService<IConfiguration>())) await DemoBenchmarks.EnsureAsync(services);
        AnnounceWhenStarted(services, logger);
    }

    private static async Task<WriteOutcome<int>> SeedAsync(AuditedWrite w, IServiceProvider services)
    {
        var admin = Users[0];
        var org = await services.GetRequiredService<OrganizationService>().CreateInAsync(w, Slug, OrganizationName, admin.UserName, Password, admin.PlatformAdmin, admin.DisplayName);
        if (!org.IsOk) return org.As<int>();

        var units = services.GetRequiredService<UnitService>();
        int order = 0;
        foreach (var c in Categories)
        {
            var category = Check(await units.CreateCategoryInAsync(w, c.Code, c.Name, ++order));
            foreach (var u in c.Units) Check(await units.CreateUnitInAsync(w, u.Code, u.Name, category.Id));
        }
        var users = services.GetRequiredService<UserService>();
        foreach (var u in Users.Skip(1))
        {
            var user = Check(await users.CreateInAsync(w, u.UserName, u.DisplayName, Password, "$", platformAdmin: u.PlatformAdmin));
            await UserService.GrantInAsync(w, user, new Membership { UserId = "", Role = u.Role, UnitCode = u.Unit, Indicators = u.Indicators });
        }

        var store = services.GetRequiredService<SchemeStore>();
        var entry = services.GetRequiredService<DataEntryService>();
        var publication = services.GetRequiredService<PublicationService>();
        int approved = 0, drafts = 0;
        // The flag of each period goes to the next as previousFlags: months chain to months, quarters to quarters.
        foreach (var chain in new[] { Months, Quarters })
        {
            var previousFlags = new JsonObject { ["towns"] = "T5", ["depts"] = "D2" };
            foreach (var period in chain)
            {
                Check(await store.SaveInAsync(w, period, Scheme(period, previousFlags), "演示方案", expectedVersion: 0));
                Check(await entry.SetDeadlineInAsync(w, period, Deadline(period)));
                var data = ApprovedPeriods.Contains(period) ? Figures(period) : period == DraftPeriod ? DraftFigures() : [];
                if (DatumProblems(period, data) is { Count: > 0 } wrong)
                {
                    throw new InvalidOperationException($"demo data {period}: " + string.Join("; ", wrong.Select(p => $"{p.Path}: {p.English}")));
                }
                await entry.LoadInAsync(w, period, data.Select(d => new DataEntryService.Loaded(d.Unit, d.Indicator, d.Value, d.State, d.By)));
                approved += data.Count(d => d.State == DatumState.Approved);
                drafts += data.Count(d => d.State != DatumState.Approved);
                await w.SaveAsync();

                var (result, problems) = await store.ScoreAsync(w.OrganizationId, period);
                if (result is null) throw new InvalidOperationException($"demo data {period}: " + string.Join("; ", problems.Select(p => $"{p.Path}: {p.English}")));

                previousFlags = new JsonObject();
                foreach (var c in result.Categories)
                {
                    if (c.Flag.Holder is { } holder) previousFlags[c.Category.Id] = holder;
                }
            }
        }

        var summary = new JsonObject
        {
            ["approved"] = approved,
            ["drafts"] = drafts,
            ["periods"] = new JsonArray([.. ApprovedPeriods.Append(DraftPeriod).Select(p => (JsonNode)p)]),
        };
        // Every figure is in the audit trail as an import records it (ADR 0011): one datum.import row per unit and
        // period, before = {indicator: null} (nothing was stored) and after = {indicator: value}, indicators in ordinal
        // order; after the organization's setup so that rows 1–83 stay where they are; then the import as a whole
        // (ADR 0009: nothing the seed stores is missing from the trail).
        foreach (var group in w.Db.DatumEntries.Local.Where(d => d.OrganizationId == w.OrganizationId)
                     .GroupBy(d => (d.Period, d.UnitCode))
                     .OrderBy(g => g.Key.Period, StringComparer.Ordinal).ThenBy(g => g.Key.UnitCode, StringComparer.Ordinal))
        {
            var before = new JsonObject();
            var after = new JsonObject();
            foreach (var d in group.OrderBy(d => d.IndicatorId, StringComparer.Ordinal))
            {
                before[d.IndicatorId] = null;
                after[d.IndicatorId] = d.Value is null ? null : JsonNode.Parse(d.Value);
            }
            await w.Audit("datum.import", "unit", $"{group.Key.Period}/{group.Key.UnitCode}", group.Key.Period, group.Key.UnitCode,
                before.ToJsonString(JsonFormats.Compact), after.ToJsonString(JsonFormats.Compact), ImportReason);
        }
        await w.Audit("data.import", "datum", "demo", after: summary.ToJsonString(), reason: ImportReason);

        // Then the publications (issue #9), after the rows above so that rows 1–451 stay where they are: every approved
        // period, months then quarters in order, each taking its previous flags from the period before's revision.
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        foreach (var period in PublishedPeriods)
        {
            Check(await publication.PublishInAsync(w, period, "演示发布", allowIncomplete: true, PublishedAt(period, now)));
            await w.SaveAsync();
        }
        // The demo posts its results publicly (张榜公示), which an organization allows explicitly.
        org.Value!.PublicPosting = true;
        await w.Audit("organization.settings", "organization", Slug, after: """{"publicPosting":true,"noticeWorkingDays":5}""");
        return WriteOutcome<int>.Ok(w.OrganizationId);
    }

    /// <summary>
    /// The demo's figures of <paramref name="period"/> checked one by one with the check of every route that stores a
    /// datum (<see cref="DataEntryService.Check(Scoring.Schemes.Scheme, string, string, string)"/>): none when they are valid.
    /// </summary>
    public static List<FieldProblem> DatumProblems(string period, IEnumerable<(string Unit, string Indicator, JsonNode Value, DatumState State, string By)> data)
    {
        var document = Scheme(period, new JsonObject());
        // The adjustments may name events of the data: the indicators are read without them.
        document.Remove("adjustments");
        var scheme = Scoring.Schemes.SchemeReader.Read(document.ToJsonString()).Require();
        return [.. data.SelectMany(d => DataEntryService.Check(scheme, d.Unit, d.Indicator, DatumText.Of(d.Value)))];
    }

    private static T Check<T>(WriteOutcome<T> outcome) =>
        outcome.IsOk ? outcome.Value! : throw new InvalidOperationException("demo: " + string.Join("; ", outcome.Problems.Select(p => $"{p.Path}: {p.English}")));

    /// <summary>Says where to sign in once the server listens (its addresses are known only then).</summary>
    private static void AnnounceWhenStarted(IServiceProvider services, ILogger logger)
    {
        var lifetime = services.GetService<IHostApplicationLifetime>();
        var server = services.GetService<IServer>();
        if (lifetime is null)
        {
            Announce(logger, FallbackSignIn);
            return;
        }
        lifetime.ApplicationStarted.Register(() => Announce(logger, SignInUrl(server?.Features.Get<IServerAddressesFeature>()?.Addresses)));
    }

    public static string SignInUrl(IEnumerable<string>? addresses)
    {
        var first = addresses?.OrderBy(a => a.StartsWith("https", StringComparison.Ordinal) ? 1 : 0).FirstOrDefault();
        if (first is null || !Uri.TryCreate(first.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var uri)) return FallbackSignIn;
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}/Account/Login?org={Slug}";
    }

    private static void Announce(ILogger logger, string url)
    {
        var names = string.Join(", ", Users.Select(u => u.UserName));
        logger.LogWarning("Demo mode: sign in at {Url} as one of {Users} with the password {Password} (demo only).", url, names, Password);
        Console.WriteLine($"演示模式 demo mode: sign in at {url}");
        Console.WriteLine($"  organization (组织标识): {Slug}");
        Console.WriteLine($"  users: {names}");
        Console.WriteLine($"  password: {Password}");
    }

    private static List<DemoUnit> Units(string prefix, params string[] names) =>
        names.Select((n, i) => new DemoUnit($"{prefix}{i + 1}", n)).ToList();

    /// <summary>Reporting closes on the 10th of the month after the period, 18:00 Beijing time.</summary>
    private static DateTimeOffset Deadline(string period)
    {
        int lastMonth = period.Contains('Q') ? 3 * (period[^1] - '0') : int.Parse(period[5..], CultureInfo.InvariantCulture);
        var next = new DateTime(2026, lastMonth, 1).AddMonths(1);
        // PostgreSQL keeps timestamptz in UTC (Npgsql refuses other offsets).
        return new DateTimeOffset(next.Year, next.Month, 10, 18, 0, 0, TimeSpan.FromHours(8)).ToUniversalTime();
    }

    // ---- The schemes ----

    private static bool IsQuarter(string period) => period.Contains('Q');

    private static readonly string[] QuarterNames = ["一", "二", "三", "四"];

    public static string SchemeName(string period) => IsQuarter(period)
        ? $"{OrganizationName}2026年第{QuarterNames[period[^1] - '1']}季度综合考核"
        : $"{OrganizationName}2026年{int.Parse(period[5..], CultureInfo.InvariantCulture)}月综合考核";

    /// <summary>
    /// The scheme of a period. Towns, departments, state companies and investment teams each use their own methods, so
    /// that together they use every method of scoring.md §3–§4; a quarter counts three months' worth of figures.
    /// </summary>
    public static JsonObject Scheme(string period, JsonObject previousFlags)
    {
        int months = IsQuarter(period) ? 3 : 1;
        var units = new JsonObject();
        foreach (var c in Categories)
        {
            foreach (var u in c.Units) units[u.Code] = u.Name;
        }
        return new JsonObject
        {
            ["name"] = SchemeName(period),
            ["period"] = period,
            ["coreShareMin"] = 70,
            ["units"] = units,
            ["categories"] = new JsonArray(Towns(), Departments(), StateCompanies(), InvestmentTeams(months)),
            ["adjustments"] = Adjustments(period),
            ["previousFlags"] = previousFlags.DeepClone(),
        };
    }

    private static JsonArray UnitIds(string category) =>
        new([.. Categories.First(c => c.Code == category).Units.Select(u => (JsonNode)u.Code)]);

    private static JsonObject Ind(string id, string name, decimal weight, bool core, JsonObject method, string? kind = null, string? direction = null, string? measure = null, string? missing = null)
    {
        var o = new JsonObject { ["id"] = id, ["name"] = name };
        if (kind is not null) o["kind"] = kind;
        o["weight"] = weight;
        if (kind is null) o["core"] = core;
        if (direction is not null) o["direction"] = direction;
        if (measure is not null) o["measure"] = measure;
        if (missing is not null) o["missing"] = missing;
        o["method"] = method;
        return o;
    }

    private static JsonObject Method(string type, params (string Key, JsonNode? Value)[] parameters)
    {
        var o = new JsonObject { ["type"] = type };
        foreach (var (k, v) in parameters) o[k] = v;
        return o;
    }

    private static JsonArray Numbers(params decimal[] values) => new([.. values.Select(v => (JsonNode)v)]);

    private static JsonArray Grades(params (string Name, decimal Min, string? QuotaKey, decimal? Quota)[] grades)
    {
        var list = new JsonArray();
        foreach (var (name, min, key, quota) in grades)
        {
            var g = new JsonObject { ["name"] = name, ["min"] = min };
            if (key is not null) g[key] = quota;
            list.Add(g);
        }
        return list;
    }

    private static JsonObject Label(int top, decimal min) => new() { ["top"] = top, ["min"] = min };

    private static JsonObject Towns() => new()
    {
        ["id"] = "towns",
        ["name"] = "镇街",
        ["units"] = UnitIds("towns"),
        ["indicators"] = new JsonArray(
            Ind("revenue", "一般公共预算收入", 25, true, Method("completion", ("cap", 1.2m), ("floor", 0.6m))),
            Ind("industry", "规上工业应税销售增幅", 20, true, Method("efficacy"), measure: "growth"),
            Ind("projects", "新开工亿元以上项目", 15, true, Method("rank", ("points", Numbers(15, 13, 11, 9, 7, 5, 3, 1)))),
            Ind("fixedInvest", "固定资产投资完成额", 15, true,
                Method("baseline", ("baseline", "average"), ("deduct", 1m), ("step", 5m), ("relative", true), ("bonusPer", 0.2m), ("bonusCap", 1m))),
            Ind("land", "腾出净地(亩)", 10, false, Method("leaderRatio"), missing: "average"),
            Ind("livelihood", "为民办实事完成率", 15, false, Method("baseline", ("baseline", 95m), ("deduct", 0.5m), ("step", 1m))),
            Ind("honors", "表彰加分", 3, false, Method("levels", ("levels", new JsonObject { ["national"] = 3, ["province"] = 2, ["city"] = 1 })), kind: "bonus"),
            Ind("cards", "红黄牌督办", 4, false, Method("events", ("perEvent", new JsonObject { ["yellow"] = 0.5m, ["red"] = 1 })), kind: "penalty")),
        ["tieBreak"] = new JsonArray("revenue", "industry"),
        ["grades"] = Grades(("优秀", 90, "quota", 2), ("良好", 80, null, null), ("达标", 70, null, null), ("不达标", 0, null, null)),
        ["labels"] = new JsonObject
        {
            ["pacesetter"] = Label(1, 90),
            ["winner"] = Label(3, 80),
            ["yellow"] = new JsonObject { ["bottom"] = 1, ["below"] = 70 },
        },
        ["flag"] = new JsonObject { ["min"] = 88 },
    };

    private static JsonObject Departments() => new()
    {
        ["id"] = "depts",
        ["name"] = "职能部门",
        ["units"] = UnitIds("depts"),
        ["indicators"] = new JsonArray(
            Ind("duty", "主责主业目标完成", 55, true, Method("bands", ("points", new JsonArray(Numbers(60, 0), Numbers(80, 33), Numbers(100, 55))))),
            Ind("reform", "重点改革攻坚", 15, true, Method("manual")),
            Ind("service", "服务对象评议", 20, false, Method("grade", ("grades", new JsonObject { ["优"] = 1, ["良"] = 0.85m, ["中"] = 0.7m, ["差"] = 0.5m }))),
            Ind("upper", "上级条线考核位次", 10, false,
                Method("table", ("points", new JsonObject { ["1"] = 10, ["2"] = 9, ["3"] = 8, ["4"] = 7, ["5"] = 6 }), ("rest", 4))),
            Ind("innovation", "创新创优加分", 2, false, Method("points"), kind: "bonus"),
            Ind("complaints", "信访与投诉", 5, false, Method("events", ("perEvent", 1), ("zeroAt", 3)), kind: "penalty")),
        ["tieBreak"] = new JsonArray("duty"),
        ["grades"] = Grades(("优秀", 90, "quotaShare", 0.25m), ("良好", 80, null, null), ("一般", 0, null, null)),
        ["labels"] = new JsonObject
        {
            ["pacesetter"] = Label(1, 90),
            ["winner"] = Label(2, 85),
            ["yellow"] = new JsonObject { ["bottom"] = 1 },
        },
        ["flag"] = new JsonObject { ["min"] = 90 },
    };

    private static JsonObject StateCompanies() => new()
    {
        ["id"] = "soe",
        ["name"] = "国有企业",
        ["units"] = UnitIds("soe"),
        ["indicators"] = new JsonArray(
            Ind("profit", "利润总额", 35, true, Method("completion", ("cap", 1.3m), ("floor", 0.5m))),
            Ind("preserve", "国有资产保值增值率(%)", 20, true, Method("efficacy", ("good", 110), ("bad", 100))),
            Ind("debt", "资产负债率(%)", 20, true, Method("completion", ("target", 65), ("cap", 1.1m)), direction: "lower"),
            Ind("party", "党建工作考评", 15, false, Method("grade", ("grades", new JsonObject { ["A"] = 1, ["B"] = 0.9m, ["C"] = 0.75m }))),
            Ind("energySaving", "万元产值综合能耗(吨标煤)", 10, false, Method("leaderRatio"), direction: "lower"),
            Ind("safety", "安全生产事故", 5, false, Method("events", ("perEvent", new JsonObject { ["general"] = 1, ["serious"] = 3 }), ("zeroAt", 2)), kind: "penalty")),
        ["tieBreak"] = new JsonArray("profit"),
        ["grades"] = Grades(("优秀", 90, "quota", 1), ("良好", 80, null, null), ("合格", 60, null, null), ("不合格", 0, null, null)),
        ["labels"] = new JsonObject
        {
            ["pacesetter"] = Label(1, 90),
            ["winner"] = Label(2, 85),
            ["yellow"] = new JsonObject { ["bottom"] = 1, ["below"] = 60 },
        },
        ["flag"] = new JsonObject { ["min"] = 90 },
    };

    private static JsonObject InvestmentTeams(int months) => new()
    {
        ["id"] = "invest",
        ["name"] = "招商赛马",
        ["units"] = UnitIds("invest"),
        ["indicators"] = new JsonArray(
            Ind("signed", "签约项目计划总投资(亿元)", 40, true, Method("completion", ("cap", 1.5m))),
            Ind("started", "签约项目开工转化率", 25, true, Method("leaderRatio")),
            Ind("landed", "新落地项目(个)", 10, true,
                Method("baseline", ("baseline", 2 * months), ("deduct", 2m), ("step", 1m), ("whole", true), ("bonusPer", 1m), ("bonusCap", 2m))),
            Ind("visits", "走访企业(家)", 15, false, Method("rank", ("step", 2m), ("rest", 3m))),
            Ind("foreign", "实际利用外资(万美元)", 10, false, Method("efficacy", ("base", 50), ("span", 50)), missing: "exclude")),
        ["tieBreak"] = new JsonArray("signed"),
        ["labels"] = new JsonObject
        {
            ["pacesetter"] = Label(1, 90),
            ["winner"] = Label(2, 80),
            ["yellow"] = new JsonObject { ["bottom"] = 1 },
        },
        ["flag"] = new JsonObject { ["min"] = 90 },
    };

    /// <summary>One veto, one exemption of a whole deduction, one veto cancelled by an exemption, and one blockTop.</summary>
    private static JsonArray Adjustments(string period) => period switch
    {
        "2026-03" => [new JsonObject { ["id"] = "x1", ["unit"] = "T2", ["type"] = "exemption", ["ref"] = "cards", ["factor"] = 0.5m, ["reason"] = "容错减责：因上级规划调整导致项目延期，督办扣分减半" }],
        "2026-06" => [new JsonObject { ["id"] = "a1", ["unit"] = "T7", ["type"] = "veto", ["reason"] = "发生较大生产安全事故（一票否决）" }],
        "2026-09" =>
        [
            new JsonObject { ["id"] = "a1", ["unit"] = "I5", ["type"] = "veto", ["reason"] = "违规承诺招商优惠政策" },
            new JsonObject { ["id"] = "x1", ["unit"] = "I5", ["type"] = "exemption", ["ref"] = "a1", ["reason"] = "经认定属先行先试容错情形，免予否决" },
        ],
        "2026-Q2" => [new JsonObject { ["id"] = "a1", ["unit"] = "D3", ["type"] = "blockTop", ["reason"] = "省级条线通报批评（一票否优）" }],
        _ => [],
    };

    // ---- The figures ----

    /// <summary>How strong each unit is all year (0.85–1.15), so that rankings move but do not jump about.</summary>
    private static readonly Dictionary<string, double> Strength = BuildStrength();

    private static Dictionary<string, double> BuildStrength()
    {
        var random = new Random(20260101);
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var c in Categories)
        {
            foreach (var u in c.Units) map[u.Code] = 0.85 + 0.3 * random.NextDouble();
        }
        return map;
    }

    private static decimal Round(double x, int decimals) => (decimal)Math.Round(x, decimals, MidpointRounding.AwayFromZero);

    /// <summary>Approved figures of every unit for every indicator of a period (a few missing where the methods allow it).</summary>
    public static List<(string Unit, string Indicator, JsonNode Value, DatumState State, string By)> Figures(string period)
    {
        int months = IsQuarter(period) ? 3 : 1;
        var random = new Random(Periods.ToList().IndexOf(period) * 7919 + 2026);
        var rows = new List<(string, string, JsonNode, DatumState, string)>();
        void Add(string unit, string indicator, JsonNode value) => rows.Add((unit, indicator, value, DatumState.Approved, "admin"));
        double Noise(double spread) => (random.NextDouble() * 2 - 1) * spread;

        foreach (var u in Categories[0].Units)
        {
            double s = Strength[u.Code];
            int n = int.Parse(u.Code[1..], CultureInfo.InvariantCulture);
            double target = (0.8 + 0.1 * n) * months;
            Add(u.Code, "revenue", new JsonObject { ["value"] = Round(target * (s + Noise(0.12)), 2), ["target"] = Round(target, 2) });
            double previous = (18 + 4 * n) * months;
            Add(u.Code, "industry", new JsonObject { ["value"] = Round(previous * (1 + (s - 1) * 0.5 + 0.05 + Noise(0.08)), 2), ["previous"] = Round(previous, 2) });
            Add(u.Code, "projects", Math.Max(0, (int)Math.Round(months * (2 * s + Noise(1)))));
            Add(u.Code, "fixedInvest", Round((3 + 0.4 * n) * months * (s + Noise(0.1)), 2));
            // 北湖镇 has no land to clear: missing, scored at the category's average.
            if (u.Code != "T7") Add(u.Code, "land", Round(months * (40 + 60 * s + Noise(20)), 1));
            Add(u.Code, "livelihood", Round(Math.Min(100, 85 + 12 * s + Noise(3)), 1));
            if (random.NextDouble() < 0.2)
            {
                string[] items = ["营商环境", "乡村振兴", "平安建设"];
                string[] levels = ["city", "city", "province", "national"];
                var awards = new JsonArray();
                for (int k = 0; k < 1 + random.Next(2); k++) awards.Add(new JsonObject { ["item"] = items[random.Next(items.Length)], ["level"] = levels[random.Next(levels.Length)] });
                Add(u.Code, "honors", awards);
            }
            if (random.NextDouble() < 0.3) Add(u.Code, "cards", new JsonObject { ["yellow"] = 1 + random.Next(2), ["red"] = random.Next(2) });
        }
        // The exemption of 2026-03 and the veto of 2026-06 have their events.
        if (period == "2026-03") Replace(rows, "T2", "cards", new JsonArray(new JsonObject { ["id"] = "c1", ["type"] = "red" }, new JsonObject { ["id"] = "c2", ["type"] = "yellow" }));
        if (period == "2026-06") Replace(rows, "T7", "cards", new JsonArray(new JsonObject { ["id"] = "c1", ["type"] = "red" }));

        string[] serviceGrades = ["差", "中", "良", "优"];
        foreach (var u in Categories[1].Units)
        {
            double s = Strength[u.Code];
            Add(u.Code, "duty", Round(Math.Min(105, 62 + 30 * s + Noise(6)), 1));
            Add(u.Code, "reform", Round(Math.Clamp(9 + 5 * s + Noise(1.5), 0, 15), 1));
            Add(u.Code, "service", serviceGrades[Math.Clamp((int)Math.Round((s - 0.85) * 10 + Noise(1)), 0, 3)]);
            Add(u.Code, "upper", 1 + random.Next(8));
            if (random.NextDouble() < 0.25) Add(u.Code, "innovation", Round(0.5 * (1 + random.Next(4)), 1));
            if (random.NextDouble() < 0.3) Add(u.Code, "complaints", 1 + random.Next(3));
        }

        string[] partyGrades = ["C", "B", "A"];
        foreach (var u in Categories[2].Units)
        {
            double s = Strength[u.Code];
            int n = int.Parse(u.Code[1..], CultureInfo.InvariantCulture);
            double target = (0.3 + 0.15 * n) * months;
            Add(u.Code, "profit", new JsonObject { ["value"] = Round(target * (s + Noise(0.15)), 2), ["target"] = Round(target, 2) });
            Add(u.Code, "preserve", Round(99 + 10 * (s - 0.85) / 0.3 + Noise(2), 1));
            Add(u.Code, "debt", Round(72 - 15 * (s - 0.85) / 0.3 + Noise(3), 1));
            Add(u.Code, "party", partyGrades[Math.Clamp((int)Math.Round((s - 0.85) * 7 + Noise(0.8)), 0, 2)]);
            Add(u.Code, "energySaving", Round(0.6 - 0.25 * (s - 0.85) / 0.3 + Noise(0.05), 3));
            if (random.NextDouble() < 0.2) Add(u.Code, "safety", random.NextDouble() < 0.8 ? new JsonObject { ["general"] = 1 } : new JsonObject { ["general"] = 1, ["serious"] = 1 });
        }

        foreach (var u in Categories[3].Units)
        {
            double s = Strength[u.Code];
            int n = int.Parse(u.Code[1..], CultureInfo.InvariantCulture);
            double target = (8 + 2 * n) * months;
            Add(u.Code, "signed", new JsonObject { ["value"] = Round(target * (s + Noise(0.3)), 1), ["target"] = Round(target, 1) });
            Add(u.Code, "started", Round(Math.Clamp(0.55 * s + Noise(0.15), 0.05, 0.95), 2));
            Add(u.Code, "landed", Math.Max(0, (int)Math.Round(months * (2 * s + Noise(1.2)))));
            Add(u.Code, "visits", Math.Max(3, (int)Math.Round(months * (25 * s + Noise(8)))));
            // The Shenzhen team does not work on foreign capital: excluded, its base rescaled.
            if (u.Code != "I5") Add(u.Code, "foreign", Round(months * (600 * s + Noise(200)), 1));
        }
        return rows;
    }

    private static void Replace(List<(string Unit, string Indicator, JsonNode Value, DatumState State, string By)> rows, string unit, string indicator, JsonNode value)
    {
        rows.RemoveAll(r => r.Unit == unit && r.Indicator == indicator);
        rows.Add((unit, indicator, value, DatumState.Approved, "admin"));
    }

    /// <summary>November so far: drafts of 城东街道 and 经济发展局, a submission of 城西街道 waiting for review.</summary>
    public static List<(string Unit, string Indicator, JsonNode Value, DatumState State, string By)> DraftFigures() =>
    [
        ("T1", "revenue", new JsonObject { ["value"] = 1.02m, ["target"] = 0.9m }, DatumState.Draft, "reporter.t1"),
        ("T1", "industry", new JsonObject { ["value"] = 24.8m, ["previous"] = 22m }, DatumState.Draft, "reporter.t1"),
        ("T1", "projects", 3, DatumState.Draft, "reporter.t1"),
        ("T2", "revenue", new JsonObject { ["value"] = 0.97m, ["target"] = 1m }, DatumState.Submitted, "reporter.t2"),
        ("T2", "industry", new JsonObject { ["value"] = 27.1m, ["previous"] = 26m }, DatumState.Submitted, "reporter.t2"),
        ("T2", "livelihood", 96.5m, DatumState.Submitted, "reporter.t2"),
        ("D1", "duty", 91.5m, DatumState.Draft, "reporter.d1"),
    ];
}
