using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Pacesetter.Web.Tests;

/// <summary>
/// The host's log levels hold wherever it is started from (issue 7 §8): without an appsettings.json it logged every SQL
/// statement at Information (1.46 GB after 400,000 requests).
/// </summary>
public class HostLoggingTests
{
    private sealed class Capture : ILoggerProvider
    {
        public readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> Lines = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture capture, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                capture.Lines.Enqueue((category, logLevel, formatter(state, exception)));
        }
    }

    private static async Task<Capture> Run(params (string Key, string Value)[] settings)
    {
        // A content root with no appsettings.json, as when the host is started from another folder.
        var root = Directory.CreateTempSubdirectory("pacesetter-root-").FullName;
        var capture = new Capture();
        await using var app = new TestApp();
        await using var host = app.WithWebHostBuilder(b =>
        {
            b.UseContentRoot(root);
            foreach (var (k, v) in settings) b.UseSetting(k, v);
            b.ConfigureLogging(l => l.AddProvider(capture));
        });
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "ps_unknown");
        // The token is looked up in the database: SQL runs.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/orgs/zone/periods/2026-Q3/scheme")).StatusCode);
        Directory.Delete(root, true);
        return capture;
    }

    [Fact]
    public async Task Without_an_appsettings_json_no_SQL_statement_and_no_request_line_is_logged()
    {
        var capture = await Run();

        Assert.DoesNotContain(capture.Lines, l => l.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) && l.Level < LogLevel.Warning);
        Assert.DoesNotContain(capture.Lines, l => l.Message.Contains("SELECT", StringComparison.Ordinal));
        Assert.DoesNotContain(capture.Lines, l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && l.Level < LogLevel.Warning);
        // The capture works: the host's own start is logged at Information.
        Assert.Contains(capture.Lines, l => l.Category == "Microsoft.Hosting.Lifetime" && l.Level == LogLevel.Information);
    }

    [Fact]
    public async Task Configuration_overrides_the_defaults()
    {
        var capture = await Run(("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information"));

        Assert.Contains(capture.Lines, l => l.Category == "Microsoft.EntityFrameworkCore.Database.Command" && l.Message.Contains("SELECT", StringComparison.Ordinal));
    }
}
