using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Pacesetter.App.DataEntry;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Schemes;
using Pacesetter.Scoring.Text;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.DataEntry;

/// <summary>
/// A stored datum in words, for the review panel and the conflict message (issue #8, defect 10): every datum shape of
/// the scheme file (scoring.md §7) — a number, value/target/previous, a grade, a list of awards, a list of events,
/// event counts — with its fields named and award levels and event types by their names (<see cref="Terms"/>).
/// </summary>
public static class DatumWords
{
    public static string Describe(Indicator indicator, string? json, IStringLocalizer<DataEntryText> t)
    {
        if (json is null) return "—";
        var node = JsonNode.Parse(json);
        var terms = Terms.For(RequestLanguage.Current);
        var sep = t["Words.Separator"].Value;
        var kind = DatumForm.For(indicator, json).Kind;
        switch (node)
        {
            case JsonObject o when kind is InputKind.Counts:
                return string.Join(sep, o.Select(p => t["Words.Count", terms.EventTypeName(p.Key), Num(p.Value)].Value));
            case JsonObject o:
                {
                    var parts = new List<string> { t["Words.LabelValue", o["target"] is null ? t[MainKey(kind)] : t["Words.Achieved"], Num(o["value"])] };
                    if (o["target"] is { } target) parts.Add(t["Words.LabelValue", t["Field.target"], Num(target)]);
                    if (o["previous"] is { } previous) parts.Add(t["Words.LabelValue", t["Field.previous"], Num(previous)]);
                    return string.Join(sep, parts);
                }
            case JsonArray list when kind is InputKind.Awards:
                return list.Count == 0 ? t["Words.None"] : string.Join(sep, list.Select(a => t["Words.Award", Str(a?["item"]), terms.LevelName(Str(a?["level"]))].Value));
            case JsonArray list:
                return list.Count == 0 ? t["Words.None"] : string.Join(sep, list.Select(e => e?["type"] is { } type
                    ? t["Words.Event", Str(e["id"]), terms.EventTypeName(Str(type))].Value
                    : Str(e?["id"])));
            case JsonValue v when v.TryGetValue<string>(out var grade):
                return t["Words.LabelValue", t["Field.grade"], grade];
            default:
                return kind is InputKind.Counts or InputKind.Events ? t["Words.Times", Num(node)] : t["Words.LabelValue", t[MainKey(kind)], Num(node)];
        }
    }

    private static string MainKey(InputKind kind) => kind switch
    {
        InputKind.Score => "Field.score",
        InputKind.Points => "Field.points",
        _ => "Field.value",
    };

    private static string Num(JsonNode? node) => node is JsonValue v && v.TryGetValue<decimal>(out var d) ? Numbers.Show(d) : node?.ToJsonString() ?? "—";

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
}
