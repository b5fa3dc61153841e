using System.Collections.Immutable;

namespace Ledger.Domain.ShareBasis;

/// <summary>Every share-basis change of one entity, as recorded: the write-side state and what queries adjust with.</summary>
public sealed record ShareBasisHistory(string Id, string Entity, ImmutableList<ShareSplit> Splits)
{
    /// <param name="recordedAt">The event store's timestamp of the event: metadata handed in, never read from a clock.</param>
    public static ShareBasisHistory Evolve(ShareBasisHistory? state, ShareBasisChanged e, DateTimeOffset recordedAt, string? recordedBy = null)
    {
        var current = state ?? new ShareBasisHistory(ShareBasisStream.Key(e.Entity), e.Entity, []);
        return current with { Splits = current.Splits.Add(ShareSplit.Of(e, recordedAt, recordedBy)) };
    }
}
