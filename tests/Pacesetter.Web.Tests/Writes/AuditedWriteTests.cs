using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Tests.Writes;

/// <summary>The one audited-write primitive (ADR 0008): the only place audit rows are appended, one transaction, one outcome.</summary>
public sealed class AuditedWriteTests
{
    private static async Task<(TestApp App, int Org)> World(string provider)
    {
        var app = new TestApp(provider);
        var org = await app.NewOrganization("writes", "写入测试区");
        return (app, org);
    }

    private static async Task<string> Counts(TestApp app, int org)
    {
        await using var db = app.NewDb();
        return $"units {await db.Units.CountAsync(u => u.OrganizationId == org)}, audit {await db.AuditEntries.CountAsync(a => a.OrganizationId == org)}";
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Appending_audit_outside_the_primitive_throws_and_stores_nothing(string provider)
    {
        var (app, org) = await World(provider);
        using var _ = app;
        await using var db = app.NewDb();

        var outside = await Assert.ThrowsAsync<InvalidOperationException>(() => AuditLog.Append(db, org, new AuditRecord("mallory", "unit.create", "unit", "X")));
        Assert.Contains("OrgWriter.RunAsync", outside.Message);
        // Inside a transaction of one's own it throws just the same: only the primitive opens the door.
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => AuditLog.Append(db, org, new AuditRecord("mallory", "unit.create", "unit", "X")));
        }
        await db.SaveChangesAsync();
        // The organization's creation wrote 1 row (organization.create); mallory's none.
        Assert.Equal("units 0, audit 1", await Counts(app, org));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_write_saves_its_change_and_its_audit_row_together(string provider)
    {
        var (app, org) = await World(provider);
        using var _ = app;

        var unit = await app.Write(org, async (w, sp) => await sp.GetRequiredService<UnitService>().CreateUnitInAsync(w, "T1", "一号镇", null, "新设"), "boss");

        await using var db = app.NewDb();
        var rows = await db.AuditEntries.Where(a => a.OrganizationId == org).OrderBy(a => a.Seq).ToListAsync();
        Assert.Equal(["organization.create", "unit.create"], rows.Select(r => r.Kind));
        var row = rows[1];
        Assert.Equal((2L, "boss", "T1", "新设", rows[0].Hash), (row.Seq, row.Actor, row.Key, row.Reason, row.PreviousHash));
        Assert.Equal("""{"code":"T1","name":"一号镇","category":null,"retiredAt":null}""", row.After);
        Assert.Equal((1, "一号镇"), (unit.Version, (await db.Units.SingleAsync(u => u.Id == unit.Id)).Name));
        Assert.Null(await AuditLog.Verify(db, org));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_refused_change_rolls_back_what_it_did_and_its_audit_rows(string provider)
    {
        var (app, org) = await World(provider);
        using var _ = app;
        using var scope = app.Services.CreateScope();
        var units = scope.ServiceProvider.GetRequiredService<UnitService>();

        var outcome = await scope.ServiceProvider.GetRequiredService<OrgWriter>().RunAsync(org, "boss", async w =>
        {
            await units.CreateUnitInAsync(w, "T1", "一号镇", null);
            await w.SaveAsync(); // even saved inside the write, it is undone
            return WriteOutcome<int>.Invalid("$.name", "no", "不行");
        });

        Assert.Equal(WriteStatus.Invalid, outcome.Status);
        Assert.Equal("$.name: no", Assert.Single(outcome.Problems).ToString());
        Assert.Equal("units 0, audit 1", await Counts(app, org));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_unique_index_violation_and_a_stale_version_are_conflicts_not_errors(string provider)
    {
        var (app, org) = await World(provider);
        using var _ = app;
        var first = await app.NewUnit(org, "T1", "一号镇", null);
        using var scope = app.Services.CreateScope();
        var writer = scope.ServiceProvider.GetRequiredService<OrgWriter>();

        // Another admin's T1 got in between the check and the save: the unique index refuses the second.
        var duplicate = await writer.RunAsync(org, "boss", async w =>
        {
            w.Db.Units.Add(new Unit { OrganizationId = org, Code = "T1", Name = "重复", Version = 1 });
            await w.Audit("unit.create", "unit", "T1");
            return WriteOutcome<int>.Ok(0);
        });
        // A rename from version 0 while the row is at version 1: the concurrency token refuses it.
        var stale = await writer.RunAsync(org, "boss", async w =>
        {
            var row = await w.Db.Units.SingleAsync(u => u.Id == first.Id);
            w.Db.Entry(row).Property(u => u.Version).OriginalValue = 0;
            row.Name = "旧表单";
            row.Version = 1;
            await w.Audit("unit.rename", "unit", "T1");
            return WriteOutcome<int>.Ok(0);
        });

        Assert.Equal((WriteStatus.Conflict, WriteStatus.Conflict), (duplicate.Status, stale.Status));
        Assert.Equal("已被他人修改，请刷新后重试", duplicate.Problems[0].Chinese);
        // 1 organization.create + 1 unit.create of the first T1; neither conflict left a row.
        Assert.Equal("units 1, audit 2", await Counts(app, org));
        await using var db = app.NewDb();
        Assert.Equal("一号镇", (await db.Units.SingleAsync()).Name);
    }

    [Fact]
    public async Task Writes_do_not_nest()
    {
        var (app, org) = await World("Sqlite");
        using var _ = app;
        using var scope = app.Services.CreateScope();
        var writer = scope.ServiceProvider.GetRequiredService<OrgWriter>();
        var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();

        var nested = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.RunAsync(org, "boss",
            async w => await new OrgWriter(db).RunAsync(org, "boss", _ => Task.FromResult(WriteOutcome<int>.Ok(1)))));
        Assert.Contains("do not nest", nested.Message);
    }

    /// <summary>The web host only parses and renders: no page, API or demo code writes to the database itself.</summary>
    [Fact]
    public void No_code_of_the_web_host_saves_opens_a_transaction_or_appends_audit_itself()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Pacesetter.slnx"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no repository root");
        var web = Path.Combine(root, "src", "Pacesetter.Web");
        string[] forbidden = ["SaveChanges", "BeginTransaction", "AuditLog.Append", "ExecuteUpdate", "ExecuteDelete", "ExecuteSql", "UserManager<"];
        // The one exemption: a token's last-used time is bookkeeping of the sign-in, not an operation of the product.
        string[] exempt = [Path.Combine("Auth", "ApiTokens.cs")];
        var offenders = Directory.EnumerateFiles(web, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !exempt.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
            .SelectMany(f => forbidden.Where(File.ReadAllText(f).Contains).Select(w => $"{Path.GetRelativePath(web, f)}: {w}"))
            .ToList();
        Assert.Empty(offenders);
        Assert.True(Directory.EnumerateFiles(Path.Combine(web, "Pages"), "*.cshtml.cs", SearchOption.AllDirectories).Count() >= 10);
    }
}
