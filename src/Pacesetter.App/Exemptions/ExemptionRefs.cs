using System.Text.Json.Nodes;

namespace Pacesetter.App.Exemptions;

/// <summary>
/// What a unit may apply to be exempted from in a period (scoring.md §6), named for people: a 一票否决 or 一票否优 of the
/// unit (an adjustment with an id), a penalty indicator of its category (the whole deduction), or one event of such an
/// indicator (<c>indicatorId/eventId</c>). <see cref="Exempted"/> tells a reference the scheme exempts already.
/// </summary>
public sealed record ExemptionRef(string Ref, string Chinese, string English, bool Exempted)
{
    public string Text(bool chinese) => chinese ? Chinese : English;
}

/// <summary>
/// The references of a unit read from a scheme document with its data (the engine's reader checks an application;
/// this only names what there is to choose from, and an application's reference in the register).
/// </summary>
public static class ExemptionRefs
{
    public static List<ExemptionRef> Of(JsonObject document, string unit)
    {
        var list = new List<ExemptionRef>();
        var exempted = (document["adjustments"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(a => Str(a["type"]) == "exemption" && Str(a["unit"]) == unit).Select(a => Str(a["ref"])).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var a in (document["adjustments"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Str(a["unit"]) != unit || Str(a["id"]) is not { } id) continue;
            var reason = Str(a["reason"]) ?? "";
            switch (Str(a["type"]))
            {
                case "veto": list.Add(new ExemptionRef(id, $"一票否决：{reason}", $"Veto: {reason}", exempted.Contains(id))); break;
                case "blockTop": list.Add(new ExemptionRef(id, $"一票否优：{reason}", $"Block from the top: {reason}", exempted.Contains(id))); break;
            }
        }
        var category = (document["categories"] as JsonArray ?? []).OfType<JsonObject>()
            .FirstOrDefault(c => (c["units"] as JsonArray ?? []).Any(u => Str(u) == unit));
        var data = document["data"] is JsonObject d && d[unit] is JsonObject mine ? mine : null;
        foreach (var i in (category?["indicators"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Str(i["kind"]) != "penalty" || Str(i["id"]) is not { } id) continue;
            var name = Str(i["name"]) ?? id;
            list.Add(new ExemptionRef(id, $"{name}（整项扣分）", $"{name} (the whole deduction)", exempted.Contains(id)));
            foreach (var e in (data?[id] as JsonArray ?? []).OfType<JsonObject>())
            {
                if (Str(e["id"]) is not { } eventId) continue;
                var type = Str(e["type"]);
                var reference = id + "/" + eventId;
                list.Add(new ExemptionRef(reference, $"{name} · 事件 {eventId}{(type is null ? "" : "（" + TypeWord(type, true) + "）")}",
                    $"{name} · event {eventId}{(type is null ? "" : " (" + TypeWord(type, false) + ")")}", exempted.Contains(reference)));
            }
        }
        return list;
    }

    /// <summary>An application's reference in words: from <paramref name="known"/> when it names one, else as written.</summary>
    public static string Describe(IEnumerable<ExemptionRef>? known, string reference, bool chinese) =>
        known?.FirstOrDefault(r => r.Ref == reference)?.Text(chinese) ?? reference;

    private static string TypeWord(string type, bool chinese) => type switch
    {
        "red" => chinese ? "红牌" : "red card",
        "yellow" => chinese ? "黄牌" : "yellow card",
        _ => type,
    };

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
