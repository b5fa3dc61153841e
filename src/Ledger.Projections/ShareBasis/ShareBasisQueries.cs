using JasperFx.Events;
using Ledger.Domain.ShareBasis;
using Marten;

namespace Ledger.Projections.ShareBasis;

/// <summary>
/// Reads an entity's share-basis changes, folded from its stream by <see cref="ShareBasisProjection"/> at each read
/// (a live aggregation, nothing stored): the write side and every reader ask it the same way.
/// </summary>
public static class ShareBasisQueries
{
    private static readonly ShareBasisProjection Projection = new();

    public static async Task<ShareBasisHistory?> ShareBasisAsync(this IQuerySession session, string entity, CancellationToken cancellation) =>
        Fold(await session.Events.FetchStreamAsync(ShareBasisStream.Key(entity), token: cancellation));

    /// <summary>
    /// The fold over a share-basis stream's events once read: a reader batching them with its other queries (one round
    /// trip) folds them here, the same way as <see cref="ShareBasisAsync"/>.
    /// </summary>
    public static ShareBasisHistory? Fold(IEnumerable<IEvent> events) =>
        events.Aggregate((ShareBasisHistory?)null, (history, e) => Projection.Evolve(history, e.StreamKey!, e));
}
