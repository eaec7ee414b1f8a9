using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pacesetter.Web.Tests.Supervision.Messages;

/// <summary>
/// A webhook receiver on this machine for the outbox tests: Kestrel on 127.0.0.1 with a port of its own, answering
/// each path from a script (503, a timeout — the request held until the caller gives up —, a robot's
/// <c>{"errcode":…}</c>, then its default answer) and recording every request's path, query, headers and body. A path
/// with a DingTalk secret checks the signature (<c>timestamp</c> and <c>sign</c>) as DingTalk does, answering
/// <c>errcode 310000</c> when it is wrong.
/// </summary>
public sealed class LocalReceiver : IAsyncDisposable
{
    /// <summary>A scripted answer: a status and body, or <see cref="Hang"/>.</summary>
    public sealed record Answer(int Status, string Body = "", bool Hang = false)
    {
        public static readonly Answer Hangs = new(0, Hang: true);
        public static Answer Robot(int errcode) => new(200, $"{{\"errcode\":{errcode},\"errmsg\":\"{(errcode == 0 ? "ok" : "scripted failure")}\"}}");
    }

    public sealed record Received(string Path, string Query, string Body, string? Delivery, string? Event, bool SignatureOk);

    private readonly WebApplication app;
    private readonly Dictionary<string, Queue<Answer>> scripts = [];
    private readonly Dictionary<string, Answer> defaults = [];
    private readonly Dictionary<string, string> secrets = [];
    private readonly List<Received> received = [];
    private readonly Lock gate = new();

    private LocalReceiver(WebApplication app) => this.app = app;

    public static async Task<LocalReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new LocalReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    public string Base => app.Urls.First();

    /// <summary>The address of a path (with its query) on this receiver.</summary>
    public string Url(string pathAndQuery) => Base.TrimEnd('/') + pathAndQuery;

    /// <summary>Answers of <paramref name="path"/>: the scripted ones in order, then <paramref name="then"/> (200 {"errcode":0} by default).</summary>
    public void Script(string path, Answer? then = null, params Answer[] answers)
    {
        lock (gate)
        {
            scripts[path] = new Queue<Answer>(answers);
            defaults[path] = then ?? Answer.Robot(0);
        }
    }

    /// <summary>The path checks DingTalk's signature with this secret.</summary>
    public void Secret(string path, string secret)
    {
        lock (gate) secrets[path] = secret;
    }

    public List<Received> At(string path)
    {
        lock (gate) return received.Where(r => r.Path == path).ToList();
    }

    public int Count
    {
        get { lock (gate) return received.Count; }
    }

    private async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        string body;
        using (var reader = new StreamReader(http.Request.Body))
        {
            body = await reader.ReadToEndAsync();
        }
        Answer answer;
        var signatureOk = true;
        lock (gate)
        {
            if (secrets.TryGetValue(path, out var secret))
            {
                var q = http.Request.Query;
                signatureOk = long.TryParse(q["timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                    && q["sign"].ToString() == App.Supervision.Messages.WebhookFormats.Sign(secret, ms);
            }
            received.Add(new Received(path, http.Request.QueryString.Value ?? "", body, http.Request.Headers["X-Pacesetter-Delivery"].FirstOrDefault(),
                http.Request.Headers["X-Pacesetter-Event"].FirstOrDefault(), signatureOk));
            answer = scripts.TryGetValue(path, out var queue) && queue.Count > 0 ? queue.Dequeue() : defaults.GetValueOrDefault(path, Answer.Robot(0));
        }
        if (!signatureOk) answer = new Answer(200, "{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        if (answer.Hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, http.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return;
        }
        http.Response.StatusCode = answer.Status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    /// <summary>Unused by the receiver; kept so that a failing assertion can print what arrived.</summary>
    public override string ToString()
    {
        lock (gate) return string.Join('\n', received.Select(r => $"{r.Path}{r.Query} {r.Delivery} {WebUtility.UrlDecode(r.Body)}"));
    }
}
