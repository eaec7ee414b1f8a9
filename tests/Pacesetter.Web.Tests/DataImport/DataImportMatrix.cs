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
                // The caller's own datum (the reporter's land: its revenue is under review from the data rows), a value
                // different each time so that every allowed import stores its file.
                var (unit, indicator) = c.Caller == Caller.ReporterOwnUnit ? ("T1", "land") : (c.Unit, c.Indicator);
                var csv = Encoding.UTF8.GetBytes($"unit,indicator,value,target\n{unit},{indicator},{c.World.Next()}.5,1\n");
                return Task.FromResult(new MultipartFormDataContent { { new ByteArrayContent(csv), "file", "matrix.csv" } });
            },
            State = ImportsAsync,
        },
    ];
}
