using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Pacesetter.App.Operations;

namespace Pacesetter.Web.Operations;

/// <summary>
/// 运行监测 health and telemetry (issue #13, ADR 0046): <c>/healthz</c> and <c>/readyz</c>; OpenTelemetry's metrics
/// (ASP.NET Core, HttpClient, Npgsql, the runtime, <see cref="PacesetterMetrics"/>) scraped at <c>/metrics</c>
/// (<c>Metrics:Enabled</c>, default true) and, with traces (ASP.NET Core, HttpClient, EF Core, Npgsql), sent over OTLP
/// when an endpoint is configured (<c>OpenTelemetry:OtlpEndpoint</c> or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); the
/// console's <c>json</c> log format (<see cref="JsonLogFormatter"/>) with each request's id and organization.
/// </summary>
public static class Telemetry
{
    public static bool MetricsEnabled(IConfiguration configuration) => configuration.GetValue("Metrics:Enabled", true);

    /// <summary>The OTLP collector's address, null when none is configured (nothing is sent).</summary>
    public static Uri? OtlpEndpoint(IConfiguration configuration) =>
        (configuration["OpenTelemetry:OtlpEndpoint"] is { Length: > 0 } e ? e : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) is { Length: > 0 } s ? new Uri(s) : null;

    public static WebApplicationBuilder AddPacesetterTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.AddSingleton<PacesetterMetrics>();
        builder.Services.AddHealthChecks().AddReadinessChecks();
        // A check that hangs (a database behind a dead network) answers as failed well before a probe gives up.
        builder.Services.Configure<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>(o =>
        {
            foreach (var r in o.Registrations) r.Timeout = TimeSpan.FromSeconds(5);
        });

        builder.Logging.AddConsoleFormatter<JsonLogFormatter, ConsoleFormatterOptions>();
        // "json" names Pacesetter's formatter, not ASP.NET Core's: that one writes every scope, and the hosting scope
        // holds the request's path — a survey link's or a kiosk's path is its token.
        builder.Services.PostConfigure<ConsoleLoggerOptions>(o =>
        {
            if (string.Equals(o.FormatterName, ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase)) o.FormatterName = JsonLogFormatter.FormatterName;
        });

        var metrics = MetricsEnabled(configuration);
        var otlp = OtlpEndpoint(configuration);
        var protocol = (configuration["OpenTelemetry:OtlpProtocol"] ?? configuration["OTEL_EXPORTER_OTLP_PROTOCOL"]) is "http/protobuf"
            ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (!metrics && otlp is null) return builder;
        var version = typeof(Telemetry).Assembly.GetName().Version?.ToString(3);
        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService("pacesetter", serviceVersion: version));
        otel.WithMetrics(m =>
        {
            m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation().AddNpgsqlInstrumentation()
                .AddMeter(PacesetterMetrics.MeterName);
            if (metrics) m.AddPrometheusExporter();
            if (otlp is not null) m.AddOtlpExporter(o => Otlp(o, otlp, protocol, "v1/metrics"));
        });
        // A meter made by another host's factory is that host's (two hosts in one process: the tests).
        builder.Services.ConfigureOpenTelemetryMeterProvider((sp, b) =>
        {
            var own = sp.GetRequiredService<IMeterFactory>();
            b.AddView(i => i.Meter.Scope is IMeterFactory f && !ReferenceEquals(f, own) ? MetricStreamConfiguration.Drop : null);
        });
        if (otlp is not null)
        {
            otel.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => !IsProbe(http.Request.Path);
                    // A link's token is its credential: the span keeps the route's {token}, not the value.
                    o.EnrichWithHttpResponse = (activity, response) =>
                    {
                        if (response.HttpContext.GetRouteValue("token") is string token && token.Length > 0)
                        {
                            activity.SetTag("url.path", response.HttpContext.Request.Path.Value?.Replace(token, "{token}", StringComparison.Ordinal));
                        }
                    };
                })
                // A webhook's address may hold its key (a robot's key, a hook's id): only its origin goes out.
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = (activity, request) =>
                    activity.SetTag("url.full", request.RequestUri?.GetLeftPart(UriPartial.Authority)))
                .AddEntityFrameworkCoreInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => Otlp(o, otlp, protocol, "v1/traces")));
        }
        return builder;
    }

    private static void Otlp(OtlpExporterOptions o, Uri endpoint, OtlpExportProtocol protocol, string signal)
    {
        o.Protocol = protocol;
        // Over HTTP an endpoint set in code is the signal's own address (the exporter appends the path only for the variable's).
        o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + signal) : endpoint;
    }

    /// <summary>Liveness, readiness and metrics: not traced, and never queued behind the reads (<see cref="ReadAdmission"/>).</summary>
    internal static bool IsProbe(PathString path) => path == "/healthz" || path == "/readyz" || path == "/metrics";

    /// <summary>
    /// The scope every log line of a request carries (outermost, so the exception handler's lines have it too): its
    /// request id and, once known, its organization's code.
    /// </summary>
    public static IApplicationBuilder UseRequestLogScope(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Pacesetter.Requests");
        return app.Use(async (http, next) =>
        {
            using (logger.BeginScope(new RequestLogScope(http))) await next(http);
        });
    }

    /// <summary>/healthz, /readyz and /metrics: anonymous, not rate-limited, never cached, not counted in the HTTP metrics.</summary>
    public static WebApplication MapOperations(this WebApplication app)
    {
        var get = new HttpMethodMetadata(["GET"]);
        // Alive: the process answers; nothing is checked, the database is not touched.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false })
            .WithMetadata(get).AllowAnonymous().DisableRateLimiting().DisableHttpMetrics();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = r => r.Tags.Contains(Readiness.Tag), ResponseWriter = Readiness.WriteAsync })
            .WithMetadata(get).AllowAnonymous().DisableRateLimiting().DisableHttpMetrics();
        // Anonymous here; the proxy limits who reaches it (ADR 0046). Off with Metrics:Enabled=false.
        if (MetricsEnabled(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(get).AllowAnonymous().DisableRateLimiting().DisableHttpMetrics();
        }
        return app;
    }
}
