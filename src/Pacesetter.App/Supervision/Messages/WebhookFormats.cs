using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pacesetter.App.Supervision.Model;

namespace Pacesetter.App.Supervision.Messages;

/// <summary>A message as it goes out: the address (DingTalk's signature added), the body and the event kind.</summary>
public sealed record WebhookRequest(string Url, string Body, string Kind, Guid DeliveryId);

/// <summary>
/// The three formats of an outgoing webhook (ADR 0032), made at sending from the outbox's format-neutral body
/// <c>{"deliveryId","kind","at","text","textEn","data"}</c>: plain JSON; the DingTalk group robot (markdown, with the
/// 加签 signature when a secret is set); the WeCom group robot (markdown). Every text ends with <c>投递编号 {deliveryId}</c>
/// so that a person (or a robot's reader) can drop a repeat; the JSON carries it as <c>deliveryId</c>.
/// </summary>
public static partial class WebhookFormats
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Name(WebhookFormat f) => f switch
    {
        WebhookFormat.DingTalk => "dingtalk",
        WebhookFormat.WeCom => "wecom",
        _ => "json",
    };

    public static WebhookFormat? Parse(string? name) => name switch
    {
        "json" => WebhookFormat.Json,
        "dingtalk" => WebhookFormat.DingTalk,
        "wecom" => WebhookFormat.WeCom,
        _ => null,
    };

    /// <summary>The event kinds an endpoint may choose (none chosen = all).</summary>
    public static readonly string[] Events = ["card", "reminder", "instruction", "overdue", "bulletin"];

    /// <summary>The position of an event kind in <see cref="Events"/> (the stored order).</summary>
    public static int Order(string kind) => Array.IndexOf(Events, kind);

    /// <summary>The request for <paramref name="endpoint"/> of a stored message, at <paramref name="now"/> (DingTalk's timestamp).</summary>
    public static WebhookRequest Render(WebhookEndpoint endpoint, string stored, string organization, DateTimeOffset now)
    {
        var o = JsonNode.Parse(stored)!.AsObject();
        var delivery = Guid.Parse((string)o["deliveryId"]!);
        var kind = (string?)o["kind"] ?? "";
        var text = (string?)o["text"] ?? "";
        var footer = $"投递编号 {delivery}";
        switch (endpoint.Format)
        {
            case WebhookFormat.DingTalk:
                {
                    var body = new JsonObject
                    {
                        ["msgtype"] = "markdown",
                        ["markdown"] = new JsonObject { ["title"] = Title(text), ["text"] = text + "\n\n" + footer },
                    };
                    var url = endpoint.Url;
                    if (!string.IsNullOrEmpty(endpoint.Secret))
                    {
                        var ms = now.ToUnixTimeMilliseconds();
                        url += (url.Contains('?') ? "&" : "?") + "timestamp=" + ms.ToString(CultureInfo.InvariantCulture) + "&sign=" + WebUtility.UrlEncode(Sign(endpoint.Secret, ms));
                    }
                    return new WebhookRequest(url, body.ToJsonString(Relaxed), kind, delivery);
                }
            case WebhookFormat.WeCom:
                {
                    var body = new JsonObject
                    {
                        ["msgtype"] = "markdown",
                        ["markdown"] = new JsonObject { ["content"] = text + "\n\n" + footer },
                    };
                    return new WebhookRequest(endpoint.Url, body.ToJsonString(Relaxed), kind, delivery);
                }
            default:
                {
                    var body = new JsonObject
                    {
                        ["deliveryId"] = delivery.ToString(),
                        ["kind"] = kind,
                        ["organization"] = organization,
                        ["at"] = o["at"]?.DeepClone(),
                        ["text"] = text,
                        ["textEn"] = o["textEn"]?.DeepClone(),
                        ["data"] = o["data"]?.DeepClone() ?? new JsonObject(),
                    };
                    return new WebhookRequest(endpoint.Url, body.ToJsonString(Relaxed), kind, delivery);
                }
        }
    }

    /// <summary>DingTalk's 加签: <c>base64(HMAC-SHA256(secret, "{timestamp}\n{secret}"))</c> (URL-encoded by the caller).</summary>
    public static string Sign(string secret, long timestampMs)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(timestampMs.ToString(CultureInfo.InvariantCulture) + "\n" + secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, data));
    }

    /// <summary>The first line of a text, short, as DingTalk's message title (shown in the chat list).</summary>
    private static string Title(string text)
    {
        var line = text.Split('\n', 2)[0].Trim().TrimStart('#', ' ');
        return line.Length <= 60 ? line : line[..60];
    }

    /// <summary>
    /// Whether the receiver took the message: a 2xx answer, and for the robots an answer <c>{"errcode":0}</c> (they
    /// answer 200 with an error code when they refuse, e.g. a wrong signature or a rate limit).
    /// </summary>
    public static (bool Ok, string? Error) Accepted(WebhookFormat format, int status, string body)
    {
        if (status is < 200 or >= 300) return (false, $"HTTP {status}" + (body.Length > 0 ? ": " + Clip(body, 200) : ""));
        if (format == WebhookFormat.Json) return (true, null);
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errcode", out var code)
                && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var n))
            {
                return n == 0 ? (true, null) : (false, $"errcode {n}" + (doc.RootElement.TryGetProperty("errmsg", out var m) ? ": " + Clip(m.ToString(), 200) : ""));
            }
        }
        catch (JsonException)
        {
        }
        return (false, "no errcode in the answer: " + Clip(body, 200));
    }

    /// <summary>An address as it may be shown: the keys of a robot's address (<c>access_token</c>, <c>key</c>, …) as <c>***</c>.</summary>
    public static string Mask(string url) => SecretQuery().Replace(url, m => m.Groups[1].Value + "=***");

    [GeneratedRegex("(?<=[?&])(access_token|key|token|sign|secret)=[^&#]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretQuery();

    /// <summary>Text that names an address with its keys masked (an error message that quotes the URL).</summary>
    public static string MaskIn(string text, string url) => text.Replace(url, Mask(url), StringComparison.Ordinal);

    /// <summary>https, or http to this machine (a receiver on loopback, as in tests); an absolute address without user info.</summary>
    public static bool Allowed(string url, out Uri? uri)
    {
        uri = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.UserInfo.Length > 0) return false;
        uri = u;
        if (u.Scheme == Uri.UriSchemeHttps) return true;
        return u.Scheme == Uri.UriSchemeHttp && u.IsLoopback;
    }

    public static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
