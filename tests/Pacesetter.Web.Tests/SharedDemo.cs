namespace Pacesetter.Web.Tests;

/// <summary>
/// One started demo app per provider, shared by the tests of a class that only read (pages and APIs fetched,
/// sign-ins, queries, verbs that report). The class derives from <see cref="ReadsSharedDemo"/> and its tests call
/// <c>Shared(provider)</c>. A test that writes anything (a datum, a token, an audit row, a failed sign-in that counts
/// towards the lockout) takes an app of its own instead: <c>using var app = new TestApp(provider, demo: true);</c>,
/// a copy of the same demo database. Tests of one class run one after another, so the shared app serves one test at
/// a time; never dispose it in a test.
/// </summary>
public sealed class SharedDemo : IDisposable
{
    private readonly Dictionary<string, (TestApp App, string Rows)> apps = [];
    private readonly Lock gate = new();

    /// <summary>The class's demo app on <paramref name="provider"/>, started on first use.</summary>
    public TestApp App(string provider = "Sqlite")
    {
        lock (gate)
        {
            if (apps.TryGetValue(provider, out var shared)) return shared.App;
            var app = new TestApp(provider, demo: true);
            _ = app.Server;
            apps[provider] = (app, Rows(app));
            return app;
        }
    }

    /// <summary>
    /// Fails (the test just run) when a table's row count changed since the app started: the test wrote through the
    /// shared app. The counts are then taken anew, so that only the test that wrote fails.
    /// </summary>
    public void AssertUnchanged()
    {
        lock (gate)
        {
            var changed = new List<string>();
            foreach (var (provider, (app, before)) in apps.ToList())
            {
                var after = Rows(app);
                if (after == before) continue;
                changed.Add($"{provider}: before {before}, after {after}");
                apps[provider] = (app, after);
            }
            if (changed.Count > 0)
            {
                throw new InvalidOperationException("the test wrote through the shared read-only demo app (give it its own TestApp):\n" + string.Join('\n', changed));
            }
        }
    }

    /// <summary>The row count of every table a feature writes (not the data protection keys, made on first use).</summary>
    private static string Rows(TestApp app)
    {
        using var db = app.NewDb();
        return string.Join(" ",
            $"organizations={db.Organizations.Count()}",
            $"categories={db.UnitCategories.Count()}",
            $"units={db.Units.Count()}",
            $"users={db.Users.Count()}",
            $"failedSignIns={db.Users.Sum(u => u.AccessFailedCount)}",
            $"memberships={db.Memberships.Count()}",
            $"tokens={db.ApiTokens.Count()}",
            $"schemes={db.SchemeVersions.Count()}",
            $"periods={db.PeriodSettings.Count()}",
            $"data={db.DatumEntries.Count()}",
            $"evidence={db.Evidence.Count()}",
            $"audit={db.AuditEntries.Count()}");
    }

    public void Dispose()
    {
        foreach (var (app, _) in apps.Values) app.Dispose();
    }
}

/// <summary>
/// A test class whose tests (some or all) read the demo through the class's shared app, <see cref="Shared"/>. After
/// each test the row counts are compared (<see cref="SharedDemo.AssertUnchanged"/>): a test that wrote through the
/// shared app fails.
/// </summary>
public abstract class ReadsSharedDemo(SharedDemo shared) : IClassFixture<SharedDemo>, IDisposable
{
    /// <summary>The class's demo app on <paramref name="provider"/>: read only, never disposed by the test.</summary>
    protected TestApp Shared(string provider = "Sqlite") => shared.App(provider);

    public void Dispose()
    {
        shared.AssertUnchanged();
        GC.SuppressFinalize(this);
    }
}
