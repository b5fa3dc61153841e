namespace Ledger.Domain.Filings;

// The events of a filing stream (key: FilingStream.Key(entity, filingId)). A filing stream holds one event:
// the record of the filing, with what it did to each line item, so that a retry can be answered from it.

/// <summary>What a filing did to one line item, and the line item's stream version afterwards.</summary>
public sealed record FiledLineItem(string LineItemId, int Version, string Outcome);

/// <summary>A published document's facts were recorded, all at once.</summary>
public sealed record FilingRecorded(
    string FilingId,
    string Entity,
    string Title,
    DateTimeOffset KnownFrom,
    string ContentHash,
    IReadOnlyList<FiledLineItem> LineItems);

public static class FilingStream
{
    public static string Key(string entity, string filingId) => $"filing|{entity}|{filingId}";
}
