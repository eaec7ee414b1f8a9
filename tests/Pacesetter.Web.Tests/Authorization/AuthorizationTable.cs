using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Publication;
using Pacesetter.Web.Demo;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Authorization;

/// <summary>What a request is expected to answer (its status class) and do.</summary>
public enum Expect
{
    /// <summary>2xx; a write changed what it writes; a read shows the caller's datum.</summary>
    Ok,
    /// <summary>3xx to the page's own result (not the sign-in or denied page); a write changed what it writes.</summary>
    Found,
    /// <summary>3xx to the page's own result, and nothing changed (a bulk action that found nothing the caller may do).</summary>
    FoundUnchanged,
    /// <summary>200 without the caller's target datum (a list filtered to what the caller may read).</summary>
    Hidden,
    /// <summary>302 to /Account/Login (a page without a session).</summary>
    Login,
    /// <summary>3xx to /Account/Denied: expected of no row (a refusal is 403 in place); kept so that such a redirect is named.</summary>
    Denied,
    E401,
    E403,
    E404,
}

/// <summary>One request of the matrix: the world, who calls, the datum it acts on and its antiforgery token.</summary>
public sealed record Ctx(AuthzWorld World, Caller Caller, string Unit, string Indicator, string Antiforgery);

/// <summary>An endpoint (route pattern × method × page handler) with the expected answer for each caller.</summary>
public sealed class Operation
{
    /// <summary>The route pattern as the app maps it, e.g. <c>/api/orgs/{org}/periods/{period}/scheme</c>.</summary>
    public required string Route { get; init; }
    public required string Method { get; init; }
    /// <summary>The Razor Page handler (<c>?handler=</c>), null for the page's plain GET/POST or an API route.</summary>
    public string? Handler { get; init; }
    public bool Page => !Route.StartsWith("/api/", StringComparison.Ordinal);
    /// <summary>The request acts on one datum: each caller acts on its own target (<see cref="AuthzWorld.TargetOf"/>).</summary>
    public bool Targeted { get; init; }
    public string Period { get; init; } = AuthzWorld.DataPeriod;
    public required IReadOnlyDictionary<Caller, Expect> Expected { get; init; }
    /// <summary>The query string (without <c>handler</c>), e.g. <c>unit=T1</c>.</summary>
    public Func<Ctx, string>? Query { get; init; }
    /// <summary>A JSON body (API) or form fields (page POST, antiforgery token added).</summary>
    public Func<Ctx, Task<object>>? Body { get; init; }
    /// <summary>A multipart page POST (the builder adds the antiforgery token itself).</summary>
    public Func<Ctx, Task<MultipartFormDataContent>>? Multipart { get; init; }
    /// <summary>Puts the data the request acts on in the state the row needs.</summary>
    public Func<Ctx, Task>? Arrange { get; init; }
    /// <summary>What a write changes, read before and after the request: must change when allowed, stay when denied.</summary>
    public Func<Ctx, Task<string>>? State { get; init; }
    /// <summary>Whether a 200 answer shows the caller's target (lists, downloads).</summary>
    public Func<Ctx, string, bool>? Sees { get; init; }

    /// <summary>The address when the route's values come from the world (an id made by <see cref="Arrange"/>), instead of the fixed replacements below.</summary>
    public Func<Ctx, string>? Address { get; init; }

    public string Path(Ctx c) => Address is not null ? Address(c) : Route.Replace("{org}", AuthzWorld.Org).Replace("{period}", Period)
        .Replace("{unit}", c.Unit).Replace("{indicator}", c.Indicator).Replace("{code}", AuthzWorld.TestUnit).Replace("{n:int}", "1").Replace("{id}", AuthzWorld.TestCategory)
        .Replace("{token}", Races.KioskMatrix.TokenOf(c.World)) is { Length: > 0 } p ? p : "/";

    public async Task<HttpRequestMessage> RequestAsync(Ctx c)
    {
        var query = new List<string>();
        if (Handler is not null) query.Add("handler=" + Handler);
        if (Query?.Invoke(c) is { Length: > 0 } q) query.Add(q);
        var url = Path(c) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var request = new HttpRequestMessage(new HttpMethod(Method), url);
        if (Multipart is not null)
        {
            request.Content = await Multipart(c);
        }
        else if (Body is not null)
        {
            var body = await Body(c);
            if (Page)
            {
                var fields = ((Dictionary<string, string>)body).ToList();
                fields.Add(new("__RequestVerificationToken", c.Antiforgery));
                request.Content = new FormUrlEncodedContent(fields);
            }
            else
            {
                request.Content = body is string json ? new StringContent(json, Encoding.UTF8, "application/json") : JsonContent.Create(body);
            }
        }
        else if (Page && Method == "POST")
        {
            request.Content = new FormUrlEncodedContent([new("__RequestVerificationToken", c.Antiforgery)]);
        }
        return request;
    }

    public string Label => $"{Method,-4} {(Route.Length == 0 ? "/" : Route)}{(Handler is null ? "" : "?handler=" + Handler)}";
}

