using Ledger.Domain.Values;

namespace Ledger.Domain.ShareBasis;

/// <summary>
/// Which figures a split adjusts. Only share-denominated figures can be adjusted (share counts, and amounts per
/// share such as earnings and dividends per share); of those, the concepts listed here are not, because a split
/// of common shares does not change them: a par or stated value per share stays 0.001 after a 5-for-1 split, and
/// preferred shares are not split with the common ones. The list is data: <see cref="Default"/> is documented in the
/// README and a deployment extends it by configuration (<c>Ledger:ShareBasis:NotAdjusted</c>).
/// </summary>
public sealed class ShareBasisPolicy
{
    /// <summary>US-GAAP concepts (local names) that are share-denominated but never adjusted by a split.</summary>
    public static readonly IReadOnlyList<string> DefaultNotAdjusted =
    [
        "CommonStockParOrStatedValuePerShare",
        "PreferredStockParOrStatedValuePerShare",
        "CommonStockNoParValue",
        "PreferredStockNoParValue",
        "PreferredStockSharesAuthorized",
        "PreferredStockSharesIssued",
        "PreferredStockSharesOutstanding",
        "PreferredStockLiquidationPreference",
        "PreferredStockRedemptionPricePerShare",
    ];

    public static readonly ShareBasisPolicy Default = new([]);

    private readonly HashSet<string> notAdjusted;

    /// <param name="alsoNotAdjusted">Concepts a deployment adds to <see cref="DefaultNotAdjusted"/> (local names or prefixed).</param>
    public ShareBasisPolicy(IEnumerable<string> alsoNotAdjusted) =>
        notAdjusted = new HashSet<string>(DefaultNotAdjusted.Concat(alsoNotAdjusted.Select(LocalName)), StringComparer.Ordinal);

    public IReadOnlyCollection<string> NotAdjusted => notAdjusted;

    /// <summary>True when a split restates a figure of this concept in this unit.</summary>
    public bool Adjusts(string concept, Unit unit) => unit.HasShareBasis && !notAdjusted.Contains(LocalName(concept));

    private static string LocalName(string concept) => concept[(concept.IndexOf(':') + 1)..];
}
