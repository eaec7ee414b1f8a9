using System.Text;
using System.Text.Json.Nodes;
using Pacesetter.App.Access;
using Pacesetter.App.Publication;
using Pacesetter.App.Schemes;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Schemes;

namespace Pacesetter.App.Exports;

/// <summary>
/// 导出 the files of a period (ADR 0024): task letters from the current scheme, and the leaderboard workbook, its CSV
/// and the posting from the latest published revision's stored results. Reads only. Who may: admins and leaders every
/// file; a reporter its own unit's task letter (<see cref="MayExport"/>); another organization's period is not found.
/// </summary>
public sealed class ExportService(SchemeStore schemes, RaceReader races)
{
    /// <summary>The one rule of who may download an export: the letter of <paramref name="unit"/>, or (null) a whole-period file.</summary>
    public static bool MayExport(Actor actor, string? unit) => actor.ReadsAll || (unit is not null && actor.ReporterUnits.Contains(unit));

    /// <summary>
    /// The period's current scheme with every datum entered so far (a unit's own targets), or without data when a datum
    /// would make it unreadable (the letters need the indicators, not the figures), and then without the adjustments
    /// too (an exemption may name an event of a datum); null when the period has none.
    /// </summary>
    public async Task<Scheme?> CurrentSchemeAsync(int organizationId, string period, CancellationToken ct = default)
    {
        var file = await schemes.AssembleAsync(organizationId, period, includeUnapproved: true, ct);
        if (file is null) return null;
        var read = SchemeReader.Read(Encoding.UTF8.GetBytes(file.ToJsonString()));
        if (read.IsValid) return read.Scheme;
        file["data"] = new JsonObject();
        file.Remove("adjustments");
        read = SchemeReader.Read(Encoding.UTF8.GetBytes(file.ToJsonString()));
        return read.IsValid ? read.Scheme : null;
    }

    /// <summary>The task letter (目标责任书) of one unit of the period's current scheme.</summary>
    public async Task<WriteOutcome<ExportFile>> LetterAsync(Actor actor, string period, string unit, CancellationToken ct = default)
    {
        if (!MayExport(actor, unit)) return WriteOutcome<ExportFile>.Forbidden();
        var scheme = await CurrentSchemeAsync(actor.OrganizationId, period, ct);
        return scheme is not null && TaskLetter.Build(scheme, unit, actor.Organization.Name) is { } letter
            ? WriteOutcome<ExportFile>.Ok(letter)
            : WriteOutcome<ExportFile>.NotFound();
    }

    /// <summary>Every unit's task letter in one zip.</summary>
    public async Task<WriteOutcome<ExportFile>> LettersAsync(Actor actor, string period, CancellationToken ct = default)
    {
        if (!MayExport(actor, null)) return WriteOutcome<ExportFile>.Forbidden();
        var scheme = await CurrentSchemeAsync(actor.OrganizationId, period, ct);
        return scheme is null ? WriteOutcome<ExportFile>.NotFound() : WriteOutcome<ExportFile>.Ok(TaskLetter.Zip(scheme, actor.Organization.Name));
    }

    /// <summary>A file of the period's latest published revision; not found when the period is unpublished.</summary>
    /// <param name="china">Converts an instant to Beijing time (the web's ChinaTime), for the times the file shows.</param>
    public async Task<WriteOutcome<ExportFile>> PublishedAsync(Actor actor, string period, PublishedExport kind, Func<DateTimeOffset, DateTimeOffset> china, CancellationToken ct = default)
    {
        if (!MayExport(actor, null)) return WriteOutcome<ExportFile>.Forbidden();
        if (await races.LatestAsync(actor.OrganizationId, period, ct) is not { } race) return WriteOutcome<ExportFile>.NotFound();
        var (published, ends) = (china(race.Revision.CreatedAt), china(race.Revision.NoticeEndsAt));
        var org = actor.Organization.Name;
        return WriteOutcome<ExportFile>.Ok(kind switch
        {
            PublishedExport.Workbook => BoardWorkbook.Build(race, org, published, ends),
            PublishedExport.Csv => BoardCsv.Build(race),
            _ => PostingDocument.Build(race, org, published, ends),
        });
    }
}

/// <summary>The files made from a published revision.</summary>
public enum PublishedExport
{
    /// <summary>排行榜 the leaderboard and breakdown, .xlsx.</summary>
    Workbook,
    /// <summary>The same as CSV.</summary>
    Csv,
    /// <summary>张榜公示 the posting, .docx.</summary>
    Posting,
}