/// <summary>
/// 授权矩阵 (issue #3): every endpoint and page × every kind of caller, with the answer the ADRs and the code's
/// documentation give. The policy in one place:
/// <list type="bullet">
/// <item>No credentials: the API answers 401 (never a redirect); pages redirect to /Account/Login. A locked user is
/// anonymous at once: its token and its open session (whose security stamp the lock renewed) no longer count.</item>
/// <item>Another organization: 404 (ADR 0005: the organizations are not revealed), pages and API alike.</item>
/// <item>Data (ADR 0004): a datum the caller may not read answers 404, one it may read but not write 403; reporters read and
/// write their unit's figures (not its events), assessors the indicators they lead, leaders read all, admins do all.</item>
/// <item>Schemes and results (ADR 0005): admins and leaders read; admins write; others 403 — on the scheme pages too,
/// whose Forbid() answers 403 with the refusal page in place (no redirect to /Account/Denied).</item>
/// <item>Units (page and API), audit, matrix, preview: admins and leaders read, admins write. Users: admins only. Tokens: every member,
/// each its own tokens (another's token is not found). Platform: platform admins only (403 otherwise).</item>
/// </list>
/// </summary>
public static class AuthorizationTable
{
    /// <summary>The same answer for every caller of a route that is not about one datum.</summary>
    internal static Dictionary<Caller, Expect> All(Expect anonymous, Expect reporter, Expect assessor, Expect leader, Expect admin, Expect otherOrg) => new()
    {
        [Caller.Anonymous] = anonymous,
        [Caller.ReporterOwnUnit] = reporter,
        [Caller.AssessorOwnIndicator] = assessor,
        [Caller.Leader] = leader,
        [Caller.Admin] = admin,
        [Caller.OtherOrgAdmin] = otherOrg,
        [Caller.LockedUser] = anonymous,
    };

    /// <summary>Every caller of a route about one datum, each on its own target.</summary>
    private static Dictionary<Caller, Expect> Each(Expect anonymous, Expect reporterOwnUnit, Expect reporterOtherUnit, Expect reporterOwnUnitEvents,
        Expect assessorOwnIndicator, Expect assessorOtherIndicator, Expect leader, Expect admin, Expect otherOrg) => new()
        {
            [Caller.Anonymous] = anonymous,
            [Caller.ReporterOwnUnit] = reporterOwnUnit,
            [Caller.ReporterOtherUnit] = reporterOtherUnit,
            [Caller.ReporterOwnUnitEvents] = reporterOwnUnitEvents,
            [Caller.AssessorOwnIndicator] = assessorOwnIndicator,
            [Caller.AssessorOtherIndicator] = assessorOtherIndicator,
            [Caller.Leader] = leader,
            [Caller.Admin] = admin,
            [Caller.OtherOrgAdmin] = otherOrg,
            [Caller.LockedUser] = anonymous,
        };

    private const string Scheme = "/api/orgs/{org}/periods/{period}/scheme";
    private const string Results = "/api/orgs/{org}/periods/{period}/results";
    private const string Data = "/api/orgs/{org}/periods/{period}/data";
    private const string Entry = "/orgs/{org}/periods/{period}/entry";
    private const string Matrix = "/orgs/{org}/periods/{period}/matrix";
    private const string Preview = "/orgs/{org}/periods/{period}/preview";
    private const string Exports = "/orgs/{org}/races/{period}/exports";
    private const string Editor = "/orgs/{org}/periods/{period}/scheme";
    private const string NewScheme = "/orgs/{org}/schemes/new";
    private const string Schemes = "/orgs/{org}/schemes";
    private const string Units = "/orgs/{org}/units";
    private const string Users = "/orgs/{org}/users";
    private const string Tokens = "/orgs/{org}/tokens";
    private const string Audit = "/orgs/{org}/audit";
    private const string Platform = "/platform/organizations";

    private static Task<string> Datum(Ctx c) => c.World.DatumAsync(c.Unit, c.Indicator);

    private static Func<Ctx, Task> DatumIs(DatumState state) => c => c.World.SetDatumAsync(c.Unit, c.Indicator, state);

    private static Task<string> Counts(Ctx c) => c.World.CountsAsync();

