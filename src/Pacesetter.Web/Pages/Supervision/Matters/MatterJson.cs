using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pacesetter.App.Supervision.Matters;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Scoring;
using Pacesetter.Scoring.Supervision;

namespace Pacesetter.Web.Pages.Supervision.Matters;

/// <summary>The JSON of matters as the API shows them (plan §1.6), and the reading of request bodies with every problem's path.</summary>
public static class MatterJson
{
    /// <summary>An instant as the API writes it: UTC, <c>2026-11-02T16:00:00Z</c> (fractions of a second only when there are any).</summary>
    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static JsonNode? Utc(DateTimeOffset? at) => at is { } x ? Utc(x) : null;

    public static JsonObject? Next(Matter m, DateTimeOffset now) => m.NextStep is not { } step ? null : new JsonObject
    {
        ["step"] = MatterNames.Of(step),
        ["deadline"] = Utc(m.NextDeadline),
        ["overdue"] = StepRules.IsOverdue(m.NextDeadline, now),
    };

    public static JsonObject Live(TaskEvaluation e, DateOnly asOf) => new()
    {
        ["asOf"] = Date(asOf),
        ["status"] = CardNames.Of(e.Status),
        ["reason"] = e.Reason is { } r ? CardNames.Of(r) : null,
        ["expected"] = e.Expected is { } x ? OneDecimal(x) : null,
        ["actual"] = e.Actual,
        ["lag"] = e.Lag is { } l ? OneDecimal(l) : null,
    };

    /// <summary>One decimal as the card report writes it (49.4505 → 49.5, 30 → 30.0).</summary>
    public static decimal OneDecimal(decimal value)
    {
        var rounded = Numbers.Round1(value);
        return rounded == 0m ? 0.0m : rounded + 0.0m;
    }

    public static string CardType(CardType t) => t == App.Supervision.Model.CardType.Red ? "red" : "yellow";

    public static JsonObject Step(MatterStep s) => new()
    {
        ["step"] = MatterNames.Of(s.Kind),
        ["from"] = s.From is { } f ? MatterNames.Of(f) : null,
        ["to"] = MatterNames.Of(s.To),
        ["by"] = s.Actor,
        ["at"] = Utc(s.At),
        ["reason"] = s.Reason,
        ["deadline"] = Utc(s.Deadline),
        ["overdue"] = s.Overdue,
    };

    public static JsonObject Evidence(ReportEvidence e) => new()
    {
        ["id"] = e.Id,
        ["file"] = e.FileName,
        ["type"] = e.ContentType,
        ["size"] = e.Size,
        ["sha256"] = e.Sha256,
    };

    public static JsonObject Instruction(Instruction i) => new()
    {
        ["id"] = i.Id,
        ["text"] = i.Text,
        ["by"] = i.By,
        ["at"] = Utc(i.At),
        ["acknowledgedBy"] = i.AcknowledgedBy,
        ["acknowledgedAt"] = Utc(i.AcknowledgedAt),
    };

