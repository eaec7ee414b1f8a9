namespace Pacesetter.App.Time;

/// <summary>
/// 工作日 working days and Beijing dates, shared by the notice period (ADR 0019) and supervision's deadlines (ADR 0027):
/// Monday to Friday are working days; statutory holidays and 调休 make-up days are not known to the system. A
/// deadline of N working days ends at 00:00 Beijing time after the N-th working day following the day it starts on
/// (that day does not count), in UTC as the database keeps instants: from Friday 30 October 10:00 Beijing, one working
/// day ends at 00:00 Tuesday 3 November Beijing, which is 2026-11-02T16:00:00Z.
/// </summary>
public static class WorkingDays
{
    /// <summary>China's offset from UTC (no daylight saving).</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>Whether <paramref name="day"/> is a working day (Monday to Friday).</summary>
    public static bool IsWorkingDay(DayOfWeek day) => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The Beijing date of the instant <paramref name="at"/>.</summary>
    public static DateOnly ChinaDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(ChinaOffset).DateTime);

    /// <summary>Today in Beijing.</summary>
    public static DateOnly Today(TimeProvider clock) => ChinaDate(clock.GetUtcNow());

    /// <summary>The start of the Beijing day <paramref name="day"/> (00:00 Beijing), in UTC.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaOffset).ToUniversalTime();

    /// <summary>
    /// A deadline as people read it, in Beijing time without the label: <c>2026-11-15 24:00</c> for the end of a day
    /// (00:00 of the next, what <see cref="EndOfDay"/> and the working-day ends give), else <c>yyyy-MM-dd HH:mm</c>.
    /// </summary>
    public static string ShowDeadline(DateTimeOffset at)
    {
        var local = at.ToOffset(ChinaOffset);
        return local.TimeOfDay == TimeSpan.Zero
            ? local.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " 24:00"
            : local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The end of the Beijing day <paramref name="day"/>: 00:00 Beijing of the next day, in UTC.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day) => StartOfDay(day.AddDays(1));

    /// <summary>
    /// The end of <paramref name="workingDays"/> working days counted from the instant <paramref name="at"/>: 00:00
    /// Beijing after the last of them, in UTC. Zero (or fewer) working days end at <paramref name="at"/> itself.
    /// </summary>
    public static DateTimeOffset EndOfWorkingDays(DateTimeOffset at, int workingDays)
    {
        if (workingDays <= 0) return at.ToUniversalTime();
        var day = ChinaDate(at);
        for (int left = workingDays; left > 0;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day.DayOfWeek)) left--;
        }
        return EndOfDay(day);
    }
}
