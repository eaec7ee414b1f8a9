using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;

namespace Pacesetter.Cli;

/// <summary>
/// <c>pacesetter admin create --org ORG [--org-name NAME] --user USER [--generate-password]</c>: a platform
/// administrator, the first one of a new installation included (ADR 0017).
/// </summary>
public static class AdminCommand
{
    public static readonly CliText Summary = new("平台管理员：创建第一位（及其组织）", "Platform administrators: create the first one (with its organization)");

    /// <summary>The longest password line taken from standard input.</summary>
    public const int PasswordMax = 128;

    private const string HelpZh = """
        用法：pacesetter admin create --org 组织标识 [--org-name 组织名称] --user 用户名 [--display-name 显示名称] [--generate-password]

        创建平台管理员（可创建组织的用户）：新安装的系统还没有任何用户时，先运行本命令，再用该用户在网页上登录。
        用户属于一个组织：组织不存在时一并创建（须给出 --org-name），该用户同时是这个组织的管理员。
        密码从标准输入读取一行（可用管道传入）；在终端中运行时提示输入两次且不回显；给出 --generate-password 时
        生成一个密码，只在标准输出打印这一次。密码规则与网页相同：至少 10 个字符，含大写字母、小写字母和数字。
        创建写入审计日志。数据库与网页应用相同：按当前文件夹配置，appsettings.json（可选），然后是环境变量
        （Database__Provider、ConnectionStrings__Pacesetter）；默认为 SQLite 文件 data/pacesetter.db
        （PACESETTER_DATA 可指定其他文件夹）。不存在时创建，需要时先迁移。
        提示为英文加中文（运维工具）；帮助的语言：--lang en 或 PACESETTER_LANG=en 为英文。

        选项：
          --org 组织标识          网址中的短名：小写字母、数字和连字符，2–64 个字符
          --org-name 组织名称     新组织的名称，最多 200 个字符
          --user 用户名           登录用户名，最多 256 个字符（字母、数字和 -._@+）
          --display-name 显示名称 最多 200 个字符（默认为用户名）
          --generate-password     生成密码并打印
        标准输入中的密码最多 128 个字符。

        示例（本命令不读文件，没有示例文件）：
          pacesetter admin create --org kfq --org-name "某某开发区" --user admin --generate-password
          printf '%s\n' 'Kaohe2026pass' | pacesetter admin create --org kfq --user admin2
        """;

    private const string Help = """
        Usage: pacesetter admin create --org ORG [--org-name NAME] --user USER [--display-name NAME] [--generate-password]

        Creates a platform administrator (a user who creates organizations): on a new installation, which has no user
        yet, run this first, then sign in on the web with that user. A user belongs to an organization: when ORG does
        not exist it is created too (--org-name is then required), and the user is its admin as well.
        The password is one line read from standard input (it can be piped); on a terminal it is asked twice, not
        echoed; with --generate-password one is made and printed on standard output, this once only. The web's
        password rules apply: at least 10 characters with an upper-case letter, a lower-case letter and a digit.
        The creation is written to the audit log.
        The database is the web application's, configured from the current directory: appsettings.json (optional),
        then the environment (Database__Provider, ConnectionStrings__Pacesetter); by default the SQLite file
        data/pacesetter.db (PACESETTER_DATA names another folder). It is created, or migrated first, if needed.

        Options:
          --org ORG              the organization's short name, as in its URLs (lower-case letters, digits and hyphens, 2–64)
          --org-name NAME        the new organization's name, at most 200 characters
          --user USER            the user name to sign in with, at most 256 characters (letters, digits and -._@+)
          --display-name NAME    the name shown, at most 200 characters (default: the user name)
          --generate-password    make a password and print it
        The password on standard input: at most 128 characters.

        Example:
          pacesetter admin create --org kfq --org-name "某某开发区" --user admin --generate-password
          printf '%s\n' 'Kaohe2026pass' | pacesetter admin create --org kfq --user admin2
        """;

    public static int Run(string[] args, CliContext ctx) =>
        Run(args, ctx, CliDatabase.Configuration(), Console.IsInputRedirected ? Console.In : null);