    internal static object Fields(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    internal static Task<object> Form(params (string Key, string Value)[] fields) => Task.FromResult(Fields(fields));

    /// <summary>The entry form's fields of the target's value (as <see cref="AuthzWorld.ValueJson"/>).</summary>
    private static (string, string)[] ValueFields(Ctx c) => c.Indicator == "cards" ? [("count.yellow", "1")] : [("value", "1.05"), ("target", "1")];

    private static bool ListsTarget(Ctx c, string body) =>
        JsonDocument.Parse(body).RootElement.EnumerateArray().Any(d => d.GetProperty("unit").GetString() == c.Unit && d.GetProperty("indicator").GetString() == c.Indicator);

    public static IReadOnlyList<Operation> Operations { get; } =
    [
        // ---- API (bearer tokens) ----
        new() { Route = "/api/me", Method = "GET", Expected = All(E401, Ok, Ok, Ok, Ok, Ok) },
        new() { Route = Scheme, Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(E401, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = Scheme, Method = "PUT", Period = AuthzWorld.WritePeriod, Expected = All(E401, E403, E403, E403, Ok, E404),
            Body = async c => await c.World.SchemeFileAsync(AuthzWorld.WritePeriod),
            State = c => c.World.SchemeVersionsAsync(AuthzWorld.WritePeriod),
        },
        // The import's preview writes nothing (ADR 0013).
        new()
        {
            Route = Scheme + "/preview", Method = "POST", Period = AuthzWorld.WritePeriod, Expected = All(E401, E403, E403, E403, Ok, E404),
            Body = async c => await c.World.SchemeFileAsync(AuthzWorld.WritePeriod),
        },
        new() { Route = Results, Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(E401, E403, E403, Ok, Ok, E404) },
        // ---- Publication (issue #9): admins publish and correct, admins and leaders read revisions ----
        new()
        {
            Route = "/api/orgs/{org}/periods/{period}/publish", Method = "POST", Period = "2026-Q4", Expected = All(E401, E403, E403, E403, Ok, E404),
            Body = _ => Task.FromResult<object>(new { reason = "矩阵发布", allowIncomplete = true }),
            State = c => c.World.RevisionsAsync("2026-Q4"),
        },
        new() { Route = "/api/orgs/{org}/periods/{period}/revisions", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(E401, E403, E403, Ok, Ok, E404) },
        new() { Route = "/api/orgs/{org}/periods/{period}/revisions/{n:int}", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(E401, E403, E403, Ok, Ok, E404) },
        new() { Route = "/api/orgs/{org}/periods/{period}/revisions/{n:int}/input", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(E401, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = "/api/orgs/{org}/periods/{period}/corrections", Method = "POST", Period = "2026-09", Expected = All(E401, E403, E403, E403, Ok, E404),
            Body = _ => Task.FromResult<object>(new { reason = "矩阵更正" }),
            State = c => c.World.CorrectionsAsync("2026-09"),
        },
        // Units and categories (the Units page's rules): admins and leaders read, admins write the test unit X9 / category xcat.
        new() { Route = "/api/orgs/{org}/units", Method = "GET", Expected = All(E401, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = "/api/orgs/{org}/units/{code}", Method = "PUT", Expected = All(E401, E403, E403, E403, Ok, E404),
            State = c => c.World.UnitStateAsync(),
            Body = c => Task.FromResult<object>(new { name = $"单位{c.World.Next()}", category = "towns" }),
        },
        new() { Route = "/api/orgs/{org}/categories", Method = "GET", Expected = All(E401, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = "/api/orgs/{org}/categories/{id}", Method = "PUT", Expected = All(E401, E403, E403, E403, Ok, E404),
            State = c => c.World.CategoryAsync(),
            Body = c => Task.FromResult<object>(new { name = $"类别{c.World.Next()}", order = 9 }),
        },
        new()
        {
            Route = Data, Method = "GET", Targeted = true, Expected = Each(E401, Ok, Hidden, Ok, Ok, Hidden, Ok, Ok, E404),
            Query = c => $"unit={c.Unit}&indicator={c.Indicator}", Sees = ListsTarget,
        },
        new()
        {
            Route = Data + "/{unit}/{indicator}", Method = "PUT", Targeted = true, Expected = Each(E401, Ok, E404, E403, Ok, E404, E403, Ok, E404),
            Arrange = DatumIs(DatumState.Draft), State = Datum,
            Body = async c => new { value = JsonNode.Parse(AuthzWorld.ValueJson(c.Indicator)), version = await c.World.VersionOfAsync(c.Unit, c.Indicator), submit = false },
        },
        new()
        {
            Route = Data + "/{unit}/{indicator}/review", Method = "POST", Targeted = true, Expected = Each(E401, E403, E404, E403, E403, E404, E403, Ok, E404),
            Arrange = DatumIs(DatumState.Submitted), State = Datum,
            Body = async c => new { approve = false, reason = "请核对", version = await c.World.VersionOfAsync(c.Unit, c.Indicator) },
        },
        new()
        {
            // 撤回 (ADR 0014): whoever may write the submitted datum takes it back to a draft.
            Route = Data + "/{unit}/{indicator}/withdraw", Method = "POST", Targeted = true, Expected = Each(E401, Ok, E404, E403, Ok, E404, E403, Ok, E404),
            Arrange = DatumIs(DatumState.Submitted), State = Datum,
            Body = async c => new { version = await c.World.VersionOfAsync(c.Unit, c.Indicator) },
        },

        // ---- Pages (cookie sign-in, antiforgery tokens) ----
        new() { Route = "", Method = "GET", Expected = All(Login, Ok, Ok, Ok, Ok, Ok) },
        new() { Route = "/Index", Method = "GET", Expected = All(Login, Ok, Ok, Ok, Ok, Ok) },
        new() { Route = Audit, Method = "GET", Expected = All(Login, E403, E403, Ok, Ok, E404) },

        // 数据填报: the entry page of the data period.
        new() { Route = Entry, Method = "GET", Expected = All(Login, Ok, Ok, Ok, Ok, E404) },
        new()
        {
            Route = Entry, Method = "GET", Handler = "Card", Targeted = true, Expected = Each(Login, Ok, E404, Ok, Ok, E404, Ok, Ok, E404),
            Query = c => $"unit={c.Unit}&indicator={c.Indicator}",
        },
        new()
        {
            Route = Entry, Method = "POST", Handler = "Save", Targeted = true, Expected = Each(Login, Ok, E404, E403, Ok, E404, E403, Ok, E404),
            Arrange = DatumIs(DatumState.Draft), State = Datum,
            Body = async c => Fields([("unit", c.Unit), ("indicator", c.Indicator), ("version", (await c.World.VersionOfAsync(c.Unit, c.Indicator)).ToString()), ("submit", "false"), .. ValueFields(c)]),
        },
        new()
        {
            Route = Entry, Method = "POST", Handler = "Review", Targeted = true, Expected = Each(Login, E403, E404, E403, E403, E404, E403, Ok, E404),
            Arrange = DatumIs(DatumState.Submitted), State = Datum,
            Body = async c => Fields(("unit", c.Unit), ("indicator", c.Indicator), ("version", (await c.World.VersionOfAsync(c.Unit, c.Indicator)).ToString()), ("decision", "return"), ("reason", "请核对")),
        },
        new()
        {
            Route = Entry, Method = "POST", Handler = "Withdraw", Targeted = true, Expected = Each(Login, Ok, E404, E403, Ok, E404, E403, Ok, E404),
            Arrange = DatumIs(DatumState.Submitted), State = Datum,
            Body = async c => Fields(("unit", c.Unit), ("indicator", c.Indicator), ("version", (await c.World.VersionOfAsync(c.Unit, c.Indicator)).ToString())),
        },
        new()
        {
            Route = Entry, Method = "POST", Handler = "Upload", Targeted = true, Expected = Each(Login, Ok, E404, E403, Ok, E404, E403, Ok, E404),
            Arrange = DatumIs(DatumState.Draft), State = Datum,
            Multipart = c => Task.FromResult(AuthzWorld.UploadForm(c.Antiforgery, c.Unit, c.Indicator)),
        },
        new()
        {
            Route = Entry, Method = "GET", Handler = "Evidence", Targeted = true, Expected = Each(Login, Ok, E404, Ok, Ok, E404, Ok, Ok, E404),
            Query = c => $"id={c.World.Evidence[(c.Unit, c.Indicator)]}", Sees = (_, body) => body.StartsWith("%PDF-", StringComparison.Ordinal),
        },
        new()
        {
            // Submits the drafts the caller may write, of the caller's target unit: a caller with none is sent back with 0 submitted.
            Route = Entry, Method = "POST", Handler = "SubmitAll", Targeted = true,
            Expected = Each(Login, Found, FoundUnchanged, FoundUnchanged, Found, FoundUnchanged, FoundUnchanged, Found, E404),
            Arrange = DatumIs(DatumState.Draft), State = Datum, Query = c => $"unit={c.Unit}",
        },
        new()
        {
            Route = Entry, Method = "POST", Handler = "ReviewUnit", Targeted = true, Expected = Each(Login, E403, E403, E403, E403, E403, E403, Found, E404),
            Arrange = DatumIs(DatumState.Submitted), State = Datum, Query = c => $"unit={c.Unit}",
            Body = _ => Form(("decision", "return"), ("reason", "请核对")),
        },

        // 填报进度 the matrix (admins and leaders), on T1/revenue.
        new() { Route = Matrix, Method = "GET", Expected = All(Login, E403, E403, Ok, Ok, E404) },
        new() { Route = Matrix, Method = "GET", Handler = "Cell", Expected = All(Login, E403, E403, Ok, Ok, E404), Query = _ => "unit=T1&indicator=revenue" },
        new()
        {
            Route = Matrix, Method = "POST", Handler = "Review", Expected = All(Login, E403, E403, E403, Ok, E404),
            Arrange = DatumIs(DatumState.Submitted), State = Datum,
            Body = async c => Fields(("unit", c.Unit), ("indicator", c.Indicator), ("version", (await c.World.VersionOfAsync(c.Unit, c.Indicator)).ToString()), ("decision", "return"), ("reason", "请核对")),
        },
        new()
        {
            Route = Matrix, Method = "POST", Handler = "ReviewMany", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = DatumIs(DatumState.Submitted), State = Datum,
            Body = c => Form(("unit", c.Unit), ("decision", "return"), ("reason", "请核对")),
        },
        new()
        {
            Route = Matrix, Method = "POST", Handler = "Deadline", Expected = All(Login, E403, E403, E403, Found, E404),
            State = c => c.World.DeadlineAsync(AuthzWorld.DataPeriod),
            Body = c => Form(("deadline", $"{2030 + c.World.Next()}-12-31T18:00")),
        },
        new() { Route = Preview, Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, Ok, Ok, E404) },

        // ---- 导出 exports (issue #9 §4, ADR 0024): admins and leaders download everything; a reporter its own unit's task letter ----
        new() { Route = Exports, Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Login, Ok, E403, Ok, Ok, E404) },
        new() { Route = Exports + "/letters.zip", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, Ok, Ok, E404) },
        new()
        {
            // Each caller asks for its target's unit: reporter.t1 for T1 (twice) and T2, the assessor for T2 and T1.
            Route = Exports + "/letters/{unit}.docx", Method = "GET", Period = AuthzWorld.ReadPeriod, Targeted = true,
            Expected = Each(Login, Ok, E403, Ok, E403, E403, Ok, Ok, E404),
            Sees = (_, body) => body.StartsWith("PK", StringComparison.Ordinal),
        },
        new() { Route = Exports + "/board.xlsx", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, Ok, Ok, E404) },
        new() { Route = Exports + "/board.csv", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, Ok, Ok, E404) },
        new() { Route = Exports + "/posting.docx", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, Ok, Ok, E404) },

