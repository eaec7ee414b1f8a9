using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.WebBench;

/// <summary>
/// What the survey benches share (bench/survey-cast.sh, bench/survey-tally.sh): the organization <c>bench</c> of
/// <see cref="Seed"/> with its units, an API token of its admin, and the survey API as an admin calls it.
/// </summary>
internal sealed record SurveyFixture(DatabaseOptions Database, int OrganizationId, string Token)
{
    /// <summary>Seeds the organization (units U001…, one indicator) and issues a token for its admin, as <c>pacesetter token create</c> does.</summary>
    public static async Task<SurveyFixture> SeedAsync(DatabaseOptions database, int units)
    {
        await Seed.RunAsync(database, units, indicators: 1, categories: 1);
        await using var db = new PacesetterDb(database.Build());
        var org = await db.Organizations.Where(o => o.Slug == Seed.Org).Select(o => o.Id).SingleAsync();
        var user = await db.Users.Where(u => u.UserName == Seed.User).Select(u => u.Id).SingleAsync();
        var issued = await new ApiTokenService(db).CreateAsync(org, user, "bench", "cli:bench");
        if (!issued.IsOk) throw new BenchFailure("creating the bench's API token: " + string.Join("; ", issued.Problems.Select(p => p.English)));
        return new SurveyFixture(database, org, issued.Value!.Token);
    }

    /// <summary>A client of the API, signed in with the token.</summary>
    public HttpClient Api(Uri address)
    {
        var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    public static string SurveyPath(string code) => $"/api/orgs/{Seed.Org}/surveys/{code}";

    /// <summary>
    /// A survey of the first <paramref name="units"/> units of the organization with options a (100, satisfied), b (80,
    /// satisfied) and c (0), abstaining allowed, and the groups given as (id, weight, trim).
    /// </summary>
    public static JsonObject Document(string code, int units, params (string Id, int Weight, bool Trim)[] groups) => new()
    {
        ["id"] = code,
        ["name"] = $"基准测评 {code}",
        ["period"] = Seed.Period,
        ["units"] = new JsonArray([.. Enumerable.Range(0, units).Select(u => (JsonNode)Seed.UnitCode(u))]),
        ["options"] = new JsonArray(
            new JsonObject { ["id"] = "a", ["name"] = "满意", ["points"] = 100, ["satisfied"] = true },
            new JsonObject { ["id"] = "b", ["name"] = "基本满意", ["points"] = 80, ["satisfied"] = true },
            new JsonObject { ["id"] = "c", ["name"] = "不满意", ["points"] = 0 }),
        ["abstain"] = true,
        ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["id"] = g.Id, ["name"] = g.Id, ["weight"] = g.Weight, ["trim"] = g.Trim })]),
    };

    /// <summary>PUT the survey; answers it as the engine reads it.</summary>
    public static async Task<Survey> PutSurveyAsync(HttpClient api, JsonObject document)
    {
        var json = document.ToJsonString();
        using var response = await api.PutAsync(SurveyPath((string)document["id"]!), new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new BenchFailure($"PUT survey answered {(int)response.StatusCode}: {body}");
        return SurveyReader.ReadSurvey(Encoding.UTF8.GetBytes(json));
    }

    /// <summary>POST …/links <c>{"group", "count"}</c> → the tokens.</summary>
    public static async Task<List<string>> CreateLinksAsync(HttpClient api, string code, string group, int count)
    {
        var json = new JsonObject { ["group"] = group, ["count"] = count }.ToJsonString();
        using var response = await api.PostAsync(SurveyPath(code) + "/links", new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsByteArrayAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new BenchFailure($"POST links answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        using var document = JsonDocument.Parse(body);
        var tokens = document.RootElement.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("token").GetString()!).ToList();
        if (tokens.Count != count) throw new BenchFailure($"POST links made {tokens.Count} links, not {count}");
        return tokens;
    }

    /// <summary>GET …/result, as text (exactly the JSON of <c>pacesetter survey</c>).</summary>
    public static async Task<string> ResultAsync(HttpClient api, string code)
    {
        using var response = await api.GetAsync(SurveyPath(code) + "/result");
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new BenchFailure($"GET result answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        return body;
    }

    /// <summary>
    /// Random ratings of <paramref name="units"/>: each unit left unrated with probability <paramref name="abstain"/>,
    /// else a, b or c (50 %, 35 %, 15 %); at least one unit rated.
    /// </summary>
    public static List<KeyValuePair<string, string>> RandomRatings(Random random, IReadOnlyList<string> units, double abstain)
    {
        var ratings = new List<KeyValuePair<string, string>>(units.Count);
        foreach (var unit in units)
        {
            if (random.NextDouble() < abstain) continue;
            var draw = random.NextDouble();
            ratings.Add(new(unit, draw < 0.5 ? "a" : draw < 0.85 ? "b" : "c"));
        }
        if (ratings.Count == 0) ratings.Add(new(units[random.Next(units.Count)], "b"));
        return ratings;
    }

    /// <summary>A ballot's ratings as JSON: <c>{"U001": "a", …}</c>, written into an open writer.</summary>
    public static void WriteRatings(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, string>> ratings)
    {
        writer.WriteStartObject("ratings");
        foreach (var (unit, option) in ratings) writer.WriteString(unit, option);
        writer.WriteEndObject();
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
