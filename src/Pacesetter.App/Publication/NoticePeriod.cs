namespace Pacesetter.App.Publication;

/// <summary>
/// 公示期 the notice period of a publication: it ends at midnight (Beijing time) after the N-th working day (Monday to
/// Friday) following the day of publication. Statutory holidays and make-up working days (调休) are not known to the
/// system: the organization sets the number of days (<c>NoticeWorkingDays</c>).
/// </summary>
public static class NoticePeriod
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static DateTimeOffset End(DateTimeOffset publishedAt, int workingDays)
    {
        var day = DateOnly.FromDateTime(publishedAt.ToOffset(Beijing).DateTime);
        int left = Math.Max(0, workingDays);
        while (left > 0)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) left--;
        }
        // In UTC: PostgreSQL stores timestamptz with offset 0 only.
        return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Beijing).ToUniversalTime();
    }
}
