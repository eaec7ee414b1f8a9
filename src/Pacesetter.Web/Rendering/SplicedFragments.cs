using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Caching.Memory;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Rendering;

/// <summary>
/// A large part of a page that is the same for many readers (a 500-unit leaderboard's tables), rendered once and kept
/// as UTF-8 bytes (ADR 0026). The page writes a marker where the part goes (<see cref="FragmentAsync"/>); the page
/// model's <see cref="SplicedAttribute"/> buffers the small rest of the page and writes the stored bytes in the
/// marker's place, with a Content-Length. So a crowd's requests cost the page's own small shell (its layout, the
/// reader's name and tokens) and a copy of the bytes — not the rendering, the text encoding and the chunking of the
/// whole page each time. The key says what the part depends on; the language is added here.
/// </summary>
public sealed class SplicedFragments(IMemoryCache cache)
{
    /// <summary>How long a part stays in memory unread.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromMinutes(10);

    internal const string ItemsKey = "pacesetter.spliced";
    internal static readonly byte[] MarkerStart = "<!--spliced:"u8.ToArray();
    internal static readonly byte[] MarkerEnd = "-->"u8.ToArray();

    /// <summary>
    /// The part named <paramref name="key"/> in the current language (<paramref name="render"/> makes it when it is not
    /// kept), as the marker to put in the page. Text a user typed is HTML-encoded by the pages, so it never contains
    /// <c>&lt;!--</c>: a marker can come only from here.
    /// </summary>
    public async Task<IHtmlContent> FragmentAsync(HttpContext http, string key, Func<Task<IHtmlContent>> render)
    {
        var name = ("spliced", key, RequestLanguage.CurrentCulture);
        if (!cache.TryGetValue(name, out byte[]? bytes) || bytes is null)
        {
            var content = await render();
            await using var text = new StringWriter(CultureInfo.InvariantCulture);
            content.WriteTo(text, HtmlEncoder.Default);
            bytes = Encoding.UTF8.GetBytes(Compact(text.ToString()));
            cache.Set(name, bytes, new MemoryCacheEntryOptions { Size = Math.Max(1, bytes.Length / 1024), SlidingExpiration = Kept });
        }
        if (http.Items[ItemsKey] is not List<byte[]> parts) http.Items[ItemsKey] = parts = [];
        parts.Add(bytes);
        return new HtmlString($"<!--spliced:{(parts.Count - 1).ToString(CultureInfo.InvariantCulture)}-->");
    }

    /// <summary>
    /// The part with each run of white space that holds a line break made one line break: the templates' indentation,
    /// half of a leaderboard's bytes. A browser shows the same (white space collapses in normal text); a part with
    /// <c>pre</c>, <c>textarea</c> or <c>script</c>, where it would not, is kept as it is.
    /// </summary>
    public static string Compact(string html)
    {
        if (html.Contains("<pre", StringComparison.OrdinalIgnoreCase) || html.Contains("<textarea", StringComparison.OrdinalIgnoreCase)
            || html.Contains("<script", StringComparison.OrdinalIgnoreCase))
        {
            return html;
        }
        var compact = new StringBuilder(html.Length);
        int i = 0;
        while (i < html.Length)
        {
            if (!char.IsWhiteSpace(html[i]))
            {
                compact.Append(html[i++]);
                continue;
            }
            int start = i;
            bool lineBreak = false;
            while (i < html.Length && char.IsWhiteSpace(html[i])) lineBreak |= html[i++] == '\n';
            if (lineBreak) compact.Append('\n');
            else compact.Append(html, start, i - start);
        }
        return compact.ToString();
    }
}

/// <summary>
/// On a page model whose page uses <see cref="SplicedFragments"/>: the page is written to a buffer, then sent with
/// each marker replaced by its part (see there). Anything but the page itself (a redirect, a 404) passes untouched.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SplicedAttribute : Attribute, IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is not PageResult)
        {
            await next();
            return;
        }
        var http = context.HttpContext;
        var body = http.Response.Body;
        // The shell is a few KB (the layout, the header, the markers): one buffer, not a dozen doublings.
        using var page = new MemoryStream(32 * 1024);
        http.Response.Body = page;
        try
        {
            await next();
        }
        finally
        {
            http.Response.Body = body;
        }
        var shell = page.GetBuffer().AsMemory(0, (int)page.Length);
        var parts = http.Items[SplicedFragments.ItemsKey] as List<byte[]> ?? [];
        // The page's pieces in order: shell, part, shell, part … (each marker names its part by number).
        var pieces = new List<ReadOnlyMemory<byte>>();
        int at = 0;
        while (parts.Count > 0 && at < shell.Length)
        {
            int start = shell.Span[at..].IndexOf(SplicedFragments.MarkerStart);
            if (start < 0) break;
            start += at;
            int numberAt = start + SplicedFragments.MarkerStart.Length;
            int end = shell.Span[numberAt..].IndexOf(SplicedFragments.MarkerEnd);
            if (end < 0) break;
            end += numberAt;
            if (!int.TryParse(Encoding.ASCII.GetString(shell.Span[numberAt..end]), NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n >= parts.Count)
            {
                throw new InvalidOperationException("a spliced marker names no part of this page");
            }
            pieces.Add(shell[at..start]);
            pieces.Add(parts[n]);
            at = end + SplicedFragments.MarkerEnd.Length;
        }
        pieces.Add(shell[at..]);
        http.Response.ContentLength = pieces.Sum(p => (long)p.Length);
        foreach (var piece in pieces) await body.WriteAsync(piece, http.RequestAborted);
    }
}
