using System.Globalization;
using System.Text;
using System.Text.Json;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Text;

namespace Pacesetter.Cli;

/// <summary><c>pacesetter score FILE [--format json|csv|table]</c> (scoring.md §8).</summary>
public static class ScoreCommand
{
    public const string Summary = "score a scheme file: ranks, grades, labels, flag (计分排名)";

    private const string Help = """
        Usage: pacesetter score FILE [--format json|csv|table] [--lang zh|en]

        Scores the scheme file FILE (scoring.md §7) and prints the results.
          --format   json (the default when output is redirected), csv, or table (the default on a terminal)
          --lang     language of table headings and problem lines: zh or en (default en for problems, zh for tables)

        Exit codes: 0 scored; 2 the file is invalid (one line per problem on standard error, with its JSON path).

        Example:
          pacesetter score examples/zone-2026q3.json --format table
        """;

    public static int Run(string[] args, CliContext ctx)
    {
        var o = Options.Parse(args, ["format", "lang"]);
        if (o.Help)
        {
            ctx.Out.Write(Help.Replace("\r", "") + "\n");
            return ExitCodes.Ok;
        }
        var format = o.Get("format") ?? (ctx.OutputRedirected ? "json" : "table");
        if (format is not ("json" or "csv" or "table")) o.Errors.Add($"--format: must be json, csv or table, not \"{format}\" (格式应为 json、csv 或 table)");
        if (o.Positionals.Count != 1) o.Errors.Add("expected one FILE (需要且只需要一个文件参数)");
        o.CheckLanguage();
        if (o.Errors.Count > 0)
        {
            foreach (var e in o.Errors) ctx.Error.WriteLine($"pacesetter score: {e}");
            return ExitCodes.Invalid;
        }
        var problemLanguage = InputFile.ParseLanguage(o.Get("lang"), Language.English);
        var scheme = InputFile.LoadScheme(o.Positionals[0], ctx, problemLanguage);
        if (scheme is null) return ExitCodes.Invalid;
        var result = Scorer.Score(scheme);
        switch (format)
        {
            case "json":
                WriteJson(ctx.Out, result);
                break;
            case "csv":
                ctx.Out.Write(Csv(result));
                break;
            default:
                ctx.Out.Write(Table(result, InputFile.ParseLanguage(o.Get("lang"), Language.Chinese)));
                break;
        }
        return ExitCodes.Ok;
    }

    public static void WriteJson(TextWriter output, SchemeResult result)
    {
        output.Flush();
        // Straight to the byte stream when there is one: the province's output is tens of megabytes.
        if (output is StreamWriter sw)
        {
            using var w = new Utf8JsonWriter(sw.BaseStream, JsonOptions);
            ResultJson.Write(w, result);
            w.Flush();
            sw.BaseStream.WriteByte((byte)'\n');
            return;
        }
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, JsonOptions)) ResultJson.Write(w, result);
        output.Write(Encoding.UTF8.GetString(ms.ToArray()));
        output.Write('\n');
    }

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>One row per unit; one column per indicator id of the whole scheme (empty where the category lacks it).</summary>
    public static string Csv(SchemeResult result)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in result.Categories)
        {
            foreach (var ind in c.Category.Indicators) if (seen.Add(ind.Id)) ids.Add(ind.Id);
        }
        var sb = new StringBuilder();
        var head = new List<string> { "category", "unit", "name", "rank", "composite", "base", "bonus", "penalty", "grade", "label", "vetoed", "blockTop", "flag" };
        head.AddRange(ids);
        sb.AppendJoin(',', head.Select(CsvCell)).Append("\r\n");
        foreach (var c in result.Categories)
        {
            var col = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int j = 0; j < c.Category.Indicators.Count; j++) col[c.Category.Indicators[j].Id] = j;
            foreach (var r in c.Results)
            {
                var cells = new List<string>
                {
                    c.Category.Id, r.Unit, r.Name, r.Rank.ToString(CultureInfo.InvariantCulture), N(r.Composite), N(r.Base), N(r.Bonus), N(r.Penalty),
                    r.Grade ?? "", r.Label ?? "", r.Vetoed ? "true" : "false", r.BlockTop ? "true" : "false", c.Flag.Holder == r.Unit ? "true" : "false",
                };
                foreach (var id in ids) cells.Add(col.TryGetValue(id, out var j) && r.Cells[j].Score is { } s ? N(s) : "");
                sb.AppendJoin(',', cells.Select(CsvCell)).Append("\r\n");
            }
        }
        return sb.ToString();
    }

    private static string N(decimal d) => Numbers.Shortest(d);

    private static string CsvCell(string s) =>
        s.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public static string Table(SchemeResult result, Language lang)
    {
        var t = Terms.For(lang);
        var sb = new StringBuilder();
        sb.Append(result.Scheme.Name).Append(" (").Append(result.Scheme.Period).Append(")\n");
        foreach (var c in result.Categories)
        {
            sb.Append('\n').Append(c.Category.Name).Append(" [").Append(c.Category.Id).Append("]  ");
            sb.Append(t.FlagHeading).Append(": ").Append(c.Flag.Holder is { } h ? $"{result.Scheme.UnitName(h)} ({h})" : t.Nobody);
            if (c.Flag.Previous is { } p) sb.Append("  ").Append(t.PreviousHolder).Append(": ").Append(p);
            sb.Append('\n');
            var table = new TextTable(t.Rank, t.Unit, t.Name, t.Composite, t.Base, t.Bonus, t.Penalty, t.Grade, t.Label, t.Notes).AlignRight(0, 3, 4, 5, 6);
            foreach (var r in c.Results)
            {
                var notes = new List<string>();
                if (r.Vetoed) notes.Add(t.Veto);
                if (r.BlockTop) notes.Add(t.BlockTop);
                if (c.Flag.Holder == r.Unit) notes.Add(t.Flag);
                foreach (var e in r.Exemptions) notes.Add($"{t.Exemption} {e.Ref} +{N(e.Restored)}");
                table.Add(r.Rank.ToString(CultureInfo.InvariantCulture), r.Unit, r.Name, N(r.Composite), N(r.Base), N(r.Bonus), N(r.Penalty),
                    r.Grade ?? "", t.LabelName(r.Label), string.Join("; ", notes));
            }
            sb.Append(table);
        }
        return sb.ToString();
    }
}
