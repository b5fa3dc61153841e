using Ledger.Domain.Recording;

namespace Ledger.Domain.LineItems;

/// <summary>
/// One published value of a line item: an exact decimal in base units (JPY, not thousands), the precision it
/// was published at (<c>-3</c> for thousands), its unit, the share basis it is expressed in (per-share and
/// share-count figures only) and where it came from.
/// </summary>
public sealed record Figure(
    decimal Value,
    string Unit,
    int Decimals,
    DateOnly? ShareBasisDate,
    string Source,
    string? Note = null,
    string? DerivedFrom = null,
    ValueRange? Range = null)
{
    /// <summary>The figure as a command's content hash reads it (see <see cref="ContentHash"/>).</summary>
    public IEnumerable<string?> CanonicalFields() =>
        [ContentHash.Number(Value), Unit, ContentHash.Number(Decimals), ContentHash.Date(ShareBasisDate), Source, Note];
}

/// <summary>
/// Where the true value lies when the document printed less than the figure: a cell cut off at the right edge
/// (<c>165,26</c> for a value in [165,260; 165,269] thousand) is truncated, not rounded.
/// </summary>
public sealed record ValueRange(decimal Low, decimal High);
