using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.App.Surveys;

/// <summary>
/// 投票箱 group commit of ballots (ADR 0043): a cast checked outside the lock waits here, and one loop writes every cast
/// waiting at that moment of an organization in one audited write — one lock, one claim of their links (only those not
/// used, under the lock, so a link casts once however many instances run), their ballots and one audit row each, one
/// commit. At 64 phones a cast would otherwise queue behind 63 single writes on the organization's lock. A write is
/// never cancelled by a caller leaving: once queued, a ballot is written or refused whole.
/// </summary>
public sealed class BallotBox(IServiceScopeFactory scopes) : IDisposable
{
    /// <summary>The most casts written in one transaction.</summary>
    public const int MaxBatch = 256;

    /// <summary>A cast ready to be written: its survey, its link's hash and its coded ballot.</summary>
    public sealed record Cast(int OrganizationId, int SurveyId, string SurveyCode, string Period, string TokenHash, SurveyBallot Ballot)
    {
        internal TaskCompletionSource<CastStatus> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The parsed surveys of this host's database, by row and version: a cast reads its survey's document once per
    /// change, not per ballot (every save, close and reopen raises the version).
    /// </summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<int, (int Version, StoredSurvey Row, Survey Survey)> Parsed { get; } = new();

    private readonly Channel<Cast> queue = Channel.CreateUnbounded<Cast>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource stop = new();
    private Task? loop;
    private readonly Lock starting = new();

    /// <summary>Queues the cast; answers when it is written (Cast), or refused because its link was used or its survey closed meanwhile.</summary>
    public Task<CastStatus> CastAsync(Cast cast)
    {
        if (loop is null)
        {
            lock (starting) loop ??= Task.Run(RunAsync);
        }
        if (!queue.Writer.TryWrite(cast)) cast.Done.SetException(new ObjectDisposedException(nameof(BallotBox)));
        return cast.Done.Task;
    }

    private async Task RunAsync()
    {
        var reader = queue.Reader;
        var batch = new List<Cast>(MaxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stop.Token))
            {
                while (batch.Count < MaxBatch && reader.TryRead(out var cast)) batch.Add(cast);
                foreach (var organization in batch.GroupBy(c => c.OrganizationId))
                {
                    try
                    {
                        await WriteAsync(organization.Key, [.. organization]);
                    }
                    catch (Exception e)
                    {
                        foreach (var c in organization) c.Done.TrySetException(e);
                    }
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriteAsync(int organizationId, List<Cast> casts)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
        var results = new Dictionary<Cast, CastStatus>();
        var outcome = await new OrgWriter(db).RunAsync(organizationId, SurveyService.BallotActor, async w =>
        {
            results.Clear();
            var surveyIds = casts.Select(c => c.SurveyId).Distinct().ToList();
            var open = (await db.Surveys.Where(s => surveyIds.Contains(s.Id) && s.State == SurveyState.Open).Select(s => s.Id).ToListAsync()).ToHashSet();
            var hashes = casts.Where(c => open.Contains(c.SurveyId)).Select(c => c.TokenHash).Distinct().ToList();
            // Under the lock: the links of this batch not used yet. The first cast of a link in the batch takes it.
            var unused = (await db.SurveyLinks.Where(l => hashes.Contains(l.TokenHash) && !l.Used).Select(l => l.TokenHash).ToListAsync()).ToHashSet(StringComparer.Ordinal);
            var claimed = new List<string>();
            foreach (var cast in casts)
            {
                if (!open.Contains(cast.SurveyId)) results[cast] = CastStatus.Closed;
                else if (!unused.Remove(cast.TokenHash)) results[cast] = CastStatus.Used;
                else
                {
                    claimed.Add(cast.TokenHash);
                    results[cast] = CastStatus.Cast;
                }
            }
            if (claimed.Count > 0)
            {
                int marked = await db.SurveyLinks.Where(l => claimed.Contains(l.TokenHash) && !l.Used).ExecuteUpdateAsync(s => s.SetProperty(l => l.Used, true));
                if (marked != claimed.Count) throw new InvalidOperationException($"marked {marked} of {claimed.Count} links under the organization's lock");
            }
            foreach (var cast in casts.Where(c => results[c] == CastStatus.Cast))
            {
                db.SurveyBallots.Add(cast.Ballot);
                await w.Audit("survey.ballot", "survey", cast.SurveyCode, cast.Period);
            }
            return WriteOutcome<bool>.Ok(true);
        }, ct: CancellationToken.None);
        if (!outcome.IsOk) throw new InvalidOperationException("the ballots' write was refused: " + string.Join("; ", outcome.Problems));
        scope.ServiceProvider.GetService<Operations.PacesetterMetrics>()?.BallotsCast(results.Values.Count(s => s == CastStatus.Cast));
        foreach (var (cast, status) in results) cast.Done.TrySetResult(status);
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        stop.Cancel();
        stop.Dispose();
    }
}
