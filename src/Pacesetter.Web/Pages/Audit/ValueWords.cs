using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Localization;
using Pacesetter.App.Audit;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Pages.Organizations;

namespace Pacesetter.Web.Pages.Audit;

/// <summary>
/// A stored value in words when no scheme says what it is (the audit log, the import preview): numbers and texts as
/// they are, a datum's parts and counts by their names, awards and events by the glossary (<see cref="Scoring.Text.Terms"/>).
/// With its indicator known, the data-entry pages say more (<see cref="DataEntry.DatumWords"/>).
/// </summary>
public sealed class ValueWords(IStringLocalizer<AuditText> a)
{
    /// <summary>The label of a field: 名称, 类别, 状态…; an unknown field by its key.</summary>
    public string Label(string field) => a["Field." + field] is { ResourceNotFound: false } l ? l.Value : field;

    /// <summary>The label of a part of a datum's value: 实际值, 目标值, 上期值.</summary>
    private string PartLabel(string field) => a["Part." + field] is { ResourceNotFound: false } l ? l.Value : Label(field);

    /// <summary>
    /// A value in words: a number as it is; a text as it is; {value, target, previous} as 实际值 1.02，目标值 0.9;
    /// counts as 黄牌 1 次，红牌 0 次; awards as 平安建设（市级）; events as c1（红牌）; true/false as 是/否.
    /// </summary>
    public string Of(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return a["None"];
            case JsonValue v when v.TryGetValue<string>(out var s):
                return s;
            case JsonValue v when v.TryGetValue<bool>(out var yes):
                return yes ? a["Yes"] : a["No"];
            case JsonValue v:
                return v.ToJsonString();
            case JsonArray list:
                return list.Count == 0 ? a["List.Empty"] : string.Join(a["List.Separator"], list.Select(Item));
            case JsonObject o when o.ContainsKey("value") || o.ContainsKey("target") || o.ContainsKey("previous"):
                return string.Join(a["Part.Separator"], o.Select(p => a["Format.Part", PartLabel(p.Key), Of(p.Value)].Value));
            case JsonObject o:
                // Counts of events by type (cards: {"yellow": 1, "red": 0}), or another object: its fields.
                return o.Count == 0
                    ? a["List.Empty"]
                    : string.Join(a["Part.Separator"], o.Select(p => p.Value is JsonValue c && c.GetValueKind() == JsonValueKind.Number
                        ? a["Format.Count", EventName(p.Key), c.ToJsonString()].Value
                        : a["Format.Part", PartLabel(p.Key), Of(p.Value)].Value));
            default:
                return value.ToJsonString();
        }
    }

    private string Item(JsonNode? item) => item switch
    {
        JsonObject o when o["item"] is JsonValue i && i.TryGetValue<string>(out var name) =>
            o["level"] is JsonValue l && l.TryGetValue<string>(out var level) ? a["Format.Award", name, LevelName(level)] : name,
        JsonObject o when o["type"] is JsonValue t && t.TryGetValue<string>(out var type) =>
            o["id"] is JsonValue id && id.TryGetValue<string>(out var eventId) ? a["Format.Event", eventId, EventName(type)] : EventName(type),
        _ => Of(item),
    };

    /// <summary>Award levels and event types by the one glossary (Scoring's <see cref="Scoring.Text.Terms"/>), as the entry pages and explain show them.</summary>
    private static string LevelName(string level) => Scoring.Text.Terms.For(Localization.RequestLanguage.Current).LevelName(level);

    private static string EventName(string type) => Scoring.Text.Terms.For(Localization.RequestLanguage.Current).EventTypeName(type);
}
