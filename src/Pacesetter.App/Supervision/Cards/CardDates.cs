using System.Globalization;
using Pacesetter.App.Time;

namespace Pacesetter.App.Supervision.Cards;

/// <summary>Dates of supervision: "today" and month-ends are Beijing dates (UTC+8, no daylight saving).</summary>
public static class CardDates
{
    /// <summary>The last day of <paramref name="date"/>'s month.</summary>
    public static DateOnly MonthEnd(DateOnly date) => new(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month));

    /// <summary>
    /// The month-end the month-end job evaluates when it fires at <paramref name="fire"/>: the last month-end strictly
    /// before the Beijing date of the fire (00:30 Beijing on 1 November → 31 October; a late fire on 3 November too).
    /// </summary>
    public static DateOnly MonthEndBefore(DateTimeOffset fire)
    {
        var day = WorkingDays.ChinaDate(fire);
        return new DateOnly(day.Year, day.Month, 1).AddDays(-1);
    }

    /// <summary><c>yyyy-MM</c>.</summary>
    public static string Month(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>A month written <c>yyyy-MM</c>.</summary>
    public static bool TryParseMonth(string? text, out DateOnly first) =>
        DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first) && text!.Length == 7;

    /// <summary>The public id of a card: <c>card-{yyyy-MM}-{matter}</c>.</summary>
    public static string CardId(DateOnly monthEnd, string matter) => $"card-{Month(monthEnd)}-{matter}";
}
