using JasperFx.Events;
using Ledger.Domain.Filings;
using Ledger.Domain.LineItems;
using Ledger.Domain.Values;
using Ledger.Projections.LineItems;
using Marten;
using Marten.Events.Projections;

namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// Generation 3 of the line-item versions read model: one immutable typed row per version (<see cref="NarrowTables"/>),
/// inserted and never updated, since the intervals a version is in force for are derived by the as-of query rather than
/// stored. Each batch of events becomes at most two set-based statements (the versions and the filings' titles, as
/// <c>unnest</c> arrays) queued into the same unit of work as the events, so they commit or fail together, live and in a
/// rebuild alike. Nothing is read back: a confirmation, which names no line, takes its line from an earlier version of
/// the batch or, in SQL, from the line's first row.
/// </summary>
public sealed class LineItemVersionsGeneration3 : IProjection
{
    public const int Generation = 3;
    public const string ShardName = $"{LineItemVersionsModel.Name}-v3";

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        // Sized for the batch's line-item events (a filing's stored event holds many), so no column list grows by copying.
        var count = events.Sum(e => LineItemEvents.CountIn(e.Data));
        var versions = new VersionColumns(count);
        var filings = new List<FilingRecorded>();
        var lines = new Dictionary<string, LineItemIdentity>(count);
        foreach (var @event in events)
        {
            if (@event.Data is FilingRecorded filing) filings.Add(filing);
            // Microseconds only: what PostgreSQL keeps is what a rebuild will read back.
            var recordedAt = KnownTime.TruncateToMicroseconds(@event.Timestamp.ToUniversalTime());
            foreach (var lineEvent in RecordedLineItemEvent.In(@event))
            {
                if (VersionOfEvent.Of(lineEvent) is not { } brought) continue;
                // Keyed by the id the event carries: the identity's own is computed (and allocated) at each read.
                if (brought.Line is { } line) lines[lineEvent.LineItemId] = line;
                versions.Add(lineEvent.LineItemId, brought.Line ?? lines.GetValueOrDefault(lineEvent.LineItemId), brought.Version, recordedAt);
            }
        }
        if (filings.Count > 0)
            operations.QueueSqlCommand(InsertFilings, filings.Select(f => f.Entity).ToArray(), filings.Select(f => f.FilingId).ToArray(),
                filings.Select(f => f.Title).ToArray());
        if (versions.Count > 0) operations.QueueSqlCommand(InsertVersions, versions.Arrays());
        return Task.CompletedTask;
    }

    private static readonly string InsertFilings =
        $"insert into {NarrowTables.FilingsTable} (entity, filing_id, title) select * from unnest(?::text[], ?::text[], ?::text[])";

    private static readonly string InsertVersions = $"""
        insert into {NarrowTables.VersionsTable} (line_item_id, version, entity, concept, period, dimensions_key, nature, value, unit, decimals,
            share_basis_date, source, note, derived_from, range_low, range_high, cause, caused_by, reason, supersedes, known_from, recorded_at)
        select u.line_item_id, u.version, coalesce(u.entity, l.entity), coalesce(u.concept, l.concept), coalesce(u.period, l.period),
            coalesce(u.dimensions_key, l.dimensions_key), coalesce(u.nature, l.nature), u.value, u.unit, u.decimals, u.share_basis_date, u.source,
            u.note, u.derived_from, u.range_low, u.range_high, u.cause, u.caused_by, u.reason, u.supersedes, u.known_from, u.recorded_at
        from unnest(?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[], ?::int[], ?::date[],
            ?::text[], ?::text[], ?::text[], ?::numeric[], ?::numeric[], ?::text[], ?::text[], ?::text[], ?::int[], ?::timestamptz[], ?::timestamptz[])
            as u(line_item_id, version, entity, concept, period, dimensions_key, nature, value, unit, decimals, share_basis_date, source, note,
                 derived_from, range_low, range_high, cause, caused_by, reason, supersedes, known_from, recorded_at)
        left join lateral (select entity, concept, period, dimensions_key, nature from {NarrowTables.VersionsTable} x
                           where u.entity is null and x.line_item_id = u.line_item_id limit 1) l on true
        """;

    /// <summary>A batch's versions as one array per column, the shape <c>unnest</c> takes.</summary>
    private sealed class VersionColumns(int capacity)
    {
        private readonly List<string> _lineItemIds = new(capacity);
        private readonly List<int> _versions = new(capacity);
        private readonly List<string?> _entities = new(capacity), _concepts = new(capacity), _periods = new(capacity),
            _dimensionKeys = new(capacity), _natures = new(capacity), _units = new(capacity), _sources = new(capacity), _notes = new(capacity),
            _derivedFrom = new(capacity), _causes = new(capacity), _causedBy = new(capacity), _reasons = new(capacity);
        private readonly List<decimal> _values = new(capacity);
        private readonly List<decimal?> _rangeLows = new(capacity), _rangeHighs = new(capacity);
        private readonly List<int> _decimals = new(capacity);
        private readonly List<int?> _supersedes = new(capacity);
        private readonly List<DateOnly?> _shareBasisDates = new(capacity);
        private readonly List<DateTimeOffset> _knownFrom = new(capacity), _recordedAt = new(capacity);

        public int Count => _lineItemIds.Count;

        public void Add(string lineItemId, LineItemIdentity? line, LineItemVersion version, DateTimeOffset recordedAt)
        {
            var figure = version.Figure;
            _lineItemIds.Add(lineItemId);
            _versions.Add(version.Version);
            _entities.Add(line?.Entity);
            _concepts.Add(line?.Concept);
            _periods.Add(line?.Period);
            _dimensionKeys.Add(line is null ? null : Dimensions.Canonical(line.Dimensions));
            _natures.Add(line?.Nature.ToName());
            _values.Add(figure.Value);
            _units.Add(figure.Unit);
            _decimals.Add(figure.Decimals);
            _shareBasisDates.Add(figure.ShareBasisDate);
            _sources.Add(figure.Source);
            _notes.Add(figure.Note);
            _derivedFrom.Add(figure.DerivedFrom);
            _rangeLows.Add(figure.Range?.Low);
            _rangeHighs.Add(figure.Range?.High);
            _causes.Add(version.Cause.ToName());
            _causedBy.Add(version.CausedBy);
            _reasons.Add(version.Reason);
            _supersedes.Add(version.Supersedes);
            _knownFrom.Add(version.KnownFrom.ToUniversalTime());
            _recordedAt.Add(recordedAt);
        }

        // The lists themselves: Npgsql writes a list as an array, so no column is copied into one first (measured in a
        // rebuild: the copies were ~200 of the ~4,600 bytes allocated an event).
        public object[] Arrays() =>
        [
            _lineItemIds, _versions, _entities, _concepts, _periods, _dimensionKeys, _natures, _values, _units, _decimals, _shareBasisDates,
            _sources, _notes, _derivedFrom, _rangeLows, _rangeHighs, _causes, _causedBy, _reasons, _supersedes, _knownFrom, _recordedAt,
        ];
    }
}
