using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Pacesetter.App.Audit;
using Pacesetter.App.Data;
using Pacesetter.App.Organizations;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Tests.Data;

/// <summary>
/// The generated migrations (one assembly per provider, ADR 0006) build exactly the schema of the EF model, on SQLite and on PostgreSQL; the audit
/// table refuses updates and deletes; the application creates its database on first start.
/// </summary>
public class MigrationTests
{
    private static PacesetterDb FreshDb(string provider) =>
        new(DatabaseOptions.From(new ConfigurationBuilder().AddInMemoryCollection(Databases.Fresh(provider)).Build()).Build());

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Migrations_build_the_same_schema_as_the_model(string provider)
    {
        await using var migrated = FreshDb(provider);
        await using var created = FreshDb(provider);
        await Migrator.MigrateAsync(migrated);
        Assert.True(await created.Database.EnsureCreatedAsync());

        var a = await SchemaSnapshot.ReadAsync(migrated);
        var b = await SchemaSnapshot.ReadAsync(created);
        var differences = SchemaSnapshot.Differences(a, "migrations", b, "model");

        Assert.True(differences.Count == 0,
            $"{provider}: the migrations and the model differ ({differences.Count}); add a migration with 'dotnet ef migrations add' (docs/decisions/0006-generated-migrations.md):\n"
            + string.Join("\n", differences));
        // The comparison saw the whole schema, not an empty one.
        Assert.Equal(43, a.Lines.Count(l => l.StartsWith("table ", StringComparison.Ordinal)));
        Assert.Contains(a.Lines, l => l.StartsWith("index datum_entries.IX_datum_entries_OrganizationId_Period_UnitCode_IndicatorId", StringComparison.Ordinal));
        Assert.Contains(a.Lines, l => l.StartsWith("foreign key evidence", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task The_comparison_names_a_dropped_index_and_a_changed_column(string provider)
    {
        await using var migrated = FreshDb(provider);
        await using var created = FreshDb(provider);
        await Migrator.MigrateAsync(migrated);
        await created.Database.EnsureCreatedAsync();
        await migrated.Database.ExecuteSqlRawAsync("DROP INDEX \"IX_units_CategoryId\"");
        await migrated.Database.ExecuteSqlRawAsync("ALTER TABLE organizations ADD COLUMN \"Extra\" TEXT NULL");

        var differences = SchemaSnapshot.Differences(await SchemaSnapshot.ReadAsync(migrated), "migrations", await SchemaSnapshot.ReadAsync(created), "model");

        Assert.Equal(2, differences.Count);
        Assert.StartsWith("only in migrations: column organizations.Extra", differences[0]);
        Assert.StartsWith("only in model: index units.IX_units_CategoryId", differences[1]);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Only_the_migrations_make_the_audit_table_append_only(string provider)
    {
        await using var migrated = FreshDb(provider);
        await using var created = FreshDb(provider);
        await Migrator.MigrateAsync(migrated);
        await created.Database.EnsureCreatedAsync();

        Assert.NotEmpty((await SchemaSnapshot.ReadAsync(migrated)).Triggers);
        Assert.Empty((await SchemaSnapshot.ReadAsync(created)).Triggers);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_audit_row_cannot_be_updated_or_deleted(string provider)
    {
        await using var db = FreshDb(provider);
        await Migrator.MigrateAsync(db);
        var org = new Organization { Slug = "audit", Name = "审计测试", CreatedAt = DateTimeOffset.UtcNow };
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        await new OrgWriter(db).RunAsync(org.Id, "tester", async w =>
        {
            await w.Audit("test.write", "test", "k1", reason: "原始记录");
            return WriteOutcome<int>.Ok(0);
        });

        var update = await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET \"Reason\" = 'rewritten'"));
        var delete = await Assert.ThrowsAnyAsync<Exception>(() =>
            db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries"));

        Assert.Contains("audit_entries is append-only", update.Message);
        Assert.Contains("audit_entries is append-only", delete.Message);
        db.ChangeTracker.Clear();
        var rows = await db.AuditEntries.AsNoTracking().ToListAsync();
        Assert.Equal("原始记录", Assert.Single(rows).Reason);
        Assert.Null(await AuditLog.Verify(db, org.Id));
    }

    [Fact]
    public async Task The_app_creates_its_SQLite_database_on_first_start()
    {
        var root = Directory.CreateTempSubdirectory("pacesetter-start-");
        try
        {
            var data = Path.Combine(root.FullName, "data");
            await using (var app = await AppProcess.StartAsync(root.FullName, ("PACESETTER_DATA", data)))
            {
                using var http = new HttpClient { BaseAddress = app.Address };
                var health = await http.GetAsync("/healthz");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                var login = await http.GetStringAsync("/Account/Login");
                Assert.Contains("登录", login);
            }

            var file = Path.Combine(data, "pacesetter.db");
            Assert.True(File.Exists(file), $"no database at {file}");
            await using var db = new PacesetterDb(new DatabaseOptions(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false").Build());
            Assert.Equal(["20261122000001_Initial", "20261201182017_AuditInsertGuard", "20261202015303_Publication", "20261202061403_Supervision", "20261202230000_QuartzStore", "20261203000000_Benchmarks", "20261203010000_Exemptions", "20261203020000_ExemptionEvidence", "20261203030000_DataImportFiles", "20261203040000_Surveys", "20261204000000_UserNamesPerOrganization", "20261204090000_SignInFailures"], await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(0, await db.Organizations.CountAsync());
            // The first start made the audit key beside the database, readable by its owner only (ADR 0009).
            var key = Path.Combine(data, "pacesetter.audit-key");
            Assert.Equal(45, (await File.ReadAllTextAsync(key)).Length);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            root.Delete(recursive: true);
        }
    }
}

/// <summary>The built web application as a child process on a free loopback port (<c>--urls http://127.0.0.1:0</c>).</summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output;

    private AppProcess(Process process, StringBuilder output, Uri address)
    {
        this.process = process;
        this.output = output;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public static string Dll()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "Pacesetter.Web.dll");
        Assert.True(File.Exists(beside), $"Pacesetter.Web.dll is not at {beside}");
        return beside;
    }

    public static async Task<AppProcess> StartAsync(string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Dll());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        // Nothing from the test run's own configuration leaks into the child.
        start.Environment.Remove("ConnectionStrings__Pacesetter");
        start.Environment.Remove("Database__Provider");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in environment) start.Environment[name] = value;

        var output = new StringBuilder();
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Line(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            var m = Regex.Match(line, @"Now listening on: (http://127\.0\.0\.1:\d+)");
            if (m.Success) listening.TrySetResult(new Uri(m.Groups[1].Value));
        }
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("the application exited"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var app = new AppProcess(process, output, new Uri("http://127.0.0.1/"));
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new AppProcess(process, output, address);
        }
        catch (Exception e)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"the application did not start ({e.Message}); its output:\n{app.Output}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
