using Marten;

namespace Ledger.Projections;

/// <summary>
/// A record stream (a filing's, a revision's, a reclassification's) holds one event: the record of the command
/// under its caller's id, from which a retry is answered. Every reader of such a stream reads it here.
/// </summary>
public static class RecordStreams
{
    public static async Task<TRecord?> RecordOfAsync<TRecord>(this IQuerySession session, string streamKey, CancellationToken cancellation)
        where TRecord : class =>
        (await session.Events.FetchStreamAsync(streamKey, token: cancellation)).Select(e => e.Data).OfType<TRecord>().FirstOrDefault();
}
