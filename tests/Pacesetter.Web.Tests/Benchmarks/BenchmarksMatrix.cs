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
    ];
}
