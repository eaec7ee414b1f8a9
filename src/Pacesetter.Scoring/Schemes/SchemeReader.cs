using System.Text;
using System.Text.Json;

namespace Pacesetter.Scoring.Schemes;

/// <summary>The outcome of reading a scheme file: the scheme when valid, and every problem found.</summary>
public sealed record SchemeReadResult(Scheme? Scheme, IReadOnlyList<Problem> Problems)
{
    public bool IsValid => Scheme is not null && Problems.Count == 0;

    public Scheme Require() => IsValid ? Scheme! : throw new InvalidInputException(Problems);
}

/// <summary>Reads and checks a scheme file (scoring.md §7): structure, method parameters, data and adjustments.</summary>
public static class SchemeReader
{
    private static readonly string[] TopFields = ["name", "period", "coreShareMin", "units", "categories", "data", "adjustments", "previousFlags"];
    private static readonly string[] CategoryFields = ["id", "name", "units", "indicators", "tieBreak", "grades", "labels", "flag"];
    private static readonly string[] IndicatorFields = ["id", "name", "kind", "weight", "core", "direction", "measure", "missing", "method", "source"];

    public static SchemeReadResult Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    public static SchemeReadResult Read(ReadOnlyMemory<byte> utf8)
    {
        // The split declines a file with bytes that are not UTF-8, an escaped lone surrogate or nesting too deep: the
        // document reader's scan names them. Past it, every string is text and every datum nests at most 8 levels.
        if (DataSplit.TrySplit(utf8, out var rest, out var data))
        {
            // The bulk, `$.data`, is walked from the file's bytes; the rest of the file is one small document.
            try
            {
                using var small = JsonDocument.Parse(rest, JsonInput.DocumentOptions);
                var smallInput = new JsonInput();
                var smallScheme = new Reader(smallInput, data).ReadScheme(small.RootElement);
                return new SchemeReadResult(smallInput.Problems.Count == 0 ? smallScheme : null, smallInput.Problems);
            }
            catch (JsonException)
            {
                // The rest or the data are not JSON: the whole file is read as one document, which says where.
            }
        }
        return ReadDocument(utf8);
    }

    /// <summary>The whole file as one document, <c>$.data</c> included (the streamed reading's reference in tests).</summary>
    internal static SchemeReadResult ReadDocument(ReadOnlyMemory<byte> utf8)
    {
        // Strings that are not text and nesting too deep (a datum's at the datum's path) are found before anything reads them.
        if (JsonScan.Scheme(utf8.Span) is { Count: > 0 } scan) return new SchemeReadResult(null, scan);
        using var doc = JsonInput.Parse(utf8, out var problem);
        if (doc is null) return new SchemeReadResult(null, [problem!]);
        return Read(doc.RootElement);
    }

    public static SchemeReadResult Read(JsonElement root)
    {
        var input = new JsonInput();
        var scheme = new Reader(input).ReadScheme(root);
        return new SchemeReadResult(input.Problems.Count == 0 ? scheme : null, input.Problems);
    }

    /// <summary>Reads a scheme from its document; <paramref name="data"/>, when given, is the value of <c>$.data</c> cut out of the document.</summary>
    private sealed class Reader(JsonInput input, ReadOnlyMemory<byte>? data = null)
    {
        private readonly Dictionary<string, string> unitNames = new(StringComparer.Ordinal);
        /// <summary>Units a category lists but <c>$.units</c> does not name: valid, named by their id (scoring.md §7).</summary>
        private readonly List<UnitInfo> unnamedUnits = [];
        private readonly Dictionary<string, Category> unitCategory = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> unitIndex = new(StringComparer.Ordinal);
        /// <summary>
        /// Indicators declared with problems of their own, by category and id, with their kind when it could be read:
        /// they are known to the checks that name indicators (data, tieBreak, exemptions), which report nothing more
        /// about them — the indicator's own problem is the root one (issue #8, defect 7).
        /// </summary>
        private readonly Dictionary<(string Category, string Indicator), IndicatorKind?> invalidIndicators = [];

        /// <summary>The scheme's period as written (a roll-up's source period is checked against it).</summary>
        private string? schemePeriod;

        public Scheme? ReadScheme(JsonElement root)
        {
            if (!input.Object(root, "$", TopFields)) return null;
            var name = input.String(root, "$", "name", required: true) ?? "";
            var period = input.String(root, "$", "period", required: true) ?? "";
            schemePeriod = period;
            if (period.Length > 0 && !Periods.IsValid(period))
            {
                input.Add("$.period", $"\"{period}\" is not a period (2026-10, 2026-Q3, 2026-H1 or 2026)", $"“{period}”不是有效的考核期（如 2026-10、2026-Q3、2026-H1、2026）");
            }
            var coreShareMin = input.Number(root, "$", "coreShareMin", required: false);
            if (coreShareMin is < 0 or > 100)
            {
                input.Add("$.coreShareMin", "must be between 0 and 100", "应在 0 到 100 之间");
                coreShareMin = null;
            }

            var units = ReadUnits(root);
            var categories = ReadCategories(root, coreShareMin);
            units.AddRange(unnamedUnits);
            var columns = ReadData(root, categories);
            var adjustments = ReadAdjustments(root, columns);
            var flags = ReadPreviousFlags(root, categories);
            // Every category read is checked against its data; a file with problems yields no scheme, so a category
            // refused for its id (missing or duplicate) never reaches the engine.
            var byId = new Dictionary<string, Datum?[][]>(StringComparer.Ordinal);
            foreach (var (c, cols) in columns) byId.TryAdd(c.Id, cols);
            return new Scheme
            {
                Name = name,
                Period = period,
                CoreShareMin = coreShareMin,
                Units = units,
                Categories = categories,
                Columns = byId,
                Adjustments = adjustments,
                PreviousFlags = flags,
            };
        }

