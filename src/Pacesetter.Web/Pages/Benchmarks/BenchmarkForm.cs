using System.Globalization;
using System.Text.Json.Nodes;
using Pacesetter.App.Spreadsheets;
using Pacesetter.Scoring.Benchmarking;

namespace Pacesetter.Web.Pages.Benchmarks;

/// <summary>An indicator's row in the form (blank id: the system numbers it). A field left empty binds as null: it is kept as "".</summary>
public sealed class IndicatorRow
{
    public string Id { get; set => field = value ?? ""; } = "";
    public string Name { get; set => field = value ?? ""; } = "";
    public string Unit { get; set => field = value ?? ""; } = "";
    public string Direction { get; set => field = value ?? "higher"; } = "higher";
    public bool IsBlank => Id.Trim().Length == 0 && Name.Trim().Length == 0 && Unit.Trim().Length == 0;
}

/// <summary>A benchmark region's row in the form (blank id: the system numbers it).</summary>
public sealed class BenchmarkRow
{
    public string Id { get; set => field = value ?? ""; } = "";
    public string Name { get; set => field = value ?? ""; } = "";
    public bool IsBlank => Id.Trim().Length == 0 && Name.Trim().Length == 0;
}

/// <summary>
/// The 对标 data as a form for people who never see JSON (issue #11 §1): the indicators, the benchmark regions, a span
/// of years and a grid of values per party (the organization first), turned into the §10 document without
/// <c>year</c> that <see cref="App.Benchmarking.BenchmarkService"/> saves — so the form and <c>PUT …/benchmarks</c>
/// are checked by the same reader. Blank rows are left out; a row without an id gets the next free one
/// (<c>i1</c>, <c>b1</c>); values are keyed by the rows' places in the form (<c>v:party:indicator:year</c>), so renaming
/// an id keeps its values. The engine's problems come back as places in words (<see cref="Place"/>).
/// </summary>
public sealed class BenchmarkForm
{
    /// <summary>The stated limits of the form: rows, years and characters per cell.</summary>
    public const int MaxIndicators = 100, MaxBenchmarks = 20, MaxYears = 30, MaxText = 100, MaxNumber = 30;

    public string OwnName { get; set => field = value ?? ""; } = "";
    public List<IndicatorRow> Indicators { get; set; } = [];
    public List<BenchmarkRow> Benchmarks { get; set; } = [];
    public int FirstYear { get; set; }
    public int LastYear { get; set; }
    /// <summary>The typed values by key <c>v:{party}:{indicator}:{year}</c> (party 0 = the organization, then benchmark rows).</summary>
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public static string Key(int party, int indicator, int year) => string.Create(CultureInfo.InvariantCulture, $"v:{party}:{indicator}:{year}");

    public IEnumerable<int> YearSpan => FirstYear <= LastYear ? Enumerable.Range(FirstYear, LastYear - FirstYear + 1) : [];

    /// <summary>The form of the stored data, with <paramref name="blankIndicators"/> and <paramref name="blankBenchmarks"/> empty rows to add to, over the data's years (or <paramref name="defaultYears"/> when there are none).</summary>
    public static BenchmarkForm Of(GapFile file, (int First, int Last) defaultYears, int blankIndicators = 2, int blankBenchmarks = 1)
    {
        var years = BenchmarkCharts.Years(file);
        var form = new BenchmarkForm
        {
            OwnName = file.Own.Name,
            Indicators = [.. file.Indicators.Select(i => new IndicatorRow { Id = i.Id, Name = i.Name == i.Id ? "" : i.Name, Unit = i.Unit ?? "", Direction = i.Direction == GapDirection.Lower ? "lower" : "higher" })],
            Benchmarks = [.. file.Benchmarks.Select(b => new BenchmarkRow { Id = b.Id, Name = b.Name == b.Id ? "" : b.Name })],
            FirstYear = years.Count > 0 ? years[0] : defaultYears.First,
            LastYear = years.Count > 0 ? years[^1] : defaultYears.Last,
        };
        var parties = BenchmarkCharts.Parties(file);
        for (var p = 0; p < parties.Count; p++)
        {
            for (var i = 0; i < file.Indicators.Count; i++)
            {
                if (!parties[p].Values.TryGetValue(file.Indicators[i].Id, out var byYear)) continue;
                foreach (var (year, value) in byYear) form.Values[Key(p, i, year)] = value.ToString(CultureInfo.InvariantCulture);
            }
        }
        form.AddBlankRows(blankIndicators, blankBenchmarks);
        return form;
    }

    /// <summary>Adds empty rows to type into (up to the limits).</summary>
    public void AddBlankRows(int indicators, int benchmarks)
    {
        for (var n = 0; n < indicators && Indicators.Count < MaxIndicators; n++) Indicators.Add(new IndicatorRow());
        for (var n = 0; n < benchmarks && Benchmarks.Count < MaxBenchmarks; n++) Benchmarks.Add(new BenchmarkRow());
    }

