using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Html;

namespace Pacesetter.Web.Localization;

/// <summary>
/// 北京时间 China time (UTC+8; China has one time zone, without summer time): every time shown to a person, on every
/// page, goes through here, written <c>2026-12-01 23:05 北京时间</c> (<c>2026-12-01 23:05 Beijing time</c> in English).
/// The database and the API keep instants in UTC; date-time inputs are read and filled in China time.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    private const string Minutes = "yyyy-MM-dd HH:mm";
    private const string InputFormat = "yyyy-MM-ddTHH:mm";

    // The label is a resource of SharedText (key Time.Zone), read for the request's culture.
    private static readonly ResourceManager Resources = new("Pacesetter.Web.Resources.SharedText", typeof(SharedText).Assembly);

    /// <summary>The same instant on China's clock.</summary>
    public static DateTimeOffset Of(DateTimeOffset at) => at.ToOffset(Offset);

    /// <summary>"北京时间" or "Beijing time", in the request's language.</summary>
    public static string Label => RequestLanguage.CurrentIsEnglish ? EnglishLabel.Value : ChineseLabel.Value;

    // Read once per language: the resource manager and the culture table both take a lock on every use, and a page
    // shows this label with every time it prints.
    private static readonly Lazy<string> ChineseLabel = new(() => Resources.GetString("Time.Zone", CultureInfo.GetCultureInfo(RequestLanguage.Chinese)) ?? "北京时间");
    private static readonly Lazy<string> EnglishLabel = new(() => Resources.GetString("Time.Zone", CultureInfo.GetCultureInfo(RequestLanguage.English)) ?? "北京时间");

    /// <summary><c>2026-12-01 23:05 北京时间</c>: a time to the minute, labelled.</summary>
    public static string Show(DateTimeOffset at) => Of(at).ToString(Minutes, CultureInfo.InvariantCulture) + " " + Label;

    /// <summary>
    /// A deadline: as <see cref="Show(DateTimeOffset)"/>, but one at midnight Beijing (the end of a day, e.g. a matter's
    /// 反馈 due at the end of its due date) shows as <c>2026-11-15 24:00 北京时间</c>, the day it belongs to, not as the
    /// next day's 00:00.
    /// </summary>
    public static string ShowDeadline(DateTimeOffset at) => App.Time.WorkingDays.ShowDeadline(at) + " " + Label;

    /// <summary>As <see cref="Show(DateTimeOffset)"/>; <c>—</c> for no time.</summary>
    public static string Show(DateTimeOffset? at) => at is { } t ? Show(t) : "—";

    /// <summary><c>2026-12-01 23:05:09 北京时间</c>: to the second (the audit log, a conflict between two saves).</summary>
    public static string ShowSeconds(DateTimeOffset at) => Of(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + Label;

    /// <summary>The date in China (<c>2026-12-01</c>): a day has no hour, so no label; 23:30 UTC is already the next day.</summary>
    public static string Date(DateTimeOffset at) => Of(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A date that already is a Beijing date (a report's, a month-end, a stage's), as <c>yyyy-MM-dd</c> (also a date input's value).</summary>
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary><see cref="Day(DateOnly)"/>, or "—" for none.</summary>
    public static string Day(DateOnly? day) => day is { } d ? Day(d) : "—";

    /// <summary>A <c>&lt;time&gt;</c> element: the UTC instant for machines, <see cref="Show(DateTimeOffset)"/> for people.</summary>
    public static IHtmlContent Element(DateTimeOffset at, bool seconds = false)
    {
        var builder = new HtmlContentBuilder();
        builder.AppendHtml("<time datetime=\"");
        builder.Append(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss'Z'", CultureInfo.InvariantCulture));
        builder.AppendHtml("\">");
        builder.Append(seconds ? ShowSeconds(at) : Show(at));
        builder.AppendHtml("</time>");
        return builder;
    }

    /// <summary>The value of an <c>&lt;input type="datetime-local"&gt;</c> showing this instant in China time.</summary>
    public static string Input(DateTimeOffset at) => Of(at).ToString(InputFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a <c>datetime-local</c> value (<c>2026-12-10T18:00</c>, seconds allowed) as China time; null when it is not one.</summary>
    public static DateTimeOffset? ParseInput(string? text)
    {
        if (!DateTime.TryParseExact(text?.Trim(), [InputFormat, "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return null;
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Offset);
    }
}
