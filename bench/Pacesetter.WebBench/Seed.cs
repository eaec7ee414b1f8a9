using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;

namespace Pacesetter.WebBench;

/// <summary>
/// The benchmark's organization <c>bench</c>: <see cref="Units"/> units in five categories, one scheme of
/// <see cref="Indicators"/> indicators per category for period <see cref="Period"/>, and a data row for most unit ×
/// indicator pairs in every state (approved, submitted, draft, returned; a tenth missing). Deterministic.
/// </summary>
public static class Seed
{
    public const string Org = "bench";
    public const string Period = "2026-Q3";
    public const string User = "bench";
    public const string Password = "Bench#2026pass";
    public const int Categories = 5;

    public static string UnitCode(int u) => $"U{u + 1:D3}";

    public static string IndicatorId(int i) => $"i{i + 1:D3}";

    /// <param name="categories">How many categories the units are dealt into (default <see cref="Categories"/>; bench/race-load.sh: one).</param>
    /// <param name="allApproved">Every unit × indicator approved (a period ready to publish), instead of the mix of states.</param>
    public static async Task RunAsync(DatabaseOptions options, int units, int indicators, int categories = Categories, bool allApproved = false)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(options);
        services.AddDbContext<PacesetterDb>(options.Configure);
        services.AddScoped<SchemeStore>();
        services.AddScoped<OrgWriter>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<UnitService>();
        services.AddScoped<UserService>();
        services.AddScoped<DataEntryService>();
        services.AddIdentityCore<AppUser>(o => o.Password.RequiredLength = 10)
            .AddEntityFrameworkStores<PacesetterDb>();
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PacesetterDb>();
        await Migrator.MigrateAsync(db);

        // Through the application services, as the product writes (ADR 0007): the organization, its admin, categories,
        // units, deadline and scheme in one audited write; the data rows in audited batches of 5,000.
        var writer = sp.GetRequiredService<OrgWriter>();
        var organization = await writer.RunAsync(0, User, async w =>
        {
            var org = await sp.GetRequiredService<OrganizationService>().CreateInAsync(w, Org, "基准测试区", User, Password, platformAdmin: false, adminDisplayName: "基准测试管理员");
            if (!org.IsOk) return org.As<int>();
            var unitService = sp.GetRequiredService<UnitService>();
            var created = new List<UnitCategory>();
            for (int c = 0; c < categories; c++) created.Add(Check(await unitService.CreateCategoryInAsync(w, $"c{c + 1}", $"第{c + 1}类", c)));
            for (int u = 0; u < units; u++) Check(await unitService.CreateUnitInAsync(w, UnitCode(u), $"单位{u + 1:D3}", created[u % categories].Id));
            Check(await sp.GetRequiredService<DataEntryService>().SetDeadlineInAsync(w, Period, new DateTimeOffset(2026, 10, 15, 10, 0, 0, TimeSpan.Zero)));
            Check(await sp.GetRequiredService<SchemeStore>().SaveInAsync(w, Period, Document(units, indicators, categories), "基准测试方案", expectedVersion: 0));
            return WriteOutcome<int>.Ok(w.OrganizationId);
        });
        int orgId = Check(organization);

        // Data rows: 10 % missing, then approved 45 %, submitted 25 %, draft 15 %, returned 5 % (by a fixed seed).
        var random = new Random(2026);
        var batch = new List<DataEntryService.Loaded>();
        for (int u = 0; u < units; u++)
        {
            for (int i = 0; i < indicators; i++)
            {
                var draw = allApproved ? 50 : random.Next(100);
                if (draw < 10) continue;
                var state = draw < 55 ? DatumState.Approved : draw < 80 ? DatumState.Submitted : draw < 95 ? DatumState.Draft : DatumState.Returned;
                batch.Add(new DataEntryService.Loaded(UnitCode(u), IndicatorId(i), JsonNode.Parse(Datum(i, random))!, state, User,
                    state == DatumState.Returned ? "数据与台账不符，请核实" : null));
                if (batch.Count == 5000) await Flush(sp, orgId, batch);
            }
        }
        await Flush(sp, orgId, batch);
    }

    private static async Task Flush(IServiceProvider sp, int orgId, List<DataEntryService.Loaded> batch)
    {
        if (batch.Count == 0) return;
        var entry = sp.GetRequiredService<DataEntryService>();
        Check(await sp.GetRequiredService<OrgWriter>().RunAsync(orgId, User, async w =>
            WriteOutcome<int>.Ok(await entry.LoadInAsync(w, Period, batch, $"{{\"rows\":{batch.Count}}}", "基准测试数据"))));
        sp.GetRequiredService<PacesetterDb>().ChangeTracker.Clear();
        batch.Clear();
    }

    private static T Check<T>(WriteOutcome<T> outcome) =>
        outcome.IsOk ? outcome.Value! : throw new InvalidOperationException("bench seed: " + string.Join("\n", outcome.Problems.Select(p => $"{p.Path}: {p.English}")));

    private static bool IsCompletion(int i) => i % 2 == 0;

    private static string Datum(int i, Random random)
    {
        var value = Math.Round(50 + 100 * (decimal)random.NextDouble(), 2);
        return IsCompletion(i)
            ? $"{{\"value\": {value.ToString(CultureInfo.InvariantCulture)}, \"target\": 100}}"
            : value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The scheme document (scoring.md §7) without data: completion and efficacy indicators of weight 1.</summary>
    public static JsonObject Document(int units, int indicators, int categoryCount = Categories)
    {
        var unitNames = new JsonObject();
        for (int u = 0; u < units; u++) unitNames[UnitCode(u)] = $"单位{u + 1:D3}";
        var categories = new JsonArray();
        for (int c = 0; c < categoryCount; c++)
        {
            var members = new JsonArray();
            for (int u = c; u < units; u += categoryCount) members.Add(UnitCode(u));
            var list = new JsonArray();
            for (int i = 0; i < indicators; i++)
            {
                list.Add(new JsonObject
                {
                    ["id"] = IndicatorId(i),
                    ["name"] = $"指标{i + 1:D3}",
                    ["weight"] = 1,
                    ["method"] = IsCompletion(i) ? new JsonObject { ["type"] = "completion", ["cap"] = 1.2m } : new JsonObject { ["type"] = "efficacy" },
                });
            }
            categories.Add(new JsonObject
            {
                ["id"] = $"c{c + 1}",
                ["name"] = $"第{c + 1}类",
                ["units"] = members,
                ["indicators"] = list,
                ["grades"] = new JsonArray(
                    new JsonObject { ["name"] = "优秀", ["min"] = 90, ["quota"] = 10 },
                    new JsonObject { ["name"] = "良好", ["min"] = 80 },
                    new JsonObject { ["name"] = "达标", ["min"] = 60 },
                    new JsonObject { ["name"] = "不达标", ["min"] = 0 }),
                // 标兵, 优胜, 黄牌 and the red flag, so that the published pages show them (scoring.md §5).
                ["labels"] = new JsonObject
                {
                    ["pacesetter"] = new JsonObject { ["top"] = 3, ["min"] = 80 },
                    ["winner"] = new JsonObject { ["top"] = 20 },
                    ["yellow"] = new JsonObject { ["bottom"] = 10, ["below"] = 60 },
                },
                ["flag"] = new JsonObject { ["min"] = 80 },
            });
        }
        return new JsonObject
        {
            ["name"] = "基准测试区2026年第三季度考核",
            ["period"] = Period,
            ["units"] = unitNames,
            ["categories"] = categories,
            ["data"] = new JsonObject(),
        };
    }
}
