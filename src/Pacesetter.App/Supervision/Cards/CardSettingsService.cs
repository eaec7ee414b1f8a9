using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Supervision.Model;
using Pacesetter.App.Writes;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Supervision;

namespace Pacesetter.App.Supervision.Cards;

/// <summary>
/// 亮牌规则 the organization's card settings (supervision.md §1) and workflow deadlines: read, and saved against the
/// version read (ETag / If-Match). The card rules are checked by the engine's tasks-file reader itself, so the page,
/// <c>PUT rules</c> and <c>pacesetter cards</c> refuse the same values with the same words.
/// </summary>
public sealed class CardSettingsService(PacesetterDb db)
{
    private readonly OrgWriter writer = new(db);

    /// <summary>The workflow fields the settings hold besides the engine's rules, with their bounds.</summary>
    public static readonly (string Name, int Min, int Max)[] DeadlineFields = [("acknowledgeWorkingDays", 0, 30), ("verifyWorkingDays", 0, 30)];

    public Task<CardSettings> GetAsync(int organizationId, CancellationToken ct) => CardSettings.ForAsync(db, organizationId, ct);

    /// <summary>
    /// Reads a rules object <c>{"yellowLag", "redLag", "notStartedYellowMonths", "notStartedRedMonths", "escalateAfter",
    /// "acknowledgeWorkingDays", "verifyWorkingDays"}</c> (each optional: absent = the current value) onto
    /// <paramref name="current"/>'s values; problems name the field as <c>$.yellowLag</c>.
    /// </summary>
    public static WriteOutcome<CardSettings> Read(byte[] body, CardSettings current)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return WriteOutcome<CardSettings>.Invalid(JsonPath.Root, "not valid JSON", "不是有效的 JSON");
        }
        if (node is not JsonObject o) return WriteOutcome<CardSettings>.Invalid(JsonPath.Root, "must be an object", "必须是对象");
        var problems = new List<Problem>();
        var next = new CardSettings
        {
            OrganizationId = current.OrganizationId,
            AcknowledgeWorkingDays = current.AcknowledgeWorkingDays,
            VerifyWorkingDays = current.VerifyWorkingDays,
        };
        foreach (var (name, min, max) in DeadlineFields)
        {
            if (!o.TryGetPropertyValue(name, out var value)) continue;
            o.Remove(name);
            string path = "$." + name;
            if (value is not JsonValue v || !v.TryGetValue<decimal>(out var d) || d != decimal.Truncate(d))
            {
                problems.Add(new Problem(path, "must be a whole number", "必须是整数"));
            }
            else if (d < min || d > max)
            {
                problems.Add(new Problem(path, $"must be from {min} to {max}", $"必须在 {min} 到 {max} 之间"));
            }
            else if (name == "acknowledgeWorkingDays") next.AcknowledgeWorkingDays = (int)d;
            else next.VerifyWorkingDays = (int)d;
        }
        // The engine's reader checks the rules (fields, types, bounds, order) exactly as in a tasks file; absent fields keep the current values.
        var rules = new JsonObject
        {
            ["yellowLag"] = current.YellowLag,
            ["redLag"] = current.RedLag,
            ["notStartedYellowMonths"] = current.NotStartedYellowMonths,
            ["notStartedRedMonths"] = current.NotStartedRedMonths,
            ["escalateAfter"] = current.EscalateAfter,
        };
        foreach (var (key, value) in o.ToList())
        {
            o.Remove(key);
            rules[key] = value;
        }
        var wrapped = new JsonObject { ["rules"] = rules, ["tasks"] = new JsonArray() };
        try
        {
            var read = CardFileReader.Read(Encoding.UTF8.GetBytes(wrapped.ToJsonString()));
            next.YellowLag = read.Rules.YellowLag;
            next.RedLag = read.Rules.RedLag;
            next.NotStartedYellowMonths = read.Rules.NotStartedYellowMonths;
            next.NotStartedRedMonths = read.Rules.NotStartedRedMonths;
            next.EscalateAfter = read.Rules.EscalateAfter;
        }
        catch (InvalidInputException ex)
        {
            problems.InsertRange(0, ex.Problems.Select(p => p with { Path = p.Path.StartsWith("$.rules", StringComparison.Ordinal) ? "$" + p.Path["$.rules".Length..] : p.Path }));
        }
        return problems.Count > 0 ? WriteOutcome<CardSettings>.Invalid(problems) : WriteOutcome<CardSettings>.Ok(next);
    }

    /// <summary>Saves the settings read from <paramref name="body"/> when the stored version is still <paramref name="expectedVersion"/> (null: any).</summary>
    public Task<WriteOutcome<CardSettings>> SaveAsync(int organizationId, byte[] body, int? expectedVersion, string actor, CancellationToken ct) =>
        writer.RunAsync(organizationId, actor, async w =>
        {
            var stored = await db.CardSettings.FirstOrDefaultAsync(s => s.OrganizationId == organizationId, ct);
            var current = stored ?? CardSettings.Defaults(organizationId);
            if (expectedVersion is { } v && v != current.Version) return WriteOutcome<CardSettings>.Conflict(WriteMessages.Changed, current);
            var read = Read(body, current);
            if (!read.IsOk) return read;
            var next = read.Value!;
            var before = stored is null ? null : Snapshot(stored);
            if (stored is null)
            {
                stored = CardSettings.Defaults(organizationId);
                db.CardSettings.Add(stored);
            }
            stored.YellowLag = next.YellowLag;
            stored.RedLag = next.RedLag;
            stored.NotStartedYellowMonths = next.NotStartedYellowMonths;
            stored.NotStartedRedMonths = next.NotStartedRedMonths;
            stored.EscalateAfter = next.EscalateAfter;
            stored.AcknowledgeWorkingDays = next.AcknowledgeWorkingDays;
            stored.VerifyWorkingDays = next.VerifyWorkingDays;
            stored.Version++;
            await w.Audit("supervision.rules", "card_settings", "rules", before: before, after: Snapshot(stored));
            return WriteOutcome<CardSettings>.Ok(stored);
        }, ct: ct);

    /// <summary>The settings as the API and the audit rows show them.</summary>
    public static JsonObject Json(CardSettings s) => new()
    {
        ["yellowLag"] = s.YellowLag,
        ["redLag"] = s.RedLag,
        ["notStartedYellowMonths"] = s.NotStartedYellowMonths,
        ["notStartedRedMonths"] = s.NotStartedRedMonths,
        ["escalateAfter"] = s.EscalateAfter,
        ["acknowledgeWorkingDays"] = s.AcknowledgeWorkingDays,
        ["verifyWorkingDays"] = s.VerifyWorkingDays,
    };

    public static string Snapshot(CardSettings s) => Json(s).ToJsonString();
}
