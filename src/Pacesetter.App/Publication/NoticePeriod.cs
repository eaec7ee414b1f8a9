namespace Pacesetter.App.Publication;

/// <summary>
/// 公示期 notice period: how long a published revision is posted for objections. It ends at midnight (China time,
/// UTC+8) after the N-th working day following the day of publication, Monday to Friday being working days (ADR 0019):
/// published on Friday 30 October with 5 working days, it runs to the end of Friday 6 November. Statutory holidays and
/// 调休 make-up working days are not known to the system: the organization's admin lengthens or shortens
/// <c>NoticeWorkingDays</c> for a period that crosses them.
/// </summary>
public static class NoticePeriod
{
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The most working days an organization may set (about three months).</summary>
    public const int MaxWorkingDays = 60;

    /// <summary>
    /// The end of the notice period of a revision published at <paramref name="publishedAt"/> with
    /// <paramref name="workingDays"/> working days: 00:00 China time after the last of them, in UTC (as the database
    /// keeps instants). The day of publication does not count, so every unit has the full working days. Zero working
    /// days: no notice period (it ends at publication); more than <see cref="MaxWorkingDays"/> count as that many.
    /// </summary>
    public static DateTimeOffset End(DateTimeOffset publishedAt, int workingDays)
    {
        // The setting is checked where it is written; a stored value out of range is taken to the nearest limit.
        workingDays = Math.Clamp(workingDays, 0, MaxWorkingDays);
        return Time.WorkingDays.EndOfWorkingDays(publishedAt, workingDays);
    }

    /// <summary>The last day of the notice period (China time) as people say it: "to 6 November inclusive".</summary>
    public static DateOnly LastDay(DateTimeOffset endsAt) => DateOnly.FromDateTime(endsAt.ToOffset(ChinaOffset).AddTicks(-1).DateTime);

    /// <summary>Whether the notice period of a revision ending at <paramref name="endsAt"/> is still running at <paramref name="now"/>.</summary>
    public static bool IsOpen(DateTimeOffset endsAt, DateTimeOffset now) => now < endsAt;
}

/// <summary>Where the latest revision of a published period stands (ADR 0019): derived when read, never stored.</summary>
public enum PublicationState
{
    /// <summary>公示中: the notice period runs; units may object.</summary>
    Notice,
    /// <summary>待答复: the notice period has ended, some objections await the admin's answer.</summary>
    AwaitingAnswers,
    /// <summary>已定稿 final: the notice period has ended and every objection is answered.</summary>
    Final,
    /// <summary>更正中: a correction is open; the next publication makes a new revision.</summary>
    CorrectionOpen,
}

/// <summary>The latest revision of a period: its number, publication, notice period's end, objections awaiting an answer, and its state at the time read.</summary>
public sealed record PublicationStatus(int Revision, DateTimeOffset PublishedAt, DateTimeOffset NoticeEndsAt, int OpenObjections, PublicationState State)
{
    /// <summary>
    /// The state at <paramref name="now"/>: an open correction first (the revision is being replaced); then the notice
    /// period; after it, final once no objection awaits an answer.
    /// </summary>
    public static PublicationStatus Of(int revision, DateTimeOffset publishedAt, DateTimeOffset noticeEndsAt, int openObjections, bool correctionOpen, DateTimeOffset now)
    {
        var state = correctionOpen ? PublicationState.CorrectionOpen
            : NoticePeriod.IsOpen(noticeEndsAt, now) ? PublicationState.Notice
            : openObjections > 0 ? PublicationState.AwaitingAnswers
            : PublicationState.Final;
        return new PublicationStatus(revision, publishedAt, noticeEndsAt, openObjections, state);
    }

    public bool IsFinal => State == PublicationState.Final;
}
