using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pacesetter.App.Operations;

/// <summary>
/// The product's own metrics (ADR 0046), on the meter <see cref="MeterName"/>: publications, scoring time, cards issued,
/// webhook deliveries and failures, ballots cast. Each counter is added to after its write committed, never before, so
/// a rolled-back write counts nothing. No label names an organization, a unit or a person: the series stay few, and
/// what a log line needs to say about an organization it says in the log (<c>Organization</c> scope).
/// </summary>
/// <remarks>
/// Made from the host's <see cref="IMeterFactory"/>: the meter belongs to one host, so that two hosts in one process
/// (the tests) each count their own. The command (<c>pacesetter publish</c>) has none: the services take it as optional.
/// </remarks>
public sealed class PacesetterMetrics
{
    public const string MeterName = "Pacesetter";

    private readonly Counter<long> publications;
    private readonly Histogram<double> scoring;
    private readonly Counter<long> cards;
    private readonly Counter<long> deliveries;
    private readonly Counter<long> failures;
    private readonly Counter<long> ballots;
    private readonly Counter<long> jobs;

    public PacesetterMetrics(IMeterFactory factory)
    {
        var meter = factory.Create(MeterName);
        publications = meter.CreateCounter<long>("pacesetter.publications", "{revision}", "Revisions published (a correction's revision too).");
        scoring = meter.CreateHistogram<double>("pacesetter.scoring.duration", "s", "Time the engine took to score a period's scheme.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60] });
        cards = meter.CreateCounter<long>("pacesetter.cards.issued", "{card}", "Yellow and red cards issued by month-end evaluations.");
        deliveries = meter.CreateCounter<long>("pacesetter.webhook.deliveries", "{message}", "Webhook messages delivered (answered 2xx and accepted).");
        failures = meter.CreateCounter<long>("pacesetter.webhook.failures", "{attempt}", "Webhook delivery attempts that failed; given_up=true when the message is marked failed.");
        ballots = meter.CreateCounter<long>("pacesetter.ballots.cast", "{ballot}", "Survey ballots cast through one-time links.");
        jobs = meter.CreateCounter<long>("pacesetter.jobs.completed", "{run}", "Scheduled jobs run to completion by this instance (job=month-end-cards, …); a cluster's sum is the runs.");
    }

    public void Published() => publications.Add(1);

    /// <summary>Scores with <paramref name="score"/> and records its time, tagged with what the scoring was for (publish, preview).</summary>
    public static T Time<T>(PacesetterMetrics? metrics, string operation, Func<T> score)
    {
        var start = Stopwatch.GetTimestamp();
        var result = score();
        metrics?.scoring.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, new KeyValuePair<string, object?>("operation", operation));
        return result;
    }

    public void CardsIssued(int yellow, int red)
    {
        if (yellow > 0) cards.Add(yellow, new KeyValuePair<string, object?>("type", "yellow"));
        if (red > 0) cards.Add(red, new KeyValuePair<string, object?>("type", "red"));
    }

    public void WebhookDelivered() => deliveries.Add(1);

    public void WebhookFailed(bool givenUp) => failures.Add(1, new KeyValuePair<string, object?>("given_up", givenUp ? "true" : "false"));

    public void JobCompleted(string job) => jobs.Add(1, new KeyValuePair<string, object?>("job", job));

    public void BallotsCast(int count)
    {
        if (count > 0) ballots.Add(count);
    }
}
