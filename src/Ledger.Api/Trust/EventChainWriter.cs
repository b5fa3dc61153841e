using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;

namespace Ledger.Api.Trust;

/// <summary>
/// Writes the hash chain: a Marten subscription run by the async daemon, so it sees the log in position order and
/// never past the high-water mark, which does not pass a sequence number whose transaction is still open. Its links
/// are queued on the daemon's operations and so commit in the same transaction as its checkpoint: a page is chained
/// once, completely, or not at all. It chains from the last stored link rather than from the checkpoint, so even a
/// rewound checkpoint neither chains an event twice nor leaves one out.
/// </summary>
public sealed class EventChainWriter : SubscriptionBase
{
    public const string SubscriptionName = "event-chain";

    // Every event, whatever its type: nothing in the log is outside the chain.
    public EventChainWriter() => Name = SubscriptionName;

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellation)
    {
        await using var connection = (NpgsqlConnection)operations.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        var (head, previous) = await ChainHead.ReadAsync(connection, cancellation);
        var positions = new List<long>();
        var hashes = new List<byte[]>();
        await foreach (var stored in ChainHead.EventsAsync(connection, head, page.SequenceCeiling, cancellation))
        {
            previous = EventChain.Link(previous, stored);
            positions.Add(stored.Position);
            hashes.Add(previous);
        }
        if (positions.Count > 0)
            operations.QueueSqlCommand($"insert into {EventChain.Table} (position, hash) select * from unnest(?::bigint[], ?::bytea[])",
                positions.ToArray(), hashes.ToArray());
        return NullChangeListener.Instance;
    }
}
