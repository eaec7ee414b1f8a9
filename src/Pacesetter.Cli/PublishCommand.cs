using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;

namespace Pacesetter.Cli;

/// <summary>
/// <c>pacesetter publish --org ORG --period P [--reason R] [--allow-incomplete] [--db DB]</c>: publishes a period as the
/// web's 发布 does (issue #9 §1), through <see cref="PublicationService"/>: revision N of its scheme and approved data.
/// </summary>
public static class PublishCommand
{
    public static readonly CliText Summary = new("发布考核期的结果（生成新的版次）", "publish a period's results (a new revision)");

    /// <summary>The longest reason accepted, as on the web.</summary>
    public const int ReasonMax = InputLimits.Reason;

    private const string HelpZh = """
        用法：pacesetter publish --org 组织标识 --period 考核期 [--reason 原因] [--allow-incomplete] [--db 数据库]

        用该考核期的考核方案和已审核通过的数据计分，把计分的完整输入和结果存为第 N 版（与网页上的“发布”相同），
        进入公示期；此后该期的方案和数据不能再改，除非先开启更正（网页或 POST …/corrections），更正后再发布即为第 N+1 版。
        年度、半年、季度方案中注明来源期的汇总指标（{"type": "rollup", "period": "2026-Q1"}）在发布时自动取该期
        已发布的综合得分。还有数据缺失或未审核、来源期尚未发布时拒绝发布并逐项列出（退出码 1），
        加 --allow-incomplete 则按各指标的缺失数据规则计分，并在该版次中注明数据不全。
        已发布且没有进行中的更正、或另一人同时在发布时也拒绝（退出码 1）。发布写入审计日志，操作人记为 cli:系统用户名。
        计分开始时在标准错误输出一行进度；完成后在标准输出打印版次和公示期截止时间（北京时间）。

        数据库与网页应用相同：按当前文件夹配置，appsettings.json（可选），然后是环境变量
        （Database__Provider、ConnectionStrings__Pacesetter），默认 SQLite 文件 data/pacesetter.db；
        --db 直接指定：SQLite 文件路径，或 PostgreSQL 连接字符串（含 Host=）。审计密钥见 pacesetter audit --help。

        选项：
          --org 组织标识       网址中的短名，如 demo
          --period 考核期      如 2026-10、2026-Q3、2026-H1、2026
          --reason 原因        发布说明（更正后再发布时写明更正了什么），最多 2000 个字符
          --allow-incomplete   数据不全也发布（缺失数据按各指标的规则处理）
          --db 数据库          SQLite 文件路径或 PostgreSQL 连接字符串
          --lang zh|en         提示的语言（默认中文）

        示例（本命令不读文件，没有示例文件）：
          pacesetter publish --org demo --period 2026-11
          pacesetter publish --db data/pacesetter.db --org demo --period 2026-Q4 --reason "季度汇总"
        """;

    private const string Help = """
        Usage: pacesetter publish --org ORG --period PERIOD [--reason TEXT] [--allow-incomplete] [--db DB]

        Scores the period's scheme with its approved data and stores the exact input and the results as revision N,
        as the web's Publish does; the notice period (公示期) starts. From then on the period's scheme and data cannot be
        changed until a correction is opened (on the web, or POST …/corrections); publishing again makes revision N+1.
        Roll-up indicators that name a source period ({"type": "rollup", "period": "2026-Q1"}) take that period's
        published composites at publication. Missing or unapproved data, or a source period not yet published, refuse
        the publication and are listed one per line (exit 1); with --allow-incomplete the indicators' missing-data
        rules apply and the revision records that it is incomplete. A period already published with no correction
        open, or another publication at the same moment, is refused too (exit 1). The publication is written to the
        audit log, by cli:<system user>. A progress line goes to standard error when scoring starts; at the end the
        revision and the end of the notice period (Beijing time) are printed on standard output.

        The database is the web application's, configured from the current directory: appsettings.json (optional),
        then the environment (Database__Provider, ConnectionStrings__Pacesetter); by default the SQLite file
        data/pacesetter.db. --db names it directly: a SQLite file, or a PostgreSQL connection string (with Host=).
        The audit key: see 'pacesetter audit --help'.

        Options:
          --org ORG            the organization's short name, as in its URLs (e.g. demo)
          --period PERIOD      e.g. 2026-10, 2026-Q3, 2026-H1, 2026
          --reason TEXT        what this publication is (after a correction: what was corrected), at most 2000 characters
          --allow-incomplete   publish with missing data (the indicators' missing-data rules apply)
          --db DB              a SQLite file or a PostgreSQL connection string
          --lang zh|en         the messages' language (Chinese by default)

        Example:
          pacesetter publish --org demo --period 2026-11
          pacesetter publish --db data/pacesetter.db --org demo --period 2026-Q4 --reason "quarterly roll-up"
        """;

    public static int Run(string[] args, CliContext ctx) => Run(args, ctx, CliDatabase.Configuration());

