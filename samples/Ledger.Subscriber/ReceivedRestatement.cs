using Ledger.Contracts;

namespace Ledger.Subscriber;

/// <summary>A restatement as this subscriber recorded it, keyed by its position in the ledger's log.</summary>
public sealed class ReceivedRestatement
{
    public long Position { get; set; }
    public required Restatement Restatement { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public int Deliveries { get; set; }
}
