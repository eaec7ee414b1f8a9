using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Web;
using Pacesetter.Web.Auth;
using Pacesetter.Web.Demo;
using Pacesetter.Web.Localization;
using Pacesetter.Web.Operations;
using Pacesetter.Web.Pages.Benchmarks;
using Pacesetter.Web.Pages.DataEntry;
using Pacesetter.Web.Pages.DataImport;
using Pacesetter.Web.Pages.Exemptions;
using Pacesetter.Web.Pages.Organizations;
using Pacesetter.Web.Pages.Public;
using Pacesetter.Web.Pages.Races;
using Pacesetter.Web.Pages.Results;
using Pacesetter.Web.Pages.Schemes;
using Pacesetter.Web.Pages.Supervision;
using Pacesetter.Web.Pages.Surveys;

var builder = WebApplication.CreateBuilder(args);
// Sane defaults wherever the host is started from, below every other source (appsettings.json, the environment, the
// command line override them): without an appsettings.json, EF Core logged every SQL statement at Information.
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LoggingDefaults.Settings });
var database = DatabaseOptions.From(builder.Configuration);
builder.Services.AddSingleton(database);
// Contexts are pooled: the options are built once and a request reuses a reset context instead of building one
// (a crowd's reads are mostly remembered, ADR 0026, so making the context was much of their cost).
builder.Services.AddDbContextPool<PacesetterDb>(database.Configure);
builder.Services.AddSingleton(TimeProvider.System);
var schemeFileLimit = SchemeFileLimit.From(builder.Configuration);
builder.Services.AddSingleton(schemeFileLimit);
builder.Services.AddSingleton(sp => PendingImports.From(sp.GetRequiredService<IConfiguration>(), database.ConnectionString, sp.GetRequiredService<TimeProvider>()));
builder.Services.AddSingleton<SchemeStructures>();
builder.Services.AddScoped<SchemeStore>();
builder.Services.AddScoped<SchemeImporter>();
builder.Services.AddSingleton<SaveBox>();
builder.Services.AddScoped<DataEntryService>();
builder.Services.AddScoped<ApiTokenService>();
// The application services: every operation of the product, each write through the one audited write (ADR 0008).
builder.Services.AddScoped<OrgWriter>();
builder.Services.AddScoped<OrganizationService>();
builder.Services.AddScoped<UnitService>();
builder.Services.AddScoped<UserService>();
builder.Services.AddScoped<People>();
builder.Services.AddScoped<PublicationService>();
builder.Services.AddScoped<PublicationStore>();
builder.Services.AddScoped<RaceReader>();
builder.Services.AddScoped<UnitReports>();
builder.Services.AddScoped<ObjectionService>();
// Published races parsed once, keyed by revision (a revision never changes): sized in KB of stored results, 256 MB at most.
builder.Services.AddMemoryCache(o => o.SizeLimit = 256 * 1024);
// The reads a crowd repeats (latest revision, published periods, a leaderboard), kept for a moment and never past a write (ADR 0026).
builder.Services.AddSingleton<RecentReads>();
// Large parts of pages shared by many readers, kept as bytes and spliced in (ADR 0026).
builder.Services.AddSingleton<Pacesetter.Web.Rendering.SplicedFragments>();
// 张榜公示: the public posting's reads and its output cache keyed by revision (ADR 0020).
builder.Services.AddPublicPosting();
builder.Services.AddScoped<RaceHistory>();
// 驾驶舱 and 大屏 (ADR 0023): the leaders' screen's figures and the kiosk links.
builder.Services.AddScoped<CockpitReader>();
builder.Services.AddScoped<KioskLinks>();
builder.Services.AddScoped<Pacesetter.App.Exports.ExportService>();
builder.Services.AddSupervision(builder.Configuration);
builder.Services.AddBenchmarks();
builder.Services.AddExemptions();
builder.Services.AddSurveys();
builder.Services.AddSingleton<BallotGuard>();
builder.Services.AddSingleton<LoginGuard>();
builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    BallotGuard.AddPolicy(o, builder.Configuration);
    o.AddReadAdmission(builder.Configuration);
});
builder.Services.AddDataImport();
// Health, readiness, metrics, traces and JSON logs (issue #13, ADR 0046).
builder.AddPacesetterTelemetry();
// Security headers, no Server header, Secure cookies over HTTPS (issue #13, ADR 0048).
builder.AddSecurityHeaders();

builder.Services.AddPacesetterIdentity()
    .AddSignInManager()
    .AddDefaultTokenProviders();

// Pages sign in with a cookie; the API takes bearer tokens and answers 401, never a redirect.
builder.Services.AddAuthentication(o =>
    {
        o.DefaultScheme = "pacesetter";
        o.DefaultChallengeScheme = "pacesetter";
    })
    .AddPolicyScheme("pacesetter", "cookie or token", o =>
        o.ForwardDefaultSelector = ctx => ctx.Request.Path.StartsWithSegments("/api") ? ApiTokenHandler.SchemeName : IdentityConstants.ApplicationScheme)
    .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
    .AddIdentityCookies(o => o.ApplicationCookie?.Configure(c =>
    {
        c.LoginPath = "/Account/Login";
        c.AccessDeniedPath = Refusals.PagePath;
        // A signed-in person refused a page gets 403 with the refusal page in place (Refusals), not a redirect.
        c.Events.OnRedirectToAccessDenied = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        c.Cookie.Name = "pacesetter.auth";
        c.Cookie.HttpOnly = true;
        c.Cookie.SameSite = SameSiteMode.Lax;
        c.SlidingExpiration = true;
        c.ExpireTimeSpan = TimeSpan.FromHours(8);
        // Locking a user or resetting its password renews its security stamp: the stamp is checked on every request, so
        // that open sessions end at once (Identity's validator checks every 30 minutes; SessionCheck replaces it).
        c.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
    }));
