using JasperFx.Events;
using Ledger.Domain.LineItems;
using Marten;
using Marten.Events.Projections;
using Marten.Services.BatchQuerying;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace Ledger.Projections.LineItems;

/// <summary>
/// Where each version of each line item was recorded: one immutable row (line item, version, stream, position in the
/// stream of the stored event holding it) per line-item event, inserted set-based (one <c>unnest</c> statement a batch) in the events' transaction. A command
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
        table.AddColumn<int>("stream_version").NotNull();
        return table;
    }

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var lineEvents = RecordedLineItemEvent.In(events).ToList();
        if (lineEvents.Count > 0)
            operations.QueueSqlCommand(
                $"insert into {LogTable} (line_item_id, version, stream_id, stream_version) select * from unnest(?::text[], ?::int[], ?::text[], ?::int[])",
                lineEvents.Select(e => e.LineItemId).ToArray(), lineEvents.Select(e => e.Version).ToArray(),
                lineEvents.Select(e => e.Stored.StreamKey!).ToArray(), lineEvents.Select(e => (int)e.Stored.Version).ToArray());
        return Task.CompletedTask;
    }

    /// <summary>
    /// The line items' events, each line item's in version order: where they are, found in the log, then the stored
    /// events holding them in one statement (by stream and position: a line item sits at the same place in most filings
    /// that report it), out of which each line item's own are taken.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<RecordedLineItemEvent>>> EventsOfAsync(IQuerySession session,
        IReadOnlyCollection<string> ids, CancellationToken cancellation) =>
        await EventsAtAsync(session, await session.QueryAsync<LineItemPlace>(PlacesSql, cancellation, [ids.ToArray()]), ids, cancellation);

    /// <summary>Where the line items' events are, asked in a batch beside a command's other reads (one round trip).</summary>
    public static Task<IReadOnlyList<LineItemPlace>> PlacesOf(IBatchedQuery batch, IReadOnlyCollection<string> ids) =>
        batch.Query<LineItemPlace>(PlacesSql, [ids.ToArray()]);

    private static readonly string PlacesSql =
        $"select json_build_object('streamId', stream_id, 'streamVersion', stream_version) from {LogTable} where line_item_id = any(?)";

    /// <summary>The line items' events, in version order, read from the places the log gave.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<RecordedLineItemEvent>>> EventsAtAsync(IQuerySession session,
        IReadOnlyList<LineItemPlace> places, IReadOnlyCollection<string> ids, CancellationToken cancellation)
    {
        if (places.Count == 0) return new Dictionary<string, IReadOnlyList<RecordedLineItemEvent>>();
        var (streams, positions) = (places.Select(p => p.StreamId).Distinct().ToArray(), places.Select(p => (long)p.StreamVersion).Distinct().ToArray());
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey!.IsOneOf(streams) && e.Version.IsOneOf(positions))
            .ToListAsync(cancellation);
        return RecordedLineItemEvent.In(events)
            .Where(e => wanted.Contains(e.LineItemId))
            .GroupBy(e => e.LineItemId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<RecordedLineItemEvent>)g.OrderBy(e => e.Version).ToList());
    }

    /// <summary>The line items' write-side states, folded from their events by the domain's own <see cref="LineItem.Evolve"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, LineItem>> StatesOfAsync(IQuerySession session, IReadOnlyCollection<string> ids,
        CancellationToken cancellation) =>
        States(await EventsOfAsync(session, ids, cancellation));

    /// <summary>The same, from the places a batch found (<see cref="PlacesOf"/>).</summary>
    public static async Task<IReadOnlyDictionary<string, LineItem>> StatesAtAsync(IQuerySession session, IReadOnlyList<LineItemPlace> places,
        IReadOnlyCollection<string> ids, CancellationToken cancellation) =>
        States(await EventsAtAsync(session, places, ids, cancellation));

    private static IReadOnlyDictionary<string, LineItem> States(IReadOnlyDictionary<string, IReadOnlyList<RecordedLineItemEvent>> events) =>
        events.Values
            .Select(line => LineItem.Replay(line.Select(e => e.Event)))
            .OfType<LineItem>()
            .ToDictionary(item => item.Id);
}

/// <summary>Where a line-item event is: the stream and position of the stored event holding it.</summary>
public sealed record LineItemPlace(string StreamId, int StreamVersion);
