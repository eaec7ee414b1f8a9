using Microsoft.EntityFrameworkCore;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Benchmarks;

/// <summary>The authorization matrix's rows of 对标 (issue #11 §1): the office writes the data; admins and leaders read them and the gap.</summary>
public static class BenchmarksMatrix
{
    private const string Api = "/api/orgs/{org}/benchmarks";

    private static async Task<string> VersionAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.BenchmarkSets.Where(s => s.OrganizationId == c.World.OrganizationId).Select(s => (int?)s.Version).SingleOrDefaultAsync() ?? 0).ToString();
    }

    /// <summary>The edit form with one indicator, one benchmark and one year.</summary>
    private static (string, string)[] Form(string version) =>
    [
        ("Version", version), ("Form.OwnName", "示范开发区"), ("Form.Indicators[0].Id", "gdp"), ("Form.Indicators[0].Name", "地区生产总值"),
        ("Form.Indicators[0].Direction", "higher"), ("Form.Benchmarks[0].Id", "sip"), ("Form.Benchmarks[0].Name", "苏州工业园区"),
        ("Form.FirstYear", "2026"), ("Form.LastYear", "2026"), ("v:0:0:2026", "1000"), ("v:1:0:2026", "3686"),
    ];

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        new() { Route = Api, Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404) },
        new()
        {
            Route = Api, Method = "PUT", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Body = _ => Task.FromResult<object>("""{"indicators":[{"id":"gdp","name":"地区生产总值","direction":"higher"}],"own":{"values":{"gdp":{"2026":1000}}},"benchmarks":[{"id":"sip","values":{"gdp":{"2026":3686}}}]}"""),
            State = VersionAsync,
        },
        new() { Route = Api + "/gap", Method = "GET", Expected = AuthorizationTable.All(E401, E403, E403, Ok, Ok, E404), Query = _ => "year=2026" },
        new() { Route = "/orgs/{org}/benchmarks/report.xlsx", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, Ok, Ok, E404), Query = _ => "year=2026" },
        new() { Route = "/orgs/{org}/benchmarks/report.docx", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, Ok, Ok, E404), Query = _ => "year=2026" },
        // The 对标 page: admins and leaders read; the edit form is the office's, and redrawing the grid writes nothing.
        new() { Route = "/orgs/{org}/benchmarks", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, Ok, Ok, E404) },
        new() { Route = "/orgs/{org}/benchmarks/edit", Method = "GET", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404) },
        new()
        {
            Route = "/orgs/{org}/benchmarks/edit", Method = "POST", Handler = "Save", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Body = async c => AuthorizationTable.Fields(Form(await VersionAsync(c))),
            State = VersionAsync,
        },
        new() { Route = "/orgs/{org}/benchmarks/edit", Method = "GET", Handler = "Template", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404) },
        new()
        {
            // Reading a sheet into the form writes nothing: the office sees the grid filled.
            Route = "/orgs/{org}/benchmarks/edit", Method = "POST", Handler = "Import", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404),
            Multipart = async c =>
            {
                var content = new MultipartFormDataContent { { new StringContent(c.Antiforgery), "__RequestVerificationToken" } };
                foreach (var (k, v) in Form(await VersionAsync(c))) content.Add(new StringContent(v), k);
                var file = new ByteArrayContent("对标对象,指标,2026\n苏州工业园区,地区生产总值,3700\n"u8.ToArray());
                file.Headers.ContentType = new("text/csv");
                content.Add(file, "Upload", "对标.csv");
                return content;
            },
            Sees = (_, html) => html.Contains("value=\"3700\"", StringComparison.Ordinal),
        },
        new()
        {
            Route = "/orgs/{org}/benchmarks/edit", Method = "POST", Handler = "Layout", Expected = AuthorizationTable.All(Login, E403, E403, E403, Ok, E404),
            Body = async c => AuthorizationTable.Fields(Form(await VersionAsync(c))),
                        Sees = (_, html) => html.Contains("value=\"3686\"", StringComparison.Ordinal),
        },
    ];
}