// The sign-in cookie unprotected once per cookie string and remembered a few minutes; expiry and SessionCheck still on
// every request (ADR 0034). After AddIdentityCookies: the handler's own post-configuration makes the format it wraps.
builder.Services.AddSingleton<IPostConfigureOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>>(
    new RememberedTickets.Setup(IdentityConstants.ApplicationScheme));
builder.Services.AddAuthorization();

// Keys live in the database so that several instances share them (DESIGN.md 5).
// Encrypted at rest with the certificate of DataProtection:Certificate:* when configured (ADR 0048).
builder.Services.AddDataProtection().SetApplicationName("Pacesetter").ProtectKeysAsConfigured(builder.Configuration);
builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
    new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));

builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
// Each text looked up once per language, not through the resource manager's lock on every use (RememberedText).
builder.Services.AddSingleton<ResourceManagerStringLocalizerFactory>();
builder.Services.AddSingleton<IStringLocalizerFactory, RememberedTextFactory>();
builder.Services.AddRazorPages(o =>
    {
        o.Conventions.AuthorizeFolder("/");
        o.Conventions.AllowAnonymousToFolder("/Account");
        o.Conventions.AllowAnonymousToPage("/Error");
        // 张榜公示 (ADR 0020): the public posting of organizations that allow it, read by anyone.
        o.Conventions.AllowAnonymousToFolder("/Public");
        // 投票 a survey's one-time link: the token is the credential (issue #12 §3).
        o.Conventions.AllowAnonymousToPage("/Surveys/Ballot");
        // The import form takes a whole scheme file (Limits:SchemeFileBytes), more than Kestrel's and the form's defaults.
        o.Conventions.AddPageApplicationModelConvention("/Schemes/Index", m =>
        {
            m.Filters.Add(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(schemeFileLimit.Bytes + 1024 * 1024));
            m.Filters.Add(new Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute { MultipartBodyLengthLimit = schemeFileLimit.Bytes + 1024 * 1024 });
        });
    })
    .AddViewLocalization()
    .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, f) => f.Create(typeof(SharedText)));
// Chinese text is written as is, not as &#x…; entities.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddAntiforgery(o => o.HeaderName = "RequestVerificationToken");
// A page's request token remembered per (antiforgery cookie, user); validation is the framework's (ADR 0034).
RememberedAntiforgery.Register(builder.Services);
builder.Services.AddProblemDetails();
// The database away for a moment (PostgreSQL restarting): 503 with a page in the person's language, never 500 (ADR 0050).
builder.Services.AddExceptionHandler<DatabaseOutage>();
// Behind nginx (deploy/): the client's address and scheme from X-Forwarded-For and X-Forwarded-Proto, trusted only from
// the proxies named (loopback by default), so that per-address limits, HSTS and Secure cookies see the real request.
builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o => Proxies.Configure(o, builder.Configuration));
// /openapi/v1.json for anyone, the signed-in or no one (OpenApi:Access, ADR 0048).
builder.AddOpenApiDocument();
builder.Services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Limits.EvidenceBytes + 64 * 1024);
var app = builder.Build();

using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
    // The audit key and checkpoint file are checked (the key made on a first start) before anything is written (ADR 0009).
    database.Audit.EnsureWritable();
    await Migrator.MigrateAsync(db);
    if (app.Configuration.GetValue<bool>("Demo"))
    {
        await DemoData.EnsureAsync(scope.ServiceProvider, app.Logger);
    }
}

app.UseForwardedHeaders();
app.UseSecurityHeaders();
app.UseRequestLogScope();
app.UseExceptionHandler();
app.UseRefusalPages();
app.UseRequestLocalization(RequestLanguage.Options());
app.UseStaticFiles();
app.UseRouting();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
// After routing (the public pages' policy reads their route values) and localization (their language is in the key).
app.UseOutputCache();

app.MapOperations();
app.MapOpenApiDocument();
app.MapGet("/culture/{culture}", (string culture, string? returnUrl, HttpContext http) =>
{
    if (!RequestLanguage.Cultures.Contains(culture)) return Results.BadRequest();
    RequestLanguage.Remember(http.Response, culture);
    return Results.LocalRedirect(RequestLanguage.ReturnPath(returnUrl));
}).AllowAnonymous().ExcludeFromDescription();
app.MapRazorPages();

// Feature endpoints: one line per feature, each a static MapXxx extension in the feature's folder.
app.MapOrganizationsApi();
app.MapUnitsApi();
app.MapSchemesApi();
app.MapResultsApi();
app.MapDataApi();
app.MapPublicationApi();
app.MapPublicPosting();
app.MapRacesApi();
app.MapSupervision();
app.MapBenchmarksApi();
app.MapExemptionsApi();
app.MapSurveysApi();
app.MapSurveyPaperTemplate();
app.MapDataImportApi();
app.MapObjectionsApi();
app.MapExportsApi();

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