        private List<UnitInfo> ReadUnits(JsonElement root)
        {
            var list = new List<UnitInfo>();
            // `units` is a map of display names (§7): it may be left out, and it may name only some units.
            if (!JsonInput.TryField(root, "units", out var units)) return list;
            if (units.ValueKind != JsonValueKind.Object)
            {
                input.Add("$.units", "must be an object from unit id to name", "应为“单位编号: 单位名称”形式的对象");
                return list;
            }
            foreach (var p in units.EnumerateObject())
            {
                var path = JsonPath.Field("$.units", p.Name);
                if (p.Name.Trim().Length == 0)
                {
                    input.Add(path, "a unit id must not be empty", "单位编号不能为空");
                    continue;
                }
                if (p.Value.ValueKind != JsonValueKind.String || p.Value.GetString()!.Trim().Length == 0)
                {
                    input.Add(path, "the unit name must be a non-empty string", "单位名称应为非空字符串");
                    continue;
                }
                if (!unitNames.TryAdd(p.Name, p.Value.GetString()!))
                {
                    input.Add(path, $"duplicate unit id \"{p.Name}\"", $"单位编号“{p.Name}”重复");
                    continue;
                }
                list.Add(new UnitInfo(p.Name, p.Value.GetString()!));
            }
            return list;
        }

        private List<Category> ReadCategories(JsonElement root, decimal? coreShareMin)
        {
            var list = new List<Category>();
            if (!JsonInput.TryField(root, "categories", out var cats))
            {
                input.Add("$.categories", "is required", "必填");
                return list;
            }
            if (!input.Array(cats, "$.categories")) return list;
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            int i = 0;
            foreach (var el in cats.EnumerateArray())
            {
                var path = JsonPath.Index("$.categories", i);
                var cat = ReadCategory(el, path, coreShareMin);
                if (cat is not null)
                {
                    if (cat.Id.Length > 0 && ids.TryGetValue(cat.Id, out var first))
                    {
                        input.Add(JsonPath.Field(path, "id"), $"duplicate category id \"{cat.Id}\" (also $.categories[{first}])", $"考核类别编号“{cat.Id}”重复（另见 $.categories[{first}]）");
                    }
                    else if (cat.Id.Length > 0) ids[cat.Id] = i;
                    // Kept even when refused, so that its units' data are still checked against its indicators.
                    list.Add(cat);
                }
                i++;
            }
            return list;
        }

        private Category? ReadCategory(JsonElement el, string path, decimal? coreShareMin)
        {
            if (!input.Object(el, path, CategoryFields)) return null;
            var id = input.String(el, path, "id", required: true);
            var name = input.String(el, path, "name", required: false) ?? id ?? "";

            var indicators = new List<Indicator>();
            // Every indicator declared with an id, valid or not, by id → its index: a problem in an indicator's
            // parameters does not make its id unknown to the duplicate, tieBreak, exemption and data checks.
            var indicatorPaths = new Dictionary<string, int>(StringComparer.Ordinal);
            // The kind, weight and core of every indicator, valid or not; null once one of them could not be read.
            List<IndicatorShape>? shapes = [];
            // The index of the category's indicator taking the cards: at most one (ADR 0030).
            int? cardsAt = null;
            if (!JsonInput.TryField(el, "indicators", out var inds))
            {
                input.Add(JsonPath.Field(path, "indicators"), "is required", "必填");
            }
            else if (input.Array(inds, JsonPath.Field(path, "indicators")))
            {
                int j = 0;
                foreach (var ie in inds.EnumerateArray())
                {
                    var ipath = JsonPath.Index(JsonPath.Field(path, "indicators"), j);
                    var ind = ReadIndicator(ie, ipath, out var shape);
                    if (ind?.Source == DataSources.Cards)
                    {
                        if (cardsAt is { } firstCards)
                        {
                            input.Add(JsonPath.Field(ipath, "source"), $"only one indicator of a category takes the cards (also indicators[{firstCards}])",
                                $"每个考核类别只能有一个指标采用红黄牌数据（另见 indicators[{firstCards}]）");
                        }
                        else cardsAt = j;
                    }
                    if (shape is { Kind: not null, Weight: not null, Core: not null }) shapes?.Add(shape);
                    else shapes = null;
                    if (shape?.Id is { } declared)
                    {
                        if (indicatorPaths.TryGetValue(declared, out var first))
                        {
                            input.Add(JsonPath.Field(ipath, "id"), $"duplicate indicator id \"{declared}\" (also indicators[{first}])", $"指标编号“{declared}”重复（另见 indicators[{first}]）");
                        }
                        else
                        {
                            indicatorPaths[declared] = j;
                            if (ind is not null) indicators.Add(ind);
                            else invalidIndicators.TryAdd((id ?? "", declared), shape.Kind);
                        }
                    }
                    j++;
                }
                if (j == 0) input.Add(JsonPath.Field(path, "indicators"), "must list at least one indicator", "至少应有一个指标");
            }

            // The share counts every indicator, valid or not; it cannot be known while a kind, weight or core is unreadable.
            if (coreShareMin is { } share && shapes is not null) CheckCoreShare(shapes, share, JsonPath.Field(path, "indicators"));

            var category = new Category
            {
                Id = id ?? "",
                Name = name,
                Units = [],
                Indicators = indicators,
            };
            var units = ReadCategoryUnits(el, path, category);
            var tieBreak = ReadTieBreak(el, path, id ?? "", indicators, indicatorPaths);
            var grades = ReadGrades(el, path);
            var labels = ReadLabels(el, path);
            FlagRule? flag = null;
            if (JsonInput.TryField(el, "flag", out var fe))
            {
                var fpath = JsonPath.Field(path, "flag");
                if (input.Object(fe, fpath, ["min"])) flag = new FlagRule(input.Number(fe, fpath, "min", required: false));
            }
            var result = new Category
            {
                Id = id ?? "",
                Name = name,
                Units = units,
                Indicators = indicators,
                TieBreak = tieBreak,
                Grades = grades,
                Labels = labels,
                Flag = flag,
            };
            for (int k = 0; k < units.Count; k++)
            {
                unitCategory[units[k]] = result;
                unitIndex[units[k]] = k;
            }
            return result;
        }

