using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;

namespace Pacesetter.Web.Tests.Data;

/// <summary>
/// A database made by the hand-written migration of ADR 0003 (its SQL scripts are kept under <c>Data/Legacy/</c>,
/// with the history row EF wrote for it) upgrades with the generated migrations (ADR 0006) and keeps every row:
/// the first generated migration has the old id, so it is not run again on such a database.
/// </summary>
public class UpgradeTests
{
    /// <summary>The id of the hand-written migration, which the first generated migration keeps.</summary>
    private const string Baseline = "20261122000001_Initial";

    /// <summary>Every table of the old schema with the number of rows <see cref="FillAsync"/> puts in it.</summary>
    private static readonly (string Table, int Rows)[] Tables =
    [
        ("organizations", 2), ("AspNetUsers", 2), ("AspNetUserClaims", 1), ("AspNetUserLogins", 1), ("AspNetUserTokens", 1),
        ("unit_categories", 2), ("units", 3), ("memberships", 2), ("api_tokens", 1), ("scheme_versions", 2),
        ("period_settings", 1), ("datum_entries", 2), ("evidence", 1), ("audit_entries", 4), ("data_protection_keys", 1),
    ];

    private static PacesetterDb FreshDb(string provider) =>
        new(DatabaseOptions.From(new ConfigurationBuilder().AddInMemoryCollection(Databases.Fresh(provider)).Build()).Build());

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task A_database_of_the_hand_written_migration_upgrades_with_all_its_data(string provider)
    {
        await using var db = FreshDb(provider);
        var postgres = provider == "PostgreSQL";
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await ExecuteAsync(connection, Legacy(postgres ? "0001_initial.postgresql.sql" : "0001_initial.sqlite.sql"));
        await ExecuteAsync(connection, postgres ? PostgresHistory : SqliteHistory);
        await FillAsync(connection, postgres);
        var before = await ReadAllAsync(connection);
        await connection.CloseAsync();

        await Migrator.MigrateAsync(db);

        // The baseline was recognised, not run again: its history row is still the one the old build wrote; the later
        // migrations ran (SQLite: the guard against INSERT OR REPLACE on the audit table; both: issue #9's publication tables).
        string[] later = postgres ? ["20261202015344_Publication", "20261202061417_Supervision", "20261202230000_QuartzStore", "20261203000000_Benchmarks", "20261203010000_Exemptions", "20261203020000_ExemptionEvidence", "20261203030000_DataImportFiles", "20261203040000_Surveys", "20261204000000_UserNamesPerOrganization", "20261204090000_SignInFailures"] : ["20261201182017_AuditInsertGuard", "20261202015303_Publication", "20261202061403_Supervision", "20261202230000_QuartzStore", "20261203000000_Benchmarks", "20261203010000_Exemptions", "20261203020000_ExemptionEvidence", "20261203030000_DataImportFiles", "20261203040000_Surveys", "20261204000000_UserNamesPerOrganization", "20261204090000_SignInFailures"];
        Assert.Equal([Baseline, .. later], await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await connection.OpenAsync();
        var history = await RowsAsync(connection, "SELECT \"MigrationId\", \"ProductVersion\" FROM \"__EFMigrationsHistory\" ORDER BY \"MigrationId\"");
        Assert.Equal($"{Baseline}|10.0.11", history[0]);
        Assert.Equal(1 + later.Length, history.Count);
        // Every row of every table, as it was; the audit table has one row more per chain: the seal below.
        var after = await ReadAllAsync(connection, before);
        await connection.CloseAsync();
        foreach (var (table, rows) in Tables)
        {
            Assert.Equal(rows, before[table].Rows.Count);
            if (table == "audit_entries") Assert.Equal(before[table].Rows, after[table].Rows.Intersect(before[table].Rows).Order(StringComparer.Ordinal));
            else Assert.Equal(before[table].Rows, after[table].Rows);
        }
        // The application reads them through its model: 2 organizations, the evidence's bytes, the audit chains
        // (3 rows of org 1 and 1 row of org 2, hashed unkeyed as the old build did) each closed by a seal row under
        // the key (ADR 0009): east's row 4 seals its 3 rows, west's row 2 its 1; then every chain holds.
        Assert.Equal(["城东区", "城西区"], await db.Organizations.OrderBy(o => o.Id).Select(o => o.Name).ToListAsync());
        Assert.Equal(new byte[] { 0x25, 0x50, 0x44, 0x46 }, await db.Evidence.Select(e => e.Content).SingleAsync());
        Assert.Equal(6, await db.AuditEntries.CountAsync());
        var seals = await db.AuditEntries.Where(a => a.Kind == AuditLog.SealKind).OrderBy(a => a.OrganizationId).ToListAsync();
        Assert.Equal([(1, 4L, "{\"legacyRows\":3}"), (2, 2L, "{\"legacyRows\":1}")], seals.Select(a => (a.OrganizationId, a.Seq, a.After)));
        Assert.All(seals, a => Assert.Equal(AuditLog.HashOf(a, db.Settings.Audit.Key), a.Hash));
        Assert.Null(await AuditLog.Verify(db));
        // A second start seals nothing more.
        await Migrator.MigrateAsync(db);
        Assert.Equal(6, await db.AuditEntries.CountAsync());
        // The upgraded schema is the model's, and the audit table is still append-only.
        await using var created = FreshDb(provider);
        await created.Database.EnsureCreatedAsync();
        var upgraded = await SchemaSnapshot.ReadAsync(db);
        var differences = SchemaSnapshot.Differences(upgraded, "upgraded", await SchemaSnapshot.ReadAsync(created), "model");
        Assert.True(differences.Count == 0, $"{provider}: the upgraded database differs from the model:\n" + string.Join("\n", differences));
        Assert.NotEmpty(upgraded.Triggers);
        var update = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Reason\" = 'rewritten'"));
        Assert.Contains("audit_entries is append-only", update.Message);
        // New rows get new keys after the old ones (PostgreSQL's identity sequences went on counting).
        db.Organizations.Add(new Organization { Slug = "north", Name = "城北区", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        Assert.Equal(3, await db.Organizations.CountAsync());
        Assert.Equal(3, await db.Organizations.Where(o => o.Slug == "north").Select(o => o.Id).SingleAsync());
        // A sealed row rewritten and its successors re-hashed the old way breaks at the seal, whose previous hash is
        // the old one's and cannot be recomputed without the key (ADR 0009).
        if (!postgres)
        {
            var east = await db.AuditEntries.AsNoTracking().Where(a => a.OrganizationId == 1).OrderBy(a => a.Seq).ToListAsync();
            east[1].Reason = "改过的理由";
            east[1].Hash = AuditLog.LegacyHashOf(east[1]);
            east[2].PreviousHash = east[1].Hash;
            east[2].Hash = AuditLog.LegacyHashOf(east[2]);
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_update");
            foreach (var e in east.Skip(1).Take(2))
            {
                await db.Database.ExecuteSqlAsync($"UPDATE audit_entries SET \"Reason\" = {e.Reason}, \"PreviousHash\" = {e.PreviousHash}, \"Hash\" = {e.Hash} WHERE \"Id\" = {e.Id}");
            }
            Assert.Equal(new AuditBreak(1, 4, east[3].Id, "its previous hash does not match the row before"), await AuditLog.Verify(db));
        }
    }

    /// <summary>The history EF Core 10.0.11 wrote when it applied the hand-written migration.</summary>
    private const string SqliteHistory = $"""
        CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
            "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
            "ProductVersion" TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
            "Timestamp" TEXT NOT NULL
        );
        INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('{Baseline}', '10.0.11');
        """;

    /// <inheritdoc cref="SqliteHistory"/>
    private const string PostgresHistory = $"""
        CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
            "MigrationId" character varying(150) NOT NULL,
            "ProductVersion" character varying(32) NOT NULL,
            CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
        );
        INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion") VALUES ('{Baseline}', '10.0.11');
        """;

    private static string Legacy(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "Legacy", name));