        // 考核方案: the schemes list and the editor (admins write, leaders read).
        new() { Route = Schemes, Method = "GET", Expected = All(Login, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = Schemes, Method = "GET", Handler = "Export", Expected = All(Login, E403, E403, Ok, Ok, E404),
            Query = _ => "period=" + AuthzWorld.ReadPeriod,
        },
        new()
        {
            Route = Schemes, Method = "POST", Handler = "Copy", Expected = All(Login, E403, E403, E403, Found, E404),
            State = Counts, Body = c => Form(("Source", AuthzWorld.WritePeriod), ("Target", $"{2030 + c.World.Next()}-01"), ("Reason", "授权测试")),
        },
        new()
        {
            // Step 1 of the import: the preview, nothing written (ADR 0013).
            Route = Schemes, Method = "POST", Handler = "Import", Expected = All(Login, E403, E403, E403, Ok, E404),
            Multipart = async c =>
            {
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes(await c.World.SchemeFileAsync(AuthzWorld.WritePeriod)));
                file.Headers.ContentType = new("application/json");
                return new MultipartFormDataContent { { new StringContent(c.Antiforgery), "__RequestVerificationToken" }, { file, "Upload", "scheme.json" } };
            },
        },
        // Step 2 of the import: without a kept upload the admin is told it expired; nothing written.
        new()
        {
            Route = Schemes, Method = "POST", Handler = "Confirm", Expected = All(Login, E403, E403, E403, Ok, E404),
            Body = c => Form(("Pending", "00000000000000000000000000000000"), ("Token", "x"), ("Reason", "授权测试")),
            Sees = (_, html) => html.Contains("导入预览已过期或已处理", StringComparison.Ordinal),
        },
        new()
        {
            Route = Schemes, Method = "POST", Handler = "Cancel", Expected = All(Login, E403, E403, E403, Ok, E404),
            Body = c => Form(("Pending", "00000000000000000000000000000000")),
        },
        new()
        {
            Route = Schemes, Method = "GET", Handler = "CopyName", Expected = All(Login, E403, E403, Ok, Ok, E404),
            Query = _ => $"source={AuthzWorld.ReadPeriod}&target=2031-01",
        },
        new() { Route = Editor, Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = Editor, Method = "POST", Handler = "Validate", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, Ok, Ok, E404),
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.ReadPeriod))),
        },
        new()
        {
            Route = Editor, Method = "POST", Handler = "Save", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Found, E404),
            State = c => c.World.SchemeVersionsAsync(AuthzWorld.WritePeriod),
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod)), ("Reason", "授权测试"),
                ("BaseVersion", (await c.World.CurrentSchemeVersionAsync(AuthzWorld.WritePeriod)).ToString())),
        },

        new()
        {
            Route = Editor, Method = "POST", Handler = "ApplyIndicator", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Ok, E404),
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod)), ("f_name", "授权测试"), ("f_weight", "1")),
        },
        new()
        {
            Route = Editor, Method = "POST", Handler = "ApplyCategory", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Ok, E404),
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod)), ("f_name", "授权测试")),
        },
        new()
        {
            Route = Editor, Method = "POST", Handler = "RemoveIndicator", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Ok, E404),
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod))),
        },
        // The designer (issue 8 §2): the scheme's fields and the categories, applied to the posted document (nothing saved).
        new()
        {
            Route = Editor, Method = "POST", Handler = "ApplyScheme", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Ok, E404),
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod)), ("f_name", "授权测试")),
        },
        new()
        {
            Route = Editor, Method = "POST", Handler = "AddCategory", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Ok, E404),
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod)), ("f_id", "authz"), ("f_name", "授权测试")),
        },
        new()
        {
            Route = Editor, Method = "POST", Handler = "RemoveCategory", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Ok, E404),
            Query = _ => "category=towns",
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod))),
        },
        new()
        {
            Route = Editor, Method = "POST", Handler = "MoveCategory", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Ok, E404),
            Query = _ => "category=towns&by=1",
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod))),
        },
        // 新建考核方案: admins only; the page saves nothing (the designer's first save does).
        new() { Route = NewScheme, Method = "GET", Expected = All(Login, E403, E403, E403, Ok, E404) },
        new()
        {
            Route = NewScheme, Method = "POST", Expected = All(Login, E403, E403, E403, Found, E404),
            Body = c => Form(("Period", $"{2030 + c.World.Next()}-Q1"), ("Name", "授权测试"), ("Start", "empty")),
        },
        new()
        {
            Route = Editor, Method = "POST", Handler = "IndicatorForm", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Ok, E404),
            Query = _ => "category=towns&indicator=revenue",
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod)), ("f_method", "bands")),
        },
        new()
        {
            Route = Editor, Method = "POST", Handler = "CopyIndicator", Period = AuthzWorld.WritePeriod, Expected = All(Login, E403, E403, E403, Ok, E404),
            Query = _ => "category=towns&indicator=revenue",
            Body = async c => Fields(("Text", await c.World.SchemeDocumentAsync(AuthzWorld.WritePeriod)), ("f_copyTo", "depts")),
        },

        // 单位与类别 (admins write, leaders read), on the test category xcat and the test unit X9.
        new() { Route = Units, Method = "GET", Expected = All(Login, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = Units, Method = "POST", Handler = "CreateCategory", Expected = All(Login, E403, E403, E403, Found, E404),
            State = Counts, Body = c => Form(("code", $"c{c.World.Next()}"), ("name", "新类别"), ("order", "5")),
        },
        new()
        {
            Route = Units, Method = "POST", Handler = "RenameCategory", Expected = All(Login, E403, E403, E403, Found, E404),
            State = c => c.World.CategoryAsync(),
            Body = async c => Fields(("id", c.World.TestCategoryId.ToString()), ("name", $"类别{c.World.Next()}"), ("order", "9"),
                ("version", (await c.World.CategoryVersionAsync()).ToString())),
        },
        new()
        {
            Route = Units, Method = "POST", Handler = "CreateUnit", Expected = All(Login, E403, E403, E403, Found, E404),
            State = Counts, Body = c => Form(("code", $"U{c.World.Next()}"), ("name", "新单位"), ("categoryId", c.World.TownsCategoryId.ToString())),
        },
        new()
        {
            Route = Units, Method = "POST", Handler = "RenameUnit", Expected = All(Login, E403, E403, E403, Found, E404),
            State = c => c.World.UnitStateAsync(),
            Body = async c => Fields(("id", c.World.TestUnitId.ToString()), ("name", $"单位{c.World.Next()}"), ("version", (await c.World.UnitAsync()).Version.ToString())),
        },
        new()
        {
            Route = Units, Method = "POST", Handler = "MoveUnit", Expected = All(Login, E403, E403, E403, Found, E404),
            State = c => c.World.UnitStateAsync(),
            Body = async c =>
            {
                var (version, category) = await c.World.UnitAsync();
                var to = category == c.World.TownsCategoryId ? c.World.DeptsCategoryId : c.World.TownsCategoryId;
                return Fields(("id", c.World.TestUnitId.ToString()), ("categoryId", to.ToString()), ("version", version.ToString()));
            },
        },
        new()
        {
            Route = Units, Method = "POST", Handler = "RetireUnit", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = c => c.World.SetUnitRetiredAsync(false), State = c => c.World.UnitStateAsync(),
            Body = async c => Fields(("id", c.World.TestUnitId.ToString()), ("version", (await c.World.UnitAsync()).Version.ToString())),
        },
        new()
        {
            Route = Units, Method = "POST", Handler = "ReinstateUnit", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = c => c.World.SetUnitRetiredAsync(true), State = c => c.World.UnitStateAsync(),
            Body = async c => Fields(("id", c.World.TestUnitId.ToString()), ("version", (await c.World.UnitAsync()).Version.ToString())),
        },

        // 用户与角色 (admins only), on the test user x.user.
        new() { Route = Users, Method = "GET", Expected = All(Login, E403, E403, E403, Ok, E404) },
        new()
        {
            Route = Users, Method = "POST", Handler = "Create", Expected = All(Login, E403, E403, E403, Found, E404),
            State = Counts, Body = c => Form(("userName", $"x.new{c.World.Next()}"), ("displayName", "新用户"), ("password", DemoData.Password)),
        },
        new()
        {
            Route = Users, Method = "POST", Handler = "Grant", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = async c => await c.World.ResetTestUserRolesAsync(), State = c => c.World.TestUserStateAsync(),
            Body = c => Form(("userId", c.World.TestUserId), ("role", "Assessor"), ("indicators", "revenue")),
        },
        new()
        {
            Route = Users, Method = "POST", Handler = "Revoke", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = async c => await c.World.ResetTestUserRolesAsync(), State = c => c.World.TestUserStateAsync(),
            Body = async c => Fields(("membershipId", (await c.World.TestLeaderMembershipIdAsync()).ToString())),
        },
        new()
        {
            Route = Users, Method = "POST", Handler = "Lock", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = c => c.World.SetTestUserLockedAsync(false), State = c => c.World.TestUserStateAsync(),
            Body = c => Form(("userId", c.World.TestUserId)),
        },
        new()
        {
            Route = Users, Method = "POST", Handler = "Unlock", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = c => c.World.SetTestUserLockedAsync(true), State = c => c.World.TestUserStateAsync(),
            Body = c => Form(("userId", c.World.TestUserId)),
        },
        new()
        {
            Route = Users, Method = "POST", Handler = "ResetPassword", Expected = All(Login, E403, E403, E403, Found, E404),
            State = c => c.World.TestUserStateAsync(), Body = c => Form(("userId", c.World.TestUserId), ("password", $"New#{c.World.Next()}pass2026")),
        },

        // API 令牌: every member manages its own; only an admin revokes another's (x.user's token).
        new() { Route = Tokens, Method = "GET", Expected = All(Login, Ok, Ok, Ok, Ok, E404) },
        new()
        {
            Route = Tokens, Method = "POST", Handler = "Create", Expected = All(Login, Ok, Ok, Ok, Ok, E404),
            State = Counts, Body = _ => Form(("name", "授权测试")),
        },
        new()
        {
            Route = Tokens, Method = "POST", Handler = "Revoke", Expected = All(Login, E404, E404, E404, Found, E404),
            Arrange = c => c.World.UnrevokeTestTokenAsync(), State = c => c.World.TestTokenAsync(),
            Body = c => Form(("id", c.World.TestTokenId.ToString())),
        },

        // 赛马 (issue #9 §3, ADR 0021): the board and flag APIs for admins and leaders; the race pages for every member.
        new() { Route = "/api/orgs/{org}/periods/{period}/board", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(E401, E403, E403, Ok, Ok, E404) },
        new() { Route = "/api/orgs/{org}/flags", Method = "GET", Expected = All(E401, E403, E403, Ok, Ok, E404), Query = _ => "year=2026" },
        // The pages are the signed-in person's own organization's: the other organization's admin sees its own (nothing
        // published: an empty list, and no board of October).
        new() { Route = "/races", Method = "GET", Expected = All(Login, Ok, Ok, Ok, Ok, Ok) },
        new() { Route = "/races/{period}", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Login, Ok, Ok, Ok, Ok, E404) },

        // 平台: platform admins only (the demo admin is one; the other organization's admin is not).
        new() { Route = Platform, Method = "GET", Expected = All(Login, E403, E403, E403, Ok, E403) },
        new()
        {
            Route = Platform, Method = "POST", Expected = All(Login, E403, E403, E403, Found, E403),
            State = Counts,
            Body = c =>
            {
                var n = c.World.Next();
                return Form(("slug", $"made-{n}"), ("name", "新开发区"), ("adminUserName", $"made.admin{n}"), ("adminPassword", DemoData.Password));
            },
        },

        // 单位页 (issue #9 §3) of the published October: admins and leaders every unit, a reporter its own (403 otherwise,
        // assessors too); the other organization has no such published period (404). The page names the unit it shows.
        new()
        {
            Route = "/races/{period}/units/{unit}", Method = "GET", Period = AuthzWorld.ReadPeriod, Targeted = true,
            Expected = Each(Login, Ok, E403, Ok, E403, E403, Ok, Ok, E404),
            Sees = (c, html) => html.Contains($"id=\"unit-name\"", StringComparison.Ordinal) && html.Contains($">{c.Unit}</small></h1>", StringComparison.Ordinal),
        },
        // ---- 公示与异议 (ADR 0019): October is published and in its notice period; T1 is reporter.t1's unit. ----
        new() { Route = Objections, Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(E401, Ok, E403, Ok, Ok, E404) },
        new()
        {
            // Only a unit's reporter files, on its own unit (the others: 403 with the reason).
            Route = Objections, Method = "POST", Period = AuthzWorld.ReadPeriod, Expected = All(E401, Ok, E403, E403, E403, E404),
            State = ObjectionCount, Body = _ => Task.FromResult<object>(new { unit = "T1", reason = "授权测试" }),
        },
        new()
        {
            Route = Objections + "/{id:long}/answer", Method = "POST", Period = AuthzWorld.ReadPeriod, Expected = All(E401, E403, E403, E403, Ok, E404),
            Arrange = c => NewObjectionAsync(c, evidence: false), State = ObjectionRow, Address = c => $"{ObjectionsOf(AuthzWorld.ReadPeriod)}/{Arranged(c.World)}/answer",
            Body = _ => Task.FromResult<object>(new { accepted = false, answer = "授权测试" }),
        },
        new()
        {
            Route = Objections + "/{id:long}/evidence", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(E401, Ok, E404, Ok, Ok, E404),
            Arrange = c => NewObjectionAsync(c, evidence: true), Address = c => $"{ObjectionsOf(AuthzWorld.ReadPeriod)}/{Arranged(c.World)}/evidence",
            Sees = (_, body) => body.StartsWith("%PDF-", StringComparison.Ordinal),
        },
        new() { Route = Publish, Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Login, Ok, E403, Ok, Ok, E404) },
        new() { Route = Publish, Method = "GET", Handler = "Input", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, Ok, Ok, E404), Query = _ => "n=1" },
        new()
        {
            Route = Publish, Method = "GET", Handler = "Evidence", Period = AuthzWorld.ReadPeriod, Expected = All(Login, Ok, E403, Ok, Ok, E404),
            Arrange = c => NewObjectionAsync(c, evidence: true), Query = c => $"id={Arranged(c.World)}",
            Sees = (_, body) => body.StartsWith("%PDF-", StringComparison.Ordinal),
        },
        new()
        {
            Route = Publish, Method = "POST", Handler = "File", Period = AuthzWorld.ReadPeriod, Expected = All(Login, Found, E403, E403, E403, E404),
            State = ObjectionCount, Body = _ => Form(("unit", "T1"), ("reason", "授权测试")),
        },
        new()
        {
            Route = Publish, Method = "POST", Handler = "Answer", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = c => NewObjectionAsync(c, evidence: false), State = ObjectionRow,
            Body = c => Form(("id", Arranged(c.World).ToString()), ("version", "1"), ("decision", "reject"), ("answer", "授权测试")),
        },
        new()
        {
            Route = Publish, Method = "POST", Handler = "NoticeDays", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, E403, Found, E404),
            State = NoticeDaysAsync, Body = async c => Fields(("days", await NoticeDaysAsync(c) == "5" ? "6" : "5")),
        },
        // 公开张榜 on: admins only (always "on", so that the public rows below keep answering 200).
        new()
        {
            Route = Publish, Method = "POST", Handler = "PublicPosting", Period = AuthzWorld.ReadPeriod, Expected = All(Login, E403, E403, E403, Found, E404),
            Body = c => Form(("on", "true")),
        },
        // Publishing July again under a correction (the API's row publishes 2026-Q4) and opening a correction of August: admins only.
        new()
        {
            Route = Publish, Method = "POST", Handler = "Publish", Period = "2026-07", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = c => c.World.OpenCorrectionAsync("2026-07"),
            State = c => c.World.RevisionsAsync("2026-07"), Body = _ => Form(("reason", "授权测试"), ("allowIncomplete", "true")),
        },
        new()
        {
            Route = Publish, Method = "POST", Handler = "Correction", Period = "2026-08", Expected = All(Login, E403, E403, E403, Found, E404),
            State = c => c.World.CorrectionsAsync("2026-08"), Body = _ => Form(("reason", "授权测试")),
        },
        // 驾驶舱 and 大屏 (issue #9 §3, ADR 0023): no organization in these addresses — the cockpit is the caller's own
        // organization's (admins and leaders), so is the links page (admins); the kiosk opens for anyone holding a link.
        new() { Route = "/races/cockpit", Method = "GET", Expected = All(Login, E403, E403, Ok, Ok, Ok) },
        new() { Route = "/kiosk/links", Method = "GET", Expected = All(Login, E403, E403, E403, Ok, Ok) },
        new()
        {
            Route = "/kiosk/links", Method = "POST", Handler = "Create", Expected = All(Login, E403, E403, E403, Ok, Ok),
            State = Races.KioskMatrix.CountAsync, Body = _ => Form(("name", "授权测试")),
        },
        new()
        {
            // The demo's link: another organization's admin does not find it.
            Route = "/kiosk/links", Method = "POST", Handler = "Revoke", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = Races.KioskMatrix.EnsureAsync, State = Races.KioskMatrix.StateAsync,
            Body = c => Form(("id", Races.KioskMatrix.IdOf(c.World).ToString())),
        },
        new() { Route = "/kiosk/{token}", Method = "GET", Expected = All(Ok, Ok, Ok, Ok, Ok, Ok), Arrange = Races.KioskMatrix.EnsureAsync },
        // 张榜公示 (ADR 0020): the demo organization posts publicly, so everyone reads its published October, signed in or
        // not, of any organization; a locked user is anonymous and reads it too.
        new() { Route = "/public/{org}/{period}", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Ok, Ok, Ok, Ok, Ok, Ok) },
        new() { Route = "/public/{org}/{period}.csv", Method = "GET", Period = AuthzWorld.ReadPeriod, Expected = All(Ok, Ok, Ok, Ok, Ok, Ok) },
        new() { Route = "/public/{org}", Method = "GET", Expected = All(Ok, Ok, Ok, Ok, Ok, Ok) },
        // 督查督办 (issue #10): the hub and each part's rows (tests/…/Supervision/*/…Matrix.cs).
        .. Supervision.SupervisionMatrix.All,
        // 对标 (issue #11 §1): the benchmarking data and the gap (tests/…/Benchmarks/BenchmarksMatrix.cs).
        .. Benchmarks.BenchmarksMatrix.Rows,
        .. Exemptions.ExemptionsMatrix.Rows,
        .. DataImport.DataImportMatrix.Rows,
        // 民主测评 (issue #12): the API, the ballot and the exports; the office's pages.
        .. Surveys.SurveysMatrix.Rows,
        .. Surveys.SurveyPagesMatrix.Rows,
        // 运行监测 (issue #13): the probes and the metrics, anonymous (ADR 0046).
        .. Tests.Operations.OperationsMatrix.Rows,
    ];

    // ---- 公示与异议: the routes and the rows they act on ----
    private const string Objections = "/api/orgs/{org}/periods/{period}/objections";
    private const string Publish = "/orgs/{org}/races/{period}/publish";

    private static string ObjectionsOf(string period) => $"/api/orgs/{AuthzWorld.Org}/periods/{period}/objections";

    /// <summary>The objection each world's last <see cref="NewObjectionAsync"/> made (the rows' id).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<AuthzWorld, object> ArrangedIds = new();

    private static long Arranged(AuthzWorld world) => ArrangedIds.TryGetValue(world, out var id) ? (long)id : 0;

    /// <summary>An open objection of T1 on October's latest revision (with a PDF as evidence when asked), written as the rows' fixture.</summary>
    private static async Task NewObjectionAsync(Ctx c, bool evidence)
    {
        await using var db = c.World.App.NewDb();
        var revision = await db.Revisions.Where(r => r.OrganizationId == c.World.OrganizationId && r.Period == AuthzWorld.ReadPeriod).MaxAsync(r => r.Number);
        var o = new Objection
        {
            OrganizationId = c.World.OrganizationId,
            Period = AuthzWorld.ReadPeriod,
            Revision = revision,
            UnitCode = "T1",
            Reason = "授权测试",
            FiledBy = "reporter.t1",
            FiledAt = DateTimeOffset.UtcNow,
            State = ObjectionState.Open,
            Version = 1,
            EvidenceName = evidence ? "说明.pdf" : null,
            EvidenceType = evidence ? "application/pdf" : null,
            Evidence = evidence ? AuthzWorld.Pdf : null,
        };
        db.Objections.Add(o);
        await db.SaveChangesAsync();
        ArrangedIds.AddOrUpdate(c.World, o.Id);
    }

    private static async Task<string> ObjectionCount(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.Objections.CountAsync(o => o.OrganizationId == c.World.OrganizationId)).ToString();
    }

    private static async Task<string> ObjectionRow(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        var id = Arranged(c.World);
        var o = await db.Objections.AsNoTracking().SingleAsync(o => o.Id == id);
        return $"{o.State}/{o.Version}";
    }

    private static async Task<string> NoticeDaysAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.Organizations.SingleAsync(o => o.Id == c.World.OrganizationId)).NoticeWorkingDays.ToString();
    }

    /// <summary>The endpoints left out of the matrix: anonymous by design (documented in Program.cs).</summary>
    public static bool AllowListed(string route) =>
        route is "/culture/{culture}" or "/Error" || route.StartsWith("/Account/", StringComparison.Ordinal);
}