        /// <summary>主责主业: Σ weights of core base indicators must be at least <paramref name="share"/> % of Σ base weights (§5).</summary>
        private void CheckCoreShare(List<IndicatorShape> indicators, decimal share, string path)
        {
            decimal total = 0, core = 0;
            foreach (var ind in indicators)
            {
                if (ind.Kind != IndicatorKind.Base) continue;
                total += ind.Weight!.Value;
                if (ind.Core == true) core += ind.Weight!.Value;
            }
            if (total > 0 && core * 100 < share * total)
            {
                var pct = Numbers.Show(core * 100 / total, 2);
                input.Add(path,
                    $"core (主责主业) weight {Numbers.Shortest(core)} is {pct}% of the base weight {Numbers.Shortest(total)}, below coreShareMin {Numbers.Shortest(share)}%",
                    $"主责主业指标权重 {Numbers.Shortest(core)} 占基本分指标权重 {Numbers.Shortest(total)} 的 {pct}%，低于方案要求的 {Numbers.Shortest(share)}%（coreShareMin）");
            }
        }

        private List<string> ReadCategoryUnits(JsonElement el, string path, Category category)
        {
            var list = new List<string>();
            var upath = JsonPath.Field(path, "units");
            if (!JsonInput.TryField(el, "units", out var units))
            {
                input.Add(upath, "is required", "必填");
                return list;
            }
            if (!input.Array(units, upath)) return list;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int k = 0;
            foreach (var u in units.EnumerateArray())
            {
                var p = JsonPath.Index(upath, k++);
                if (u.ValueKind != JsonValueKind.String)
                {
                    input.Add(p, "must be a unit id (a string)", "应为单位编号（字符串）");
                    continue;
                }
                var id = u.GetString()!;
                if (id.Trim().Length == 0)
                {
                    input.Add(p, "a unit id must not be empty", "单位编号不能为空");
                    continue;
                }
                if (!seen.Add(id))
                {
                    input.Add(p, $"unit \"{id}\" is listed twice", $"单位“{id}”重复列出");
                    continue;
                }
                if (unitCategory.TryGetValue(id, out var other))
                {
                    input.Add(p, $"unit \"{id}\" is already in category \"{other.Id}\"", $"单位“{id}”已属于考核类别“{other.Id}”");
                    continue;
                }
                // A unit the file's `units` does not name is valid: its name is its id (§7).
                if (unitNames.TryAdd(id, id)) unnamedUnits.Add(new UnitInfo(id, id, Named: false));
                list.Add(id);
            }
            return list;
        }

        private List<int> ReadTieBreak(JsonElement el, string path, string categoryId, List<Indicator> indicators, Dictionary<string, int> known)
        {
            var list = new List<int>();
            if (!JsonInput.TryField(el, "tieBreak", out var tb)) return list;
            var tpath = JsonPath.Field(path, "tieBreak");
            if (!input.Array(tb, tpath)) return list;
            int k = 0;
            foreach (var t in tb.EnumerateArray())
            {
                var p = JsonPath.Index(tpath, k++);
                if (t.ValueKind != JsonValueKind.String)
                {
                    input.Add(p, "must be an indicator id (a string)", "应为指标编号（字符串）");
                    continue;
                }
                var id = t.GetString()!;
                int idx = indicators.FindIndex(x => x.Id == id);
                if (idx < 0 && !known.ContainsKey(id))
                {
                    input.Add(p, $"unknown indicator \"{id}\"", $"本类别没有指标“{id}”");
                    continue;
                }
                // An indicator with problems of its own: only a penalty kind, read or not, is a problem of the tieBreak.
                var kind = idx >= 0 ? indicators[idx].Kind : invalidIndicators.GetValueOrDefault((categoryId, id));
                if (kind == IndicatorKind.Penalty)
                {
                    input.Add(p, $"\"{id}\" is a penalty indicator and cannot break ties", $"“{id}”为扣分指标，不能用于同分排序");
                    continue;
                }
                if (idx >= 0) list.Add(idx);
            }
            return list;
        }

