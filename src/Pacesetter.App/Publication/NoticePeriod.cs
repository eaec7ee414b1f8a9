namespace Pacesetter.App.Publication;

/// <summary>
/// 公示期 notice period: how long a published revision is posted for objections. It ends N working days after the
/// publication, counted on China's clock (UTC+8) with Monday to Friday as working days (ADR 0019). Statutory holidays
/// and 调休 make-up working days are not known to the system: the organization's admin lengthens or shortens
/// <c>NoticeWorkingDays</c> for a period that crosses them.
/// </summary>
public static class NoticePeriod
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The most working days an organization may set (about three months).</summary>
    public const int MaxWorkingDays = 60;

    /// <summary>
    /// The end of the notice period of a revision published at <paramref name="publishedAt"/>: the same time of day
    /// (China time) on the <paramref name="workingDays"/>-th working day after the day of publication. A publication on a
    /// Saturday or Sunday counts from the following Monday 00:00, so every unit has the full working days. Zero working
    /// days: no notice period (it ends at publication). Returned in UTC.
    /// </summary>
    public static DateTimeOffset End(DateTimeOffset publishedAt, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workingDays, MaxWorkingDays);
        var at = publishedAt.ToOffset(ChinaOffset);
        if (workingDays == 0) return publishedAt.ToUniversalTime();
        if (!IsWorkingDay(at.DayOfWeek))
        {
            // From the next Monday at midnight: Saturday → +2 days, Sunday → +1.
            var days = at.DayOfWeek == DayOfWeek.Saturday ? 2 : 1;
            at = new DateTimeOffset(at.Date.AddDays(days), ChinaOffset);
        }
        var counted = 0;
        while (counted < workingDays)
        {
            at = at.AddDays(1);
            if (IsWorkingDay(at.DayOfWeek)) counted++;
        }
        return at.ToUniversalTime();
    }

    /// <summary>Whether the notice period of a revision ending at <paramref name="endsAt"/> is still running at <paramref name="now"/>.</summary>
    public static bool IsOpen(DateTimeOffset endsAt, DateTimeOffset now) => now < endsAt;

    private static bool IsWorkingDay(DayOfWeek day) => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
}