    /// <summary>The whole matter (GET /tasks/{task}).</summary>
    public static JsonObject Full(MatterView v)
    {
        var m = v.Matter;
        var standing = v.Standing;
        return new JsonObject
        {
            ["id"] = m.Code,
            ["name"] = m.Name,
            ["kind"] = MatterNames.Of(m.Kind),
            ["unit"] = m.UnitCode,
            ["coUnits"] = new JsonArray([.. (m.CoUnits ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => (JsonNode)c)]),
            ["leader"] = m.Leader,
            ["start"] = Date(m.Start),
            ["due"] = Date(m.Due),
            ["frequency"] = MatterNames.Of(m.Frequency),
            ["description"] = m.Description,
            ["state"] = MatterNames.Of(m.State),
            ["version"] = m.Version,
            ["next"] = Next(m, v.Now),
            ["live"] = Live(v.Live, v.Today),
            ["standingCard"] = standing is null ? null : new JsonObject
            {
                ["id"] = standing.PublicId,
                ["type"] = CardType(standing.Type),
                ["reason"] = standing.Reason,
                ["date"] = Date(standing.MonthEnd),
            },
            ["milestones"] = new JsonArray([.. v.Milestones.Select(x => (JsonNode)new JsonObject
            {
                ["name"] = x.Name,
                ["due"] = Date(x.Due),
                ["doneOn"] = x.DoneOn is { } d ? Date(d) : null,
                ["overdue"] = x.DoneOn is null && x.Due < v.Today,
            })]),
            ["progress"] = new JsonArray([.. v.Reports.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Id,
                ["date"] = Date(r.Date),
                ["percent"] = r.Percent,
                ["narrative"] = r.Narrative,
                ["reason"] = r.Reason,
                ["source"] = r.Source == ReportSource.Import ? "import" : "web",
                ["by"] = r.ReportedBy,
                ["at"] = Utc(r.ReportedAt),
                ["evidence"] = new JsonArray([.. v.Evidence[r.Id].Select(e => (JsonNode)Evidence(e))]),
            })]),
            ["steps"] = new JsonArray([.. v.Steps.Select(s => (JsonNode)Step(s))]),
            ["instructions"] = new JsonArray([.. v.Instructions.Select(i => (JsonNode)Instruction(i))]),
            ["reminders"] = new JsonArray([.. v.Reminders.Select(r => (JsonNode)new JsonObject
            {
                ["id"] = r.Reminder.Id,
                ["message"] = r.Reminder.Message,
                ["by"] = r.Reminder.SentBy,
                ["at"] = Utc(r.Reminder.SentAt),
                ["reads"] = new JsonArray([.. r.Reads.Select(x => (JsonNode)new JsonObject { ["user"] = x.UserName, ["at"] = Utc(x.ReadAt) })]),
            })]),
            ["cards"] = new JsonArray([.. v.Cards.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.PublicId,
                ["type"] = CardType(c.Type),
                ["reason"] = c.Reason,
                ["date"] = Date(c.MonthEnd),
                ["liftedOn"] = c.LiftedOn is { } l ? Date(l) : null,
            })]),
        };
    }

    // ---------------------------------------------------------------- reading bodies

    /// <summary>A JSON object body, or null with the problem at <c>$</c>.</summary>
    public static async Task<(JsonObject? Body, Problem? Problem)> ReadObjectAsync(HttpRequest request, string shape, CancellationToken ct)
    {
        try
        {
            if (await JsonNode.ParseAsync(request.Body, cancellationToken: ct) is JsonObject o) return (o, null);
        }
        catch (JsonException)
        {
        }
        return (null, new Problem("$", $"the body must be a JSON object {shape}", $"请求体须为 JSON 对象 {shape}"));
    }

    /// <summary>Reads the fields of a JSON body, collecting each problem with its path.</summary>
    public sealed class Reader(JsonObject body)
    {
        public List<Problem> Problems { get; } = [];

        public string? Text(string name)
        {
            var node = body[name];
            if (node is null) return null;
            if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
            Problems.Add(new($"$.{name}", "must be a string", "须为字符串"));
            return null;
        }

        public decimal? Number(string name)
        {
            var node = body[name];
            if (node is null) return null;
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d)) return d;
            Problems.Add(new($"$.{name}", "must be a number", "须为数字"));
            return null;
        }

        public DateOnly? Day(string name, bool required = false)
        {
            var text = Text(name);
            if (text is null)
            {
                if (required && body[name] is null) Problems.Add(new($"$.{name}", "is required: a date YYYY-MM-DD", "必填：日期 YYYY-MM-DD"));
                return null;
            }
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            Problems.Add(new($"$.{name}", $"\"{text}\" is not a date YYYY-MM-DD", $"“{text}”不是日期 YYYY-MM-DD"));
            return null;
        }

        public DateTimeOffset? Instant(string name)
        {
            var text = Text(name);
            if (text is null) return null;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)) return d.ToUniversalTime();
            Problems.Add(new($"$.{name}", $"\"{text}\" is not an instant (2026-11-02T16:00:00Z)", $"“{text}”不是时间（如 2026-11-02T16:00:00Z）"));
            return null;
        }

        public List<string> Strings(string name)
        {
            var node = body[name];
            if (node is null) return [];
            if (node is not JsonArray a)
            {
                Problems.Add(new($"$.{name}", "must be an array of strings", "须为字符串数组"));
                return [];
            }
            var list = new List<string>();
            for (int i = 0; i < a.Count; i++)
            {
                if (a[i] is JsonValue v && v.TryGetValue<string>(out var s)) list.Add(s);
                else Problems.Add(new($"$.{name}[{i}]", "must be a string", "须为字符串"));
            }
            return list;
        }

        public List<(string Name, DateOnly Due)> Milestones(string name)
        {
            var node = body[name];
            if (node is null) return [];
            if (node is not JsonArray a)
            {
                Problems.Add(new($"$.{name}", "must be an array of {\"name\", \"due\"}", "须为 {\"name\", \"due\"} 数组"));
                return [];
            }
            var list = new List<(string, DateOnly)>();
            for (int i = 0; i < a.Count; i++)
            {
                if (a[i] is not JsonObject o)
                {
                    Problems.Add(new($"$.{name}[{i}]", "must be an object {\"name\", \"due\"}", "须为对象 {\"name\", \"due\"}"));
                    continue;
                }
                var inner = new Reader(o);
                var n = inner.Text("name") ?? "";
                var d = inner.Day("due", required: true);
                Problems.AddRange(inner.Problems.Select(p => p with { Path = $"$.{name}[{i}]" + p.Path[1..] }));
                if (d is { } due) list.Add((n, due));
            }
            return list;
        }
    }
}
