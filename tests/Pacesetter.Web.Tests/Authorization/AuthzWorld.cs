using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Access;
using Pacesetter.App.Accounts;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Organizations;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring.Output;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Authorization;

/// <summary>
/// Who calls, as the authorization matrix names them: a user (null = anonymous) and, for the routes about one datum,
/// the datum acted on (unit × indicator of <see cref="AuthzWorld.DataPeriod"/>).
/// </summary>
public enum Caller
{
    Anonymous,
    /// <summary>reporter.t1 on its own unit T1 (revenue, a figure it enters).</summary>
    ReporterOwnUnit,
    /// <summary>reporter.t1 on another unit, T2 (revenue).</summary>
    ReporterOtherUnit,
    /// <summary>reporter.t1 on its own unit's cards (events: the leading department's, ADR 0004).</summary>
    ReporterOwnUnitEvents,
    /// <summary>assessor.econ on an indicator it leads (revenue, of T2).</summary>
    AssessorOwnIndicator,
    /// <summary>assessor.econ on an indicator it does not lead (cards, of T1).</summary>
    AssessorOtherIndicator,
    Leader,
    Admin,
    /// <summary>The admin of the organization <c>other</c>, calling the demo organization's routes.</summary>
    OtherOrgAdmin,
    /// <summary>reporter.t2, locked by the admin after it signed in and made a token: treated as anonymous.</summary>
    LockedUser,
}

/// <summary>
/// The demo organization (<see cref="DemoData"/>), an organization <c>other</c> with its admin, rows of their own for the
/// write routes (a unit X9, a category xcat, a user x.user with a token), evidence on every datum the callers act on,
/// and one API client (bearer token) and one browser (cookie) per caller.
/// </summary>
public sealed class AuthzWorld : IDisposable
{
    public const string Org = DemoData.Slug;
    /// <summary>The period whose data the data routes read and write (November: drafts; its deadline is cleared).</summary>
    public const string DataPeriod = DemoData.DraftPeriod;
    /// <summary>A period with approved data for the read routes (scheme, results, preview, export).</summary>
    public const string ReadPeriod = "2026-10";
    /// <summary>The period the scheme write routes save to (no data).</summary>
    public const string WritePeriod = "2026-12";
    public const string OtherOrg = "other";
    public const string OtherAdmin = "other.admin";
    public const string OtherPassword = "Other#2026pass";
    public const string TestUnit = "X9";
    public const string TestCategory = "xcat";
    public const string TestUser = "x.user";
    public const string LockedUserName = "reporter.t2";

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    public TestApp App { get; }
    public int OrganizationId { get; private set; }
    public int TestUnitId { get; private set; }
    public int TestCategoryId { get; private set; }
    public int TownsCategoryId { get; private set; }
    public int DeptsCategoryId { get; private set; }
    public string TestUserId { get; private set; } = "";
    public int TestTokenId { get; private set; }
    /// <summary>The evidence file on each datum the callers act on, uploaded by the admin.</summary>
    public Dictionary<(string Unit, string Indicator), long> Evidence { get; } = [];

    private readonly Dictionary<string, string> tokens = [];
    private readonly Dictionary<Caller, HttpClient> apis = [];
    private readonly Dictionary<Caller, (HttpClient Client, string Token)> browsers = [];
    private int counter;

    private AuthzWorld(TestApp app) => App = app;

    public static async Task<AuthzWorld> CreateAsync(string provider = "Sqlite")
    {
        var world = new AuthzWorld(new TestApp(provider, demo: true));
        await world.SetUpAsync();
        return world;
    }

    /// <summary>A number never used before in this world (unique codes, names and periods).</summary>
    /// <summary>The numbers of the period's revisions (the publication row's state).</summary>
    public async Task<string> RevisionsAsync(string period)
    {
        await using var db = App.NewDb();
        return string.Join(",", await db.Revisions.Where(r => r.OrganizationId == OrganizationId && r.Period == period).OrderBy(r => r.Number).Select(r => r.Number).ToListAsync());
    }

    /// <summary>The period's corrections (the correction row's state).</summary>
    public async Task<string> CorrectionsAsync(string period)
    {
        await using var db = App.NewDb();
        return string.Join(",", await db.Corrections.Where(r => r.OrganizationId == OrganizationId && r.Period == period).Select(r => r.AfterRevision + ":" + r.OpenedBy).ToListAsync());
    }

    public int Next() => ++counter;

    public static string? UserOf(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.ReporterOwnUnit or Caller.ReporterOtherUnit or Caller.ReporterOwnUnitEvents => "reporter.t1",
        Caller.AssessorOwnIndicator or Caller.AssessorOtherIndicator => "assessor.econ",
        Caller.Leader => "leader",
        Caller.Admin => "admin",
        Caller.LockedUser => LockedUserName,
        _ => OtherAdmin,
    };

