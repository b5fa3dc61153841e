using JasperFx.Events;
using Ledger.Domain.LineItems;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Ledger.Projections.LineItems;

/// <summary>
/// Where each version of each line item was recorded: one immutable row (line item, version, stream) per line-item
/// event, inserted set-based (one <c>unnest</c> statement a batch) in the same transaction as the events. A command
/// appends all its events to its own stream in one call (a filing's 200 facts are one append, not 200), so this log
/// is what finds a line item's events across those streams, and its key is the racers' guard: of two writers who both
/// decided version n+1 of a line item, the second to commit fails here and nothing of it is recorded.
/// </summary>
/// <remarks>
/// Inline, like generation 3 of the versions model, and rebuilt the same way (offline, <c>projections rebuild -p
/// line-item-log</c>): a store recorded before this log existed is indexed by that rebuild, its per-line-item streams
/// included (their events carry no version: their stream position is it).
/// </remarks>
public sealed class LineItemLog : IProjection
{
    public const string ShardName = "line-item-log";
    public const string Log = "line_item_log";
    public static string LogTable => $"{LedgerStoreOptions.SchemaName}.{Log}";

    public static Table Schema()
    {
        var table = new Table(new PostgresqlObjectName(LedgerStoreOptions.SchemaName, Log, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("line_item_id").AsPrimaryKey();
        table.AddColumn<int>("version").AsPrimaryKey();
        table.AddColumn<string>("stream_id").NotNull();
        return table;
    }

    /// <summary>The line item's version an event makes: carried by the event, or its position in a line item's own stream.</summary>
    public static int VersionOf(IEvent @event) => ((ILineItemEvent)@event.Data).Version ?? (int)@event.Version;

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var lineEvents = events.Where(e => e.Data is ILineItemEvent).ToList();
        if (lineEvents.Count > 0)
            operations.QueueSqlCommand($"insert into {LogTable} (line_item_id, version, stream_id) select * from unnest(?::text[], ?::int[], ?::text[])",
                lineEvents.Select(e => ((ILineItemEvent)e.Data).LineItemId).ToArray(), lineEvents.Select(VersionOf).ToArray(),
                lineEvents.Select(e => e.StreamKey!).ToArray());
        return Task.CompletedTask;
    }

    /// <summary>
    /// The line items' events, each line item's in version order: the streams that hold them, found in the log, then
    /// those streams' events in one statement (a filing's line items were mostly reported together, so few streams).
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<IEvent>>> EventsOfAsync(IQuerySession session, IReadOnlyCollection<string> ids,
        CancellationToken cancellation)
    {
        var streams = await session.QueryAsync<string>($"select distinct stream_id from {LogTable} where line_item_id = any(?)", cancellation,
            [ids.ToArray()]);
        if (streams.Count == 0) return new Dictionary<string, IReadOnlyList<IEvent>>();
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.IsOneOf(streams.ToArray()))
            .ToListAsync(cancellation);
        return events
            .Where(e => e.Data is ILineItemEvent line && wanted.Contains(line.LineItemId))
            .GroupBy(e => ((ILineItemEvent)e.Data).LineItemId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<IEvent>)g.OrderBy(VersionOf).ToList());
    }

    /// <summary>The line items' write-side states, folded from their events by the domain's own <see cref="LineItem.Evolve"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, LineItem>> StatesOfAsync(IQuerySession session, IReadOnlyCollection<string> ids,
        CancellationToken cancellation) =>
        (await EventsOfAsync(session, ids, cancellation)).Values
            .Select(events => LineItem.Replay(events.Select(e => (ILineItemEvent)e.Data)))
            .OfType<LineItem>()
            .ToDictionary(item => item.Id);
}
