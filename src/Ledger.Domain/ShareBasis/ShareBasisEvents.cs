namespace Ledger.Domain.ShareBasis;

// The events of an entity's share-basis stream (key: ShareBasisStream.Key(entity)): every split or consolidation
// of its common stock, in the order they were recorded.

/// <summary>
/// Every <paramref name="From"/> old shares became <paramref name="To"/> new shares on <paramref name="EffectiveOn"/>
/// (1:200 is a split, 10:1 a consolidation); the change was public from <paramref name="KnownFrom"/>.
/// </summary>
public sealed record ShareBasisChanged(
    string Entity, string SplitId, int From, int To, DateOnly EffectiveOn, DateTimeOffset KnownFrom, string ContentHash);

public static class ShareBasisStream
{
    public static string Key(string entity) => $"share-basis|{entity}";
}
