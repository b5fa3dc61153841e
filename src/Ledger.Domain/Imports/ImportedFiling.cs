using Ledger.Domain.Filings;
using Ledger.Domain.Values;

namespace Ledger.Domain.Imports;

/// <summary>
/// One filing read from an imported document, ready to record through the ordinary filing path, or the reasons
/// it cannot be (<see cref="Refusal"/>), named by accession and fact so that nothing of it is recorded.
/// </summary>
public sealed record ImportedFiling(string Accession, FilingInput Filing, Rejections? Refusal = null)
{
    public int FactCount => Filing.Facts?.Count ?? 0;
}

/// <summary>How many digits a published number was written with: companyfacts and some reports carry no precision.</summary>
public static class WrittenPrecision
{
    /// <summary>
    /// The decimals implied by the digits written: the places after the point (7.54 → 2), or minus the trailing
    /// zeros of a whole number (882,800,000 → -5). A value written in millions that happens to end in a further
    /// zero (1,470 million) reads one place coarser than it was meant; the consistency rule then treats it so.
    /// </summary>
    public static int Of(decimal value)
    {
        if (value.Scale > 0) return Math.Min((int)value.Scale, LineItems.FactRules.MaxDecimals);
        if (value == 0m) return 0;
        var zeros = 0;
        var whole = decimal.Truncate(value);
        while (zeros < -LineItems.FactRules.MinDecimals && whole % 10m == 0m)
        {
            whole /= 10m;
            zeros++;
        }
        return -zeros;
    }
}
