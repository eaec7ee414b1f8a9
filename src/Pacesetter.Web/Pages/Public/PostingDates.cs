using System.Globalization;
using Pacesetter.Web.Localization;

namespace Pacesetter.Web.Pages.Public;

/// <summary>
/// Days as an official notice writes them: <c>2026年12月1日</c> (in English <c>1 December 2026</c>), the day in China
/// (<see cref="ChinaTime"/>: 23:30 UTC is already the next day there).
/// </summary>
public static class PostingDates
{
    public static string Day(DateTimeOffset at, bool english = false)
    {
        var day = ChinaTime.Of(at);
        return english
            ? day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)
            : $"{day.Year}年{day.Month}月{day.Day}日";
    }

    /// <summary>The day and minute in China, labelled: <c>2026年12月8日 18:00（北京时间）</c>.</summary>
    public static string DayAndTime(DateTimeOffset at, bool english = false)
    {
        var time = ChinaTime.Of(at).ToString("HH:mm", CultureInfo.InvariantCulture);
        return english ? $"{Day(at, true)} {time} ({ChinaTime.Label})" : $"{Day(at)} {time}（{ChinaTime.Label}）";
    }

    /// <summary>
    /// The last day of a period that ends at <paramref name="end"/>: a notice period ends at midnight in Beijing after its
    /// last working day (NoticePeriod), so 2026-12-09 00:00 is written 2026年12月8日; an end at another hour keeps it.
    /// </summary>
    public static string Until(DateTimeOffset end, bool english = false) =>
        ChinaTime.Of(end).TimeOfDay == TimeSpan.Zero ? Day(end.AddTicks(-1), english) : DayAndTime(end, english);
}