    /// <summary>A few rows in every table, written in SQL against the old schema (not through today's model).</summary>
    private static async Task FillAsync(DbConnection c, bool postgres)
    {
        var t0 = new DateTimeOffset(2026, 11, 23, 1, 30, 0, TimeSpan.Zero);
        var east = await InsertAsync(c, postgres, "organizations", ("Slug", "east"), ("Name", "城东区"), ("CreatedAt", t0));
        var west = await InsertAsync(c, postgres, "organizations", ("Slug", "west"), ("Name", "城西区"), ("CreatedAt", t0));
        string[] users = ["u-admin", "u-reporter"];
        foreach (var (id, org, name) in new[] { (users[0], east, "王管理"), (users[1], west, "李填报") })
        {
            await InsertAsync(c, postgres, "AspNetUsers", ("Id", id), ("OrganizationId", org), ("DisplayName", name), ("IsPlatformAdmin", id == users[0]),
                ("UserName", id), ("NormalizedUserName", id.ToUpperInvariant()), ("Email", null), ("NormalizedEmail", null), ("EmailConfirmed", false),
                ("PasswordHash", "AQAAAAIAAYagAAAAEHash" + id), ("SecurityStamp", "STAMP" + id), ("ConcurrencyStamp", "c-" + id), ("PhoneNumber", null),
                ("PhoneNumberConfirmed", false), ("TwoFactorEnabled", false), ("LockoutEnd", null), ("LockoutEnabled", true), ("AccessFailedCount", 1));
        }
        await InsertAsync(c, postgres, "AspNetUserClaims", ("UserId", users[0]), ("ClaimType", "dept"), ("ClaimValue", "考核办"));
        await InsertAsync(c, postgres, "AspNetUserLogins", ("LoginProvider", "sso"), ("ProviderKey", "k-1"), ("ProviderDisplayName", "单点登录"), ("UserId", users[0]));
        await InsertAsync(c, postgres, "AspNetUserTokens", ("UserId", users[0]), ("LoginProvider", "[AspNetUserStore]"), ("Name", "AuthenticatorKey"), ("Value", "ABC"));
        var street = await InsertAsync(c, postgres, "unit_categories", ("OrganizationId", east), ("Code", "street"), ("Name", "街道"), ("SortOrder", 1), ("Version", 1));
        await InsertAsync(c, postgres, "unit_categories", ("OrganizationId", east), ("Code", "dept"), ("Name", "部门"), ("SortOrder", 2), ("Version", 3));
        await InsertAsync(c, postgres, "units", ("OrganizationId", east), ("Code", "S1"), ("Name", "东湖街道"), ("CategoryId", street), ("RetiredAt", null), ("Version", 1));
        await InsertAsync(c, postgres, "units", ("OrganizationId", east), ("Code", "S2"), ("Name", "南山街道"), ("CategoryId", street), ("RetiredAt", t0.AddDays(3)), ("Version", 2));
        await InsertAsync(c, postgres, "units", ("OrganizationId", west), ("Code", "W1"), ("Name", "西城"), ("CategoryId", null), ("RetiredAt", null), ("Version", 1));
        await InsertAsync(c, postgres, "memberships", ("OrganizationId", east), ("UserId", users[0]), ("Role", 1), ("UnitCode", null), ("Indicators", null));
        await InsertAsync(c, postgres, "memberships", ("OrganizationId", west), ("UserId", users[1]), ("Role", 3), ("UnitCode", "W1"), ("Indicators", "[\"gdp\"]"));
        await InsertAsync(c, postgres, "api_tokens", ("OrganizationId", east), ("UserId", users[0]), ("Name", "sync"), ("TokenHash", "3f2a"), ("Prefix", "pst_ab"),
            ("CreatedAt", t0), ("RevokedAt", null), ("LastUsedAt", t0.AddHours(2)));
        const string document = """{"indicators": [{"id": "gdp", "name": "地区生产总值", "weight": 10}]}""";
        await InsertAsync(c, postgres, "scheme_versions", ("OrganizationId", east), ("Period", "2026"), ("Version", 1), ("Document", document),
            ("CreatedBy", users[0]), ("CreatedAt", t0), ("Reason", null));
        await InsertAsync(c, postgres, "scheme_versions", ("OrganizationId", east), ("Period", "2026"), ("Version", 2), ("Document", document),
            ("CreatedBy", users[0]), ("CreatedAt", t0.AddMinutes(5)), ("Reason", "权重调整"));
        await InsertAsync(c, postgres, "period_settings", ("OrganizationId", east), ("Period", "2026"), ("Deadline", t0.AddDays(30)), ("Version", 1));
        var datum = await InsertAsync(c, postgres, "datum_entries", ("OrganizationId", east), ("Period", "2026"), ("UnitCode", "S1"), ("IndicatorId", "gdp"),
            ("Value", "12.5"), ("State", 2), ("ReturnReason", null), ("UpdatedBy", users[0]), ("UpdatedAt", t0), ("Version", 4));
        await InsertAsync(c, postgres, "datum_entries", ("OrganizationId", east), ("Period", "2026"), ("UnitCode", "S2"), ("IndicatorId", "gdp"),
            ("Value", null), ("State", 3), ("ReturnReason", "缺少佐证"), ("UpdatedBy", users[0]), ("UpdatedAt", t0), ("Version", 2));
        await InsertAsync(c, postgres, "evidence", ("OrganizationId", east), ("DatumEntryId", datum), ("FileName", "统计公报.pdf"), ("ContentType", "application/pdf"),
            ("Size", 4L), ("Sha256", "a1b2"), ("Content", new byte[] { 0x25, 0x50, 0x44, 0x46 }), ("UploadedBy", users[0]), ("UploadedAt", t0));
        await InsertAsync(c, postgres, "data_protection_keys", ("FriendlyName", "key-1"), ("Xml", "<key id=\"1\" />"));

        // Two hash chains as AuditLog writes them: org east 3 rows, org west 1 row.
        var previous = new Dictionary<long, string> { [east] = AuditLog.Genesis, [west] = AuditLog.Genesis };
        var seq = new Dictionary<long, long> { [east] = 0, [west] = 0 };
        foreach (var (org, kind, reason) in new[] { (east, "org.create", (string?)null), (east, "datum.submit", "初次填报"), (west, "org.create", null), (east, "datum.approve", null) })
        {
            var entry = new AuditEntry
            {
                OrganizationId = (int)org,
                Seq = ++seq[org],
                At = t0.AddMinutes(seq[org]),
                Actor = users[0],
                Kind = kind,
                Entity = "datum",
                Key = "2026/S1/gdp",
                Period = "2026",
                Unit = "S1",
                Before = null,
                After = "12.5",
                Reason = reason,
                PreviousHash = previous[org],
                Hash = "",
            };
            entry.Hash = AuditLog.LegacyHashOf(entry);
            previous[org] = entry.Hash;
            await InsertAsync(c, postgres, "audit_entries", ("OrganizationId", entry.OrganizationId), ("Seq", entry.Seq), ("At", entry.At), ("Actor", entry.Actor),
                ("Kind", entry.Kind), ("Entity", entry.Entity), ("Key", entry.Key), ("Period", entry.Period), ("Unit", entry.Unit), ("Before", entry.Before),
                ("After", entry.After), ("Reason", entry.Reason), ("PreviousHash", entry.PreviousHash), ("Hash", entry.Hash));
        }
    }

