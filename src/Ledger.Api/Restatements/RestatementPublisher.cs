using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Api.Http;
using Ledger.Api.Telemetry;
using Ledger.Domain.LineItems;
using Ledger.Domain.Reclassifications;
using Ledger.Domain.ShareBasis;
using Marten;
using Wolverine;
using Wolverine.Marten.Subscriptions;

namespace Ledger.Api.Restatements;

/// <summary>
/// Publishes every restatement to subscribers through Wolverine. It is a Marten event subscription run by the
/// async daemon: it reads committed events in global order, and the messages it publishes are stored in
/// Wolverine's outbox in the same transaction that advances its progress. So an event that commits is
/// published at least once, even across restarts, and an append that is rolled back publishes nothing.
/// </summary>
public sealed class RestatementPublisher : BatchSubscription
{
    public const string Name = "restatement-publisher";

    public RestatementPublisher() : base(Name)
    {
        foreach (var type in RestatementLog.RestatementEvents) IncludeType(type);
    }

    public override async Task ProcessEventsAsync(EventRange page, ISubscriptionController controller, IDocumentOperations operations,
        IMessageBus bus, CancellationToken cancellation)
    {
        var events = page.Events.Where(e => RestatementLog.RestatementEvents.Contains(e.Data.GetType())).ToDictionary(e => e.Sequence);
        var mapped = await RestatementLog.MapAsync(operations, events.Values, cancellation);
        foreach (var restatement in mapped.Restatements)
        {
            // The span continues the trace of the request that appended the event, so one filing is one trace.
            using var span = LedgerTelemetry.StartFrom("restatement publish", events[restatement.Position].Headers);
            span?.SetTag("ledger.entity", restatement.Entity);
            span?.SetTag("ledger.restatement.position", restatement.Position);
            await bus.PublishAsync(restatement);
        }
        // What cannot be published is parked in Marten's dead-letter table with its reason, and delivery goes on
        // for every other entity; readiness and GET /api/admin/restatements/parked show it.
        foreach (var parked in mapped.Parked)
            await controller.RecordDeadLetterEventAsync(parked.Event!, parked.Error!);
    }
}
