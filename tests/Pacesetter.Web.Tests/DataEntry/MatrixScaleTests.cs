using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Schemes;
using Xunit.Abstractions;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>The matrix of a large period: 500 units × 100 indicators, counted exactly from one query.</summary>
public class MatrixScaleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Matrix_of_500_units_by_100_indicators_counts_every_cell()
    {
        using var world = await EntryWorld.CreateAsync();
        var categories = new JsonArray();
        var units = new JsonObject();
        for (int c = 0; c < 5; c++)
        {
            var ids = new JsonArray();
            for (int u = 0; u < 100; u++)
            {
                units[$"U{c}_{u}"] = $"单位{c}-{u}";
                ids.Add($"U{c}_{u}");
            }
            var indicators = new JsonArray();
            for (int i = 0; i < 100; i++) indicators.Add(new JsonObject { ["id"] = $"k{i}", ["name"] = $"指标{i}", ["weight"] = 1, ["method"] = new JsonObject { ["type"] = "manual" } });
            categories.Add(new JsonObject { ["id"] = $"c{c}", ["name"] = $"类别{c}", ["units"] = ids, ["indicators"] = indicators });
        }
        var doc = new JsonObject { ["name"] = "large", ["period"] = "2026-10", ["units"] = units, ["categories"] = categories };
        using (var scope = world.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
            await db.InTransactionAsync(async () =>
            {
                Assert.NotNull((await scope.ServiceProvider.GetRequiredService<SchemeStore>().SaveAsync(world.OrganizationId, "2026-10", doc, "admin", null, 0)).Saved);
                // A fifth of the cells submitted, written directly: this test is about reading.
                for (int c = 0; c < 5; c++)
                {
                    for (int u = 0; u < 100; u++)
                    {
                        for (int i = 0; i < 20; i++)
                        {
                            db.DatumEntries.Add(new DatumEntry { OrganizationId = world.OrganizationId, Period = "2026-10", UnitCode = $"U{c}_{u}", IndicatorId = $"k{i}", Value = "1", State = DatumState.Submitted, UpdatedBy = "admin", UpdatedAt = DateTimeOffset.UtcNow, Version = 1 });
                        }
                    }
                }
                await db.SaveChangesAsync();
                return 0;
            });
        }
        var leader = await world.Browser("leader");
        await leader.GetStringAsync(Routes.Matrix(EntryWorld.Org, "2026-10"));

        var watch = Stopwatch.StartNew();
        var html = await leader.GetStringAsync(Routes.Matrix(EntryWorld.Org, "2026-10"));
        watch.Stop();
        output.WriteLine($"matrix 500 × 100: {watch.ElapsedMilliseconds} ms, {html.Length / 1024} KiB");

        Assert.Contains("id=\"count-submitted\">10000<", html);
        Assert.Contains("id=\"count-missing\">40000<", html);
        Assert.Contains("data-total=\"50000\"", html);
    }
}