    public static int Run(string[] args, CliContext ctx, IConfiguration configuration)
    {
        var o = Options.Parse(args, ["org", "period", "reason", "db", "lang"], ["allow-incomplete"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, Help, o, ctx));
            return ExitCodes.Ok;
        }
        var language = CliLanguage.Of(o, ctx);
        o.CheckLanguage(ctx);
        var (org, period) = PublishOptions.Target(o);
        if (o.Positionals.Count > 0) o.Errors.Add(new($"多余的参数“{o.Positionals[0]}”", $"unexpected argument \"{o.Positionals[0]}\""));
        var reason = o.Get("reason");
        if (reason is not null && reason.Length > ReasonMax) o.Errors.Add(new($"--reason：原因最多 {ReasonMax} 个字符（现有 {reason.Length} 个）", $"--reason: at most {ReasonMax} characters ({reason.Length} given)"));
        if (o.Report(ctx, "pacesetter publish", language)) return ExitCodes.Invalid;
        return PublishAsync(org!, period!, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), o.Has("allow-incomplete"), language, ctx, PublishOptions.Database(o, configuration))
            .GetAwaiter().GetResult();
    }

    private static async Task<int> PublishAsync(string slug, string period, string? reason, bool allowIncomplete, Language language, CliContext ctx, IConfiguration configuration)
    {
        bool zh = language == Language.Chinese;
        await using var db = await CliDatabase.OpenAsync(configuration);
        var org = await PublishOptions.OrganizationAsync(db, slug, language, ctx, "pacesetter publish");
        if (org is null) return ExitCodes.Invalid;
        ctx.Error.WriteLine(zh ? $"pacesetter publish：正在计分并保存 {org.Name} {period}……" : $"pacesetter publish: scoring and storing {org.Slug} {period}…");
        ctx.Error.Flush();
        var service = new PublicationService(db, new SchemeStore(db), TimeProvider.System);
        var outcome = await service.PublishAsync(org.Id, period, $"cli:{Environment.UserName}", reason, allowIncomplete);
        if (!outcome.IsOk)
        {
            if (outcome.Status == WriteStatus.NotFound)
            {
                ctx.Error.WriteLine(zh ? $"pacesetter publish：{org.Name} 没有 {period} 的考核方案" : $"pacesetter publish: {org.Slug} has no scheme for {period}");
                return ExitCodes.Invalid;
            }
            ctx.Error.WriteLine(zh ? $"pacesetter publish：未发布 {period}：" : $"pacesetter publish: {period} was not published:");
            foreach (var p in outcome.Problems) ctx.Error.WriteLine(p.Line(language));
            if (outcome.Status == WriteStatus.Conflict && outcome.Problems.Any(p => p.Path.StartsWith("$.data", StringComparison.Ordinal)))
            {
                ctx.Error.WriteLine(zh ? "数据齐全并审核通过后再发布，或加 --allow-incomplete 按缺失数据规则发布。" : "Publish once the data are complete and approved, or give --allow-incomplete to apply the missing-data rules.");
            }
            return outcome.Status == WriteStatus.Invalid ? ExitCodes.Invalid : ExitCodes.Failure;
        }
        var revision = outcome.Value!;
        var ends = PublishOptions.Beijing(revision.NoticeEndsAt);
        ctx.Out.WriteLine(zh
            ? $"已发布 {org.Name} {period} 第 {revision.Number} 版；公示期至 {ends}（北京时间）{(revision.Incomplete ? "；数据不全，缺失数据已按规则处理" : "")}"
            : $"published {org.Slug} {period} revision {revision.Number}; notice period until {ends} (Beijing time){(revision.Incomplete ? "; incomplete: the missing-data rules applied" : "")}");
        return ExitCodes.Ok;
    }
}

/// <summary>What <c>publish</c> and <c>revisions</c> share: the organization and period options, <c>--db</c>, Beijing time.</summary>
internal static class PublishOptions
{
    /// <summary>Reads <c>--org</c> and <c>--period</c>, recording a problem for each one missing or malformed.</summary>
    public static (string? Org, string? Period) Target(Options o)
    {
        var org = o.Get("org");
        var period = o.Get("period");
        if (string.IsNullOrWhiteSpace(org)) o.Errors.Add(new("--org：缺少组织标识", "--org: required"));
        if (string.IsNullOrWhiteSpace(period)) o.Errors.Add(new("--period：缺少考核期", "--period: required"));
        else if (!Periods.IsValid(period)) o.Errors.Add(new($"--period：“{period}”不是有效的考核期（如 2026-10、2026-Q3、2026-H1、2026）", $"--period: \"{period}\" is not a period (2026-10, 2026-Q3, 2026-H1 or 2026)"));
        return (org, period);
    }

    /// <summary>The configuration with <c>--db</c> on top: a PostgreSQL connection string (it has <c>Host=</c>) or a SQLite file.</summary>
    public static IConfiguration Database(Options o, IConfiguration configuration)
    {
        if (o.Get("db") is not { Length: > 0 } db) return configuration;
        bool postgres = db.Contains("Host=", StringComparison.OrdinalIgnoreCase);
        return new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = postgres ? "PostgreSQL" : "Sqlite",
                ["ConnectionStrings:Pacesetter"] = postgres ? db : $"Data Source={Path.GetFullPath(db)}",
            })
            .Build();
    }

    public static async Task<Organization?> OrganizationAsync(PacesetterDb db, string slug, Language language, CliContext ctx, string prefix)
    {
        var org = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug);
        if (org is null) ctx.Error.WriteLine(language == Language.Chinese ? $"{prefix}：没有“{slug}”这个组织" : $"{prefix}: unknown organization \"{slug}\"");
        return org;
    }

    /// <summary>A moment in Beijing time (UTC+8, no daylight saving), to the minute.</summary>
    public static string Beijing(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
