using Ledger.Domain.Recording;

namespace Ledger.Domain.Filings;

// The events of a filing stream (key: FilingStream.Key(entity, filingId)). A filing stream holds one event:
// the record of the filing, with what it did to each line item, so that a retry can be answered from it.

/// <summary>What a filing did to one line item, and the line item's version afterwards.</summary>
public sealed record FiledLineItem(string LineItemId, int Version, string Outcome);

/// <summary>
/// The same line item printed again elsewhere in the filing at a coarser precision: what it printed, the figure
/// recorded for the line item, and whether the two agree once the recorded figure is rounded to the printed precision.
/// </summary>
public sealed record FiledPublication(
    string LineItemId, decimal Value, int Decimals, string Source, decimal RecordedValue, int RecordedDecimals, bool Consistent)
{
    /// <summary>Rounds half away from zero to <paramref name="decimals"/> (negative: tens, thousands…).</summary>
    public static decimal Round(decimal value, int decimals)
    {
        if (decimals >= 0) return decimal.Round(value, decimals, MidpointRounding.AwayFromZero);
        var unit = 1m;
        for (var i = 0; i < -decimals; i++) unit *= 10m;
        return decimal.Round(value / unit, 0, MidpointRounding.AwayFromZero) * unit;
    }
}

/// <summary>A published document's facts were recorded, all at once.</summary>
/// <param name="Publications">Other publications of its line items at coarser precisions; null when it has none.</param>
public sealed record FilingRecorded(
    string FilingId,
    string Entity,
    string Title,
    DateTimeOffset KnownFrom,
    string ContentHash,
    IReadOnlyList<FiledLineItem> LineItems,
    IReadOnlyList<FiledPublication>? Publications = null) : IRecordedCommand;

public static class FilingStream
{
    public static string Key(string entity, string filingId) => $"filing|{entity}|{filingId}";
}
