using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Pacesetter.App.Accounts;
using Pacesetter.Web.Operations;
using Pacesetter.Web.Tests.Schemes;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// The JSON logs (issue #13, ADR 0046): every line a request writes carries its request id and, on an organization's
/// routes, the organization's code; no line holds the password typed, the sign-in cookie, the API token or the user's
/// name — at Debug for everything but the request lines (which name the path, off by default).
/// </summary>
public class LogPrivacyTests
{
    /// <summary>Every line the host logs, written by <see cref="JsonLogFormatter"/> with the host's scopes.</summary>
    private sealed class JsonCapture : ILoggerProvider, ISupportExternalScope
    {
        private readonly JsonLogFormatter formatter = new(new Fixed(new ConsoleFormatterOptions { IncludeScopes = true }));
        private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();
        public readonly ConcurrentQueue<string> Lines = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Fixed(ConsoleFormatterOptions value) : IOptionsMonitor<ConsoleFormatterOptions>
        {
            public ConsoleFormatterOptions CurrentValue => value;

            public ConsoleFormatterOptions Get(string? name) => value;

            public IDisposable? OnChange(Action<ConsoleFormatterOptions, string?> listener) => null;
        }

        private sealed class Logger(JsonCapture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                using var text = new StringWriter();
                capture.formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), capture.scopes, text);
                if (text.ToString() is { Length: > 0 } line) capture.Lines.Enqueue(line);
            }
        }
    }

    [Fact]
    public async Task Json_lines_carry_the_request_id_and_organization_and_no_password_cookie_token_or_user_name()
    {
        const string userName = "liu.xiaoming";
        var capture = new JsonCapture();
        await using var app = new TestApp();
        await using var host = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Logging:Console:FormatterName", "json");
            b.UseSetting("Logging:LogLevel:Default", "Debug");
            b.UseSetting("Logging:LogLevel:Microsoft", "Debug");
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore", "Debug");
            b.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Debug");
            b.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Debug");
            // The request lines name the path (a survey link's token is its path): Warning, as shipped.
            b.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting", "Warning");
            b.ConfigureLogging(l => l.AddProvider(capture));
        });
        Assert.Equal(JsonLogFormatter.FormatterName, host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        var org = await app.Organization("zone");
        var userId = await app.User(org, userName, OrgRole.Admin);
        var token = await app.Token(org, userId);
        capture.Lines.Clear();

        // A wrong password, then the right one; pages and the API with the cookie and the token.
        var browser = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        async Task<HttpResponseMessage> SignIn(string password)
        {
            var page = await browser.GetStringAsync("/Account/Login");
            return await browser.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Org"] = "zone",
                ["UserName"] = userName,
                ["Password"] = password,
                ["__RequestVerificationToken"] = TestApp.AntiforgeryToken(page),
            }));
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await SignIn("Wrong#2026pass")).StatusCode);
        var signedIn = await SignIn(SchemeTestSupport.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pacesetter.auth=", StringComparison.Ordinal)).Split(';')[0]["pacesetter.auth=".Length..];
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(Routes.Units("zone"))).StatusCode);
        var api = host.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/orgs/zone/periods/2026-Q3/scheme")).StatusCode);

        var lines = capture.Lines.ToList();
        Assert.True(lines.Count > 20, $"only {lines.Count} lines");
        var secrets = new[] { SchemeTestSupport.Password, "Wrong#2026pass", cookie, cookie[..24], token, token[..12], userName, userId, app.Provider == "Sqlite" ? "Data Source=" : "Password=" };
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal) || l.Contains(JsonEncodedText.Encode(secret).ToString(), StringComparison.Ordinal));
        }
        var json = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        // Every line of a request has its id; the API's lines on /api/orgs/zone/… and the signed-in pages' have the organization.
        var inRequests = json.Where(j => j.TryGetProperty("RequestId", out _)).ToList();
        Assert.NotEmpty(inRequests);
        Assert.All(inRequests, j => Assert.Matches("^[0-9A-Z]+(:[0-9A-F]{8})?$", j.GetProperty("RequestId").GetString()!));
        Assert.Contains(inRequests, j => j.TryGetProperty("Organization", out var o) && o.GetString() == "zone" && j.GetProperty("Category").GetString()!.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal));
        Assert.All(json.Where(j => j.TryGetProperty("Organization", out _)), j => Assert.Equal("zone", j.GetProperty("Organization").GetString()));
        // The trace id of the request's activity, and only the allowed scope keys.
        Assert.Contains(inRequests, j => j.TryGetProperty("TraceId", out var t) && t.GetString()!.Length == 32);
        Assert.DoesNotContain(lines, l => l.Contains("RequestPath", StringComparison.Ordinal) || l.Contains("ConnectionId", StringComparison.Ordinal));
    }
}