    /// <summary>The form's own checks, before the engine's: the limits, the span of years, and every value a number.</summary>
    public List<(string Place, string Chinese, string English)> Check()
    {
        var problems = new List<(string, string, string)>();
        if (Indicators.Count > MaxIndicators) problems.Add(("", $"指标最多 {MaxIndicators} 项", $"at most {MaxIndicators} indicators"));
        if (Benchmarks.Count > MaxBenchmarks) problems.Add(("", $"对标对象最多 {MaxBenchmarks} 个", $"at most {MaxBenchmarks} benchmarks"));
        if (FirstYear is < 1900 or > 2100 || LastYear is < 1900 or > 2100 || FirstYear > LastYear || LastYear - FirstYear + 1 > MaxYears)
        {
            problems.Add(("years", $"年份范围须在 1900 至 2100 之间、起始年不晚于结束年、最多 {MaxYears} 年", $"the years must lie within 1900–2100, the first not after the last, at most {MaxYears}"));
        }
        foreach (var (key, text) in Values)
        {
            if (text.Trim().Length == 0) continue;
            if (ParseNumber(text) is null) problems.Add((key, $"“{Clip(text)}”不是数字", $"\"{Clip(text)}\" is not a number"));
        }
        return problems;
    }

    private static string Clip(string text) => text.Length > 20 ? text[..20] + "…" : text;

    /// <summary>
    /// A number as people type it (<see cref="NumberText"/>: spaces around, thousands separators, full-width digits);
    /// null for anything else. A percent is the figure before the sign (<c>3.4%</c> → 3.4): an indicator measured in %
    /// has its values in percent (<see cref="Figure"/>).
    /// </summary>
    public static decimal? ParseNumber(string text) => text.Length <= MaxNumber && NumberText.Parse(text) is { } n ? Figure(n) : null;

    /// <summary>A number read from a form or a cell as a value of the data: a percent (a cell formatted 0.0%, a text <c>3.4%</c>) in percent.</summary>
    public static decimal Figure(ParsedNumber number) =>
        // ÷ 1.000…: without the trailing zeros the multiplication leaves (0.034 × 100 = 3.400 → 3.4).
        number.Percent ? number.Value * 100m / 1.000000000000000000000000000000000m : number.Value;

    /// <summary>The places of the document's parts in the form: the rows kept (not blank), by their index in the form.</summary>
    private (List<int> Indicators, List<int> Benchmarks) Kept() =>
        ([.. Indicators.Select((r, i) => (r, i)).Where(x => !x.r.IsBlank).Select(x => x.i)],
         [.. Benchmarks.Select((r, i) => (r, i)).Where(x => !x.r.IsBlank).Select(x => x.i)]);

    /// <summary>The §10 document without <c>year</c> (after <see cref="Check"/> found nothing).</summary>
    public JsonObject Document()
    {
        var (keptIndicators, keptBenchmarks) = Kept();
        var indicatorIds = Ids(keptIndicators.Select(i => Indicators[i].Id.Trim()).ToList(), "i");
        var benchmarkIds = Ids(keptBenchmarks.Select(i => Benchmarks[i].Id.Trim()).ToList(), "b");
        var indicators = new JsonArray();
        for (var k = 0; k < keptIndicators.Count; k++)
        {
            var row = Indicators[keptIndicators[k]];
            var o = new JsonObject { ["id"] = indicatorIds[k] };
            if (row.Name.Trim().Length > 0) o["name"] = row.Name.Trim();
            if (row.Unit.Trim().Length > 0) o["unit"] = row.Unit.Trim();
            o["direction"] = row.Direction.Trim();
            indicators.Add(o);
        }
        JsonObject ValuesOf(int party)
        {
            var values = new JsonObject();
            for (var k = 0; k < keptIndicators.Count; k++)
            {
                var byYear = new JsonObject();
                foreach (var year in YearSpan)
                {
                    if (Values.TryGetValue(Key(party, keptIndicators[k], year), out var text) && ParseNumber(text) is { } v)
                    {
                        byYear[year.ToString(CultureInfo.InvariantCulture)] = v;
                    }
                }
                if (byYear.Count > 0) values[indicatorIds[k]] = byYear;
            }
            return values;
        }
        var own = new JsonObject();
        if (OwnName.Trim().Length > 0) own["name"] = OwnName.Trim();
        own["values"] = ValuesOf(0);
        var benchmarks = new JsonArray();
        for (var k = 0; k < keptBenchmarks.Count; k++)
        {
            var row = Benchmarks[keptBenchmarks[k]];
            var o = new JsonObject { ["id"] = benchmarkIds[k] };
            if (row.Name.Trim().Length > 0) o["name"] = row.Name.Trim();
            o["values"] = ValuesOf(keptBenchmarks[k] + 1);
            benchmarks.Add(o);
        }
        return new JsonObject { ["indicators"] = indicators, ["own"] = own, ["benchmarks"] = benchmarks };
    }