    /// <param name="input">the password's standard input; null: a terminal, asked without echo.</param>
    public static int Run(string[] args, CliContext ctx, IConfiguration configuration, TextReader? input)
    {
        var o = Options.Parse(args, ["org", "org-name", "user", "display-name", "lang"], ["generate-password"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, Help, o, ctx));
            return ExitCodes.Ok;
        }
        if (o.Positionals is not ["create"]) o.Errors.Add("expected the sub-command create (需要子命令 create)");
        var org = o.Get("org");
        var user = o.Get("user");
        if (string.IsNullOrWhiteSpace(org)) o.Errors.Add("--org: required (缺少组织标识)");
        if (string.IsNullOrWhiteSpace(user)) o.Errors.Add("--user: required (缺少用户名)");
        if (o.ReportBilingual(ctx, "pacesetter admin")) return ExitCodes.Invalid;

        string password;
        bool generated = o.Has("generate-password");
        if (generated)
        {
            password = Generate();
        }
        else if (ReadPassword(input, ctx) is { } read)
        {
            if (read.Problem is not null) return Fail(ctx, [read.Problem]);
            password = read.Password!;
        }
        else
        {
            return Fail(ctx, ["no password on standard input: pipe one line, or give --generate-password (标准输入中没有密码：请用管道传入一行，或使用 --generate-password)"]);
        }
        return CreateAsync(org!, o.Get("org-name"), user!, o.Get("display-name"), password, generated, ctx, configuration).GetAwaiter().GetResult();
    }

    private static int Fail(CliContext ctx, IEnumerable<string> errors)
    {
        foreach (var e in errors) ctx.Error.WriteLine($"pacesetter admin: {e}");
        return ExitCodes.Invalid;
    }

    private sealed record Read(string? Password, string? Problem);

    /// <summary>One line from the pipe, or twice without echo on a terminal; null when there is none.</summary>
    private static Read? ReadPassword(TextReader? input, CliContext ctx)
    {
        string? line;
        if (input is not null)
        {
            line = input.ReadLine();
        }
        else
        {
            line = ReadHidden(ctx, "Password (密码): ");
            if (line is { Length: > 0 } && ReadHidden(ctx, "Again (再次输入密码): ") != line)
            {
                return new Read(null, "the two passwords differ (两次输入的密码不一致)");
            }
        }
        if (string.IsNullOrEmpty(line)) return null;
        if (line.Length > PasswordMax) return new Read(null, $"the password may have at most {PasswordMax} characters (密码最多 {PasswordMax} 个字符)");
        return new Read(line, null);
    }

    private static string? ReadHidden(CliContext ctx, string prompt)
    {
        ctx.Error.Write(prompt);
        ctx.Error.Flush();
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0) text.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }
        ctx.Error.WriteLine();
        return text.ToString();
    }

    /// <summary>16 characters with an upper-case letter, a lower-case letter and a digit; none that look alike (0/O, 1/l/I).</summary>
    public static string Generate()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789";
        const string all = upper + lower + digits;
        while (true)
        {
            var chars = new char[16];
            for (int i = 0; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
            if (chars.Any(upper.Contains) && chars.Any(lower.Contains) && chars.Any(digits.Contains)) return new string(chars);
        }
    }

    private static async Task<int> CreateAsync(string orgSlug, string? orgName, string userName, string? displayName, string password, bool generated,
        CliContext ctx, IConfiguration configuration)
    {
        await using var db = await CliDatabase.OpenAsync(configuration);
        var services = new ServiceCollection();
        services.AddLogging();
        // The opened database, not disposed by the container; the services the web uses, with the web's Identity rules.
        services.AddSingleton(db);
        services.AddPacesetterIdentity();
        services.AddScoped<SchemeStore>();
        services.AddScoped<UserService>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<PlatformAdmins>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<PlatformAdmins>()
            .CreateAsync($"cli:{Environment.UserName}", orgSlug, orgName, userName, displayName, password);
        if (!outcome.IsOk) return Fail(ctx, outcome.Problems.Select(p => $"{p.English} ({p.Chinese})"));
        var org = await db.Organizations.AsNoTracking().FirstAsync(x => x.Id == outcome.Value!.OrganizationId);
        if (generated) ctx.Out.WriteLine(password);
        ctx.Error.WriteLine($"pacesetter admin: created the platform administrator \"{outcome.Value!.UserName}\" of {org.Name} ({org.Slug}); sign in with it on the web (已创建平台管理员“{outcome.Value.UserName}”，所属组织：{org.Name}（{org.Slug}）；请用它在网页上登录)");
        return ExitCodes.Ok;
    }
}
