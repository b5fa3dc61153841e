using Ledger.Contracts;
using Marten;
using Microsoft.Extensions.Logging;

namespace Ledger.Subscriber;

/// <summary>
/// Handles each restatement once. Delivery is at least once, so the position in the ledger's log is the
/// idempotency key: a redelivered message finds its record and changes nothing but the delivery count.
/// </summary>
public static class RestatementHandler
{
    public static async Task Handle(Restatement message, IDocumentSession session, TimeProvider clock, SubscriberSettings settings, ILogger logger,
        CancellationToken cancellation)
    {
        logger.LogInformation("Restatement {Position} received", message.Position);
        // The record commits when the handler returns: a process that dies before then has recorded nothing, and the
        // message, still in the inbox, is delivered again.
        if (settings.ProcessingDelay > TimeSpan.Zero) await Task.Delay(settings.ProcessingDelay, clock, cancellation);
        var known = await session.LoadAsync<ReceivedRestatement>(message.Position);
        if (known is not null)
        {
            known.Deliveries++;
            session.Store(known);
            logger.LogInformation("Restatement {Position} delivered again; already handled", message.Position);
            return;
        }

        session.Store(new ReceivedRestatement { Position = message.Position, Restatement = message, ReceivedAt = clock.GetUtcNow(), Deliveries = 1 });
        foreach (var line in message.Lines)
            logger.LogInformation("Restatement {Position} {Kind} {Id}: {Line} {Old} -> {New}", message.Position, message.Kind,
                message.RestatementId, line.LineItemId, line.OldRestated?.Value, line.NewRestated.Value);
    }
}