    /// <summary>The datum a caller acts on in the routes about one datum.</summary>
    public static (string Unit, string Indicator) TargetOf(Caller caller) => caller switch
    {
        Caller.ReporterOtherUnit or Caller.AssessorOwnIndicator => ("T2", "revenue"),
        Caller.ReporterOwnUnitEvents or Caller.AssessorOtherIndicator => ("T1", "cards"),
        _ => ("T1", "revenue"),
    };

    public static IEnumerable<(string Unit, string Indicator)> Targets => Enum.GetValues<Caller>().Select(TargetOf).Distinct();

    /// <summary>A valid datum of each target indicator (what the forms and the API post).</summary>
    public static string ValueJson(string indicator) => indicator == "cards" ? """{"yellow":1}""" : """{"value":1.05,"target":1}""";

    private async Task SetUpAsync()
    {
        _ = App.Services; // starts the host: the database is migrated and the demo seeded
        await using (var db = App.NewDb())
        {
            OrganizationId = await db.Organizations.Where(o => o.Slug == Org).Select(o => o.Id).SingleAsync();
            TownsCategoryId = await db.UnitCategories.Where(c => c.OrganizationId == OrganizationId && c.Code == "towns").Select(c => c.Id).SingleAsync();
            DeptsCategoryId = await db.UnitCategories.Where(c => c.OrganizationId == OrganizationId && c.Code == "depts").Select(c => c.Id).SingleAsync();
        }

        // The data period stays open whatever the date the suite runs on.
        await App.SetDeadline(OrganizationId, DataPeriod, null);
        TestCategoryId = (await App.NewCategory(OrganizationId, TestCategory, "测试类别", 99)).Id;
        TestUnitId = (await App.NewUnit(OrganizationId, TestUnit, "测试单位", TownsCategoryId)).Id;
        TestUserId = (await App.NewUser(OrganizationId, TestUser, DemoData.Password)).Id;
        TestTokenId = (await App.NewToken(OrganizationId, TestUserId, "x", "admin")).Row.Id;

        var other = await App.NewOrganization(OtherOrg, "另一个开发区");
        await App.NewUser(other, OtherAdmin, OtherPassword, false, Seeding.Role(OrgRole.Admin));

        // Every target datum holds a value, and one evidence file uploaded by the admin through the entry page.
        foreach (var (u, i) in Targets) await SetDatumAsync(u, i, DatumState.Draft);
        var (admin, af) = await Browser(Caller.Admin);
        foreach (var (u, i) in Targets)
        {
            using var form = UploadForm(af, u, i);
            var response = await admin.PostAsync(EntryUrl + "?handler=Upload", form);
            Assert.True(response.IsSuccessStatusCode, $"evidence upload on {u}/{i}: {(int)response.StatusCode}");
        }
        // The locked caller signed in and made its token before the admin locked it (as the users page does).
        await Browser(Caller.LockedUser);
        await Api(Caller.LockedUser);
        await using var check = App.NewDb();
        using (var scope = App.Services.CreateScope())
        {
            var adminId = await check.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
            var lockedId = await check.Users.Where(u => u.UserName == LockedUserName).Select(u => u.Id).SingleAsync();
            var actor = (await Actor.LoadAsync(check, adminId))!;
            Seeding.Ok(await scope.ServiceProvider.GetRequiredService<UserService>().SetLockAsync(actor, lockedId, locked: true));
        }

        foreach (var (u, i) in Targets)
        {
            var rowId = await check.DatumEntries.Where(d => d.OrganizationId == OrganizationId && d.Period == DataPeriod && d.UnitCode == u && d.IndicatorId == i).Select(d => d.Id).SingleAsync();
            Evidence[(u, i)] = await check.Evidence.Where(e => e.DatumEntryId == rowId).Select(e => e.Id).SingleAsync();
        }
    }

    public static string EntryUrl => Routes.Entry(Org, DataPeriod);

