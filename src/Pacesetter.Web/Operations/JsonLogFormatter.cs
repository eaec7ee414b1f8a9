using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Pacesetter.Web.Auth;

namespace Pacesetter.Web.Operations;

/// <summary>
/// One JSON object a line (<c>Logging:Console:FormatterName=json</c>, ADR 0046): time (UTC), level, category, event
/// id, message, the message's values, the exception, and of the scopes only <see cref="ScopeKeys"/> — the request id,
/// the trace and span ids, the organization's code. ASP.NET Core's own JSON formatter writes every scope, and the
/// hosting scope holds the request's path (a survey link's path is its token); no scope here holds a person's name,
/// an address, a cookie or a token.
/// </summary>
public sealed class JsonLogFormatter(IOptionsMonitor<ConsoleFormatterOptions> options) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "pacesetter-json";

    public static readonly string[] ScopeKeys = ["RequestId", "TraceId", "SpanId", "Organization"];

    public override void Write<TState>(in LogEntry<TState> entry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = entry.Formatter(entry.State, entry.Exception);
        if (entry.Exception is null && string.IsNullOrEmpty(message)) return;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("Timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"));
            json.WriteString("Level", entry.LogLevel.ToString());
            json.WriteString("Category", entry.Category);
            json.WriteNumber("EventId", entry.EventId.Id);
            json.WriteString("Message", message);
            if (entry.State is IReadOnlyList<KeyValuePair<string, object?>> values && values.Any(v => v.Key != "{OriginalFormat}"))
            {
                json.WriteStartObject("State");
                foreach (var (key, value) in values)
                {
                    if (key != "{OriginalFormat}") json.WriteString(key, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                }
                json.WriteEndObject();
            }
            if (entry.Exception is { } e) json.WriteString("Exception", e.ToString());
            if (options.CurrentValue.IncludeScopes && scopeProvider is not null)
            {
                var picked = new Dictionary<string, string>(StringComparer.Ordinal);
                scopeProvider.ForEachScope((scope, found) =>
                {
                    if (scope is not IEnumerable<KeyValuePair<string, object?>> pairs) return;
                    foreach (var (key, value) in pairs)
                    {
                        if (value is not null && Array.IndexOf(ScopeKeys, key) >= 0) found[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    }
                }, picked);
                foreach (var key in ScopeKeys)
                {
                    if (picked.TryGetValue(key, out var v)) json.WriteString(key, v);
                }
            }
            json.WriteEndObject();
        }
        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write(Environment.NewLine);
    }
}

/// <summary>A request's log scope: its id, and its organization's code — the route's <c>{org}</c>, else the signed-in actor's — read when a line is written.</summary>
public sealed class RequestLogScope(HttpContext http) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private string? Organization => http.GetRouteValue("org") as string ?? ActorAccess.Loaded(http)?.Organization.Slug;

    private List<KeyValuePair<string, object?>> Pairs()
    {
        var list = new List<KeyValuePair<string, object?>>(2) { new("RequestId", http.TraceIdentifier) };
        if (Organization is { } org) list.Add(new("Organization", org));
        return list;
    }

    public int Count => Pairs().Count;

    public KeyValuePair<string, object?> this[int index] => Pairs()[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Pairs().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", Pairs().Select(p => $"{p.Key}:{p.Value}"));
}