        private List<GradeRule> ReadGrades(JsonElement el, string path)
        {
            var list = new List<GradeRule>();
            if (!JsonInput.TryField(el, "grades", out var gs)) return list;
            var gpath = JsonPath.Field(path, "grades");
            if (!input.Array(gs, gpath)) return list;
            var names = new HashSet<string>(StringComparer.Ordinal);
            int k = 0;
            decimal? previousMin = null;
            foreach (var g in gs.EnumerateArray())
            {
                var p = JsonPath.Index(gpath, k++);
                if (!input.Object(g, p, ["name", "min", "quota", "quotaShare"])) continue;
                var name = input.String(g, p, "name", required: true);
                var min = input.Number(g, p, "min", required: true);
                var quota = input.WholeNumber(g, p, "quota", required: false, min: 0);
                var share = input.Number(g, p, "quotaShare", required: false);
                if (share is < 0 or > 1)
                {
                    input.Add(JsonPath.Field(p, "quotaShare"), "must be between 0 and 1", "应在 0 到 1 之间");
                    share = null;
                }
                if (name is not null && !names.Add(name)) input.Add(JsonPath.Field(p, "name"), $"duplicate grade \"{name}\"", $"等次“{name}”重复");
                if (min is not null && previousMin is not null && min > previousMin)
                {
                    input.Add(JsonPath.Field(p, "min"), "grades must be listed from high to low: min is above the previous grade's", "等次应从高到低排列：本等次的最低分（min）高于上一等次的最低分");
                }
                if (min is not null) previousMin = min;
                if (name is not null && min is not null) list.Add(new GradeRule(name, min.Value, quota, share));
            }
            // An empty list is a category without grades (§5: grade null), as when grades is left out.
            return list;
        }

        private Labels ReadLabels(JsonElement el, string path)
        {
            if (!JsonInput.TryField(el, "labels", out var le)) return new Labels();
            var lpath = JsonPath.Field(path, "labels");
            if (!input.Object(le, lpath, ["pacesetter", "winner", "yellow"])) return new Labels();
            LabelRule? Top(string key)
            {
                if (!JsonInput.TryField(le, key, out var v)) return null;
                var p = JsonPath.Field(lpath, key);
                if (!input.Object(v, p, ["top", "min"])) return null;
                var top = input.WholeNumber(v, p, "top", required: true, min: 1);
                var min = input.Number(v, p, "min", required: false);
                return top is null ? null : new LabelRule(top.Value, min);
            }
            YellowRule? yellow = null;
            if (JsonInput.TryField(le, "yellow", out var ye))
            {
                var p = JsonPath.Field(lpath, "yellow");
                if (input.Object(ye, p, ["bottom", "below"]))
                {
                    yellow = new YellowRule(input.WholeNumber(ye, p, "bottom", required: false, min: 0), input.Number(ye, p, "below", required: false));
                }
            }
            return new Labels { Pacesetter = Top("pacesetter"), Winner = Top("winner"), Yellow = yellow };
        }

        /// <summary>What could be read of an indicator, valid or not: its declared id, and its kind, weight and core (null when unreadable).</summary>
        private sealed record IndicatorShape(string? Id, IndicatorKind? Kind, decimal? Weight, bool? Core);

        private Indicator? ReadIndicator(JsonElement el, string path, out IndicatorShape? shape)
        {
            shape = null;
            if (!input.Object(el, path, IndicatorFields)) return null;
            var id = input.String(el, path, "id", required: true);
            var declaredId = id;
            if (id is not null && id.Contains('/'))
            {
                input.Add(JsonPath.Field(path, "id"), "an indicator id must not contain \"/\"", "指标编号不能包含“/”");
                id = null;
            }
            var name = input.String(el, path, "name", required: false) ?? id ?? "";
            var kindText = input.Choice(el, path, "kind", ["base", "bonus", "penalty"]);
            // Left out, the kind is base; given but unreadable, it is unknown (null), and nothing that depends on it is checked.
            IndicatorKind? kind = kindText switch
            {
                "bonus" => IndicatorKind.Bonus,
                "penalty" => IndicatorKind.Penalty,
                "base" => IndicatorKind.Base,
                _ => JsonInput.TryField(el, "kind", out _) ? null : IndicatorKind.Base,
            };
            var weight = input.Number(el, path, "weight", required: true);
            if (weight < 0)
            {
                input.Add(JsonPath.Field(path, "weight"), "must not be below 0", "不得小于 0");
                weight = null;
            }
            var coreRead = input.Bool(el, path, "core");
            bool? core = coreRead ?? (JsonInput.TryField(el, "core", out _) ? null : false);
            shape = new IndicatorShape(declaredId, kind, weight, core);
            var direction = input.Choice(el, path, "direction", ["higher", "lower"]) == "lower" ? Direction.Lower : Direction.Higher;
            var measure = input.Choice(el, path, "measure", ["value", "growth"]) == "growth" ? MeasureKind.Growth : MeasureKind.Value;
            var missing = input.Choice(el, path, "missing", ["zero", "average", "exclude"]) switch
            {
                "average" => MissingPolicy.Average,
                "exclude" => MissingPolicy.Exclude,
                _ => MissingPolicy.Zero,
            };
            Method? method = null;
            var mpath = JsonPath.Field(path, "method");
            if (!JsonInput.TryField(el, "method", out var me)) input.Add(mpath, "is required", "必填");
            else method = MethodReader.Read(input, me, mpath, kind, weight, schemePeriod);
            var source = ReadSource(el, path, kind, method);
            if (id is null || kind is null || weight is null || core is null || method is null) return null;
            return new Indicator
            {
                Id = id,
                Name = name,
                Kind = kind.Value,
                Weight = weight.Value,
                Core = core.Value,
                Direction = direction,
                Measure = measure,
                Missing = missing,
                Method = method,
                Source = source,
            };
        }

