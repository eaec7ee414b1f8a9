using System.Text;
using Microsoft.EntityFrameworkCore;
using Pacesetter.Web.Tests.Authorization;
using static Pacesetter.Web.Tests.Authorization.Expect;

namespace Pacesetter.Web.Tests.DataImport;

/// <summary>The authorization matrix's rows of figures from spreadsheets (issue #11 §3): who enters data gets a template and imports; leaders enter nothing.</summary>
public static class DataImportMatrix
{
    private const string Api = "/api/orgs/{org}/periods/{period}";

    private static async Task<string> ImportsAsync(Ctx c)
    {
        await using var db = c.World.App.NewDb();
        return (await db.DataImportFiles.CountAsync(f => f.OrganizationId == c.World.OrganizationId)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static IReadOnlyList<Operation> Rows { get; } =
    [
        new() { Route = Api + "/template.xlsx", Method = "GET", Expected = AuthorizationTable.All(E401, Ok, Ok, E403, Ok, E404) },
        new() { Route = "/orgs/{org}/periods/{period}/template.xlsx", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, Ok, E403, Ok, E404) },
        new()
        {
            Route = Api + "/data/import", Method = "POST", Expected = AuthorizationTable.All(E401, Ok, Ok, E403, Ok, E404),
            Multipart = c =>
            {
                // The caller's own datum (Target), a value different each time so that every allowed import stores its file.
                var (unit, indicator) = Target(c);
                var csv = Encoding.UTF8.GetBytes($"unit,indicator,value,target\n{unit},{indicator},{c.World.Next()}.5,1\n");
                return Task.FromResult(new MultipartFormDataContent { { new ByteArrayContent(csv), "file", "matrix.csv" } });
            },
            State = ImportsAsync,
        },
        new() { Route = "/orgs/{org}/periods/{period}/import", Method = "GET", Expected = AuthorizationTable.All(Login, Ok, Ok, E403, Ok, E404) },
        new()
        {
            Route = "/orgs/{org}/periods/{period}/import", Method = "POST", Handler = "Preview", Expected = AuthorizationTable.All(Login, Ok, Ok, E403, Ok, E404),
            Multipart = c => Task.FromResult(Form(c, out _)),
        },
        new()
        {
            Route = "/orgs/{org}/periods/{period}/import", Method = "POST", Handler = "Import", Expected = AuthorizationTable.All(Login, Found, Found, E403, Found, E404),
            Multipart = c =>
            {
                var form = Form(c, out var csv);
                form.Add(new StringContent(Pacesetter.App.DataEntry.EvidenceFiles.Sha256(csv)), "sha");
                return Task.FromResult(form);
            },
            State = ImportsAsync,
        },
    ];

    /// <summary>
    /// A datum the caller enters and nobody has put under review in the matrix's world: the reporter's land (its revenue
    /// is submitted by the data rows), the assessor's T3 revenue (T2's likewise), the admin's own target.
    /// </summary>
    private static (string Unit, string Indicator) Target(Ctx c) => c.Caller switch
    {
        Caller.ReporterOwnUnit => ("T1", "land"),
        Caller.AssessorOwnIndicator => ("T3", "revenue"),
        _ => (c.Unit, c.Indicator),
    };

    /// <summary>The page's form: the antiforgery token and the caller's own datum as a one-line table.</summary>
    private static MultipartFormDataContent Form(Ctx c, out byte[] csv)
    {
        var (unit, indicator) = Target(c);
        csv = Encoding.UTF8.GetBytes($"unit,indicator,value,target\n{unit},{indicator},{c.World.Next()}.5,1\n");
        return new MultipartFormDataContent { { new StringContent(c.Antiforgery), "__RequestVerificationToken" }, { new ByteArrayContent(csv), "file", "matrix.csv" } };
    }
}
