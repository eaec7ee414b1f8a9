using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pacesetter.App.DataEntry;

namespace Pacesetter.Web.Tests.DataEntry;

/// <summary>
/// Issue 7, finding 3: evidence uploads racing on a datum that has no row yet (and an upload racing the datum's first
/// save) all succeed and every file is kept — the first row is created once, under the organization's lock.
/// </summary>
public class EvidenceRaceTests
{
    private static byte[] Pdf(int i) => Encoding.ASCII.GetBytes($"%PDF-1.7\n% evidence {i}\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");

    /// <summary>A signed-in browser with its upload form ready (antiforgery token read), so that only the POST remains.</summary>
    private static async Task<(HttpClient Browser, string Token)> Ready(EntryWorld world, string user)
    {
        var browser = await world.Browser(user);
        var page = await browser.GetStringAsync(EntryWorld.EntryUrl);
        return (browser, TestApp.AntiforgeryToken(page));
    }

    private static Task<HttpResponseMessage> Upload(HttpClient browser, string token, string name, byte[] content)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("T1"), "unit" },
            { new StringContent("revenue"), "indicator" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", name);
        return browser.PostAsync(EntryWorld.EntryUrl + "?handler=Upload", form);
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task Six_uploads_racing_on_a_datum_without_a_row_all_succeed_and_keep_their_six_files(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        var clients = new List<(HttpClient Browser, string Token)>();
        for (int i = 0; i < 6; i++) clients.Add(await Ready(world, "rep-t1"));

        var start = new TaskCompletionSource();
        var uploads = clients.Select((c, i) => Task.Run(async () =>
        {
            await start.Task;
            return await Upload(c.Browser, c.Token, $"证明{i}.pdf", Pdf(i));
        })).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(uploads);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var db = world.Db();
        var row = await db.DatumEntries.SingleAsync();
        Assert.Equal(("T1", "revenue", DatumState.Draft, 1, (string?)null), (row.UnitCode, row.IndicatorId, row.State, row.Version, row.Value));
        var stored = await db.Evidence.OrderBy(e => e.FileName).Select(e => new { e.FileName, e.Sha256, e.DatumEntryId }).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"证明{i}.pdf"), stored.Select(e => e.FileName));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => Convert.ToHexStringLower(SHA256.HashData(Pdf(i)))), stored.Select(e => e.Sha256));
        Assert.All(stored, e => Assert.Equal(row.Id, e.DatumEntryId));
        Assert.Equal(6, await db.AuditEntries.CountAsync(a => a.Kind == "evidence.add"));
        Assert.Null(await App.Audit.AuditLog.Verify(db));
    }

    [Theory]
    [MemberData(nameof(Databases.ProviderData), MemberType = typeof(Databases))]
    public async Task An_upload_racing_the_first_save_keeps_its_file_and_the_save_keeps_its_value(string provider)
    {
        using var world = await EntryWorld.CreateAsync(provider);
        // One round per indicator of T1 the reporter enters: each starts with no row.
        var values = new Dictionary<string, string> { ["revenue"] = """{"value":12.5,"target":10}""", ["industry"] = """{"value":148,"previous":120}""" };
        var api = await world.Api("rep-t1");
        foreach (var indicator in values.Keys)
        {
            var (browser, token) = await Ready(world, "rep-t1");
            var start = new TaskCompletionSource();
            var upload = Task.Run(async () =>
            {
                await start.Task;
                var form = new MultipartFormDataContent
                {
                    { new StringContent(token), "__RequestVerificationToken" },
                    { new StringContent("T1"), "unit" },
                    { new StringContent(indicator), "indicator" },
                };
                var file = new ByteArrayContent(Pdf(7));
                file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
                form.Add(file, "file", "依据.pdf");
                return await browser.PostAsync(EntryWorld.EntryUrl + "?handler=Upload", form);
            });
            var save = Task.Run(async () =>
            {
                await start.Task;
                return await api.PutAsync($"{EntryWorld.DataUrl}/T1/{indicator}", JsonContent.Create(new { value = JsonNode.Parse(values[indicator]), version = 0, submit = false }));
            });
            start.SetResult();

            Assert.Equal(HttpStatusCode.OK, (await upload).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await save).StatusCode);
        }

        await using var db = world.Db();
        foreach (var (indicator, value) in values)
        {
            var row = await db.DatumEntries.SingleAsync(d => d.IndicatorId == indicator);
            Assert.Equal(value, row.Value);
            var evidence = await db.Evidence.SingleAsync(e => e.DatumEntryId == row.Id);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf(7))), evidence.Sha256);
        }
        Assert.Null(await App.Audit.AuditLog.Verify(db));
    }
}