        /// <summary>
        /// The indicator's <c>source</c> (ADR 0030): a known name; <c>cards</c> on a penalty indicator counting events
        /// by type with both <c>yellow</c> and <c>red</c>; <c>projects.*</c> and <c>benchmarks.gap/…</c> on a base indicator whose datum is a number.
        /// A source that cannot be checked because the kind or the method is unreadable is left to their problems.
        /// </summary>
        private string? ReadSource(JsonElement el, string path, IndicatorKind? kind, Method? method)
        {
            if (!JsonInput.TryField(el, "source", out _)) return null;
            var spath = JsonPath.Field(path, "source");
            var source = input.String(el, path, "source", required: false);
            if (source is null) return null;
            if (!DataSources.IsKnown(source))
            {
                input.Add(spath, $"unknown source \"{source}\" (expected one of {string.Join(", ", DataSources.All)}, {DataSources.BenchmarksPrefix}BENCHMARK/INDICATOR or {DataSources.SurveysPrefix}SURVEY)",
                    $"未知数据来源“{source}”（应为 {string.Join("、", DataSources.All)} 之一，或 {DataSources.BenchmarksPrefix}对标对象编号/指标编号，或 {DataSources.SurveysPrefix}测评编号）");
                return null;
            }
            if (kind is null || method is null) return source;
            if (source == DataSources.Cards)
            {
                if (kind != IndicatorKind.Penalty || method.Type != MethodType.Events || method.PerEventByType is not { } per
                    || !per.ContainsKey("yellow") || !per.ContainsKey("red"))
                {
                    input.Add(spath, "\"cards\" needs a penalty indicator with method \"events\" whose perEvent gives both \"yellow\" and \"red\"",
                        "“cards”（红黄牌）只能用于扣分指标，计分方法为 events，且 perEvent 须同时给出 yellow 和 red 的分值");
                    return null;
                }
                return source;
            }
            if (DataSources.IsSurvey(source))
            {
                if (kind != IndicatorKind.Base || !DataSources.SurveyFeeds(method.Type))
                {
                    input.Add(spath, $"\"{source}\" needs a base indicator whose datum is a number (method completion, efficacy, rank, leaderRatio, baseline, bands) or manual (the score scaled to the weight)",
                        $"“{source}”（测评得分）只能用于基本分指标，计分方法为 completion、efficacy、rank、leaderRatio、baseline、bands，或 manual（得分按权重折算）");
                    return null;
                }
                return source;
            }
            if (kind != IndicatorKind.Base || !DataSources.NumberMethods.Contains(method.Type))
            {
                input.Add(spath, $"\"{source}\" needs a base indicator whose datum is a number (method completion, efficacy, rank, leaderRatio, baseline or bands)",
                    $"“{source}”（{(DataSources.IsBenchmarks(source) ? "对标差距" : "重大项目数据")}）只能用于基本分指标，且其数据为数值（计分方法 completion、efficacy、rank、leaderRatio、baseline 或 bands）");
                return null;
            }
            return source;
        }

        private Dictionary<Category, Datum?[][]> ReadData(JsonElement root, List<Category> categories)
        {
            var columns = new Dictionary<Category, Datum?[][]>(ReferenceEqualityComparer.Instance);
            foreach (var c in categories) columns[c] = Scheme.NewColumns(c);
            if (data is { } raw)
            {
                // `$.data` was left out of the document (DataSplit): walk its bytes instead.
                ReadDataStream(raw, columns);
                return columns;
            }
            if (!JsonInput.TryField(root, "data", out var de)) return columns;
            if (de.ValueKind != JsonValueKind.Object)
            {
                input.Add("$.data", "must be an object from unit id to its data", "应为“单位编号: 数据”形式的对象");
                return columns;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var up in de.EnumerateObject()) ReadUnitData(up.Name, up.Value, columns, seen);
            return columns;
        }