    /// <summary>The ids typed, with the blank ones numbered <c>{prefix}1</c>, <c>{prefix}2</c>… past those taken.</summary>
    private static List<string> Ids(List<string> typed, string prefix)
    {
        var taken = typed.Where(t => t.Length > 0).ToHashSet(StringComparer.Ordinal);
        var next = 1;
        return [.. typed.Select(t =>
        {
            if (t.Length > 0) return t;
            while (taken.Contains(prefix + next.ToString(CultureInfo.InvariantCulture))) next++;
            var id = prefix + next.ToString(CultureInfo.InvariantCulture);
            taken.Add(id);
            return id;
        })];
    }

    /// <summary>The row's name, else its id, else "指标第 n 行" / "对标对象第 n 行" (n from 1, as the form numbers its rows).</summary>
    private static string RowName(string name, string id, string chinese, string english, int row, bool zh) =>
        name.Trim() is { Length: > 0 } n ? n : id.Trim() is { Length: > 0 } i ? i : zh ? $"{chinese}第 {row} 行" : $"{english} row {row}";

    private string PartyName(int party, bool zh) => party == 0
        ? (OwnName.Trim() is { Length: > 0 } own ? own : zh ? "本组织" : "own")
        : party - 1 < Benchmarks.Count ? RowName(Benchmarks[party - 1].Name, "", "对标对象", "benchmark", party, zh) : party.ToString(CultureInfo.InvariantCulture);

    private string IndicatorName(int index, bool zh) =>
        index < Indicators.Count ? RowName(Indicators[index].Name, Indicators[index].Id, "指标", "indicator", index + 1, zh) : index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The ids the document gives the kept indicator rows, computed once (the form does not change once read).</summary>
    private List<string>? documentIds;

    /// <summary>
    /// Where a problem is in the form, in words: a cell of the grid (<see cref="Key"/>) or the span of years (<c>years</c>)
    /// from <see cref="Check"/>; an engine problem's JSON path: <c>$.indicators[1].direction</c> → 指标第 2 行 · 方向,
    /// <c>$.benchmarks[0].values.gdp.2024</c> → 苏州工业园区 · 地区生产总值 · 2024年. The path itself when it is not
    /// one of the form's; "" for the form as a whole.
    /// </summary>
    public string Place(string path, bool zh)
    {
        if (path == "years") return zh ? "年份范围" : "years";
        if (path.Split(':') is ["v", var p, var i, var y] && int.TryParse(p, out var party) && int.TryParse(i, out var indicator))
        {
            return $"{PartyName(party, zh)} · {IndicatorName(indicator, zh)} · " + (zh ? $"{y}年" : y);
        }
        var (keptIndicators, keptBenchmarks) = Kept();
        var ids = documentIds ??= [.. (Document()["indicators"] as JsonArray)!.Select(x => (string)x!["id"]!)];
        string ById(string id) => ids.IndexOf(id) is var k and >= 0 ? IndicatorName(keptIndicators[k], zh) : id;
        string Field(string f) => !zh ? f : f switch
        {
            "id" => "编号",
            "name" => "名称",
            "unit" => "计量单位",
            "direction" => "方向",
            "values" => "数值",
            _ => f,
        };
        string Party(string partyName, string rest) => rest.Split('.') switch
        {
            ["values", var ind, var year] => $"{partyName} · {ById(ind)} · " + (zh ? $"{year}年" : year),
            ["values", var ind] => $"{partyName} · {ById(ind)}",
            _ => rest.Length > 0 ? $"{partyName} · {Field(rest)}" : partyName,
        };
        string Rest() => path[(path.IndexOf(']') + 1)..].TrimStart('.');
        if (path.StartsWith("$.indicators[", StringComparison.Ordinal) && Index(path, "$.indicators[") is { } ii && ii < keptIndicators.Count)
        {
            var row = keptIndicators[ii] + 1;
            return (zh ? $"指标第 {row} 行" : $"indicator row {row}") + (Rest() is { Length: > 0 } rest ? " · " + Field(rest) : "");
        }
        if (path.StartsWith("$.own", StringComparison.Ordinal)) return Party(PartyName(0, zh), path.Length > 5 ? path[6..] : "");
        if (path.StartsWith("$.benchmarks[", StringComparison.Ordinal) && Index(path, "$.benchmarks[") is { } bi && bi < keptBenchmarks.Count)
        {
            return Party(PartyName(keptBenchmarks[bi] + 1, zh), Rest());
        }
        return path;
    }

    private static int? Index(string path, string prefix)
    {
        var end = path.IndexOf(']', prefix.Length);
        return end > prefix.Length && int.TryParse(path.AsSpan(prefix.Length, end - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : null;
    }
}
