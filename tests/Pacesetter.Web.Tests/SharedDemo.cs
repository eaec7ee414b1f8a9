namespace Pacesetter.Web.Tests;

/// <summary>
/// One started demo app per provider, shared by the tests of a class that only read (<c>IClassFixture&lt;SharedDemo&gt;</c>):
/// pages and APIs fetched, sign-ins, queries, verbs that report. A test that writes anything (a datum, a token, an
/// audit row, a failed sign-in that counts towards the lockout) takes an app of its own instead:
/// <c>using var app = new TestApp(provider, demo: true);</c>, a copy of the same demo database. Tests of one class run
/// one after another, so the shared app serves one test at a time; never dispose it in a test.
/// </summary>
/// <remarks>
/// When the class is done the fixture counts the rows again: a test that wrote through the shared app fails the
/// class's clean-up with the tables whose counts changed.
/// </remarks>
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
        var changed = new List<string>();
        foreach (var (provider, (app, before)) in apps)
        {
            var after = Rows(app);
            if (after != before) changed.Add($"{provider}: before {before}, after {after}");
            app.Dispose();
        }
        if (changed.Count > 0)
        {
            throw new InvalidOperationException("a test wrote through a shared read-only demo app (give it its own TestApp):\n" + string.Join('\n', changed));
        }
    }
}
