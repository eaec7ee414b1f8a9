using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Data;
using Pacesetter.App.DataEntry;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.Scoring.Engine;
using Pacesetter.Scoring.Output;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.WebBench;

/// <summary>
/// <c>publish-phases PROVIDER CONNECTION [passes]</c> (a diagnostic, not a benchmark; bench/publish.sh keeps its
/// database with --keep): the steps of <see cref="PublicationService.PublishAsync"/> on the province, as the service
/// runs them, each timed — reading the rows into the file, reading the file, scoring, writing the results (indented as
/// stored, and compact for comparison), gzip, hashing — so that a slow publication shows where its time goes.
/// </summary>
public static class PublishPhases
{
    public static async Task<int> RunAsync(string[] args)
    {
        var database = new DatabaseOptions(Enum.Parse<DatabaseProvider>(args[0]), args[1]);
        int passes = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2;
        await using var provider = PublishBench.Services(database);
        for (int pass = 1; pass <= passes; pass++)
        {
            using var scope = provider.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
            var schemes = scope.ServiceProvider.GetRequiredService<SchemeStore>();
            int org = await db.Organizations.Where(o => o.Slug == PublishBench.Org).Select(o => o.Id).SingleAsync();
            var line = new List<string>();
            var sw = Stopwatch.StartNew();
            void Step(string name)
            {
                line.Add($"{name} {sw.ElapsedMilliseconds} ms");
                sw.Restart();
            }
            var current = (await schemes.CurrentAsync(org, PublishBench.Period))!;
            var doc = JsonNode.Parse(current.Document)!.AsObject();
            Step("document");
            // The service's own file writer: the document and the approved rows streamed into its data.
            var (input, _) = await PublicationService.WriteInputAsync(db, org, PublishBench.Period, doc);
            Step("rows into the file");
            var scheme = SchemeReader.Read(input).Require();
            Step($"read the file ({input.Length / 1_000_000.0:F1} MB)");
            int present = 0;
            foreach (var c in scheme.Categories)
            {
                foreach (var u in c.Units)
                {
                    scheme.Data.TryGetValue(u, out var data);
                    foreach (var i in c.Indicators) if (data is not null && data.ContainsKey(i.Id)) present++;
                }
            }
            Step("missing-data check");
            var result = Scorer.Score(scheme);
            Step("score");
            var indented = Write(result, JsonFormats.IndentedWriter);
            Step($"results indented ({indented.Length / 1_000_000.0:F1} MB)");
            var compact = Write(result, JsonFormats.CompactWriter);
            Step($"results compact ({compact.Length / 1_000_000.0:F1} MB)");
            var zi = PublicationStore.Zip(input);
            Step($"gzip input ({zi.Length / 1_000_000.0:F1} MB)");
            var zr = PublicationStore.Zip(indented);
            Step($"gzip indented results ({zr.Length / 1_000_000.0:F1} MB)");
            var zc = PublicationStore.Zip(compact);
            Step($"gzip compact results ({zc.Length / 1_000_000.0:F1} MB)");
            using (var output = new MemoryStream())
            {
                using (var gz = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(indented);
                Step($"gzip optimal indented ({output.Length / 1_000_000.0:F1} MB)");
            }
            _ = SHA256.HashData(input);
            _ = SHA256.HashData(indented);
            Step("sha-256 of both");
            _ = RaceReader.ParseResults(indented);
            Step("parse the results (a republication parses two)");
            Console.WriteLine($"pass {pass}: " + string.Join(", ", line) + $"; peak {Bench.PeakKb() / 1024} MB");
        }
        return 0;
    }

    private static byte[] Write(SchemeResult result, JsonWriterOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        using (var w = new Utf8JsonWriter(buffer, options)) ResultJson.Write(w, result, new PublishedExtras(1, _ => null));
        return buffer.WrittenSpan.ToArray();
    }
}
