using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.Cli;

// Not "…Tests.Demo": that namespace would hide Pacesetter.Web.Demo from the tests that write Demo.DemoData.
namespace Pacesetter.Web.Tests.DemoOrganization;

/// <summary>
/// <c>pacesetter token create</c> on the demo database: a token made is a write (an app of its own); the refusals
/// share one demo app.
/// </summary>
public class TokenCommandTests(SharedDemo shared) : ReadsSharedDemo(shared)
{
    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Token_create_prints_only_a_token_whose_hash_is_stored_for_the_user_and_audited(string provider)
    {
        using var app = new TestApp(provider, demo: true);
        _ = app.Server;

        var run = CliRunner.Run(app, TokenCommand.Run, "create", "--org", "demo", "--user", "assessor.econ", "--name", "月度数据导入");

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Error);
        var token = Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^ps_[A-Za-z0-9_-]{43}$", token);
        using var db = app.NewDb();
        var row = await db.ApiTokens.SingleAsync();
        var user = await db.Users.SingleAsync(u => u.UserName == "assessor.econ");
        Assert.Equal(ApiTokenService.Hash(token), row.TokenHash);
        Assert.Equal(user.Id, row.UserId);
        Assert.Equal(user.OrganizationId, row.OrganizationId);
        Assert.Equal("月度数据导入", row.Name);
        Assert.Equal(token[..8], row.Prefix);
        var audit = await db.AuditEntries.SingleAsync(a => a.Kind == "token.create");
        Assert.Equal(token[..8], audit.Key);
        Assert.StartsWith("cli:", audit.Actor);
    }

    [Fact]
    public async Task The_created_token_authenticates_an_api_request_and_a_wrong_one_does_not()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        var token = CliRunner.Run(app, TokenCommand.Run, "create", "--org", "demo", "--user", "admin").Out.Trim();
        var client = app.CreateClient();

        var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/results");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
        await client.SendAsync(wrong);
        using (var db = app.NewDb()) Assert.Null((await db.ApiTokens.SingleAsync()).LastUsedAt);

        var right = new HttpRequestMessage(HttpMethod.Get, "/api/results");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await client.SendAsync(right);
        // The token handler stamps the token it accepted.
        using (var db = app.NewDb()) Assert.NotNull((await db.ApiTokens.SingleAsync()).LastUsedAt);
    }

    [Theory]
    [InlineData("nowhere", "admin", "pacesetter token: unknown organization \"nowhere\" (组织不存在)")]
    [InlineData("demo", "nobody", "pacesetter token: organization \"demo\" has no user \"nobody\" (该组织没有此用户)")]
    public async Task Token_create_for_an_unknown_organization_or_user_fails_with_one_line(string org, string user, string message)
    {
        var app = Shared();

        var run = CliRunner.Run(app, TokenCommand.Run, "create", "--org", org, "--user", user);

        Assert.Equal(2, run.Code);
        Assert.Equal("", run.Out);
        Assert.Equal(message, run.Error.TrimEnd('\n'));
        using var db = app.NewDb();
        Assert.Equal(0, await db.ApiTokens.CountAsync());
    }

    [Fact]
    public void Token_create_without_org_and_user_names_both()
    {
        var app = Shared();

        var run = CliRunner.Run(app, TokenCommand.Run, "create");

        Assert.Equal(2, run.Code);
        Assert.Equal(["pacesetter token: --org: required (缺少组织)", "pacesetter token: --user: required (缺少用户)"], run.Error.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task The_command_uses_the_database_named_by_the_environment()
    {
        using var app = new TestApp(demo: true);
        _ = app.Server;
        string connection;
        using (var db = app.NewDb()) connection = db.Database.GetConnectionString()!;
        var folder = Directory.CreateTempSubdirectory("pacesetter-cli-").FullName;

        var run = CliRunner.Process(folder, new Dictionary<string, string?>
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Pacesetter"] = connection,
        }, "token", "create", "--org", "demo", "--user", "leader");
        Directory.Delete(folder, recursive: true);

        Assert.Equal("", run.Error);
        Assert.Equal(0, run.Code);
        using var check = app.NewDb();
        Assert.Equal(ApiTokenService.Hash(run.Out.Trim()), (await check.ApiTokens.SingleAsync()).TokenHash);
    }

    [Fact]
    public void Without_configuration_the_command_migrates_data_pacesetter_db_in_the_working_directory()
    {
        var folder = Directory.CreateTempSubdirectory("pacesetter-cli-").FullName;

        var run = CliRunner.Process(folder, new Dictionary<string, string?>(), "token", "create", "--org", "demo", "--user", "admin");

        Assert.Equal(2, run.Code);
        Assert.Equal("pacesetter token: unknown organization \"demo\" (组织不存在)\n", run.Error);
        Assert.True(File.Exists(Path.Combine(folder, "data", "pacesetter.db")));
        Directory.Delete(folder, recursive: true);
    }
}
