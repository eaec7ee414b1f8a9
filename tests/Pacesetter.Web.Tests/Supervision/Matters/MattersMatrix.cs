using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Supervision.Model;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.AuthorizationTable;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Supervision.Matters;

/// <summary>
/// The authorization matrix's rows of supervision's Matters endpoints (added to <see cref="AuthorizationTable.Operations"/>):
/// the API and the pages of matters (plan H1 "Matrix"). Rows that move a matter through the workflow act on matters of
/// their own (<c>MX-STEP</c> put back to 已下发 before each call, <c>MX-DRAFT</c> to 立项), so that M1 stays 办理中.
/// </summary>
public static class MattersMatrix
{
    private const string Api = "/api/orgs/{org}/supervision";
    private const string Demo = "/api/orgs/" + AuthzWorld.Org + "/supervision";
    private const string Pages = "/orgs/{org}/supervision";
    private const string DemoPages = "/orgs/" + AuthzWorld.Org + "/supervision";

    private sealed record Made(long StepMatter, long DraftMatter);

    private static readonly ConditionalWeakTable<AuthzWorld, Made> Own = new();

    private static async Task<Made> EnsureAsync(AuthzWorld world)
    {
        var ids = await SupervisionFixtures.EnsureAsync(world);
        if (Own.TryGetValue(world, out var made)) return made;
        await using var db = world.App.NewDb();
        Matter M(string code, MatterState state) => new()
        {
            OrganizationId = world.OrganizationId,
            Code = code,
            Name = "授权测试" + code,
            Kind = MatterKind.Assigned,
            UnitCode = "T1",
            Start = new DateOnly(2026, 1, 1),
            Due = new DateOnly(2026, 12, 31),
            Frequency = ReportFrequency.Monthly,
            State = state,
            Position = 100,
            CreatedBy = "admin",
            CreatedAt = DateTimeOffset.UtcNow,
            Version = 1,
        };
        var step = M("MX-STEP", MatterState.Assigned);
        var draft = M("MX-DRAFT", MatterState.Draft);
        db.Matters.AddRange(step, draft);
        await db.SaveChangesAsync();
        made = new Made(step.Id, draft.Id);
        Own.AddOrUpdate(world, made);
        _ = ids;
        return made;
    }

    /// <summary>Puts a matter in <paramref name="state"/> with <paramref name="next"/> pending.</summary>
    private static async Task SetStateAsync(AuthzWorld world, long id, MatterState state, StepKind next)
    {
        await using var db = world.App.NewDb();
        var m = await db.Matters.SingleAsync(x => x.Id == id);
        m.State = state;
        m.NextStep = next;
        m.NextDeadline = null;
        await db.SaveChangesAsync();
    }

    private static async Task<string> MatterStateAsync(AuthzWorld world, long id)
    {
        await using var db = world.App.NewDb();
        var m = await db.Matters.AsNoTracking().SingleAsync(x => x.Id == id);
        return $"{m.State} v{m.Version}";
    }

    private static async Task<int> VersionAsync(AuthzWorld world, long id)
    {
        await using var db = world.App.NewDb();
        return await db.Matters.AsNoTracking().Where(x => x.Id == id).Select(x => x.Version).SingleAsync();
    }

    private static async Task<string> CountAsync<T>(AuthzWorld world, Func<App.Data.PacesetterDb, IQueryable<T>> rows)
    {
        await using var db = world.App.NewDb();
        return $"{await rows(db).CountAsync()}";
    }

    /// <summary>A report on M1 (the evidence rows attach to it).</summary>
    public static async Task<long> ReportOnM1Async(AuthzWorld world)
    {
        var ids = await SupervisionFixtures.EnsureAsync(world);
        await using var db = world.App.NewDb();
        var existing = await db.MatterReports.Where(r => r.MatterId == ids.M1).OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync();
        if (existing is { } id) return id;
        var report = new MatterReport { OrganizationId = world.OrganizationId, MatterId = ids.M1, Date = new DateOnly(2026, 2, 1), Percent = 5, Source = ReportSource.Web, ReportedBy = "reporter.t1", ReportedAt = DateTimeOffset.UtcNow };
        db.MatterReports.Add(report);
        await db.SaveChangesAsync();
        return report.Id;
    }

