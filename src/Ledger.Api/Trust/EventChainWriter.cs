using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Npgsql;

namespace Ledger.Api.Trust;

/// <summary>
/// Writes the hash chain: a Marten subscription run by the async daemon, so it sees the log in position order. Its links
/// are queued on the daemon's operations and so commit in the same transaction as its checkpoint: a page is chained
/// once, completely, or not at all. It chains from the last stored link rather than from the checkpoint, so even a
/// rewound checkpoint neither chains an event twice nor leaves one out. The daemon's high-water mark gives up on a gap
/// it has waited for a few seconds; the chain does not rely on that guess: at a missing position it waits for every
/// transaction then appending to end (<see cref="OpenAppends"/>), reads again, and only then passes a position still missing.
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
        var (positions, hashes) = await NextLinksAsync(connection, page.SequenceCeiling, cancellation);
        if (positions.Length > 0)
            operations.QueueSqlCommand($"insert into {EventChain.Table} (position, hash) select * from unnest(?::bigint[], ?::bytea[])",
                positions, hashes);
        return NullChangeListener.Instance;
    }

    /// <summary>The links from the last stored one through <paramref name="ceiling"/>, in position order, none past a gap that may still fill.</summary>
    public static async Task<(long[] Positions, byte[][] Hashes)> NextLinksAsync(NpgsqlConnection connection, long ceiling, CancellationToken cancellation)
    {
        var (head, previous) = await ChainHead.ReadAsync(connection, cancellation);
        var positions = new List<long>();
        var hashes = new List<byte[]>();
        var missingSettledThrough = head;
        while (true)
        {
            var gap = 0L;
            await foreach (var stored in ChainHead.EventsAsync(connection, head, ceiling, cancellation))
            {
                if (stored.Position > head + 1 && stored.Position - 1 > missingSettledThrough)
                {
                    gap = stored.Position - 1;
                    break;
                }
                previous = EventChain.Link(previous, stored);
                head = stored.Position;
                positions.Add(head);
                hashes.Add(previous);
            }
            if (gap == 0) return ([.. positions], [.. hashes]);
            // Positions head+1..gap were handed out before the event after them, which has committed: whoever holds
            // one is appending now. Once those transactions end, a position still missing was rolled back.
            await OpenAppends.DrainAsync(connection, cancellation);
            missingSettledThrough = gap;
        }
    }
}
