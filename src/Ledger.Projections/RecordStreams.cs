using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;

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
        RecordIn<TRecord>(await session.Events.FetchStreamAsync(streamKey, version: 1, token: cancellation));

    /// <summary>The record asked in a batch beside a command's other reads (one round trip); read it with <see cref="RecordIn{TRecord}"/>.</summary>
    public static Task<IReadOnlyList<IEvent>> RecordOf(IBatchedQuery batch, string streamKey) => batch.Events.FetchStream(streamKey, version: 1);

    public static TRecord? RecordIn<TRecord>(IEnumerable<IEvent> streamStart) where TRecord : class =>
        streamStart.Select(e => e.Data).OfType<TRecord>().FirstOrDefault();
}
