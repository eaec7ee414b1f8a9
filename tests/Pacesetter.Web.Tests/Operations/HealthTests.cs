using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pacesetter.App.Data;
using Quartz;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// /healthz and /readyz (issue #13, ADR 0046): alive without the database; ready when the database answers, no
/// migration is pending and the scheduler runs; 503 naming the failing check — never the exception or the connection
/// string — when the database is gone, when it is behind this build, when the scheduler stands by.
/// </summary>
public class HealthTests
{
    private const string Ready = """{"status":"Healthy","checks":{"database":"Healthy","migrations":"Healthy","scheduler":"Healthy"}}""";

    private static async Task<(HttpStatusCode Status, string Body, string? CacheControl)> GetAsync(TestApp app, string path)
    {
        var response = await app.CreateClient().GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Ready_when_the_database_answers_and_is_migrated(string provider)
    {
        await using var app = new TestApp(provider);

        var live = await GetAsync(app, "/healthz");
        Assert.Equal((HttpStatusCode.OK, "Healthy", "no-store, no-cache"), live);
        var ready = await GetAsync(app, "/readyz");
        Assert.Equal((HttpStatusCode.OK, Ready, "no-store, no-cache"), ready);
        // Only GET: a probe never writes.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await app.CreateClient().PostAsync("/readyz", null)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Not_ready_naming_the_database_when_it_is_gone_but_still_alive(string provider)
    {
        var settings = Databases.Empty(provider);
        var connection = settings["ConnectionStrings:Pacesetter"]!;
        if (provider == "Sqlite")
        {
            // The file in a folder of its own, which goes away under the running app.
            var folder = Directory.CreateTempSubdirectory("pacesetter-ready-").FullName;
            var file = Path.Combine(folder, "pacesetter.db");
            File.Move(new SqliteConnectionStringBuilder(connection).DataSource, file);
            connection = settings["ConnectionStrings:Pacesetter"] = $"Data Source={file}";
        }
        await using var app = TestApp.On(provider, settings);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/readyz")).Status);

        if (provider == "Sqlite")
        {
            var file = new SqliteConnectionStringBuilder(connection).DataSource;
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
            SqliteConnection.ClearAllPools();
        }
        else
        {
            var name = new NpgsqlConnectionStringBuilder(connection).Database;
            await using (var server = new NpgsqlConnection(Databases.PostgresServer))
            {
                await server.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", server);
                await drop.ExecuteNonQueryAsync();
            }
            NpgsqlConnection.ClearAllPools();
        }

        var (status, body, _) = await GetAsync(app, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("""{"status":"Unhealthy","checks":{"database":"Unhealthy","migrations":"Unhealthy","scheduler":"Healthy"}}""", body);
        Assert.Equal((HttpStatusCode.OK, "Healthy", "no-store, no-cache"), await GetAsync(app, "/healthz"));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Not_ready_naming_the_migrations_when_the_database_is_at_an_older_migration(string provider)
    {
        await using var app = new TestApp(provider);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/readyz")).Status);

        // As when an older backup is restored under a running instance: the database goes back one migration (as its
        // owner, who may drop tables), so this build's last migration is pending again.
        await using (var db = app.NewDb())
        {
            var owner = db.Settings.OwnerConnectionString is { } o ? new PacesetterDb((db.Settings with { ConnectionString = o, OwnerConnectionString = null }).Build()) : null;
            await using var asOwner = owner ?? app.NewDb();
            var migrations = asOwner.Database.GetMigrations().ToList();
            await asOwner.GetService<IMigrator>().MigrateAsync(migrations[^2]);
            Assert.Equal([migrations[^1]], await asOwner.Database.GetPendingMigrationsAsync());
        }

        var (status, body, _) = await GetAsync(app, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("""{"status":"Unhealthy","checks":{"database":"Healthy","migrations":"Unhealthy","scheduler":"Healthy"}}""", body);
    }

    [Fact]
    public async Task Not_ready_naming_the_scheduler_when_it_stands_by()
    {
        var settings = Databases.Empty("Sqlite");
        settings["Supervision:Scheduler:Enabled"] = "true";
        await using var app = TestApp.On("Sqlite", settings);
        Assert.Equal((HttpStatusCode.OK, Ready, "no-store, no-cache"), await GetAsync(app, "/readyz"));

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.Standby();

        var (status, body, _) = await GetAsync(app, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("""{"status":"Unhealthy","checks":{"database":"Healthy","migrations":"Healthy","scheduler":"Unhealthy"}}""", body);
    }
}
