using Ledger.Domain.LineItems;
using Ledger.Domain.Recording;

namespace Ledger.Domain.Reclassifications;

/// <summary>The record of a reclassification in its own stream: its idempotency key and both halves, old → new.</summary>
public sealed record AmountReclassified(string Entity, string ReclassificationId, DateTimeOffset KnownFrom, string Reason, decimal Amount,
    LineItemReclassified From, LineItemReclassified To, string ContentHash) : IRecordedCommand;

public static class ReclassificationStream
{
    public static string Key(string entity, string reclassificationId) => $"reclassification|{entity}|{reclassificationId}";
}
