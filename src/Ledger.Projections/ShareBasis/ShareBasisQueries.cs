using Ledger.Domain.ShareBasis;
using Marten;

namespace Ledger.Projections.ShareBasis;

/// <summary>
/// Reads an entity's share-basis changes, folded from its stream by <see cref="ShareBasisProjection"/> at each read
/// (a live aggregation, nothing stored): the write side and every reader ask it the same way.
/// </summary>
public static class ShareBasisQueries
{
    public static Task<ShareBasisHistory?> ShareBasisAsync(this IQuerySession session, string entity, CancellationToken cancellation) =>
        session.Events.AggregateStreamAsync<ShareBasisHistory>(ShareBasisStream.Key(entity), token: cancellation);
}
