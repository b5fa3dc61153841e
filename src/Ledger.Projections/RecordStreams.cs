using Marten;

namespace Ledger.Projections;

/// <summary>
/// A record stream (a filing's, a revision's, a reclassification's) starts with the record of the command under its
/// caller's id, from which a retry is answered, followed by the line-item events the command appended. Every reader of
/// such a record reads it here, and reads only that first event.
/// </summary>
public static class RecordStreams
{
    public static async Task<TRecord?> RecordOfAsync<TRecord>(this IQuerySession session, string streamKey, CancellationToken cancellation)
        where TRecord : class =>
        (await session.Events.FetchStreamAsync(streamKey, version: 1, token: cancellation)).Select(e => e.Data).OfType<TRecord>().FirstOrDefault();
}
