using System.Net;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Audit;
using Pacesetter.App.DataEntry;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>
/// The save box (ADR 0054): saves waiting together are written in one audited write, each decided against its row as
/// the saves before it left it, each audited in its writer's name, each answered as if it had been written alone.
/// </summary>
public class SaveBoxTests
{
    private static PendingSave Save(int org, string actor, string unit, string indicator, string? text, int expected, bool submit = false, bool admin = false) =>
        new(org, actor, admin, EntryWorld.Period, unit, indicator, text, submit, expected, null);

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Saves_written_together_are_each_decided_under_the_lock_and_audited_in_their_writers_names(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        int org = world.OrganizationId;
        // Approved before the batch: T3's land (version 2 once approved).
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(await world.Api("admin"), "T3", "land", "200", 0, true)).StatusCode);
        await using (var setup = world.Db())
        {
            var land = await setup.DatumEntries.SingleAsync();
            land.State = DatumState.Approved;
            land.Version = 2;
            await setup.SaveChangesAsync();
        }
        // T2's projects: a row of a unit and an indicator the batch names, but not together (not loaded).
        Assert.Equal(HttpStatusCode.OK, (await EntryWorld.Put(await world.Api("admin"), "T2", "projects", "4", 0, false)).StatusCode);
        int auditBefore;
        await using (var db = world.Db()) auditBefore = await db.AuditEntries.CountAsync();

        PendingSave[] saves =
        [
            Save(org, "rep-t1", "T1", "land", "420", 0),                       // 0: the datum's first save
            Save(org, "admin", "T1", "land", "999", 0, admin: true),           // 1: from the same version: the first won
            Save(org, "rep-t2", "T2", "land", "310", 0, submit: true),         // 2: submitted
            Save(org, "rep-t2", "T2", "land", "311", 1),                       // 3: from the version 2 left: under review
            Save(org, "rep-t1", "T1", "land", "421", 1),                       // 4: from the version 0 left: saved again
            Save(org, "rep-t1", "T3", "land", "201", 2),                       // 5: approved, not the admin
            Save(org, "admin", "T3", "land", "202", 2, admin: true),           // 6: approved, the admin may
            Save(org, "rep-t1", "T1", "projects", "6", 0),                     // 7: another indicator's first save
        ];
        EntryOutcome[] outcomes;
        await using (var db = world.Db())
        {
            outcomes = await SaveBox.WriteAsync(db, saves);
            Assert.Equal(["T1/land", "T1/projects", "T2/land", "T3/land"],
                db.ChangeTracker.Entries<DatumEntry>().Select(e => e.Entity.UnitCode + "/" + e.Entity.IndicatorId).Order(StringComparer.Ordinal));
        }

        Assert.Equal(
            [EntryError.None, EntryError.Conflict, EntryError.None, EntryError.Submitted, EntryError.None, EntryError.Approved, EntryError.None, EntryError.None],
            outcomes.Select(o => o.Error));
        // Each answer shows the row as the saves before it left it (the row is answered as it stands after the write).
        Assert.Equal((2, "421", "rep-t1"), (outcomes[1].Row!.Version, outcomes[1].Row!.Value, outcomes[1].Row!.UpdatedBy));
        Assert.Equal((1, "310", DatumState.Submitted), (outcomes[2].Row!.Version, outcomes[2].Row!.Value, outcomes[2].Row!.State));
        Assert.Equal((3, "202", DatumState.Draft), (outcomes[6].Row!.Version, outcomes[6].Row!.Value, outcomes[6].Row!.State));

        await using var check = world.Db();
        var rows = await check.DatumEntries.Where(d => d.IndicatorId == "land").OrderBy(d => d.UnitCode).Select(d => new { d.UnitCode, d.Value, d.Version, d.State, d.UpdatedBy }).ToListAsync();
        Assert.Equal(
            [("T1", "421", 2, DatumState.Draft, "rep-t1"), ("T2", "310", 1, DatumState.Submitted, "rep-t2"), ("T3", "202", 3, DatumState.Draft, "admin")],
            rows.Select(r => (r.UnitCode, r.Value, r.Version, r.State, r.UpdatedBy)));
        var audit = await check.AuditEntries.OrderBy(a => a.Seq).Skip(auditBefore).Select(a => new { a.Actor, a.Kind, a.Key, a.After }).ToListAsync();
        Assert.Equal(
            [
                ("rep-t1", "datum.save", "2026-Q3/T1/land", """{"value":420,"state":"draft","version":1}"""),
                ("rep-t2", "datum.submit", "2026-Q3/T2/land", """{"value":310,"state":"submitted","version":1}"""),
                ("rep-t1", "datum.save", "2026-Q3/T1/land", """{"value":421,"state":"draft","version":2}"""),
                ("admin", "datum.save", "2026-Q3/T3/land", """{"value":202,"state":"draft","version":3}"""),
                ("rep-t1", "datum.save", "2026-Q3/T1/projects", """{"value":6,"state":"draft","version":1}"""),
            ],
            audit.Select(a => (a.Actor, a.Kind, a.Key, a.After)));
        Assert.Null(await AuditLog.Verify(check));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Saves_sent_at_once_through_the_host_each_get_their_own_answer_and_none_is_lost(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var api = await world.Api("admin");
        // 15 data of the five towns, and six saves of D1's duty all from version 0.
        var values = new Dictionary<(string Unit, string Indicator), string>();
        string[] land = ["420", "310", "200", "150", "260"], projects = ["6", "4", "6", "2", "3"], livelihood = ["100", "96.5", "98", "88.4", "93"];
        for (int t = 0; t < 5; t++)
        {
            values[($"T{t + 1}", "land")] = land[t];
            values[($"T{t + 1}", "projects")] = projects[t];
            values[($"T{t + 1}", "livelihood")] = livelihood[t];
        }
        var start = new TaskCompletionSource();
        var saves = values.Select(v => Task.Run(async () =>
        {
            await start.Task;
            return await EntryWorld.Put(api, v.Key.Unit, v.Key.Indicator, v.Value, 0, false);
        })).ToList();
        var duties = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await EntryWorld.Put(api, "D1", "duty", (90 + i).ToString(), 0, false);
        })).ToList();
        start.SetResult();
        var saved = await Task.WhenAll(saves);
        var duty = await Task.WhenAll(duties);

        Assert.All(saved, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, duty.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, duty.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var won = 90 + Array.FindIndex(duty, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in duty.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var current = (await EntryWorld.Json(lost)).GetProperty("current");
            Assert.Equal((1, won), (current.GetProperty("version").GetInt32(), current.GetProperty("value").GetInt32()));
        }

        await using var db = world.Db();
        var rows = await db.DatumEntries.Select(d => new { d.UnitCode, d.IndicatorId, d.Value, d.Version }).ToListAsync();
        Assert.Equal(16, rows.Count);
        Assert.All(rows, r => Assert.Equal(1, r.Version));
        foreach (var ((unit, indicator), value) in values) Assert.Equal(value, rows.Single(r => r.UnitCode == unit && r.IndicatorId == indicator).Value);
        Assert.Equal(won.ToString(), rows.Single(r => r.UnitCode == "D1").Value);
        Assert.Equal(16, await db.AuditEntries.CountAsync(a => a.Kind == "datum.save" && a.Actor == "admin"));
        Assert.Null(await AuditLog.Verify(db));
    }
}
