using System.Text;
using Microsoft.Extensions.Configuration;
using Pacesetter.App.Publication;
using Pacesetter.Scoring;

namespace Pacesetter.Cli;

/// <summary>
/// <c>pacesetter revisions --org ORG --period P [--input N | --results N] [--db DB]</c>: a period's published revisions
/// (number, time, who, reason, what changed), or one revision's stored input or results as they were stored.
/// </summary>
public static class PublishRevisionsCommand
{
    public static readonly CliText Summary = new("列出考核期的已发布版次，导出某一版的输入或结果", "list a period's published revisions; export one's input or results");

    private const string HelpZh = """
        用法：pacesetter revisions --org 组织标识 --period 考核期 [--input 版次 | --results 版次] [--db 数据库]

        不加 --input、--results 时列出该考核期的全部已发布版次：版次、发布时间（北京时间）、发布人、原因、
        与上一版相比有变化的单位数、是否数据不全、公示期截止时间。
        --input N 在标准输出原样输出第 N 版计分时的完整方案文件（含数据、调整和上期红旗），
        pacesetter score 对它计分得到的正是该版公布的结果；--results N 输出第 N 版存储的结果 JSON。
        只读不写：数据库不存在或未迁移时退出码 2；组织、考核期或版次不存在时退出码 2。
        数据库的配置与 pacesetter publish 相同（--db：SQLite 文件路径，或含 Host= 的 PostgreSQL 连接字符串）。

        选项：
          --org 组织标识     网址中的短名，如 demo
          --period 考核期    如 2026-10、2026-Q3
          --input 版次       输出该版的计分输入（方案文件）
          --results 版次     输出该版的结果 JSON
          --db 数据库        SQLite 文件路径或 PostgreSQL 连接字符串
          --lang zh|en       提示和表格的语言（默认中文）

        示例（本命令不读文件，没有示例文件）：
          pacesetter revisions --org demo --period 2026-10
          pacesetter revisions --org demo --period 2026-10 --input 1 > 2026-10-r1.json
          pacesetter score 2026-10-r1.json
        """;

    private const string Help = """
        Usage: pacesetter revisions --org ORG --period PERIOD [--input N | --results N] [--db DB]

        Without --input or --results, lists the period's published revisions: number, time (Beijing time), who,
        reason, how many units changed against the revision before, whether the data were incomplete, and the end of
        the notice period. --input N prints revision N's input exactly as stored: the whole scheme file that was scored
        (data, adjustments and previous flags included), on which 'pacesetter score' gives exactly the published
        results; --results N prints revision N's stored results JSON.
        Only reads: a database that is missing or not migrated is refused with exit 2, and so is an unknown
        organization, period or revision. The database is configured as for 'pacesetter publish' (--db: a SQLite
        file, or a PostgreSQL connection string with Host=).

        Options:
          --org ORG          the organization's short name (e.g. demo)
          --period PERIOD    e.g. 2026-10, 2026-Q3
          --input N          print revision N's input (the scheme file scored)
          --results N        print revision N's results JSON
          --db DB            a SQLite file or a PostgreSQL connection string
          --lang zh|en       the language of messages and the table (Chinese by default)

        Example:
          pacesetter revisions --org demo --period 2026-10
          pacesetter revisions --org demo --period 2026-10 --input 1 > 2026-10-r1.json
          pacesetter score 2026-10-r1.json
        """;

    public static int Run(string[] args, CliContext ctx) => Run(args, ctx, CliDatabase.Configuration());

    public static int Run(string[] args, CliContext ctx, IConfiguration configuration)
    {
        var o = Options.Parse(args, ["org", "period", "input", "results", "db", "lang"]);
        if (o.Help)
        {
            ctx.Out.Write(Commands.HelpText(HelpZh, Help, o, ctx));
            return ExitCodes.Ok;
        }
        var language = CliLanguage.Of(o, ctx);
        o.CheckLanguage(ctx);
        var (org, period) = PublishOptions.Target(o);
        if (o.Positionals.Count > 0) o.Errors.Add(new($"多余的参数“{o.Positionals[0]}”", $"unexpected argument \"{o.Positionals[0]}\""));
        int? input = Number(o, "input"), results = Number(o, "results");
        if (input is not null && results is not null) o.Errors.Add(new("--input 与 --results 只能二选一", "give --input or --results, not both"));
        if (o.Report(ctx, "pacesetter revisions", language)) return ExitCodes.Invalid;
        return RunAsync(org!, period!, input, results, language, ctx, PublishOptions.Database(o, configuration)).GetAwaiter().GetResult();
    }

