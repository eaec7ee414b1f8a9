using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;

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

    public static async Task RunAsync(DatabaseOptions options, int units, int indicators)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(options);
        services.AddDbContext<PacesetterDb>(options.Configure);
        services.AddScoped<SchemeStore>();
        services.AddIdentityCore<AppUser>(o => o.Password.RequiredLength = 10)
            .AddEntityFrameworkStores<PacesetterDb>();
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
        await Migrator.MigrateAsync(db);

        var org = new Organization { Slug = Org, Name = "基准测试区", CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();

        var user = new AppUser { UserName = User, DisplayName = "基准测试管理员", OrganizationId = org.Id };
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        db.Memberships.Add(new Membership { OrganizationId = org.Id, UserId = user.Id, Role = OrgRole.Admin });

        var categories = Enumerable.Range(0, Categories)
            .Select(c => new UnitCategory { OrganizationId = org.Id, Code = $"c{c + 1}", Name = $"第{c + 1}类", SortOrder = c, Version = 1 })
            .ToList();
        db.UnitCategories.AddRange(categories);
        await db.SaveChangesAsync();
        for (int u = 0; u < units; u++)
        {
            db.Units.Add(new Unit { OrganizationId = org.Id, Code = UnitCode(u), Name = $"单位{u + 1:D3}", CategoryId = categories[u % Categories].Id, Version = 1 });
        }
        db.PeriodSettings.Add(new PeriodSettings { OrganizationId = org.Id, Period = Period, Deadline = new DateTimeOffset(2026, 10, 15, 10, 0, 0, TimeSpan.Zero), Version = 1 });
        await db.SaveChangesAsync();

        var store = scope.ServiceProvider.GetRequiredService<SchemeStore>();
        var saved = await db.InTransactionAsync(async () =>
        {
            var outcome = await store.SaveAsync(org.Id, Period, Document(units, indicators), User, "基准测试方案", expectedVersion: 0);
            await db.SaveChangesAsync();
            return outcome;
        });
        if (saved.Saved is null)
        {
            throw new InvalidOperationException("the benchmark scheme is not valid:\n" + string.Join("\n", saved.Problems.Select(p => $"{p.Path}: {p.English}")));
        }

        // Data rows: 10 % missing, then approved 45 %, submitted 25 %, draft 15 %, returned 5 % (by a fixed seed).
        var random = new Random(2026);
        var now = DateTimeOffset.UtcNow;
        var batch = new List<DatumEntry>();
        for (int u = 0; u < units; u++)
        {
            for (int i = 0; i < indicators; i++)
            {
                var draw = random.Next(100);
                if (draw < 10) continue;
                var state = draw < 55 ? DatumState.Approved : draw < 80 ? DatumState.Submitted : draw < 95 ? DatumState.Draft : DatumState.Returned;
                batch.Add(new DatumEntry
                {
                    OrganizationId = org.Id,
                    Period = Period,
                    UnitCode = UnitCode(u),
                    IndicatorId = IndicatorId(i),
                    Value = Datum(i, random),
                    State = state,
                    ReturnReason = state == DatumState.Returned ? "数据与台账不符，请核实" : null,
                    UpdatedBy = User,
                    UpdatedAt = now,
                    Version = 1,
                });
                if (batch.Count == 5000) await Flush(db, batch);
            }
        }
        await Flush(db, batch);
    }

    private static async Task Flush(PacesetterDb db, List<DatumEntry> batch)
    {
        db.DatumEntries.AddRange(batch);
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        batch.Clear();
    }

    private static bool IsCompletion(int i) => i % 2 == 0;

    private static string Datum(int i, Random random)
    {
        var value = Math.Round(50 + 100 * (decimal)random.NextDouble(), 2);
        return IsCompletion(i)
            ? $"{{\"value\": {value.ToString(CultureInfo.InvariantCulture)}, \"target\": 100}}"
            : value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The scheme document (scoring.md §7) without data: completion and efficacy indicators of weight 1.</summary>
    public static JsonObject Document(int units, int indicators)
    {
        var unitNames = new JsonObject();
        for (int u = 0; u < units; u++) unitNames[UnitCode(u)] = $"单位{u + 1:D3}";
        var categories = new JsonArray();
        for (int c = 0; c < Categories; c++)
        {
            var members = new JsonArray();
            for (int u = c; u < units; u += Categories) members.Add(UnitCode(u));
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
