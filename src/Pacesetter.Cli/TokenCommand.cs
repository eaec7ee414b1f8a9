using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Pacesetter.App.Accounts;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter token create --org ORG --user USER [--name NAME]</c>: a new API token, printed once.</summary>
public static class TokenCommand
{
    public static readonly CliText Summary = new("接口令牌：为用户创建一个", "API tokens: create one for a user");

    private const string HelpZh = """
        用法：pacesetter token create --org 组织 --user 用户 [--name 用途]

        为组织 ORG 的用户 USER 创建接口令牌，只输出令牌本身（一行）：令牌只显示这一次（系统只保存其哈希）。
        创建记入审计日志。
        数据库与网页应用相同，按当前文件夹配置：appsettings.json（可选），然后是环境变量
        （Database__Provider、ConnectionStrings__Pacesetter）；默认为 SQLite 文件 data/pacesetter.db
        （PACESETTER_DATA 可指定其他文件夹）。如有需要会先迁移数据库。
        提示为英文加中文（运维工具）；帮助的语言：--lang en 或 PACESETTER_LANG=en 为英文。

        选项：
          --org 组织    组织的简称，即网址中的名称（如 demo）
          --user 用户   该组织某个用户的用户名
          --name 用途   令牌的用途（默认 cli）

        示例（本命令不读文件，没有示例文件）：
          pacesetter token create --org demo --user admin --name "月度数据导入" > token.txt
        """;

    private const string Help = """
        Usage: pacesetter token create --org ORG --user USER [--name NAME]

        Creates an API token for the user USER of the organization ORG and prints only the token, on one line: it is
        shown this once (only its hash is kept). The creation is written to the audit log.
        The database is the web application's, configured from the current directory: appsettings.json (optional),
        then the environment (Database__Provider, ConnectionStrings__Pacesetter); by default the SQLite file
        data/pacesetter.db (PACESETTER_DATA names another folder). The database is migrated first if needed.

        Options:
          --org ORG     the organization's short name, as in its URLs (e.g. demo)
          --user USER   the user name of a user of that organization
          --name NAME   what the token is for (default: cli)

        Example:
          pacesetter token create --org demo --user admin --name "月度数据导入" > token.txt
        """;

    public static int Run(string[] args, CliContext ctx) => Run(args, ctx, CliDatabase.Configuration());

    public static int Run(string[] args, CliContext ctx, IConfiguration configuration)
    {
        var o = Options.Parse(args, ["org", "user", "name", "lang"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, Help, o, ctx));
            return ExitCodes.Ok;
        }
        if (o.Positionals is not ["create"]) o.Errors.Add("expected the sub-command create (需要子命令 create)");
        var orgSlug = o.Get("org");
        var userName = o.Get("user");
        var name = o.Get("name") ?? "cli";
        if (string.IsNullOrWhiteSpace(orgSlug)) o.Errors.Add("--org: required (缺少组织)");
        if (string.IsNullOrWhiteSpace(userName)) o.Errors.Add("--user: required (缺少用户)");
        if (name.Length is 0 or > 200) o.Errors.Add("--name: must be 1 to 200 characters (名称应为 1 至 200 个字符)");
        if (o.Errors.Count > 0)
        {
            o.ReportBilingual(ctx, "pacesetter token");
            return ExitCodes.Invalid;
        }
        return CreateAsync(orgSlug!, userName!, name, ctx, configuration).GetAwaiter().GetResult();
    }

    private static async Task<int> CreateAsync(string orgSlug, string userName, string name, CliContext ctx, IConfiguration configuration)
    {
        await using var db = await CliDatabase.OpenAsync(configuration);
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == orgSlug);
        if (org is null)
        {
            ctx.Error.WriteLine($"pacesetter token: unknown organization \"{orgSlug}\" (组织不存在)");
            return ExitCodes.Invalid;
        }
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.UserName == userName && u.OrganizationId == org.Id);
        if (user is null)
        {
            ctx.Error.WriteLine($"pacesetter token: organization \"{orgSlug}\" has no user \"{userName}\" (该组织没有此用户)");
            return ExitCodes.Invalid;
        }
        var created = await new ApiTokenService(db).CreateAsync(org.Id, user.Id, name, $"cli:{Environment.UserName}");
        if (!created.IsOk)
        {
            foreach (var p in created.Problems) ctx.Error.WriteLine($"pacesetter token: {p.English} ({p.Chinese})");
            return ExitCodes.Invalid;
        }
        ctx.Out.WriteLine(created.Value!.Token);
        return ExitCodes.Ok;
    }
}