    private static int? Number(Options o, string name)
    {
        if (o.Get(name) is not { } text) return null;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1) return n;
        o.Errors.Add(new($"--{name}：版次应为正整数，而不是“{text}”", $"--{name}: a revision is a whole number from 1, not \"{text}\""));
        return null;
    }

    private static async Task<int> RunAsync(string slug, string period, int? input, int? results, Language language, CliContext ctx, IConfiguration configuration)
    {
        bool zh = language == Language.Chinese;
        const string prefix = "pacesetter revisions";
        App.Data.PacesetterDb db;
        try
        {
            db = await CliDatabase.OpenExistingReadOnlyAsync(configuration);
        }
        catch (DatabaseNotReadyException e)
        {
            ctx.Error.WriteLine($"{prefix}: {e.Message}");
            return ExitCodes.Invalid;
        }
        await using (db)
        {
            var org = await PublishOptions.OrganizationAsync(db, slug, language, ctx, prefix);
            if (org is null) return ExitCodes.Invalid;
            var store = new PublicationStore(db);
            if ((input ?? results) is { } number)
            {
                var revision = await store.RevisionAsync(org.Id, period, number);
                if (revision is null)
                {
                    ctx.Error.WriteLine(zh ? $"{prefix}：{org.Name} {period} 没有第 {number} 版" : $"{prefix}: {org.Slug} {period} has no revision {number}");
                    return ExitCodes.Invalid;
                }
                // As stored, byte for byte: what 'pacesetter score' re-reads.
                ctx.Out.Write(PublicationStore.Unzip(input is not null ? revision.Input : revision.Results));
                return ExitCodes.Ok;
            }
            var list = await store.RevisionsAsync(org.Id, period);
            if (list.Count == 0)
            {
                ctx.Error.WriteLine(zh ? $"{prefix}：{org.Name} {period} 尚未发布" : $"{prefix}: {org.Slug} {period} has not been published");
                return ExitCodes.Invalid;
            }
            var table = zh
                ? new TextTable("版次", "发布时间（北京时间）", "发布人", "原因", "变化的单位", "数据", "公示期至")
                : new TextTable("revision", "published (Beijing time)", "by", "reason", "units changed", "data", "notice until");
            table.AlignRight(0, 4);
            foreach (var r in list)
            {
                // The first revision has nothing to compare with.
                var changed = r.Number == 1 ? "—" : r.Changes.Select(x => x.Unit).Distinct(StringComparer.Ordinal).Count().ToString(System.Globalization.CultureInfo.InvariantCulture);
                table.Add(r.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), PublishOptions.Beijing(r.CreatedAt), r.CreatedBy, OneLine(r.Reason),
                    changed, r.Incomplete ? (zh ? "不全" : "incomplete") : (zh ? "齐全" : "complete"), PublishOptions.Beijing(r.NoticeEndsAt));
            }
            ctx.Out.Write(zh ? $"{org.Name} {period} 已发布版次\n" : $"{org.Slug} {period}: published revisions\n");
            ctx.Out.Write(table.ToString());
            return ExitCodes.Ok;
        }
    }

    /// <summary>A reason on one table line: line breaks become spaces, and a long one is cut at 40 characters.</summary>
    private static string OneLine(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason)) return "";
        var line = new StringBuilder(reason.Length);
        foreach (var ch in reason.Trim()) line.Append(char.IsControl(ch) ? ' ' : ch);
        return line.Length > 40 ? line.ToString(0, 40) + "…" : line.ToString();
    }
}
