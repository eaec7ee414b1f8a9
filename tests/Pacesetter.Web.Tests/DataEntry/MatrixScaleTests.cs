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
        await world.App.SaveScheme(world.OrganizationId, "2026-10", doc);
        // A fifth of the cells submitted, loaded as they stand: this test is about reading.
        var rows = new List<DataEntryService.Loaded>();
        for (int c = 0; c < 5; c++)
        {
            for (int u = 0; u < 100; u++)
            {
                for (int i = 0; i < 20; i++) rows.Add(new DataEntryService.Loaded($"U{c}_{u}", $"k{i}", JsonValue.Create(1), DatumState.Submitted, "admin"));
            }
        }
        await world.App.LoadData(world.OrganizationId, "2026-10", [.. rows]);
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
