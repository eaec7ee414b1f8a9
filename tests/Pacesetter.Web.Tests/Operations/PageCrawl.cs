using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Pacesetter.Web.Tests.Operations;

/// <summary>
/// Follows every link a signed-in person can click, from the home page, on two hosts at once, and compares what each
/// answers: the same status, the same address to go on to, the same page (issue #13: "every page and API answer the
/// same" after <c>org import</c>).
/// </summary>
internal static partial class PageCrawl
{
    /// <summary>One difference: the address and what each host answered around the first differing character.</summary>
    public sealed record Difference(string Url, string Expected, string Actual)
    {
        public override string ToString() => $"{Url}\n  source: {Expected}\n  target: {Actual}";
    }

    /// <summary>What a crawl visited and found different, and how many addresses it found but did not reach within its limit.</summary>
    public sealed record Outcome(IReadOnlyList<string> Visited, IReadOnlyList<Difference> Differences, int Left);

    /// <summary>
    /// Visits up to <paramref name="limit"/> addresses breadth-first from <paramref name="start"/>, GET only, on both
    /// clients; an address is followed when the source's page links it. <paramref name="skip"/> names addresses not to
    /// visit (with why, in the caller).
    /// </summary>
    public static async Task<Outcome> CompareAsync(HttpClient source, HttpClient target, IEnumerable<string> start, Func<string, bool> skip, Func<string, string> normalize, int limit = 1000)
    {
        var queue = new Queue<string>(start);
        var seen = new HashSet<string>(queue, StringComparer.Ordinal);
        var variants = new Dictionary<string, int>(StringComparer.Ordinal);
        var visited = new List<string>();
        var differences = new List<Difference>();
        while (queue.Count > 0 && visited.Count < limit)
        {
            var url = queue.Dequeue();
            visited.Add(url);
            var (a, b) = (await source.GetAsync(url), await target.GetAsync(url));
            var (x, y) = (await Read(a), await Read(b));
            if (a.StatusCode != b.StatusCode || a.Headers.Location != b.Headers.Location)
            {
                differences.Add(new Difference(url, $"{(int)a.StatusCode} {a.Headers.Location}", $"{(int)b.StatusCode} {b.Headers.Location}"));
                continue;
            }
            (x, y) = (normalize(x), normalize(y));
            if (x != y)
            {
                var at = Enumerable.Range(0, Math.Min(x.Length, y.Length)).FirstOrDefault(i => x[i] != y[i], Math.Min(x.Length, y.Length));
                differences.Add(new Difference(url, Around(x, at), Around(y, at)));
            }
            var next = new List<string>();
            if (a.Headers.Location is { } location && location.OriginalString.StartsWith('/')) next.Add(location.OriginalString);
            if (a.Content.Headers.ContentType?.MediaType == "text/html") next.AddRange(Links().Matches(x).Select(m => WebUtility.HtmlDecode(m.Groups[2].Value)));
            foreach (var link in next)
            {
                var address = link.Split('#')[0];
                if (address.Length == 0 || !address.StartsWith('/') || address.StartsWith("//", StringComparison.Ordinal) || skip(address)) continue;
                // Every kind of page, a few of each: the first three addresses of each shape (periods, unit codes and ids
                // as placeholders, the query's names without values), not all 28 units' pages of all 16 periods.
                var shape = Shape(address);
                if (variants.GetValueOrDefault(shape) >= 3 || !seen.Add(address)) continue;
                variants[shape] = variants.GetValueOrDefault(shape) + 1;
                queue.Enqueue(address);
            }
        }
        return new Outcome(visited, differences, queue.Count);
    }

    /// <summary>An address with its periods, unit codes, ids and query values as placeholders: <c>/races/{P}/units/{U}?tab=</c>.</summary>
    internal static string Shape(string address)
    {
        var parts = address.Split('?', 2);
        var path = Ids().Replace(UnitCodes().Replace(PeriodNames().Replace(parts[0], "{P}"), "/{U}"), "/{n}");
        return parts.Length == 1 ? path : path + "?" + string.Join('&', parts[1].Split('&').Select(p => p.Split('=')[0] + "="));
    }

    [GeneratedRegex(@"\d{4}-(Q[1-4]|\d{2})(?!\d)")]
    private static partial Regex PeriodNames();

    [GeneratedRegex(@"/[A-Z]{1,3}\d{1,3}(?=/|\.|$)")]
    private static partial Regex UnitCodes();

    [GeneratedRegex(@"/\d+(?=/|\.|$)")]
    private static partial Regex Ids();

    private static async Task<string> Read(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var type = response.Content.Headers.ContentType?.MediaType ?? "";
        if (type.Contains("openxmlformats", StringComparison.Ordinal) || type == "application/zip") return Parts(bytes);
        return type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal) || type.Contains("xml", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(bytes)
            : $"{type}: {bytes.Length} bytes, SHA-256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))}";
    }

    /// <summary>
    /// A zip (a spreadsheet, a document, a zip of documents) as its parts, each as text, a part that is itself a zip
    /// opened in turn: a zip's entry times and the SDK's fresh relationship ids ("R534de4d99fc447b6") are not what a person reads.
    /// </summary>
    private static string Parts(byte[] bytes)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        return string.Concat(zip.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal).Select(e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var part = copy.ToArray();
            var text = part is [0x50, 0x4B, 3, 4, ..] ? Parts(part) : RelationshipIds().Replace(Encoding.UTF8.GetString(part), "R…");
            return $"[{e.FullName}]\n{text}\n";
        }));
    }

    private static string Around(string s, int at) => s[Math.Max(0, at - 100)..Math.Min(s.Length, at + 100)].ReplaceLineEndings(" ");

    [GeneratedRegex(@"\bR[0-9a-f]{16}\b")]
    private static partial Regex RelationshipIds();

    /// <summary>An address a page links or asks htmx for.</summary>
    [GeneratedRegex("(href|hx-get)=\"([^\"]*)\"")]
    private static partial Regex Links();
}
