using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Pacesetter.App.Supervision.Cards;
using Pacesetter.App.Supervision.Model;

namespace Pacesetter.Web.Tests.Supervision.Cards;

/// <summary>
/// 月末评定 the month-end evaluation on the §3 scenario (plan.md §3, hand-checked): the cards issued and lifted, a rerun
/// and a concurrent run issue nothing new, a split run and an interrupted run give the cards of one run.
/// </summary>
public class CardIssuerTests
{
    /// <summary>Every card as a line: id type reason expected/actual/lag liftedOn.</summary>
    private static async Task<string[]> CardsAsync(TestApp app)
    {
        await using var db = app.NewDb();
        var cards = await db.IssuedCards.AsNoTracking().OrderBy(c => c.MonthEnd).ThenBy(c => c.MatterCode).ToListAsync();
        return cards.Select(c => $"{c.PublicId} {CardIssuer.Type(c.Type)} {c.Reason} {c.Expected}/{c.Actual}/{c.Lag} {c.LiftedOn?.ToString("yyyy-MM-dd") ?? "-"}").ToArray();
    }

    private static readonly string[] Expected =
    [
        "card-2026-01-E red lag 33.7/0/33.7 2026-03-31",
        "card-2026-02-B yellow lag 22.7/5/17.7 2026-04-30",
        "card-2026-02-C yellow not-started 12.6/0/12.6 -",
        "card-2026-02-D yellow not-started 8.4/0/8.4 -",
        "card-2026-02-E yellow not-started 65.2/0/65.2 2026-03-31",
        "card-2026-03-A yellow lag 24.5/12/12.5 2026-05-31",
        "card-2026-03-B red lag 48.7/5/43.7 2026-04-30",
        "card-2026-03-C red escalated 21.4/0/21.4 -",
        "card-2026-03-D red escalated 17.7/0/17.7 -",
        "card-2026-04-A red escalated 32.7/12/20.7 2026-05-31",
        "card-2026-04-C red not-started 30.0/0/30.0 -",
        "card-2026-04-D red not-started 26.6/0/26.6 -",
        "card-2026-05-B red lag 100.0/70/30.0 -",
        "card-2026-05-C red not-started 38.9/0/38.9 -",
        "card-2026-05-D red not-started 35.9/0/35.9 -",
        "card-2026-06-B red overdue 100.0/70/30.0 -",
        "card-2026-06-C red not-started 47.4/0/47.4 -",
        "card-2026-06-D red not-started 44.9/0/44.9 -",
    ];

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_scenario_issues_18_cards_and_lifts_those_caught_up(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        await world.ImportAsync(CardsWorld.History());
        var run = await world.EvaluateAsync("2026-06-30");
        Assert.Equal(5, run.GetProperty("yellow").GetInt32());
        Assert.Equal(13, run.GetProperty("red").GetInt32());
        Assert.Equal(3, run.GetProperty("lifted").GetInt32());
        Assert.Equal(["2026-01-31 0/1/0", "2026-02-28 4/0/0", "2026-03-31 1/3/1", "2026-04-30 0/3/1", "2026-05-31 0/3/1", "2026-06-30 0/3/0"],
            run.GetProperty("monthEnds").EnumerateArray().Select(m => $"{m.GetProperty("date").GetString()} {m.GetProperty("yellow")}/{m.GetProperty("red")}/{m.GetProperty("lifted")}").ToArray());
        Assert.Equal(Expected, await CardsAsync(world.App));

        var march = await world.Leader.GetFromJsonAsync<JsonElement>(CardsWorld.Api("issued?month=2026-03"));
        Assert.Equal([
            """{"id":"card-2026-03-A","task":"A","name":"道路改造","unit":"T1","type":"yellow","reason":"lag","date":"2026-03-31","expected":24.5,"actual":12,"lag":12.5,"liftedOn":"2026-05-31"}""",
            """{"id":"card-2026-03-B","task":"B","name":"便民中心","unit":"T2","type":"red","reason":"lag","date":"2026-03-31","expected":48.7,"actual":5,"lag":43.7,"liftedOn":"2026-04-30"}""",
            """{"id":"card-2026-03-C","task":"C","name":"污水管网","unit":"T2","type":"red","reason":"escalated","date":"2026-03-31","expected":21.4,"actual":0,"lag":21.4,"liftedOn":null}""",
            """{"id":"card-2026-03-D","task":"D","name":"口袋公园","unit":"T1","type":"red","reason":"escalated","date":"2026-03-31","expected":17.7,"actual":0,"lag":17.7,"liftedOn":null}""",
        ], march.EnumerateArray().Select(c => c.GetRawText()).ToArray());

        await using (var db = world.App.NewDb())
        {
            var matters = await db.Matters.AsNoTracking().OrderBy(m => m.Position).ToListAsync();
            Assert.Equal(["A 2026-06-30 -", "B 2026-06-30 Red", "C 2026-06-30 Red", "D 2026-06-30 Red", "E 2026-06-30 -", "F - -"],
                matters.Select(m => $"{m.Code} {m.CardsThrough?.ToString("yyyy-MM-dd") ?? "-"} {m.StandingCard?.ToString() ?? "-"}").ToArray());
            Assert.Equal(18, await db.AuditEntries.CountAsync(e => e.Kind == "card.issue"));
            Assert.Equal(6, await db.AuditEntries.CountAsync(e => e.Kind == "card.lift"));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Kind == "card.evaluate"));
        }

        // A second run: nothing due, nothing new, one more summary row.
        var again = await world.EvaluateAsync("2026-06-30");
        Assert.Equal(0, again.GetProperty("monthEnds").GetArrayLength());
        Assert.Equal(0, again.GetProperty("yellow").GetInt32() + again.GetProperty("red").GetInt32());
        Assert.Equal(Expected, await CardsAsync(world.App));
        await using (var db = world.App.NewDb())
        {
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Kind == "card.evaluate"));
        }
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_split_run_and_concurrent_runs_issue_the_cards_of_one_run(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        await world.ImportAsync(CardsWorld.History());
        var first = await world.EvaluateAsync("2026-03-30");
        Assert.Equal(["2026-01-31", "2026-02-28"], first.GetProperty("monthEnds").EnumerateArray().Select(m => m.GetProperty("date").GetString()!).ToArray());
        var posts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => world.Admin.PostAsJsonAsync(CardsWorld.Api("evaluations"), new { asOf = "2026-06-30" })));
        Assert.All(posts, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        Assert.Equal(Expected, await CardsAsync(world.App));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_interrupted_run_rerun_gives_the_cards_of_an_uninterrupted_one(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        await world.ImportAsync(CardsWorld.History());
        var clock = new FakeTimeProvider(CardsWorld.Now);
        await using (var db = world.App.NewDb())
        {
            var issuer = new CardIssuer(db, clock) { AfterMonthEnd = d => d.Month == 1 ? throw new IOException("the machine went down after January") : Task.CompletedTask };
            await Assert.ThrowsAsync<IOException>(() => issuer.RunAsync(world.OrganizationId, new DateOnly(2026, 6, 30), "system:month-end", default));
        }
        Assert.Equal(["card-2026-01-E red lag 33.7/0/33.7 -"], await CardsAsync(world.App));
        await using (var db = world.App.NewDb())
        {
            var rerun = await new CardIssuer(db, clock).RunAsync(world.OrganizationId, new DateOnly(2026, 6, 30), "system:month-end", default);
            Assert.True(rerun.IsOk);
            Assert.Equal(5, rerun.Value!.MonthEnds.Count);
        }
        Assert.Equal(Expected, await CardsAsync(world.App));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_evaluation_after_today_or_without_a_date_is_refused(string provider)
    {
        await using var world = await CardsWorld.CreateAsync(provider);
        await world.ImportAsync(CardsWorld.History());
        foreach (var body in new object[] { new { asOf = "2026-12-03" }, new { asOf = "2026-13-01" }, new { } })
        {
            var post = await world.Admin.PostAsJsonAsync(CardsWorld.Api("evaluations"), body);
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
            var problems = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("problems");
            Assert.Equal("$.asOf", problems[0].GetProperty("path").GetString());
        }
        Assert.Equal("must not be after today 2026-12-02 (Beijing)", JsonDocument.Parse(await (await world.Admin.PostAsJsonAsync(CardsWorld.Api("evaluations"), new { asOf = "2026-12-03" })).Content.ReadAsStringAsync())
            .RootElement.GetProperty("problems")[0].GetProperty("message").GetString());
        await using var db = world.App.NewDb();
        Assert.Equal(0, await db.IssuedCards.CountAsync());
    }

    [Fact]
    public void The_month_end_a_fire_evaluates_is_the_day_before_the_first_in_Beijing()
    {
        Assert.Equal(new DateOnly(2026, 10, 31), CardDates.MonthEndBefore(new DateTimeOffset(2026, 10, 31, 16, 30, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 2, 28), CardDates.MonthEndBefore(new DateTimeOffset(2026, 3, 1, 0, 30, 0, TimeSpan.FromHours(8))));
        // A late fire (misfire, fire and proceed) on 3 November still evaluates 31 October.
        Assert.Equal(new DateOnly(2026, 10, 31), CardDates.MonthEndBefore(new DateTimeOffset(2026, 11, 3, 1, 0, 0, TimeSpan.Zero)));
    }
}