        /// <summary>The category of a unit whose data can be read, or null after reporting why not (the checks of <see cref="ReadUnitData"/>).</summary>
        private Category? DataCategory(string unit, JsonValueKind kind, HashSet<string> seen, string upath)
        {
            if (!unitNames.ContainsKey(unit))
            {
                input.Add(upath, $"unknown unit \"{unit}\"", $"未知单位“{unit}”");
                return null;
            }
            if (!unitCategory.TryGetValue(unit, out var category))
            {
                input.Add(upath, $"unit \"{unit}\" is in no category", $"单位“{unit}”不属于任何考核类别");
                return null;
            }
            if (kind != JsonValueKind.Object)
            {
                input.Add(upath, "must be an object from indicator id to datum", "应为“指标编号: 数据”形式的对象");
                return null;
            }
            if (!seen.Add(unit))
            {
                input.Add(upath, $"unit \"{unit}\" appears twice in data", $"单位“{unit}”在 data 中重复出现");
                return null;
            }
            return category;
        }

        /// <summary>One unit's entry of <c>$.data</c>.</summary>
        private void ReadUnitData(string unit, JsonElement value, Dictionary<Category, Datum?[][]> columns, HashSet<string> seen)
        {
            var upath = JsonPath.Field("$.data", unit);
            if (DataCategory(unit, value.ValueKind, seen, upath) is not { } category) return;
            var cols = columns[category];
            int u = unitIndex[unit];
            int next = 0;
            foreach (var ip in value.EnumerateObject())
            {
                // Data usually list indicators in the category's order: match the expected name without allocating it.
                int idx = next < category.Indicators.Count && ip.NameEquals(category.Indicators[next].Utf8Id) ? next : category.IndicatorIndex(ip.Name);
                next = idx + 1;
                if (idx < 0) UnknownIndicator(category, upath, ip.Name);
                else ReadDatum(category, cols, u, upath, idx, ip.Value);
            }
        }

        private void UnknownIndicator(Category category, string upath, string name)
        {
            // An indicator declared with problems of its own is known: its data is not reported again.
            if (!invalidIndicators.ContainsKey((category.Id, name)))
            {
                input.Add(JsonPath.Field(upath, name), $"unknown indicator \"{name}\" in category \"{category.Id}\"", $"考核类别“{category.Id}”中没有指标“{name}”");
            }
        }

        private void ReadDatum(Category category, Datum?[][] cols, int u, string upath, int idx, JsonElement value)
        {
            if (value.ValueKind == JsonValueKind.Null) return;
            Store(cols, u, upath, category.Indicators[idx], idx, DatumReader.ReadUnder(input, value, upath, category.Indicators[idx]));
        }

        private void Store(Datum?[][] cols, int u, string upath, Indicator indicator, int idx, Datum? datum)
        {
            if (datum is null) return;
            if (cols[idx][u] is not null)
            {
                // The name matched the indicator's id: it is that id.
                input.Add(JsonPath.Field(upath, indicator.Id), $"indicator \"{indicator.Id}\" appears twice", $"指标“{indicator.Id}”重复出现");
                return;
            }
            cols[idx][u] = datum;
        }

