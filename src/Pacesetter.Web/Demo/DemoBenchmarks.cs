using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Benchmarking;
using Pacesetter.App.Data;

namespace Pacesetter.Web.Demo;

/// <summary>
/// The demo's benchmarking data (对标, issue #11 §1): the demo zone against 苏州工业园区 and 昆山开发区 on six indicators,
/// 2021–2025, saved once through <see cref="BenchmarkService"/> as the demo's admin (one audited <c>benchmarks.save</c>).
/// The figures are made up for the demo (round, of a plausible size), not statistics of the places named. The zone
/// leads on some, catches up on some and cannot catch up on others, so the page shows every kind of line.
/// <c>Demo:Benchmarks=false</c> leaves them out (the test suite's demo template).
/// </summary>
public static class DemoBenchmarks
{
    public const string Document = """
        {"indicators": [
           {"id": "gdp", "name": "地区生产总值", "unit": "亿元", "direction": "higher"},
           {"id": "revenue", "name": "一般公共预算收入", "unit": "亿元", "direction": "higher"},
           {"id": "industry", "name": "规上工业总产值", "unit": "亿元", "direction": "higher"},
           {"id": "fdi", "name": "实际使用外资", "unit": "亿美元", "direction": "higher"},
           {"id": "rd", "name": "研发投入强度", "unit": "%", "direction": "higher"},
           {"id": "energy", "name": "单位地区生产总值能耗", "unit": "吨标准煤/万元", "direction": "lower"}],
         "own": {"name": "示范开发区", "values": {
           "gdp": {"2021": 620, "2022": 680, "2023": 745, "2024": 820, "2025": 905},
           "revenue": {"2021": 52, "2022": 55, "2023": 58, "2024": 63, "2025": 68},
           "industry": {"2021": 1500, "2022": 1620, "2023": 1780, "2024": 1900, "2025": 2050},
           "fdi": {"2021": 3.2, "2022": 3.5, "2023": 3.1, "2024": 3.6, "2025": 3.9},
           "rd": {"2021": 2.6, "2022": 2.8, "2023": 3.0, "2024": 3.2, "2025": 3.4},
           "energy": {"2021": 0.42, "2022": 0.40, "2023": 0.38, "2024": 0.37, "2025": 0.35}}},
         "benchmarks": [
           {"id": "sip", "name": "苏州工业园区", "values": {
             "gdp": {"2021": 3330, "2022": 3515, "2023": 3686, "2024": 3760, "2025": 3850},
             "revenue": {"2021": 370, "2022": 390, "2023": 406, "2024": 410, "2025": 420},
             "industry": {"2021": 10200, "2022": 10800, "2023": 11000, "2024": 11300, "2025": 11600},
             "fdi": {"2021": 20.5, "2022": 21.0, "2023": 18.0, "2024": 17.5, "2025": 16.8},
             "rd": {"2021": 3.6, "2022": 3.7, "2023": 3.8, "2024": 3.9, "2025": 4.0},
             "energy": {"2021": 0.30, "2022": 0.29, "2023": 0.28, "2024": 0.28, "2025": 0.27}}},
           {"id": "ks", "name": "昆山开发区", "values": {
             "gdp": {"2021": 1500, "2022": 1580, "2023": 1620, "2024": 1680, "2025": 1720},
             "revenue": {"2021": 70, "2022": 72, "2023": 70, "2024": 73, "2025": 75},
             "industry": {"2021": 4800, "2022": 5000, "2023": 4950, "2024": 5100, "2025": 5200},
             "fdi": {"2021": 4.0, "2022": 3.8, "2023": 3.6, "2024": 3.5, "2025": 3.4},
             "rd": {"2021": 3.0, "2022": 3.1, "2023": 3.1, "2024": 3.2, "2025": 3.2},
             "energy": {"2021": 0.36, "2022": 0.36, "2023": 0.35, "2024": 0.35, "2025": 0.34}}}]}
        """;

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Demo:Benchmarks", true);

    /// <summary>Saves the demo's data once: an organization that has benchmarking data (the demo's or its own) is left alone.</summary>
    public static async Task EnsureAsync(IServiceProvider services)
    {
        var db = services.GetRequiredService<PacesetterDb>();
        var org = await db.Organizations.AsNoTracking().FirstAsync(o => o.Slug == DemoData.Slug);
        if (await db.BenchmarkSets.AnyAsync(s => s.OrganizationId == org.Id)) return;
        var saved = await services.GetRequiredService<BenchmarkService>().SaveAsync(org.Id, System.Text.Encoding.UTF8.GetBytes(Document), 0, "admin", default);
        if (!saved.IsOk) throw new InvalidOperationException("demo benchmarks: " + string.Join("; ", saved.Problems.Select(p => $"{p.Path}: {p.English}")));
    }
}
