using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pacesetter.App.Data;
using Pacesetter.App.Writes;
using Pacesetter.Scoring.Surveys;

namespace Pacesetter.App.Surveys;

/// <summary>
/// 投票箱 group commit of ballots (ADR 0043): a cast waits here, and one loop takes every cast waiting at that moment —
/// one query finds their links with their surveys, each ballot is checked against its survey (parsed once per version),
/// and the casts that pass are written per organization in one audited write: one lock, one claim of their links (only
/// those not used, under the lock, so a link casts once however many instances run), their ballots and one audit row
/// each, one commit. At 64 phones a cast would otherwise make its own lookup and queue behind 63 single writes on the
/// organization's lock. A write is never cancelled by a caller leaving: once queued, a ballot is written or refused whole.
/// </summary>
public sealed class BallotBox(IServiceScopeFactory scopes) : IDisposable
{
    /// <summary>The most casts taken at once.</summary>
    public const int MaxBatch = 256;

    /// <summary>A cast as sent: its link's hash, its JSON and when it came.</summary>
    public sealed record Request(string TokenHash, ReadOnlyMemory<byte> Json, DateTimeOffset Now)
    {
        internal TaskCompletionSource<CastOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A cast checked and ready to be written: its survey and its anonymous row.</summary>
    private sealed record Cast(Request Request, StoredSurvey Survey, SurveyBallot Ballot);

    /// <summary>
    /// The parsed surveys of this host's database, by row and version: a cast reads its survey's document once per
    /// change, not per ballot (every save, close and reopen raises the version).
    /// </summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<int, (int Version, StoredSurvey Row, Survey Survey)> Parsed { get; } = new();

    private readonly Channel<Request> queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Cast> checkedCasts = Channel.CreateUnbounded<Cast>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource stop = new();
    private Task? loops;
    private readonly Lock starting = new();

    /// <summary>Queues the cast; answers when it is written, or why not (unknown link, closed, used, invalid).</summary>
    public Task<CastOutcome> CastAsync(Request request)
    {
        if (loops is null)
        {
            lock (starting) loops ??= Task.WhenAll(Task.Run(() => DrainAsync(queue.Reader, CheckAsync, (r, e) => r.Done.TrySetException(e))),
                Task.Run(() => DrainAsync(checkedCasts.Reader, WriteAsync, (c, e) => c.Request.Done.TrySetException(e))));
        }
        if (!queue.Writer.TryWrite(request)) request.Done.SetException(new ObjectDisposedException(nameof(BallotBox)));
        return request.Done.Task;
    }

    /// <summary>
    /// Two group-commit loops run (<see cref="GroupCommit.DrainAsync"/>): one checks casts while the other writes the casts
    /// checked before, so that a cast's lookup does not wait for the write before it.
    /// </summary>
    private Task DrainAsync<T>(ChannelReader<T> reader, Func<List<T>, Task> take, Action<T, Exception> failed) =>
        GroupCommit.DrainAsync(reader, MaxBatch, take, failed, stop.Token);

    /// <summary>The batch's links in one query, each cast checked against its survey; the good ones go on to be written.</summary>
    private async Task CheckAsync(List<Request> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
        var hashes = batch.Select(r => r.TokenHash).Distinct().ToList();
        var links = (await SurveyService.LinkRows(db, db.SurveyLinks.Where(l => hashes.Contains(l.TokenHash))).ToListAsync()).ToDictionary(l => l.TokenHash, StringComparer.Ordinal);
        var surveys = await SurveyService.ParsedAsync(db, this, links.Values.Select(l => (l.SurveyId, l.Version)), CancellationToken.None);
        foreach (var request in batch)
        {
            if (!links.TryGetValue(request.TokenHash, out var link))
            {
                request.Done.TrySetResult(new CastOutcome(CastStatus.UnknownLink, []));
                continue;
            }
            var (row, survey) = surveys[link.SurveyId];
            var page = SurveyService.PageOf(link, row, survey);
            var (refused, ballot) = SurveyService.Prepare(page, request.Json, request.Now);
            if (refused is not null) request.Done.TrySetResult(refused);
            else if (!checkedCasts.Writer.TryWrite(new Cast(request, page.Row, ballot!))) request.Done.TrySetException(new ObjectDisposedException(nameof(BallotBox)));
        }
    }

    /// <summary>The checked casts written, one audited write per organization.</summary>
    private async Task WriteAsync(List<Cast> casts)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PacesetterDb>();
        foreach (var organization in casts.GroupBy(c => c.Survey.OrganizationId))
        {
            try
            {
                await WriteAsync(scope.ServiceProvider, db, organization.Key, [.. organization]);
            }
            catch (Exception e)
            {
                foreach (var c in organization) c.Request.Done.TrySetException(e);
            }
            db.ChangeTracker.Clear();
        }
    }

    private static async Task WriteAsync(IServiceProvider scope, PacesetterDb db, int organizationId, List<Cast> casts)
    {
        var results = new Dictionary<Cast, CastStatus>();
        var outcome = await new OrgWriter(db).RunAsync(organizationId, SurveyService.BallotActor, async w =>
        {
            results.Clear();
            var surveyIds = casts.Select(c => c.Survey.Id).Distinct().ToList();
            var open = (await db.Surveys.Where(s => surveyIds.Contains(s.Id) && s.State == SurveyState.Open).Select(s => s.Id).ToListAsync()).ToHashSet();
            var hashes = casts.Where(c => open.Contains(c.Survey.Id)).Select(c => c.Request.TokenHash).Distinct().ToList();
            // Under the lock: the links of this batch not used yet. The first cast of a link in the batch takes it.
            var unused = (await db.SurveyLinks.Where(l => hashes.Contains(l.TokenHash) && !l.Used).Select(l => l.TokenHash).ToListAsync()).ToHashSet(StringComparer.Ordinal);
            var claimed = new List<string>();
            foreach (var cast in casts)
            {
                if (!open.Contains(cast.Survey.Id)) results[cast] = CastStatus.Closed;
                else if (!unused.Remove(cast.Request.TokenHash)) results[cast] = CastStatus.Used;
                else
                {
                    claimed.Add(cast.Request.TokenHash);
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
                await w.Audit("survey.ballot", "survey", cast.Survey.Code, cast.Survey.Period);
            }
            return WriteOutcome<bool>.Ok(true);
        }, ct: CancellationToken.None);
        if (!outcome.IsOk) throw new InvalidOperationException("the ballots' write was refused: " + string.Join("; ", outcome.Problems));
        // Counted after the commit (ADR 0046).
        scope.GetService<Operations.PacesetterMetrics>()?.BallotsCast(results.Values.Count(s => s == CastStatus.Cast));
        foreach (var (cast, status) in results)
        {
            cast.Request.Done.TrySetResult(status switch
            {
                CastStatus.Cast => new CastOutcome(CastStatus.Cast, []),
                CastStatus.Closed => new CastOutcome(CastStatus.Closed, [SurveyService.Messages.Closed]),
                _ => new CastOutcome(CastStatus.Used, [SurveyService.Messages.Used]),
            });
        }
    }

    public void Dispose()
    {
        queue.Writer.TryComplete();
        checkedCasts.Writer.TryComplete();
        stop.Cancel();
        stop.Dispose();
    }
}
