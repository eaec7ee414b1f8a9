using Pacesetter.App.Access;
using Pacesetter.App.DataEntry;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.DataImport;

/// <summary>
/// One input column of the data template: an indicator's field (<c>value</c>, <c>target</c>, <c>previous</c>,
/// <c>grade</c>, <c>count</c>, <c>count.{type}</c>, <c>item{n}</c>, <c>level{n}</c>), headed in Chinese and keyed
/// <c>{indicator}.{field}</c> in the template's second row, by which an import finds it again.
/// </summary>
public sealed record TemplateColumn(Indicator Indicator, string Field, string Header, DatumShape Shape)
{
    public string Key => Indicator.Id + "." + Field;
}

/// <summary>A category's sheet of the template: its units (rows) and columns, both limited to what the actor enters.</summary>
public sealed record TemplateSheet(Category Category, IReadOnlyList<(string Code, string Name)> Units, IReadOnlyList<TemplateColumn> Columns);

/// <summary>The template's layout from a period's scheme and who downloads it (issue #11 §3).</summary>
public static class TemplateColumns
{
    /// <summary>Awards a unit may enter per indicator in the template (item and level pairs).</summary>
    public const int AwardPairs = 3;

    /// <summary>
    /// Per category, the units the actor enters for and the columns of the indicators it enters (nobody enters an
    /// indicator the system fills): all for the office; a reporter its units; an assessor its indicators.
    /// </summary>
    public static List<TemplateSheet> For(Scheme scheme, Actor actor)
    {
        var sheets = new List<TemplateSheet>();
        foreach (var c in scheme.Categories)
        {
            var units = c.Units.Where(u => c.Indicators.Any(i => actor.CanWrite(u, i))).ToList();
            var indicators = c.Indicators.Where(i => units.Any(u => actor.CanWrite(u, i))).ToList();
            if (units.Count == 0 || indicators.Count == 0) continue;
            sheets.Add(new TemplateSheet(c, [.. units.Select(u => (u, scheme.UnitName(u)))], [.. indicators.SelectMany(Of)]));
        }
        return sheets;
    }

    /// <summary>The columns of one indicator (events counted, by type when the method prices types).</summary>
    public static IEnumerable<TemplateColumn> Of(Indicator indicator)
    {
        // Choices in the order of their points, highest first (DatumShape.ByPoints).
        var m = indicator.Method;
        var shape = DatumShape.Of(indicator);
        var name = indicator.Name;
        TemplateColumn C(string field, string header) => new(indicator, field, header, shape);
        switch (shape.Kind)
        {
            case InputKind.Number:
                var alone = !shape.NeedsTarget && !shape.NeedsPrevious;
                yield return C("value", alone ? name : name + "·完成值");
                if (shape.NeedsTarget) yield return C("target", name + (shape.TargetOptional ? "·目标值（可不填）" : "·目标值"));
                if (shape.NeedsPrevious) yield return C("previous", name + "·上期值");
                break;
            case InputKind.Score:
                yield return C("value", name + "·得分");
                if (shape.NeedsPrevious) yield return C("previous", name + "·上期值");
                break;
            case InputKind.Points:
                yield return C("value", name + "·加分");
                break;
            case InputKind.Grade:
                yield return C("grade", name + "·等次");
                break;
            case InputKind.Awards:
                for (int n = 1; n <= AwardPairs; n++)
                {
                    yield return C("item" + n, $"{name}·奖项{n}");
                    yield return C("level" + n, $"{name}·级别{n}");
                }
                break;
            default:
                if (shape.EventTypes.Count == 0) yield return C("count", name + "·次数");
                foreach (var t in shape.EventTypes) yield return C("count." + t, $"{name}·{EventTypeWord(t)}次数");
                break;
        }
    }

    /// <summary>An event type in words: red 红牌, yellow 黄牌, others as the scheme names them.</summary>
    public static string EventTypeWord(string type) => type switch { "red" => "红牌", "yellow" => "黄牌", _ => type };
}
