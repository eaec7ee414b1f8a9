using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Data;
using Pacesetter.App.Publication;
using Pacesetter.App.Writes;

namespace Pacesetter.App.DataEntry;

/// <summary>
/// A save of a datum checked and ready to be written: who saves it (and whether they may write over an approved datum),
/// the datum, its text (null: cleared), whether it is submitted, the version its writer started from, the reason.
/// </summary>
public sealed record PendingSave(int OrganizationId, string Actor, bool IsAdmin, string Period, string Unit, string Indicator, string? Text, bool Submit,
    int ExpectedVersion, string? Reason)
{
    internal TaskCompletionSource<EntryOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// 保存箱 group commit of data entry's saves (ADR 0054), as the ballot box does for ballots (ADR 0043): a save checked by
/// <see cref="DataEntryService"/> waits here, and one loop takes every save waiting at that moment and writes each
/// organization's in one audited write — one lock, one read of their rows, each save decided against its row as it
/// stands under the lock (its version, approved, under review, the period published), the saves that pass written with
/// one audit row each in their own names, one commit. At month-end forty reporters of one organization would otherwise
/// queue one by one for its lock, each a transaction of its own. A save is never cancelled by a caller leaving: once
/// queued, it is written or refused whole, and answered as if it had been written alone.
/// </summary>
public sealed class SaveBox(IServiceScopeFactory scopes) : IDisposable
{
    /// <summary>The most saves taken at once.</summary>
    public const int MaxBatch = 256;

    /// <summary>Between a unit's code and an indicator's id in the query of a batch's rows (U+001F, the unit separator).</summary>
    private const string Separator = "\u001f";

    private readonly Channel<PendingSave> queue = Channel.CreateUnbounded<PendingSave>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stop = new();
    private Task? loop;
    private readonly Lock starting = new();

    /// <summary>Queues the save; answers when it is written, or why not (a newer version, approved, under review, published).</summary>
    public Task<EntryOutcome> SaveAsync(PendingSave save)
    {
        if (loop is null)
        {
            lock (starting) loop ??= Task.Run(DrainAsync);
        }
        if (!queue.Writer.TryWrite(save)) save.Done.SetException(new ObjectDisposedException(nameof(SaveBox)));
        return save.Done.Task;
    }

    /// <summary>Each batch (<see cref="GroupCommit.DrainAsync"/>): each organization's saves written side by side.</summary>
    private Task DrainAsync() => GroupCommit.DrainAsync(queue.Reader, MaxBatch,
        batch => Task.WhenAll(batch.GroupBy(s => s.OrganizationId).Select(o => WriteAsync([.. o]))), (s, e) => s.Done.TrySetException(e), stop.Token);

    /// <summary>One organization's saves in one audited write of a scope of their own; a failure (an outage: 503) answers each of them.</summary>
    private async Task WriteAsync(List<PendingSave> saves)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
            var outcomes = await WriteAsync(db, saves);
            for (int i = 0; i < saves.Count; i++) saves[i].Done.TrySetResult(outcomes[i]);
        }
        catch (Exception e)
        {
            foreach (var s in saves) s.Done.TrySetException(e);
        }
    }

    /// <summary>
    /// Writes the saves of one organization, in their order, in one audited write on <paramref name="db"/>, and answers each
    /// (in the same order). Under the lock each save meets its row as the saves before it left it: a version other than
    /// the one its writer started from is a conflict showing the newer row (two saves from the same version: the first
    /// wins); a row that only an evidence upload made is taken over by a datum's first save; an approved datum (but for
    /// the admin), a datum under review or a published period refuses it. Saves that pass are written with their audit rows.
    /// </summary>
    internal static async Task<EntryOutcome[]> WriteAsync(PacesetterDb db, IReadOnlyList<PendingSave> saves)
    {
        int organizationId = saves[0].OrganizationId;
        if (saves.Any(s => s.OrganizationId != organizationId)) throw new ArgumentException("one organization's saves at a time", nameof(saves));
        var outcomes = new EntryOutcome[saves.Count];
        var done = await OrgWriter.ForDataEntry(db).RunAsync(organizationId, saves[0].Actor, async w =>
        {
            var locked = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var period in saves.Select(s => s.Period).Distinct(StringComparer.Ordinal))
            {
                locked[period] = await PublicationService.LockedInAsync(w, period) is not null;
            }
            var periods = locked.Keys.ToList();
            var units = saves.Select(s => s.Unit).Distinct(StringComparer.Ordinal).ToList();
            // The saves' rows and no others (forty units' saves must not load forty units' every datum): unit and
            // indicator joined by a control character, narrowed first by the index on organization, period and unit. (A
            // code holding it could only bring a row more, which no save takes: the rows are matched by all three.)
            var pairs = saves.Select(s => s.Unit + Separator + s.Indicator).Distinct(StringComparer.Ordinal).ToList();
            var rows = (await db.DatumEntries
                    .Where(d => d.OrganizationId == organizationId && periods.Contains(d.Period) && units.Contains(d.UnitCode) && pairs.Contains(d.UnitCode + Separator + d.IndicatorId))
                    .ToListAsync(w.Ct))
                .ToDictionary(d => (d.Period, d.UnitCode, d.IndicatorId));
            var now = DataEntryService.Now;
            for (int i = 0; i < saves.Count; i++)
            {
                var s = saves[i];
                rows.TryGetValue((s.Period, s.Unit, s.Indicator), out var row);
                if (locked[s.Period]) outcomes[i] = EntryOutcome.Fail(EntryError.Published);
                else if (DataEntryService.Standing(row, s.ExpectedVersion, s.IsAdmin) is { } refused) outcomes[i] = refused;
                else
                {
                    var before = DataEntryService.Snapshot(row);
                    if (row is null)
                    {
                        row = new DatumEntry { OrganizationId = organizationId, Period = s.Period, UnitCode = s.Unit, IndicatorId = s.Indicator, UpdatedBy = s.Actor };
                        db.DatumEntries.Add(row);
                        rows[(s.Period, s.Unit, s.Indicator)] = row;
                    }
                    row.Value = s.Text;
                    row.State = s.Submit ? DatumState.Submitted : DatumState.Draft;
                    // A returned datum keeps its reason in view while the writer corrects it; submitting answers it.
                    if (s.Submit) row.ReturnReason = null;
                    row.UpdatedBy = s.Actor;
                    row.UpdatedAt = now;
                    row.Version++;
                    await w.AuditAs(s.Actor, s.Submit ? "datum.submit" : "datum.save", "datum", DataEntryService.Key(row), row.Period, row.UnitCode, before,
                        DataEntryService.Snapshot(row), s.Reason);
                    outcomes[i] = new EntryOutcome(EntryError.None, row, []);
                }
            }
            return WriteOutcome<bool>.Ok(true);
        }, ct: CancellationToken.None);
        // Under the lock no other writer changes these rows, so a conflict at save is not expected; should one happen, no save was written.
        if (!done.IsOk) return [.. saves.Select(_ => EntryOutcome.Fail(EntryError.Conflict))];
        return outcomes;
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        stop.Cancel();
        stop.Dispose();
    }
}
