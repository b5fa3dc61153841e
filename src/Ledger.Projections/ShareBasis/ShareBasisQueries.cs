using Ledger.Domain.ShareBasis;
using Marten;

namespace Ledger.Projections.ShareBasis;

/// <summary>Reads the share-basis snapshot <see cref="ShareBasisProjection"/> keeps: the write side and every reader ask it the same way.</summary>
public static class ShareBasisQueries
{
    public static Task<ShareBasisHistory?> ShareBasisAsync(this IQuerySession session, string entity, CancellationToken cancellation) =>
        session.LoadAsync<ShareBasisHistory>(ShareBasisStream.Key(entity), cancellation);
}
