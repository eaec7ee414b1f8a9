using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Tests.Races;

/// <summary>
/// ADR 0026: what a crowd's requests share — the leaderboard's tables rendered once and spliced in, the reads
/// remembered for a moment (RecentReads), the texts remembered per language — never shows a reader what is not
/// theirs, nor anything a write has changed.
/// </summary>
public class SharedReadsTests
{
    private static async Task<(IDocument Page, HttpResponseMessage Response, byte[] Bytes)> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return (new HtmlParser().ParseDocument(Encoding.UTF8.GetString(bytes)), response, bytes);
    }

    private static string[] Streak(IDocument page) => page.QuerySelectorAll("#streak-towns li").Select(l => string.Join(' ', l.TextContent.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))).ToArray();

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_shared_tables_follow_the_reader_the_language_and_a_correction_of_an_earlier_month(string provider)
    {
        await using var world = await RaceWorld.CreateAsync(provider);
        var leader = await world.PageAs("race.leader");
        var reporter = await world.PageAs("race.t1");

        // The leader first: every unit linked and the interview list; the page is sent whole, with its length.
        var (first, response, bytes) = await PageAsync(leader, "/races/2026-03");
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        Assert.DoesNotContain("<!--spliced:", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        Assert.Equal(4, first.QuerySelectorAll("#board-table-towns .race-unit a").Length);
        Assert.Equal(["北山镇 连续 3 期，自2026年1月起"], Streak(first));

        // The reporter next, from the same memory: its own unit alone linked and marked, no interview list.
        var (mine, _, _) = await PageAsync(reporter, "/races/2026-03");
        Assert.Equal(["/races/2026-03/units/T1"], mine.QuerySelectorAll("#board-table-towns .race-unit a").Select(a => a.GetAttribute("href")));
        Assert.Equal(["T1"], mine.QuerySelectorAll("#board-table-towns tr.race-mine").Select(r => r.GetAttribute("data-unit")));
        Assert.Null(mine.QuerySelector("#streak-towns"));

        // English, then Chinese again: each language its own tables (and texts: up 2 / 上升 2 名).
        var (english, _, _) = await PageAsync(leader, "/races/2026-03?lang=en");
        Assert.Equal("Biggest risers", english.QuerySelector("#risers-towns .card-header")!.TextContent.Trim());
        Assert.Equal("up 2", english.QuerySelector("#board-table-towns tr[data-unit=T3] .race-move")!.GetAttribute("title"));
        var (chinese, _, _) = await PageAsync(leader, "/races/2026-03");
        Assert.Equal("进位最快", chinese.QuerySelector("#risers-towns .card-header")!.TextContent.Trim());
        Assert.Equal("上升 2 名", chinese.QuerySelector("#board-table-towns tr[data-unit=T3] .race-move")!.GetAttribute("title"));

        // A correction of February (北山镇 95: no longer yellow, 南湖镇 last instead) republished: March's own revision is
        // unchanged, but its interview list is not — 北山镇 is yellow in March alone now. It shows at the next request.
        using (var scope = world.App.Services.CreateScope())
        {
            var sp = scope.ServiceProvider;
            Seeding.Ok(await sp.GetRequiredService<PublicationService>().OpenCorrectionAsync(world.OrganizationId, "2026-02", "race.admin", "北山镇二月数据更正"));
            var february = RaceWorld.Scheme(1);
            february["data"]!["T4"]!["work"] = 95;
            Seeding.Ok(await sp.GetRequiredService<SchemeImporter>().ImportAsync(world.OrganizationId, "2026-02", Encoding.UTF8.GetBytes(february.ToJsonString()), "race.admin", "更正", null));
            Seeding.Ok(await sp.GetRequiredService<PublicationService>().PublishAsync(world.OrganizationId, "2026-02", "race.admin", "更正后重新发布", false));
        }
        var (after, _, _) = await PageAsync(leader, "/races/2026-03");
        Assert.Equal("1", after.QuerySelector("#revision")!.GetAttribute("data-revision"));
        Assert.Empty(Streak(after));
        var (february2, _, _) = await PageAsync(leader, "/races/2026-02");
        Assert.Equal("2", february2.QuerySelector("#revision")!.GetAttribute("data-revision"));
        Assert.Equal(["T4", "T1", "T2", "T3"], february2.QuerySelectorAll("#board-table-towns tbody tr").Select(r => r.GetAttribute("data-unit")));
    }

    [Fact]
    public async Task A_remembered_read_is_kept_for_its_moment_within_one_generation()
    {
        // A generation of its own, so that other tests' writes in this process do not start new ones.
        using var cache = new MemoryCache(new MemoryCacheOptions());
        long generation = 7;
        var recent = new RecentReads(cache, () => generation);
        int reads = 0;
        Task<int> Read() => Task.FromResult(++reads);

        Assert.Equal(1, await recent.GetAsync(("test", 1), Read));
        Assert.Equal(1, await recent.GetAsync(("test", 1), Read));   // remembered: not read again
        Assert.Equal(2, await recent.GetAsync(("test", 2), Read));   // another key is another read
        generation++;                                                // a write committed
        Assert.Equal(3, await recent.GetAsync(("test", 1), Read));
        Assert.Equal(3, await recent.GetAsync(("test", 1), Read));
        // A write on another instance ticks nothing here: the answer is read again once its moment has passed.
        await Task.Delay(RecentReads.Keep + TimeSpan.FromMilliseconds(200));
        Assert.Equal(4, await recent.GetAsync(("test", 1), Read));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_audited_write_starts_a_new_generation_and_a_refused_one_does_not_need_to(string provider)
    {
        await using var world = await RaceWorld.CreateAsync(provider);
        var recent = world.App.Services.GetRequiredService<RecentReads>();
        int reads = 0;
        Task<int> Read() => Task.FromResult(++reads);
        var key = ("test", Guid.NewGuid());
        await recent.GetAsync(key, Read);

        // An audited write committed by this process (a correction opened): whatever was remembered is read again.
        var before = RecentReads.Generation;
        int readsBefore = reads;
        using (var scope = world.App.Services.CreateScope())
        {
            Seeding.Ok(await scope.ServiceProvider.GetRequiredService<PublicationService>().OpenCorrectionAsync(world.OrganizationId, "2026-03", "race.admin", "测试"));
        }
        Assert.True(RecentReads.Generation > before);
        Assert.Equal(readsBefore + 1, await recent.GetAsync(key, Read));

        // What the services read through it shows the write at once: the board says a correction is open.
        var (page, _, _) = await PageAsync(await world.PageAs("race.leader"), "/races/2026-03");
        Assert.Equal("CorrectionOpen", page.QuerySelector("#revision")!.GetAttribute("data-standing"));
    }
}

/// <summary>
/// The generation of writes is one counter of the process, which other tests' writes tick: the test that a write ticks
/// none runs alone (<see cref="WriteGenerationCollection"/>).
/// </summary>
[Collection(WriteGenerationCollection.Name)]
public class DataEntryKeepsReadsTests
{
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_data_entry_write_leaves_the_remembered_reads_remembered(string provider)
    {
        await using var world = await RaceWorld.CreateAsync(provider);
        using (var scope = world.App.Services.CreateScope())
        {
            // March opened for correction, so that its data can be saved.
            Seeding.Ok(await scope.ServiceProvider.GetRequiredService<PublicationService>().OpenCorrectionAsync(world.OrganizationId, "2026-03", "race.admin", "测试"));
        }
        // The admin saves March's figure of 东城街道 (imported with the scheme, approved) through the API: an audited
        // write of data entry, which starts no new generation.
        int version;
        await using (var db = world.App.NewDb())
        {
            version = db.DatumEntries.Single(d => d.OrganizationId == world.OrganizationId && d.Period == "2026-03" && d.UnitCode == "T1" && d.IndicatorId == "work").Version;
        }
        var admin = await world.ApiAs("race.admin");   // (its token is made by an audited write: before the count starts)
        var before = RecentReads.Generation;
        var saved = await admin.PutAsync($"/api/orgs/{RaceWorld.Org}/periods/2026-03/data/T1/work",
            new StringContent($$"""{"value": 91, "version": {{version}}, "submit": false}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        await using (var db = world.App.NewDb())
        {
            Assert.Equal(1, db.AuditEntries.Count(a => a.OrganizationId == world.OrganizationId && a.Kind == "datum.save" && a.Key == "2026-03/T1/work"));
        }
        // What was remembered before the save (under this generation) is still used after it.
        Assert.Equal(before, RecentReads.Generation);
    }
}

/// <summary>Tests that watch <see cref="RecentReads.Generation"/> stay unticked: run with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WriteGenerationCollection
{
    public const string Name = "write generation";
}