    /// <summary>Inserts one row; returns its generated integer key (0 for the tables keyed otherwise).</summary>
    private static async Task<long> InsertAsync(DbConnection c, bool postgres, string table, params (string Column, object? Value)[] values)
    {
        var generatedKey = !table.StartsWith("AspNetUser", StringComparison.Ordinal) || table == "AspNetUserClaims";
        await using var command = c.CreateCommand();
        var columns = string.Join(", ", values.Select(v => $"\"{v.Column}\""));
        // The scheme document is jsonb on PostgreSQL; a text parameter needs the cast there.
        var parameters = string.Join(", ", values.Select((v, i) => postgres && v.Column == "Document" ? $"CAST(@p{i} AS jsonb)" : $"@p{i}"));
        command.CommandText = $"INSERT INTO \"{table}\" ({columns}) VALUES ({parameters})" + (generatedKey ? " RETURNING \"Id\"" : "");
        for (var i = 0; i < values.Length; i++)
        {
            var p = command.CreateParameter();
            p.ParameterName = $"@p{i}";
            p.Value = values[i].Value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        if (!generatedKey)
        {
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
            return 0;
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection c, string sql)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed record TableRows(string[] Columns, List<string> Rows);

    /// <summary>
    /// Every row of every table as sorted text lines. With <paramref name="columnsOf"/>, only the columns that table had
    /// then (a later migration may add columns; the old data must still be there).
    /// </summary>
    private static async Task<Dictionary<string, TableRows>> ReadAllAsync(DbConnection c, Dictionary<string, TableRows>? columnsOf = null)
    {
        var result = new Dictionary<string, TableRows>();
        foreach (var (table, _) in Tables)
        {
            var select = columnsOf is null ? "*" : string.Join(", ", columnsOf[table].Columns.Select(x => $"\"{x}\""));
            await using var command = c.CreateCommand();
            command.CommandText = $"SELECT {select} FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
                {
                    byte[] bytes => Convert.ToHexString(bytes),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString(),
                })));
            }
            rows.Sort(StringComparer.Ordinal);
            result[table] = new TableRows(columns, rows);
        }
        return result;
    }

    private static async Task<List<string>> RowsAsync(DbConnection c, string sql)
    {
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i).ToString())));
        return rows;
    }
}