        /// <summary>
        /// <c>$.data</c> walked token by token from the file's bytes (the object DataSplit's scan cut out, not yet known
        /// to be JSON: a <see cref="JsonException"/> here sends the whole file to the document reader): the common valid
        /// data are read straight off the reader (<see cref="DatumStream"/>), anything else is parsed into an element of
        /// its own and read by the same checked code as the document path, so every problem, path and order is the same.
        /// </summary>
        private void ReadDataStream(ReadOnlyMemory<byte> raw, Dictionary<Category, Datum?[][]> columns)
        {
            // The reader checks the data are JSON (SchemeReader.Read falls back to the document when they are not).
            var reader = new Utf8JsonReader(raw.Span, DataSplit.DataReaderOptions);
            reader.Read(); // {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var unit = reader.GetString()!;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject || !unitCategory.ContainsKey(unit) || !unitNames.ContainsKey(unit) || seen.Contains(unit))
                {
                    using var doc = JsonDocument.ParseValue(ref reader);
                    ReadUnitData(unit, doc.RootElement, columns, seen);
                    continue;
                }
                var upath = JsonPath.Field("$.data", unit);
                var category = DataCategory(unit, JsonValueKind.Object, seen, upath)!;
                var cols = columns[category];
                int u = unitIndex[unit];
                int next = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    int idx = next < category.Indicators.Count && reader.ValueTextEquals(category.Indicators[next].Utf8Id)
                        ? next
                        : category.IndicatorIndex(reader.GetString()!);
                    string? unknown = idx < 0 ? reader.GetString() : null;
                    next = idx + 1;
                    reader.Read();
                    if (unknown is not null)
                    {
                        UnknownIndicator(category, upath, unknown);
                        reader.Skip();
                        continue;
                    }
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    var indicator = category.Indicators[idx];
                    // A number or string is one token: only a list or an object moves the reader, to be rewound.
                    bool container = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray;
                    var start = container ? reader : default;
                    if (DatumStream.TryRead(ref reader, indicator) is { } datum)
                    {
                        Store(cols, u, upath, indicator, idx, datum);
                        continue;
                    }
                    if (container) reader = start;
                    using var doc = JsonDocument.ParseValue(ref reader);
                    ReadDatum(category, cols, u, upath, idx, doc.RootElement);
                }
            }
            // The cut-out object must be one JSON value ending at its last byte.
            if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0 || reader.Read())
            {
                throw new JsonException("$.data is not one JSON object");
            }
        }

        private List<Adjustment> ReadAdjustments(JsonElement root, Dictionary<Category, Datum?[][]> data)
        {
            var list = new List<Adjustment>();
            if (!JsonInput.TryField(root, "adjustments", out var ae)) return list;
            if (!input.Array(ae, "$.adjustments")) return list;
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var paths = new List<string>();
            var indexes = new List<int>();
            int k = 0;
            foreach (var el in ae.EnumerateArray())
            {
                var p = JsonPath.Index("$.adjustments", k++);
                if (!input.Object(el, p, ["id", "unit", "type", "reason", "ref", "factor"])) continue;
                var id = input.String(el, p, "id", required: false);
                var unit = input.String(el, p, "unit", required: true);
                var typeText = input.Choice(el, p, "type", ["veto", "blockTop", "exemption"], required: true);
                var reason = input.String(el, p, "reason", required: true);
                var refText = input.String(el, p, "ref", required: typeText == "exemption");
                var factor = input.Number(el, p, "factor", required: false);
                if (unit is not null && !unitNames.ContainsKey(unit))
                {
                    input.Add(JsonPath.Field(p, "unit"), $"unknown unit \"{unit}\"", $"未知单位“{unit}”");
                    unit = null;
                }
                else if (unit is not null && !unitCategory.ContainsKey(unit))
                {
                    input.Add(JsonPath.Field(p, "unit"), $"unit \"{unit}\" is in no category", $"单位“{unit}”不属于任何考核类别");
                    unit = null;
                }
                if (typeText is not null and not "exemption")
                {
                    if (refText is not null) input.Add(JsonPath.Field(p, "ref"), "only an exemption has a ref", "只有容错免责（exemption）才能指定免责对象（ref）");
                    if (factor is not null) input.Add(JsonPath.Field(p, "factor"), "only an exemption has a factor", "只有容错免责（exemption）才能指定保留比例（factor）");
                }
                if (factor is < 0 or > 1)
                {
                    input.Add(JsonPath.Field(p, "factor"), "must be between 0 and 1", "应在 0 到 1 之间");
                    factor = null;
                }
                if (id is not null)
                {
                    if (ids.TryGetValue(id, out var first))
                    {
                        input.Add(JsonPath.Field(p, "id"), $"duplicate adjustment id \"{id}\" (also $.adjustments[{first}])", $"调整项编号“{id}”重复（另见 $.adjustments[{first}]）");
                    }
                    else ids[id] = k - 1;
                }
                if (unit is null || typeText is null || reason is null) continue;
                var type = typeText switch { "veto" => AdjustmentType.Veto, "blockTop" => AdjustmentType.BlockTop, _ => AdjustmentType.Exemption };
                list.Add(new Adjustment { Id = id, Unit = unit, Type = type, Reason = reason, Ref = refText, Factor = factor ?? 0m });
                paths.Add(p);
                indexes.Add(k - 1);
            }
            return ResolveExemptions(list, paths, indexes, data);
        }

        private List<Adjustment> ResolveExemptions(List<Adjustment> list, List<string> paths, List<int> indexes, Dictionary<Category, Datum?[][]> data)
        {
            var resolved = new List<Adjustment>(list.Count);
            var exempted = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < list.Count; i++)
            {
                var a = list[i];
                if (a.Type != AdjustmentType.Exemption || a.Ref is null)
                {
                    resolved.Add(a);
                    continue;
                }
                var rpath = JsonPath.Field(paths[i], "ref");
                var category = unitCategory[a.Unit];
                Adjustment? r = null;
                // §6: ref is an adjustment id, a penalty indicator id or indicatorId/eventId. An adjustment's id is
                // taken as written first, so that an id with a slash in it ("2026/3") still names its veto.
                int target = list.FindIndex(x => x.Id == a.Ref && x.Type != AdjustmentType.Exemption);
                int slash = target >= 0 ? -1 : a.Ref.IndexOf('/');
                if (slash < 0)
                {
                    int ind = category.IndicatorIndex(a.Ref);
                    if (target >= 0)
                    {
                        if (list[target].Unit != a.Unit)
                        {
                            input.Add(rpath, $"adjustment \"{a.Ref}\" is for unit \"{list[target].Unit}\", not \"{a.Unit}\"", $"调整项“{a.Ref}”属于单位“{list[target].Unit}”，而非“{a.Unit}”");
                        }
                        else if (a.Factor != 0)
                        {
                            input.Add(JsonPath.Field(paths[i], "factor"), "an exemption of a veto or blockTop cancels it: factor must be 0", "免除一票否决或一票否优即取消该项：保留比例（factor）应为 0");
                        }
                        else r = new Adjustment { Id = a.Id, Unit = a.Unit, Type = a.Type, Reason = a.Reason, Ref = a.Ref, Factor = 0, Target = ExemptionTarget.Adjustment, TargetAdjustment = target };
                    }
                    else if (ind >= 0)
                    {
                        if (category.Indicators[ind].Kind != IndicatorKind.Penalty)
                        {
                            input.Add(rpath, $"\"{a.Ref}\" is not a penalty indicator: only deductions can be exempted", $"“{a.Ref}”不是扣分指标：只能免除扣分");
                        }
                        else r = new Adjustment { Id = a.Id, Unit = a.Unit, Type = a.Type, Reason = a.Reason, Ref = a.Ref, Factor = a.Factor, Target = ExemptionTarget.Indicator, TargetIndicator = a.Ref };
                    }
                    else if (invalidIndicators.TryGetValue((category.Id, a.Ref), out var invalidKind))
                    {
                        // An indicator with problems of its own: only a kind read as not penalty is a problem of the exemption.
                        if (invalidKind is { } k && k != IndicatorKind.Penalty)
                        {
                            input.Add(rpath, $"\"{a.Ref}\" is not a penalty indicator: only deductions can be exempted", $"“{a.Ref}”不是扣分指标：只能免除扣分");
                        }
                    }
                    else
                    {
                        input.Add(rpath, $"\"{a.Ref}\" names no adjustment and no indicator of category \"{category.Id}\"", $"“{a.Ref}”既不是调整项编号，也不是考核类别“{category.Id}”的指标");
                    }
                }
                else
                {
                    var indId = a.Ref[..slash];
                    var eventId = a.Ref[(slash + 1)..];
                    int ind = category.IndicatorIndex(indId);
                    if (ind < 0 && invalidIndicators.TryGetValue((category.Id, indId), out var invalidKind))
                    {
                        // The indicator has problems of its own and its events were not read: only a kind read as not penalty is reported.
                        if (invalidKind is { } k && k != IndicatorKind.Penalty)
                        {
                            input.Add(rpath, $"\"{indId}\" is not a penalty indicator of category \"{category.Id}\"", $"“{indId}”不是考核类别“{category.Id}”的扣分指标");
                        }
                    }
                    else if (ind < 0 || category.Indicators[ind].Kind != IndicatorKind.Penalty)
                    {
                        input.Add(rpath, $"\"{indId}\" is not a penalty indicator of category \"{category.Id}\"", $"“{indId}”不是考核类别“{category.Id}”的扣分指标");
                    }
                    else if (!(data[category][ind][unitIndex[a.Unit]] is EventsDatum ev && ev.Events.Any(e => e.Id == eventId)))
                    {
                        input.Add(rpath, $"unit \"{a.Unit}\" has no event \"{eventId}\" under \"{indId}\"", $"单位“{a.Unit}”的“{indId}”中没有事件“{eventId}”");
                    }
                    else r = new Adjustment { Id = a.Id, Unit = a.Unit, Type = a.Type, Reason = a.Reason, Ref = a.Ref, Factor = a.Factor, Target = ExemptionTarget.Event, TargetIndicator = indId, TargetEvent = eventId };
                }
                if (r is null) continue;
                var key = a.Unit + "\n" + a.Ref;
                if (exempted.TryGetValue(key, out var firstIndex))
                {
                    input.Add(rpath, $"\"{a.Ref}\" of unit \"{a.Unit}\" is already exempted by $.adjustments[{firstIndex}]", $"单位“{a.Unit}”的“{a.Ref}”已由 $.adjustments[{firstIndex}] 免责");
                    continue;
                }
                exempted[key] = indexes[i];
                resolved.Add(r);
            }
            // TargetAdjustment indexes `list`; it indexes `resolved` too, since any dropped entry makes the file invalid.
            return resolved;
        }

        private Dictionary<string, string> ReadPreviousFlags(JsonElement root, List<Category> categories)
        {
            var flags = new Dictionary<string, string>(StringComparer.Ordinal);
            if (!JsonInput.TryField(root, "previousFlags", out var fe)) return flags;
            if (fe.ValueKind != JsonValueKind.Object)
            {
                input.Add("$.previousFlags", "must be an object from category id to unit id", "应为“考核类别编号: 单位编号”形式的对象");
                return flags;
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in fe.EnumerateObject())
            {
                var path = JsonPath.Field("$.previousFlags", p.Name);
                if (!seen.Add(p.Name))
                {
                    input.Add(path, "appears more than once", "重复出现");
                    continue;
                }
                if (!categories.Any(c => c.Id == p.Name))
                {
                    input.Add(path, $"unknown category \"{p.Name}\"", $"未知考核类别“{p.Name}”");
                    continue;
                }
                if (p.Value.ValueKind == JsonValueKind.Null) continue;
                if (p.Value.ValueKind != JsonValueKind.String)
                {
                    input.Add(path, "must be a unit id or null", "应为单位编号，或 null（上期无人获得）");
                    continue;
                }
                var unit = p.Value.GetString()!;
                if (!unitNames.ContainsKey(unit))
                {
                    input.Add(path, $"unknown unit \"{unit}\"", $"未知单位“{unit}”");
                    continue;
                }
                flags[p.Name] = unit;
            }
            return flags;
        }
    }
}
