using Microsoft.EntityFrameworkCore;
using Pacesetter.App.Exemptions;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.Exemptions;

/// <summary>The authorization matrix's rows of 容错免责 (issue #11 §2): a unit's reporter or the office applies; the office decides; admins and leaders read the register, a reporter its unit's.</summary>
public static class ExemptionsMatrix
{
    private const string Api = "/api/orgs/{org}/exemptions";

    /// <summary>A pending application of T1's cards in the data period, made directly (the decision's target), and its id.</summary>
    private static async Task<int> PendingAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        var pending = await db.Exemptions.Where(e => e.OrganizationId == c.World.OrganizationId && e.State == ExemptionState.Pending).Select(e => (int?)e.Id).FirstOrDefaultAsync();
        if (pending is { } id) return id;
        var e = new Exemption
        {
            OrganizationId = c.World.OrganizationId,
            Period = AuthzWorld.DataPeriod,
            Unit = "T1",
            Ref = "cards",
            Reason = "矩阵",
            AppliedBy = "admin",
            AppliedAt = DateTimeOffset.UtcNow,
            State = ExemptionState.Pending,
            Version = 1,
        };
        db.Exemptions.Add(e);
        await db.SaveChangesAsync();
        return e.Id;
    }

    private static int pendingId;
    private static long evidenceId;

    /// <summary>A pending application of T1 with one evidence file, made directly; the file's id.</summary>
    private static async Task<long> EvidenceAsync(Ctx c)
    {
        pendingId = await PendingAsync(c);
        await using var db = c.World.App.NewDb();
        var file = await db.ExemptionEvidence.Where(e => e.ExemptionId == pendingId).Select(e => (long?)e.Id).FirstOrDefaultAsync();
        if (file is { } id) return id;
        var content = DataEntry.EvidenceSamples.Pdf();
        var evidence = new ExemptionEvidence
        {
            OrganizationId = c.World.OrganizationId,
            ExemptionId = pendingId,
            FileName = "证明.pdf",
            ContentType = "application/pdf",
            Size = content.Length,
            Sha256 = Pacesetter.App.DataEntry.EvidenceFiles.Sha256(content),
            Content = content,
            UploadedBy = "admin",
            UploadedAt = DateTimeOffset.UtcNow,
        };
        db.ExemptionEvidence.Add(evidence);
        await db.SaveChangesAsync();
        return evidence.Id;
    }

    private static async Task<string> EvidenceCountAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.ExemptionEvidence.CountAsync(e => e.OrganizationId == c.World.OrganizationId)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static MultipartFormDataContent Pdf(string? antiforgery, string field)
    {
        var content = new MultipartFormDataContent();
        if (antiforgery is not null) content.Add(new StringContent(antiforgery), "__RequestVerificationToken");
        content.Add(new ByteArrayContent(DataEntry.EvidenceSamples.Pdf()), field, "矩阵.pdf");
        return content;
    }

    private static async Task<string> CountsAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        var all = await db.Exemptions.Where(e => e.OrganizationId == c.World.OrganizationId).Select(e => e.State).ToListAsync();
        return $"{all.Count} {all.Count(s => s != ExemptionState.Pending)}";
    }

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        new() { Route = Api, Method = "GET", Expected = AuthorizationTable.All(E401, Ok, E403, Ok, Ok, E404) },
        new()
        {
            Route = Api + "/{id:int}", Method = "GET", Expected = AuthorizationTable.All(E401, Ok, E403, Ok, Ok, E404),
            Arrange = async c => { pendingId = await PendingAsync(c); },
            Address = c => $"/api/orgs/{AuthzWorld.Org}/exemptions/{pendingId}",
        },
        new()
        {
            Route = Api, Method = "POST", Expected = AuthorizationTable.All(E401, Ok, E403, E403, Ok, E404),
            Body = _ => Task.FromResult<object>(new { period = AuthzWorld.DataPeriod, unit = "T1", @ref = "cards", reason = "矩阵申请" }),
            State = CountsAsync,
        },
        new()
        {
            Route = Api + "/{id:int}/decision", Method = "POST", Expected = AuthorizationTable.All(E401, E403, E403, E403, Ok, E404),
            Arrange = async c => { pendingId = await PendingAsync(c); },
            Address = c => $"/api/orgs/{AuthzWorld.Org}/exemptions/{pendingId}/decision",
            Body = _ => Task.FromResult<object>(new { decision = "refused", reason = "矩阵决定" }),
            State = CountsAsync,
        },
        new()
        {
            Route = Api + "/{id:int}/evidence", Method = "POST", Expected = AuthorizationTable.All(E401, Ok, E403, E403, Ok, E404),
            Arrange = async c => { pendingId = await PendingAsync(c); },
            Address = c => $"/api/orgs/{AuthzWorld.Org}/exemptions/{pendingId}/evidence",
            Multipart = _ => Task.FromResult(Pdf(null, "file")),
            State = EvidenceCountAsync,
        },
        new()
        {
            Route = Api + "/{id:int}/evidence/{file:long}", Method = "GET", Expected = AuthorizationTable.All(E401, Ok, E403, Ok, Ok, E404),
            Arrange = async c => { evidenceId = await EvidenceAsync(c); },
            Address = c => $"/api/orgs/{AuthzWorld.Org}/exemptions/{pendingId}/evidence/{evidenceId}",
        },
        new()
        {
            Route = "/orgs/{org}/exemptions/{id:int}/evidence/{file:long}", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, Ok, Ok, E404),
            Arrange = async c => { evidenceId = await EvidenceAsync(c); },
            Address = c => $"/orgs/{AuthzWorld.Org}/exemptions/{pendingId}/evidence/{evidenceId}",
        },
        new() { Route = "/orgs/{org}/exemptions/register.xlsx", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, Ok, Ok, E404), Query = _ => "year=2026" },
        new() { Route = "/orgs/{org}/exemptions", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, Ok, Ok, E404) },
        new()
        {
            Route = "/orgs/{org}/exemptions", Method = "POST", Handler = "Decide", Expected = AuthorizationTable.All(Login, E403, E403, E403, Found, E404),
            Arrange = async c => { pendingId = await PendingAsync(c); },
            Body = _ => AuthorizationTable.Form(("id", pendingId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("decision", "refused"), ("reason", "矩阵决定")),
            State = CountsAsync,
        },
        new() { Route = "/orgs/{org}/exemptions/apply", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, E403, E403, Ok, E404), Query = _ => $"period={AuthzWorld.DataPeriod}&unit=T1" },
        new()
        {
            Route = "/orgs/{org}/exemptions/apply", Method = "POST", Expected = AuthorizationTable.All(Login, Found, E403, E403, Found, E404),
            Multipart = c =>
            {
                var form = Pdf(c.Antiforgery, "evidence");
                foreach (var (k, v) in new[] { ("period", AuthzWorld.DataPeriod), ("unit", "T1"), ("ref", "cards"), ("reason", "矩阵页面申请") }) form.Add(new StringContent(v), k);
                return Task.FromResult(form);
            },
            State = CountsAsync,
        },
    ];
}
