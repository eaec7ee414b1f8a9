using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Publication;
using Pacesetter.Cli;

namespace Pacesetter.Web.Tests.Publication;

/// <summary><c>pacesetter publish</c> and <c>pacesetter revisions</c> on the web application's database (ADR 0025).</summary>
public class PublishCommandTests
{
    private const string Period = "2026-10";

    private static async Task<RollUpWorld> WorldAsync(string provider, bool complete = true)
    {
        var world = await RollUpWorld.CreateAsync(provider);
        await world.SaveSchemeAsync(Period, RollUpWorld.Scheme("2026年10月考核", Period, ["A", "B", "C"], ("work", "重点工作", 100, """{"type": "manual"}""")));
        List<(string, string, JsonNode)> rows = [("A", "work", 95), ("B", "work", 90)];
        if (complete) rows.Add(("C", "work", 80));
        await world.LoadApprovedAsync(Period, rows);
        return world;
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Publish_stores_revision_1_and_a_second_publish_is_refused(string provider)
    {
        await using var world = await WorldAsync(provider);

        var zh = CliRunner.Run(world.App, PublishCommand.Run, "--org", RollUpWorld.Org, "--period", Period, "--reason", "十月考核结果");
        var again = CliRunner.Run(world.App, PublishCommand.Run, "--org", RollUpWorld.Org, "--period", Period, "--lang", "en");

        Assert.True(zh.Code == 0, zh.Error);
        Assert.Equal("pacesetter publish：正在计分并保存 滚动区 2026-10……\n", zh.Error);
        await using var db = world.App.NewDb();
        var revision = await db.Revisions.SingleAsync(r => r.OrganizationId == world.OrganizationId);
        Assert.Equal((1, "十月考核结果", $"cli:{Environment.UserName}", false), (revision.Number, revision.Reason, revision.CreatedBy, revision.Incomplete));
        var ends = revision.NoticeEndsAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"已发布 滚动区 2026-10 第 1 版；公示期至 {ends}（北京时间）\n", zh.Out);

        Assert.Equal(1, again.Code);
        Assert.Equal("", again.Out);
        var lines = again.Error.TrimEnd('\n').Split('\n');
        Assert.Equal(["pacesetter publish: scoring and storing roll 2026-10…", "pacesetter publish: 2026-10 was not published:"], lines[..2]);
        Assert.Equal(["$.period: period 2026-10 is already published (revision 1); open a correction to publish a new revision"], lines[2..]);
        Assert.Equal(1, await db.Revisions.CountAsync(r => r.OrganizationId == world.OrganizationId));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Missing_data_refuse_the_publication_unless_allowed_incomplete(string provider)
    {
        await using var world = await WorldAsync(provider, complete: false);

        var refused = CliRunner.Run(world.App, PublishCommand.Run, "--org", RollUpWorld.Org, "--period", Period, "--lang", "en");
        var allowed = CliRunner.Run(world.App, PublishCommand.Run, "--org", RollUpWorld.Org, "--period", Period, "--lang", "en", "--allow-incomplete");

        Assert.Equal(1, refused.Code);
        var lines = refused.Error.TrimEnd('\n').Split('\n');
        Assert.Equal("pacesetter publish: 2026-10 was not published:", lines[1]);
        Assert.StartsWith("$.data.C.work: ", lines[2]);
        Assert.Equal("Publish once the data are complete and approved, or give --allow-incomplete to apply the missing-data rules.", lines[^1]);
        Assert.Equal(0, allowed.Code);
        Assert.StartsWith("published roll 2026-10 revision 1; notice period until ", allowed.Out);
        Assert.EndsWith(" (Beijing time); incomplete: the missing-data rules applied\n", allowed.Out);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Revisions_lists_each_revision_and_prints_one_s_input_and_results_as_stored(string provider)
    {
        await using var world = await WorldAsync(provider);
        await world.PublishedAsync(Period);

        var list = CliRunner.Run(world.App, PublishRevisionsCommand.Run, "--org", RollUpWorld.Org, "--period", Period);
        var input = CliRunner.Run(world.App, PublishRevisionsCommand.Run, "--org", RollUpWorld.Org, "--period", Period, "--input", "1");
        var results = CliRunner.Run(world.App, PublishRevisionsCommand.Run, "--org", RollUpWorld.Org, "--period", Period, "--results", "1");
        var none = CliRunner.Run(world.App, PublishRevisionsCommand.Run, "--org", RollUpWorld.Org, "--period", Period, "--input", "2");

        Assert.True(list.Code == 0, list.Error);
        var lines = list.Out.TrimEnd('\n').Split('\n');
        Assert.Equal("滚动区 2026-10 已发布版次", lines[0]);
        Assert.StartsWith("版次  发布时间（北京时间）", lines[1]);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^   1  \d{4}-\d\d-\d\d \d\d:\d\d\s+admin\s+—\s+齐全\s+\d{4}-\d\d-\d\d \d\d:\d\d$", lines[3]);
        await using var db = world.App.NewDb();
        var revision = await db.Revisions.SingleAsync(r => r.OrganizationId == world.OrganizationId);
        Assert.Equal((0, PublicationStore.Unzip(revision.Input)), (input.Code, input.Out));
        Assert.Equal((0, PublicationStore.Unzip(revision.Results)), (results.Code, results.Out));
        Assert.Equal((2, "", "pacesetter revisions：滚动区 2026-10 没有第 2 版\n"), (none.Code, none.Out, none.Error));
    }

    [Fact]
    public async Task Unknown_organization_or_period_and_bad_options_are_refused_with_exit_2()
    {
        await using var world = await WorldAsync("Sqlite");

        var org = CliRunner.Run(world.App, PublishCommand.Run, "--org", "nowhere", "--period", Period);
        var noScheme = CliRunner.Run(world.App, PublishCommand.Run, "--org", RollUpWorld.Org, "--period", "2026-11", "--lang", "en");
        var usage = CliRunner.Run(world.App, PublishCommand.Run, "--period", "2026-13", "--lang", "en");
        var revision = CliRunner.Run(world.App, PublishRevisionsCommand.Run, "--org", RollUpWorld.Org, "--period", Period, "--input", "0", "--results", "1", "--lang", "en");
        var unpublished = CliRunner.Run(world.App, PublishRevisionsCommand.Run, "--org", RollUpWorld.Org, "--period", Period);

        Assert.Equal((2, "pacesetter publish：没有“nowhere”这个组织\n"), (org.Code, org.Error));
        Assert.Equal(2, noScheme.Code);
        Assert.EndsWith("pacesetter publish: roll has no scheme for 2026-11\n", noScheme.Error);
        Assert.Equal((2, "pacesetter publish: --org: required\npacesetter publish: --period: \"2026-13\" is not a period (2026-10, 2026-Q3, 2026-H1 or 2026)\n"), (usage.Code, usage.Error));
        Assert.Equal((2, "pacesetter revisions: --input: a revision is a whole number from 1, not \"0\"\n"), (revision.Code, revision.Error));
        Assert.Equal((2, "pacesetter revisions：滚动区 2026-10 尚未发布\n"), (unpublished.Code, unpublished.Error));
    }
}
