using System.Threading.Channels;

namespace Pacesetter.App.Writes;

/// <summary>
/// The loop of a group commit (the ballot box, ADR 0043; the save box, ADR 0054): takes everything waiting on a channel
/// (up to a batch's most) and hands it to one write, over and over, until stopped. A batch that throws answers each of
/// its items with the fault; the loop goes on with the next.
/// </summary>
internal static class GroupCommit
{
    public static async Task DrainAsync<T>(ChannelReader<T> reader, int maxBatch, Func<List<T>, Task> take, Action<T, Exception> failed, CancellationToken stop)
    {
        var batch = new List<T>(maxBatch);
        try
        {
            while (await reader.WaitToReadAsync(stop))
            {
                while (batch.Count < maxBatch && reader.TryRead(out var item)) batch.Add(item);
                try
                {
                    await take(batch);
                }
                catch (Exception e)
                {
                    foreach (var item in batch) failed(item, e);
                }
                batch.Clear();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