    /// <summary>An evidence file on M1's report (the download rows read it).</summary>
    public static async Task<long> EvidenceOnM1Async(AuthzWorld world)
    {
        var report = await ReportOnM1Async(world);
        await using var db = world.App.NewDb();
        var existing = await db.ReportEvidence.Where(e => e.ReportId == report).OrderBy(e => e.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync();
        if (existing is { } id) return id;
        var e = new ReportEvidence { OrganizationId = world.OrganizationId, ReportId = report, FileName = "现场.png", ContentType = "image/png", Size = Png.Length, Sha256 = App.DataEntry.EvidenceFiles.Sha256(Png), Content = Png, UploadedBy = "reporter.t1", UploadedAt = DateTimeOffset.UtcNow };
        db.ReportEvidence.Add(e);
        await db.SaveChangesAsync();
        return e.Id;
    }

    /// <summary>An unacknowledged instruction on M1.</summary>
    public static async Task<long> InstructionOnM1Async(AuthzWorld world)
    {
        var ids = await SupervisionFixtures.EnsureAsync(world);
        await using var db = world.App.NewDb();
        var i = await db.Instructions.Where(x => x.MatterId == ids.M1).OrderBy(x => x.Id).FirstOrDefaultAsync();
        if (i is null)
        {
            i = new Instruction { OrganizationId = world.OrganizationId, MatterId = ids.M1, Text = "授权测试批示", By = "leader", At = DateTimeOffset.UtcNow };
            db.Instructions.Add(i);
        }
        i.AcknowledgedBy = null;
        i.AcknowledgedAt = null;
        await db.SaveChangesAsync();
        return i.Id;
    }

    /// <summary>A reminder on M1 nobody has read.</summary>
    public static async Task<long> ReminderOnM1Async(AuthzWorld world)
    {
        var ids = await SupervisionFixtures.EnsureAsync(world);
        await using var db = world.App.NewDb();
        var r = await db.Reminders.Where(x => x.MatterId == ids.M1).OrderBy(x => x.Id).FirstOrDefaultAsync();
        if (r is null)
        {
            r = new Reminder { OrganizationId = world.OrganizationId, MatterId = ids.M1, SentBy = "admin", SentAt = DateTimeOffset.UtcNow };
            db.Reminders.Add(r);
            await db.SaveChangesAsync();
        }
        await db.ReminderReads.Where(x => x.ReminderId == r.Id).ExecuteDeleteAsync();
        return r.Id;
    }

    private static readonly byte[] Png = DataEntry.EvidenceSamples.Png();

    private static MultipartFormDataContent PngForm(string? antiforgery, string field)
    {
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var form = new MultipartFormDataContent { { file, field, "现场.png" } };
        if (antiforgery is not null) form.Add(new StringContent(antiforgery), "__RequestVerificationToken");
        return form;
    }

    private static readonly ConditionalWeakTable<AuthzWorld, Dictionary<string, long>> Last = new();

    /// <summary>Remembers the id an Arrange made, for the row's Address.</summary>
    private static async Task Keep(AuthzWorld world, string name, Task<long> id) => Last.GetOrCreateValue(world)[name] = await id;

    private static long Kept(AuthzWorld world, string name) => Last.GetOrCreateValue(world)[name];

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        // ---- API ----
        new()
        {
            Route = Api + "/tasks", Method = "POST", Expected = All(E401, E403, E403, E403, Ok, E404),
            Arrange = c => EnsureAsync(c.World),
            Body = c => Task.FromResult<object>(new { id = $"N{c.World.Next()}", name = "授权测试立项", kind = "assigned", unit = "T1", start = "2026-01-01", due = "2026-12-31" }),
            State = c => CountAsync(c.World, db => db.Matters),
        },
        new()
        {
            Route = Api + "/tasks/{task}", Method = "GET", Expected = All(E401, Ok, E403, Ok, Ok, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => Demo + "/tasks/M1",
        },
        new()
        {
            // Another unit's matter: a reporter of T1 does not see M2 (T2).
            Route = Api + "/tasks/{task}", Method = "GET", Expected = All(E401, E404, E403, Ok, Ok, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => Demo + "/tasks/M2",
        },
        new()
        {
            // 修改: the office only, against the version read; a reporter of M1's own unit may not.
            Route = Api + "/tasks/{task}", Method = "PUT", Expected = All(E401, E403, E403, E403, Ok, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => Demo + "/tasks/M1",
            Body = async c => new { version = await VersionAsync(c.World, (await SupervisionFixtures.EnsureAsync(c.World)).M1), name = "授权测试事项M1", kind = "key-task", unit = "T1", coUnits = new[] { "D1" }, start = "2026-01-01", due = "2026-12-31" },
            State = async c => await MatterStateAsync(c.World, (await SupervisionFixtures.EnsureAsync(c.World)).M1),
        },
        new()
        {
            Route = Api + "/tasks/{task}/progress", Method = "POST", Expected = All(E401, Ok, E403, E403, Ok, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => Demo + "/tasks/M1/progress",
            Body = _ => Task.FromResult<object>(new { percent = 50, narrative = "授权测试" }),
            State = c => CountAsync(c.World, db => db.MatterReports),
        },
        new()
        {
            Route = Api + "/tasks/{task}/progress/{report:long}/evidence", Method = "POST", Expected = All(E401, Ok, E403, E403, Ok, E404),
            Arrange = c => Keep(c.World, "report", ReportOnM1Async(c.World)),
            Address = c => $"{Demo}/tasks/M1/progress/{Kept(c.World, "report")}/evidence",
            Multipart = _ => Task.FromResult(PngForm(null, "file")),
            State = c => CountAsync(c.World, db => db.ReportEvidence),
        },
        new()
        {
            Route = Api + "/tasks/{task}/evidence/{evidence:long}", Method = "GET", Expected = All(E401, Ok, E403, Ok, Ok, E404),
            Arrange = c => Keep(c.World, "evidence", EvidenceOnM1Async(c.World)),
            Address = c => $"{Demo}/tasks/M1/evidence/{Kept(c.World, "evidence")}",
        },
        new()
        {
            Route = Api + "/tasks/{task}/steps", Method = "POST", Expected = All(E401, Ok, E403, E403, Ok, E404),
            Arrange = async c => { var m = await EnsureAsync(c.World); await SetStateAsync(c.World, m.StepMatter, MatterState.Assigned, StepKind.Acknowledge); },
            Address = _ => Demo + "/tasks/MX-STEP/steps",
            Body = _ => Task.FromResult<object>(new { step = "acknowledge" }),
            State = async c => await MatterStateAsync(c.World, (await EnsureAsync(c.World)).StepMatter),
        },
        new()
        {
            Route = Api + "/tasks/{task}/steps", Method = "POST", Expected = All(E401, E403, E403, Ok, E403, E404),
            Arrange = async c => { var m = await EnsureAsync(c.World); await SetStateAsync(c.World, m.DraftMatter, MatterState.Draft, StepKind.Approve); },
            Address = _ => Demo + "/tasks/MX-DRAFT/steps",
            Body = _ => Task.FromResult<object>(new { step = "approve" }),
            State = async c => await MatterStateAsync(c.World, (await EnsureAsync(c.World)).DraftMatter),
        },
        new()
        {
            Route = Api + "/tasks/{task}/instructions", Method = "POST", Expected = All(E401, E403, E403, Ok, E403, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => Demo + "/tasks/M1/instructions",
            Body = _ => Task.FromResult<object>(new { text = "授权测试批示" }),
            State = c => CountAsync(c.World, db => db.Instructions),
        },
        new()
        {
            Route = Api + "/tasks/{task}/instructions/{instruction:long}/acknowledge", Method = "POST", Expected = All(E401, Ok, E403, E403, E403, E404),
            Arrange = c => Keep(c.World, "instruction", InstructionOnM1Async(c.World)),
            Address = c => $"{Demo}/tasks/M1/instructions/{Kept(c.World, "instruction")}/acknowledge",
            State = c => CountAsync(c.World, db => db.Instructions.Where(i => i.AcknowledgedAt != null)),
        },
        new()
        {
            Route = Api + "/tasks/{task}/reminders", Method = "POST", Expected = All(E401, E403, E403, E403, Ok, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => Demo + "/tasks/M1/reminders",
            State = c => CountAsync(c.World, db => db.Reminders),
        },
        new()
        {
            Route = Api + "/reminders/{reminder:long}/read", Method = "POST", Expected = All(E401, Ok, E403, E403, E403, E404),
            Arrange = c => Keep(c.World, "reminder", ReminderOnM1Async(c.World)),
            Address = c => $"{Demo}/reminders/{Kept(c.World, "reminder")}/read",
            State = c => CountAsync(c.World, db => db.ReminderReads),
        },

        // ---- Pages ----
        new() { Route = Pages + "/tasks", Method = "GET", Expected = All(Login, Ok, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c.World) },
        new() { Route = Pages + "/tasks/new", Method = "GET", Expected = All(Login, E403, E403, E403, Ok, E404) },
        new()
        {
            Route = Pages + "/tasks/new", Method = "POST", Expected = All(Login, E403, E403, E403, Found, E404),
            Body = c => Task.FromResult<object>(new Dictionary<string, string>
            {
                ["Id"] = $"P{c.World.Next()}", ["Name"] = "授权测试立项", ["Kind"] = "assigned", ["Unit"] = "T1",
                ["Start"] = "2026-01-01", ["Due"] = "2026-12-31", ["Frequency"] = "monthly",
            }),
            State = c => CountAsync(c.World, db => db.Matters),
        },
        new() { Route = Pages + "/tasks/{task}", Method = "GET", Expected = All(Login, Ok, E403, Ok, Ok, E404), Arrange = c => EnsureAsync(c.World), Address = _ => DemoPages + "/tasks/M1" },
        new() { Route = Pages + "/tasks/{task}/edit", Method = "GET", Expected = All(Login, E403, E403, E403, Ok, E404), Arrange = c => EnsureAsync(c.World), Address = _ => DemoPages + "/tasks/M1/edit" },
        new()
        {
            Route = Pages + "/tasks/{task}/edit", Method = "POST", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => DemoPages + "/tasks/M1/edit",
            Body = async c => new Dictionary<string, string>
            {
                ["Version"] = (await VersionAsync(c.World, (await SupervisionFixtures.EnsureAsync(c.World)).M1)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Name"] = "授权测试事项M1", ["Kind"] = "key-task", ["Unit"] = "T1", ["CoUnits"] = "D1",
                ["Start"] = "2026-01-01", ["Due"] = "2026-12-31", ["Frequency"] = "monthly",
            },
            State = async c => await MatterStateAsync(c.World, (await SupervisionFixtures.EnsureAsync(c.World)).M1),
        },
        new()
        {
            Route = Pages + "/tasks/{task}", Method = "GET", Handler = "Evidence", Expected = All(Login, Ok, E403, Ok, Ok, E404),
            Arrange = c => Keep(c.World, "evidence", EvidenceOnM1Async(c.World)), Address = _ => DemoPages + "/tasks/M1",
            Query = c => $"id={Kept(c.World, "evidence")}",
        },
        new()
        {
            Route = Pages + "/tasks/{task}", Method = "POST", Handler = "Report", Expected = All(Login, Found, E403, E403, Found, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => DemoPages + "/tasks/M1",
            Body = _ => Task.FromResult<object>(new Dictionary<string, string> { ["percent"] = "50", ["narrative"] = "授权测试" }),
            State = c => CountAsync(c.World, db => db.MatterReports),
        },
        new()
        {
            Route = Pages + "/tasks/{task}", Method = "POST", Handler = "Upload", Expected = All(Login, Found, E403, E403, Found, E404),
            Arrange = c => Keep(c.World, "report", ReportOnM1Async(c.World)), Address = _ => DemoPages + "/tasks/M1",
            Multipart = c =>
            {
                var form = PngForm(c.Antiforgery, "file");
                form.Add(new StringContent(Kept(c.World, "report").ToString(System.Globalization.CultureInfo.InvariantCulture)), "report");
                return Task.FromResult(form);
            },
            State = c => CountAsync(c.World, db => db.ReportEvidence),
        },
        new()
        {
            Route = Pages + "/tasks/{task}", Method = "POST", Handler = "Step", Expected = All(Login, Found, E403, E403, Found, E404),
            Arrange = async c => { var m = await EnsureAsync(c.World); await SetStateAsync(c.World, m.StepMatter, MatterState.Assigned, StepKind.Acknowledge); },
            Address = _ => DemoPages + "/tasks/MX-STEP",
            Body = _ => Task.FromResult<object>(new Dictionary<string, string> { ["step"] = "acknowledge" }),
            State = async c => await MatterStateAsync(c.World, (await EnsureAsync(c.World)).StepMatter),
        },
        new()
        {
            Route = Pages + "/tasks/{task}", Method = "POST", Handler = "Instruct", Expected = All(Login, E403, E403, Found, E403, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => DemoPages + "/tasks/M1",
            Body = _ => Task.FromResult<object>(new Dictionary<string, string> { ["instruction"] = "授权测试批示" }),
            State = c => CountAsync(c.World, db => db.Instructions),
        },
        new()
        {
            Route = Pages + "/tasks/{task}", Method = "POST", Handler = "Acknowledge", Expected = All(Login, Found, E403, E403, E403, E404),
            Arrange = c => Keep(c.World, "instruction", InstructionOnM1Async(c.World)), Address = _ => DemoPages + "/tasks/M1",
            Body = c => Task.FromResult<object>(new Dictionary<string, string> { ["id"] = Kept(c.World, "instruction").ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            State = c => CountAsync(c.World, db => db.Instructions.Where(i => i.AcknowledgedAt != null)),
        },
        new()
        {
            Route = Pages + "/tasks/{task}", Method = "POST", Handler = "Remind", Expected = All(Login, E403, E403, E403, Found, E404),
            Arrange = c => EnsureAsync(c.World), Address = _ => DemoPages + "/tasks/M1",
            Body = _ => Task.FromResult<object>(new Dictionary<string, string> { ["message"] = "请加快进度" }),
            State = c => CountAsync(c.World, db => db.Reminders),
        },
        new()
        {
            Route = Pages + "/tasks/{task}", Method = "POST", Handler = "ReadReminder", Expected = All(Login, Found, E403, E403, E403, E404),
            Arrange = c => Keep(c.World, "reminder", ReminderOnM1Async(c.World)), Address = _ => DemoPages + "/tasks/M1",
            Body = c => Task.FromResult<object>(new Dictionary<string, string> { ["id"] = Kept(c.World, "reminder").ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            State = c => CountAsync(c.World, db => db.ReminderReads),
        },
    ];
}
