using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Pacesetter.Web.Demo;

namespace Pacesetter.Web.Tests.Browser;

/// <summary>What a page shows wrongly, as measured in Chromium (issue #8): text broken one character per line,
/// a document wider than the window, raw JSON, demo codes standing alone where a name exists.</summary>
public sealed record PageFindings(string[] Wraps, int Overflow, string[] Json, string[] Codes)
{
    public bool Clean(bool phone) => Wraps.Length == 0 && (!phone || Overflow <= 0) && Json.Length == 0 && Codes.Length == 0;

    public override string ToString() =>
        $"wraps one character per line: [{string.Join(" | ", Wraps)}]; wider than the window by {Overflow} px; raw JSON: [{string.Join(" | ", Json)}]; codes alone: [{string.Join(", ", Codes)}]";
}

/// <summary>The checks every main page passes, in the browser, on what is rendered.</summary>
public static class PageChecks
{
    /// <summary>The demo's unit, category and indicator codes (T1, towns, revenue…): a Chinese page shows names, a code only small beside one.</summary>
    public static readonly string[] DemoCodes = DemoData.Categories.SelectMany(c => c.Units.Select(u => u.Code).Append(c.Code))
        .Concat((DemoData.Scheme(DemoData.DraftPeriod, new JsonObject())["categories"] as JsonArray ?? [])
            .SelectMany(c => (c!["indicators"] as JsonArray ?? []).Select(i => (string)i!["id"]!)))
        .Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Runs in the page. A text of 4 or more characters is "one character per line" when it takes 3 or more lines and
    /// most of them are narrower than 2.5 of its font size. Overflow is how much wider the document is than the window
    /// (a table scrolling inside its .table-responsive does not widen it). Raw JSON is <c>{"</c> in the visible text
    /// (a collapsed &lt;details&gt; is not visible). A code "alone" is a visible text that is exactly a demo code, outside
    /// &lt;code&gt;, &lt;small&gt;, .small and .text-body-secondary (the ways a code is shown small beside its name).
    /// </summary>
    private const string Script = """
        codes => {
            const codeSet = new Set(codes);
            const wraps = [], found = new Set();
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const text = node.textContent.replace(/\s+/g, ' ').trim();
                const el = node.parentElement;
                if (!text || !el || el.closest('script, style, template, noscript, details:not([open]) > :not(summary)')) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
                if (rects.length === 0) continue;
                const style = getComputedStyle(el);
                if (style.visibility === 'hidden') continue;
                if ([...text.replace(/\s/g, '')].length >= 4) {
                    const lines = new Set(rects.map(r => Math.round(r.top)));
                    const size = parseFloat(style.fontSize);
                    const narrow = rects.filter(r => r.width < 2.5 * size).length;
                    if (lines.size >= 3 && narrow * 2 > rects.length) wraps.push(text.slice(0, 30));
                }
                if (codeSet.has(text) && !el.closest('code, small, .small, .text-body-secondary')) found.add(text);
            }
            const visible = document.body.innerText;
            const json = [];
            let at = visible.indexOf('{"');
            while (at >= 0 && json.length < 5) { json.push(visible.slice(Math.max(0, at - 10), at + 30).replace(/\s+/g, ' ')); at = visible.indexOf('{"', at + 2); }
            return { wraps, overflow: document.scrollingElement.scrollWidth - window.innerWidth, json, codes: [...found] };
        }
        """;

    public static async Task<PageFindings> CheckAsync(IPage page)
    {
        var r = await page.EvaluateAsync<System.Text.Json.JsonElement>(Script, DemoCodes);
        string[] List(string name) => r.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToArray();
        return new PageFindings(List("wraps"), r.GetProperty("overflow").GetInt32(), List("json"), List("codes"));
    }
}
