using System.Globalization;
using System.Net;
using System.Text;
using Pacesetter.App.Supervision.Bulletins;

namespace Pacesetter.Web.Pages.Supervision.Bulletins;

/// <summary>
/// The timeline as a plain SVG drawn on the server (no script): a row per matter under its group's heading, a bar
/// from its start to its due date coloured by its standing card (red, yellow), done, pending or in progress, diamonds
/// at its milestones (filled once done), a hatch over an overdue bar (and from its due date to today when it is past
/// due), month ticks and today's line. Every bar carries <c>data-task</c>, <c>data-card</c> and <c>data-status</c>;
/// the today line <c>data-today</c> and its x. Geometry: a label column of 160, a chart of 800, rows of 24 (the
/// viewBox scales it to the page's width).
/// </summary>
public static class TimelineSvg
{
    public const double Label = 160, Chart = 800, Row = 24, Head = 28;

    public static readonly IReadOnlyDictionary<string, string> Colours = new Dictionary<string, string>
    {
        ["red"] = "#dc3545",
        ["yellow"] = "#ffc107",
        ["done"] = "#6c757d",
        ["pending"] = "#cfe2ff",
        ["green"] = "#198754",
    };

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <summary>The x of the start of <paramref name="day"/> on the chart of <paramref name="t"/> (the range's days, both ends included).</summary>
    public static double X(Timeline t, DateOnly day)
    {
        var span = t.To.DayNumber - t.From.DayNumber + 1;
        var d = Math.Clamp(day.DayNumber - t.From.DayNumber, 0, span);
        return Label + Chart * d / span;
    }

    /// <summary>
    /// <paramref name="text"/> cut to about <paramref name="width"/> px at the chart's 11 px font, with "…" when cut: a
    /// Chinese character takes the font's full size, a Latin letter or digit about 0.6 of it, so that a row's label never
    /// runs into the bars whatever mix of code and name it holds.
    /// </summary>
    public static string Fit(string text, double width)
    {
        static double W(char c) => c < 0x2E80 ? 6.6 : 11;
        double used = 0;
        for (int i = 0; i < text.Length; i++)
        {
            used += W(text[i]);
            if (used > width) return text[..Math.Max(0, i - 1)].TrimEnd() + "…";
        }
        return text;
    }

    public static string Render(Timeline t, bool english, Func<string, string> statusLabel)
    {
        var rows = t.Groups.Sum(g => g.Bars.Count + 1);
        var height = Head + rows * Row + 8;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"timeline-svg\" role=\"img\" viewBox=\"0 0 {F(Label + Chart + 8)} {F(height)}\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" font-size=\"11\" font-family=\"sans-serif\">");
        sb.Append("<defs><pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"6\" height=\"6\" patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#000\" stroke-opacity=\"0.45\" stroke-width=\"2\"/></pattern></defs>");
        // Month ticks.
        var narrow = Chart * 31 / (t.To.DayNumber - t.From.DayNumber + 1) < 64;
        for (var m = new DateOnly(t.From.Year, t.From.Month, 1); m <= t.To; m = m.AddMonths(1))
        {
            if (m < t.From) continue;
            var x = X(t, m);
            var label = english ? m.ToString("MMM", CultureInfo.GetCultureInfo("en")) : $"{m.Month}月";
            // A year's first month names the year; where months are narrow (a range over a year) by the year alone, so
            // that the label does not run into the next month's.
            if (m.Month == 1 || m == t.From)
            {
                label = narrow
                    ? (english ? m.Year.ToString(CultureInfo.InvariantCulture) : $"{m.Year}年")
                    : (english ? m.ToString("MMM yyyy", CultureInfo.GetCultureInfo("en")) : $"{m.Year}年{m.Month}月");
            }
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{F(x)}\" y1=\"{F(Head - 6)}\" x2=\"{F(x)}\" y2=\"{F(height)}\" stroke=\"#dee2e6\"/><text x=\"{F(x + 2)}\" y=\"{F(Head - 10)}\" fill=\"#6c757d\">{E(label)}</text>");
        }
        var y = Head;
        foreach (var g in t.Groups)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<g class=\"group\" data-group=\"{E(g.Key)}\"><text x=\"4\" y=\"{F(y + Row - 8)}\" font-weight=\"bold\">{E(english ? g.NameEn : g.Name)}</text></g>");
            y += Row;
            foreach (var b in g.Bars)
            {
                var x1 = X(t, b.Start);
                var x2 = X(t, b.Due.AddDays(1));
                var colour = Colours.GetValueOrDefault(b.Status, "#198754");
                var title = $"{b.Task} {b.Name}：{b.Start:yyyy-MM-dd} → {b.Due:yyyy-MM-dd}，{statusLabel(b.Status)}" + (b.Percent is { } p ? $"，{p.ToString(CultureInfo.InvariantCulture)}%" : "") + (b.Overdue ? "，" + statusLabel("overdue") : "");
                sb.Append(CultureInfo.InvariantCulture, $"<g class=\"bar\" data-task=\"{E(b.Task)}\" data-card=\"{E(b.Card ?? "")}\" data-status=\"{b.Status}\" data-overdue=\"{(b.Overdue ? "true" : "false")}\"><title>{E(title)}</title>");
                sb.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{F(y + Row - 8)}\">{E(Fit($"{b.Task} {b.Name}", Label - 12 - 6))}</text>");
                sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"span\" x=\"{F(x1)}\" y=\"{F(y + 5)}\" width=\"{F(Math.Max(1, x2 - x1))}\" height=\"{F(Row - 10)}\" rx=\"2\" fill=\"{colour}\"/>");
                if (b.Overdue)
                {
                    var end = Math.Max(x2, X(t, t.Today.AddDays(1)));
                    sb.Append(CultureInfo.InvariantCulture, $"<rect class=\"overdue\" x=\"{F(x1)}\" y=\"{F(y + 5)}\" width=\"{F(Math.Max(1, end - x1))}\" height=\"{F(Row - 10)}\" fill=\"url(#hatch)\" stroke=\"#dc3545\"/>");
                }
                foreach (var ms in b.Milestones)
                {
                    if (ms.Due < t.From || ms.Due > t.To) continue;
                    var mx = X(t, ms.Due);
                    var my = y + Row / 2;
                    sb.Append(CultureInfo.InvariantCulture, $"<path class=\"milestone\" data-milestone=\"{E(ms.Name)}\" d=\"M{F(mx)} {F(my - 6)} L{F(mx + 6)} {F(my)} L{F(mx)} {F(my + 6)} L{F(mx - 6)} {F(my)} Z\" fill=\"{(ms.DoneOn is null ? "#fff" : "#212529")}\" stroke=\"#212529\"><title>{E(ms.Name + " " + ms.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}</title></path>");
                }
                sb.Append("</g>");
                y += Row;
            }
        }
        if (t.Today >= t.From && t.Today <= t.To)
        {
            var tx = X(t, t.Today);
            sb.Append(CultureInfo.InvariantCulture, $"<line id=\"today\" data-today=\"{t.Today:yyyy-MM-dd}\" x1=\"{F(tx)}\" y1=\"{F(Head - 6)}\" x2=\"{F(tx)}\" y2=\"{F(height)}\" stroke=\"#dc3545\" stroke-dasharray=\"4 3\"/>");
        }
        sb.Append("</svg>");
        return sb.ToString();
    }
}