    public static MultipartFormDataContent UploadForm(string antiforgery, string unit, string indicator)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(antiforgery), "__RequestVerificationToken" },
            { new StringContent(unit), "unit" },
            { new StringContent(indicator), "indicator" },
        };
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "佐证.pdf");
        return form;
    }

    /// <summary>The API client of a caller: a bearer token of its user (none for the anonymous caller).</summary>
    public async Task<HttpClient> Api(Caller caller)
    {
        var user = UserOf(caller);
        var key = user is null ? Caller.Anonymous : Enum.GetValues<Caller>().First(c => UserOf(c) == user);
        if (apis.TryGetValue(key, out var existing)) return existing;
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (user is not null)
        {
            if (!tokens.TryGetValue(user, out var token))
            {
                await using var db = App.NewDb();
                var row = await db.Users.Where(u => u.UserName == user).Select(u => new { u.Id, u.OrganizationId }).SingleAsync();
                token = (await App.NewToken(row.OrganizationId, row.Id, "authz", user)).Token;
                tokens[user] = token;
            }
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        apis[key] = client;
        return client;
    }

    /// <summary>The browser of a caller, signed in with a cookie (none for the anonymous caller), and its antiforgery token.</summary>
    public async Task<(HttpClient Client, string Antiforgery)> Browser(Caller caller)
    {
        var user = UserOf(caller);
        var key = user is null ? Caller.Anonymous : Enum.GetValues<Caller>().First(c => UserOf(c) == user);
        if (browsers.TryGetValue(key, out var existing)) return existing;
        var client = user is null ? App.Browser() : await App.SignedIn(user, user == OtherAdmin ? OtherPassword : DemoData.Password);
        var page = await client.GetStringAsync(user is null ? "/Account/Login" : "/");
        var token = TestApp.AntiforgeryToken(page);
        Assert.False(string.IsNullOrEmpty(token), $"no antiforgery token for {user ?? "anonymous"}");
        browsers[key] = (client, token);
        return browsers[key];
    }

    // ---- Arranging rows and reading what a request changed ----

    /// <summary>Puts a datum of the data period in a known state with a valid value (creating the row when missing).</summary>
    public async Task SetDatumAsync(string unit, string indicator, DatumState state)
    {
        await using var db = App.NewDb();
        var row = await db.DatumEntries.FirstOrDefaultAsync(d => d.OrganizationId == OrganizationId && d.Period == DataPeriod && d.UnitCode == unit && d.IndicatorId == indicator);
        if (row is null)
        {
            row = new DatumEntry { OrganizationId = OrganizationId, Period = DataPeriod, UnitCode = unit, IndicatorId = indicator, UpdatedBy = "admin", UpdatedAt = DateTimeOffset.UtcNow, Version = 1 };
            db.DatumEntries.Add(row);
        }
        row.Value = indicator == "cards" ? """{"yellow":2}""" : """{"value":0.9,"target":1}""";
        row.State = state;
        row.ReturnReason = null;
        await db.SaveChangesAsync();
    }

    /// <summary>A datum as it stands: version, state, value, reason and evidence count; and how many rows the period has.</summary>
    public async Task<string> DatumAsync(string unit, string indicator)
    {
        await using var db = App.NewDb();
        var row = await db.DatumEntries.AsNoTracking().FirstOrDefaultAsync(d => d.OrganizationId == OrganizationId && d.Period == DataPeriod && d.UnitCode == unit && d.IndicatorId == indicator);
        var rows = await db.DatumEntries.CountAsync(d => d.OrganizationId == OrganizationId && d.Period == DataPeriod);
        var evidence = row is null ? 0 : await db.Evidence.CountAsync(e => e.DatumEntryId == row.Id);
        return row is null ? $"no row; {rows} rows" : $"v{row.Version} {row.State} {row.Value} {row.ReturnReason} evidence {evidence}; {rows} rows";
    }

    public async Task<int> VersionOfAsync(string unit, string indicator)
    {
        await using var db = App.NewDb();
        return await db.DatumEntries.Where(d => d.OrganizationId == OrganizationId && d.Period == DataPeriod && d.UnitCode == unit && d.IndicatorId == indicator).Select(d => d.Version).SingleAsync();
    }

    public async Task<string> SchemeVersionsAsync(string period)
    {
        await using var db = App.NewDb();
        return $"{await db.SchemeVersions.CountAsync(s => s.OrganizationId == OrganizationId && s.Period == period)} versions of {period}";
    }

    public async Task<int> CurrentSchemeVersionAsync(string period)
    {
        await using var db = App.NewDb();
        return await db.SchemeVersions.Where(s => s.OrganizationId == OrganizationId && s.Period == period).MaxAsync(s => s.Version);
    }

    public async Task<string> SchemeDocumentAsync(string period)
    {
        await using var db = App.NewDb();
        return await db.SchemeVersions.Where(s => s.OrganizationId == OrganizationId && s.Period == period).OrderByDescending(s => s.Version).Select(s => s.Document).FirstAsync();
    }

    /// <summary>The scheme file of a period as the export writes it (document + approved data).</summary>
    public async Task<string> SchemeFileAsync(string period)
    {
        using var scope = App.Services.CreateScope();
        var file = await scope.ServiceProvider.GetRequiredService<SchemeStore>().AssembleAsync(OrganizationId, period);
        return file!.ToJsonString(JsonFormats.Indented);
    }

    public async Task<string> DeadlineAsync(string period)
    {
        await using var db = App.NewDb();
        var s = await db.PeriodSettings.AsNoTracking().SingleAsync(p => p.OrganizationId == OrganizationId && p.Period == period);
        return $"v{s.Version} {s.Deadline:O}";
    }

    public async Task<string> CountsAsync()
    {
        await using var db = App.NewDb();
        return $"{await db.Organizations.CountAsync()} organizations, {await db.UnitCategories.CountAsync()} categories, {await db.Units.CountAsync()} units, "
            + $"{await db.Users.CountAsync()} users, {await db.Memberships.CountAsync()} memberships, {await db.ApiTokens.CountAsync()} tokens, "
            + $"{await db.SchemeVersions.CountAsync()} scheme versions";
    }

    public async Task<string> CategoryAsync()
    {
        await using var db = App.NewDb();
        var c = await db.UnitCategories.AsNoTracking().SingleAsync(x => x.Id == TestCategoryId);
        return $"v{c.Version} {c.Name} {c.SortOrder}";
    }

    public async Task<int> CategoryVersionAsync()
    {
        await using var db = App.NewDb();
        return await db.UnitCategories.Where(x => x.Id == TestCategoryId).Select(x => x.Version).SingleAsync();
    }

    public async Task<(int Version, int? CategoryId)> UnitAsync()
    {
        await using var db = App.NewDb();
        var u = await db.Units.AsNoTracking().SingleAsync(x => x.Id == TestUnitId);
        return (u.Version, u.CategoryId);
    }

    public async Task<string> UnitStateAsync()
    {
        await using var db = App.NewDb();
        var u = await db.Units.AsNoTracking().SingleAsync(x => x.Id == TestUnitId);
        return $"v{u.Version} {u.Name} {u.CategoryId} {u.RetiredAt:O}";
    }

    public async Task SetUnitRetiredAsync(bool retired)
    {
        await using var db = App.NewDb();
        var u = await db.Units.SingleAsync(x => x.Id == TestUnitId);
        u.RetiredAt = retired ? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) : null;
        await db.SaveChangesAsync();
    }

    public async Task<string> TestUserStateAsync()
    {
        await using var db = App.NewDb();
        var u = await db.Users.AsNoTracking().SingleAsync(x => x.Id == TestUserId);
        var roles = await db.Memberships.AsNoTracking().Where(m => m.UserId == TestUserId).OrderBy(m => m.Id).Select(m => m.Role + ":" + m.UnitCode + m.Indicators).ToListAsync();
        return $"lock {u.LockoutEnd:O} hash {u.PasswordHash} roles [{string.Join(", ", roles)}]";
    }

    public async Task SetTestUserLockedAsync(bool locked)
    {
        await using var db = App.NewDb();
        var u = await db.Users.SingleAsync(x => x.Id == TestUserId);
        u.LockoutEnd = locked ? DateTimeOffset.MaxValue : null;
        await db.SaveChangesAsync();
    }

    /// <summary>x.user holds a Leader membership (the one the revoke rows revoke) and no Assessor one (the grant rows grant it); returns the Leader membership's id.</summary>
    public async Task<int> ResetTestUserRolesAsync()
    {
        await using var db = App.NewDb();
        db.Memberships.RemoveRange(db.Memberships.Where(m => m.UserId == TestUserId && m.Role == OrgRole.Assessor));
        var leader = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == TestUserId && m.Role == OrgRole.Leader);
        if (leader is null)
        {
            leader = new Membership { OrganizationId = OrganizationId, UserId = TestUserId, Role = OrgRole.Leader };
            db.Memberships.Add(leader);
        }
        await db.SaveChangesAsync();
        return leader.Id;
    }

    public async Task<int> TestLeaderMembershipIdAsync()
    {
        await using var db = App.NewDb();
        return await db.Memberships.Where(m => m.UserId == TestUserId && m.Role == OrgRole.Leader).Select(m => m.Id).SingleAsync();
    }

    public async Task<string> TestTokenAsync()
    {
        await using var db = App.NewDb();
        var t = await db.ApiTokens.AsNoTracking().SingleAsync(x => x.Id == TestTokenId);
        return $"revoked {t.RevokedAt:O}";
    }

    public async Task UnrevokeTestTokenAsync()
    {
        await using var db = App.NewDb();
        var t = await db.ApiTokens.SingleAsync(x => x.Id == TestTokenId);
        t.RevokedAt = null;
        await db.SaveChangesAsync();
    }

    public void Dispose()
    {
        foreach (var c in apis.Values) c.Dispose();
        foreach (var (c, _) in browsers.Values) c.Dispose();
        App.Dispose();
    }
}
