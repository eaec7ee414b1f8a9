using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Accounts;
using Pacesetter.App.Audit;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;

namespace Pacesetter.Web.Tests;

/// <summary>
/// The one way the tests build their worlds: organizations, categories, units, users and roles, schemes, deadlines,
/// data and tokens, each through the application services inside the one audited write (ADR 0008), exactly as the
/// product makes them. A refusal fails the test with its problems.
/// </summary>
public static class Seeding
{
    /// <summary>Who the seeding's audit rows name; tests about what an operation audits leave these rows out.</summary>
    public const string Actor = "tests";

    /// <summary>Runs <paramref name="change"/> as one audited write of the organization (0: one being created) in a scope of the app.</summary>
    public static async Task<T> Write<T>(this TestApp app, int organizationId, Func<AuditedWrite, IServiceProvider, Task<WriteOutcome<T>>> change, string actor = Actor)
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        return Ok(await sp.GetRequiredService<OrgWriter>().RunAsync(organizationId, actor, w => change(w, sp)));
    }

    /// <summary>A new organization without users (they come next); returns its id.</summary>
    public static Task<int> NewOrganization(this TestApp app, string slug, string name) =>
        app.Write(0, async (w, sp) => (await sp.GetRequiredService<OrganizationService>().CreateInAsync(w, slug, name, null, null, false)).IsOk
            ? WriteOutcome<int>.Ok(w.OrganizationId)
            : WriteOutcome<int>.Invalid("$.slug", $"cannot create {slug}", $"无法创建 {slug}"));

    /// <summary>A user of the organization with the password and roles (their unit or indicators set; ids filled in).</summary>
    public static Task<AppUser> NewUser(this TestApp app, int organizationId, string userName, string password, bool platformAdmin = false, params Membership[] roles) =>
        app.NewPerson(organizationId, userName, userName, password, platformAdmin, roles);

    /// <summary>A user whose display name differs from the user name (the pages name people by it).</summary>
    public static Task<AppUser> NewPerson(this TestApp app, int organizationId, string userName, string displayName, string password, bool platformAdmin = false, params Membership[] roles) =>
        app.Write(organizationId, async (w, sp) =>
        {
            var user = await sp.GetRequiredService<UserService>().CreateInAsync(w, userName, displayName, password, "$", platformAdmin: platformAdmin);
            if (!user.IsOk) return user;
            foreach (var m in roles) await UserService.GrantInAsync(w, user.Value!, m);
            return user;
        });

    public static Membership Role(OrgRole role, string? unit = null, string? indicators = null) =>
        new() { UserId = "", Role = role, UnitCode = unit, Indicators = indicators };

    public static Task<UnitCategory> NewCategory(this TestApp app, int organizationId, string code, string name, int order) =>
        app.Write(organizationId, (w, sp) => sp.GetRequiredService<UnitService>().CreateCategoryInAsync(w, code, name, order));

    public static Task<Unit> NewUnit(this TestApp app, int organizationId, string code, string name, int? categoryId) =>
        app.Write(organizationId, (w, sp) => sp.GetRequiredService<UnitService>().CreateUnitInAsync(w, code, name, categoryId));

    /// <summary>Saves a version of the period's scheme (<paramref name="expectedVersion"/> 0: its first).</summary>
    public static Task<SchemeVersion> SaveScheme(this TestApp app, int organizationId, string period, JsonObject document, int? expectedVersion = 0, string actor = "admin") =>
        app.Write(organizationId, (w, sp) => sp.GetRequiredService<SchemeStore>().SaveInAsync(w, period, document, "test scheme", expectedVersion), actor);

    public static Task<PeriodSettings> SetDeadline(this TestApp app, int organizationId, string period, DateTimeOffset? deadline) =>
        app.Write(organizationId, (w, sp) => sp.GetRequiredService<DataEntryService>().SetDeadlineInAsync(w, period, deadline));

    /// <summary>Loads data rows as they stand, recorded by one <c>data.import</c> audit row.</summary>
    public static Task<int> LoadData(this TestApp app, int organizationId, string period, params DataEntryService.Loaded[] rows) =>
        app.Write(organizationId, async (w, sp) => WriteOutcome<int>.Ok(await sp.GetRequiredService<DataEntryService>().LoadInAsync(w, period, rows, $"{{\"rows\":{rows.Length}}}", "test data")));

    /// <summary>Appends audit rows of the organization (the audit pages' tests), through the one audited write.</summary>
    public static Task<int> AppendAudit(this TestApp app, int organizationId, params AuditRecord[] records) =>
        app.Write(organizationId, async (w, _) =>
        {
            foreach (var r in records) await AuditLog.Append(w.Db, organizationId, r, w.Ct);
            return WriteOutcome<int>.Ok(records.Length);
        });

    /// <summary>A new API token of the user.</summary>
    public static async Task<IssuedToken> NewToken(this TestApp app, int organizationId, string userId, string name = "tests", string actor = Actor)
    {
        using var scope = app.Services.CreateScope();
        return Ok(await scope.ServiceProvider.GetRequiredService<ApiTokenService>().CreateAsync(organizationId, userId, name, actor));
    }

    public static T Ok<T>(WriteOutcome<T> outcome)
    {
        Assert.True(outcome.IsOk, $"{outcome.Status}: {string.Join("; ", outcome.Problems)}");
        return outcome.Value!;
    }
}
