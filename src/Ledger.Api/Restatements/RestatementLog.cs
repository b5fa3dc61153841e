using JasperFx.Events;
using Ledger.Api.Reading;
using Ledger.Api.Trust;
using Ledger.Contracts;
using Ledger.Domain.LineItems;
using Ledger.Domain.Reclassifications;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Ledger.Projections.LineItemVersions;
using Ledger.Projections.ShareBasis;
using Marten;
using Marten.Events;

namespace Ledger.Api.Restatements;

/// <summary>
/// The restatement log, read straight from the event store in global-position order: every restatement by a
/// filing, revision, reclassification and share-basis change, with each line it changed old → new on both bases.
/// The event log is the source, so the log has exactly the ledger's order and no copy that could drift from it.
/// The same mapping feeds the HTTP pages, the SSE stream and the messages published through Wolverine.
/// </summary>
/// <summary>
/// A page of the log: the restatements mapped, and the positions of events that could not be (a figure recorded
/// before the ledger bounded values, whose restatement overflows). Those are parked, never a reason to stop.
/// </summary>
public sealed record LogPage(IReadOnlyList<Restatement> Restatements, IReadOnlyList<ParkedRestatement> Parked)
{
    /// <summary>The last position this page covers, mapped or parked: the next page starts after it.</summary>
    public long? LastPosition => Restatements.Select(r => (long?)r.Position).Concat(Parked.Select(p => (long?)p.Position)).Max();

    /// <summary>The high-water mark the page was read under: a page short of its limit holds every restatement up to it.</summary>
    public long Ceiling { get; init; }
}

/// <summary>An event of the log that cannot be shown as a restatement, and why.</summary>
public sealed record ParkedRestatement(long Position, string EventType, string Reason)
{
    public Exception? Error { get; init; }
    public IEvent? Event { get; init; }
}

public static class RestatementLog
{
    public static readonly Type[] RestatementEvents =
        [typeof(LineItemRestated), typeof(LineItemRevised), typeof(ShareBasisChanged), typeof(AmountReclassified)];

    /// <summary>
    /// A page after <paramref name="after"/>, never past the event store's high-water mark: a sequence number is
    /// taken before its transaction commits, so a later number can be visible while an earlier one is still in
    /// flight. Serving only up to the mark, which Marten's daemon advances once there are no gaps below it, means a
    /// reader resuming "after N" never skips an event that commits late.
    /// </summary>
    public static async Task<LogPage> ReadAsync(IQuerySession session, long after, int limit, CancellationToken cancellation)
    {
        var ceiling = await HighWaterMarkAsync(session, cancellation);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence > after && e.Sequence <= ceiling && e.EventTypesAre(RestatementEvents))
            .OrderBy(e => e.Sequence)
            .Take(limit)
            .ToListAsync(cancellation);
        return await MapAsync(session, events, cancellation) with { Ceiling = ceiling };
    }

    /// <summary>The latest restatements up to the high-water mark, newest first: where the pages' feed starts.</summary>
    public static async Task<IReadOnlyList<Restatement>> ReadLatestAsync(IQuerySession session, int limit, CancellationToken cancellation)
    {
        var ceiling = await HighWaterMarkAsync(session, cancellation);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Sequence <= ceiling && e.EventTypesAre(RestatementEvents))
            .OrderByDescending(e => e.Sequence)
            .Take(limit)
            .ToListAsync(cancellation);
        return (await MapAsync(session, events, cancellation)).Restatements;
    }

    public static async Task<long> HighWaterMarkAsync(IQuerySession session, CancellationToken cancellation) =>
        (await session.QueryAsync<long>(
            $"select coalesce(max(last_seq_id), 0) from {Ledger.Projections.LedgerStoreOptions.SchemaName}.mt_event_progression where name = 'HighWaterMark'",
            cancellation)).Single();

    /// <summary>
    /// Maps restatement events, in the order given, to the public contract; other events are passed over. An event
    /// whose arithmetic fails is parked with the reason and the rest go on: one bad record never stops the log.
    /// A database error is not the record's fault and still fails the page, to be read again.
    /// </summary>
    public static async Task<LogPage> MapAsync(IQuerySession session, IEnumerable<IEvent> events, CancellationToken cancellation)
    {
        var shareBasis = new Dictionary<string, ShareBasisHistory?>();
        var page = new List<Restatement>();
        var parked = new List<ParkedRestatement>();
        foreach (var @event in events.Where(e => RestatementEvents.Contains(e.Data.GetType())))
        {
            var entity = EntityOf(@event.Data);
            if (!shareBasis.TryGetValue(entity, out var history))
                shareBasis[entity] = history = await session.ShareBasisAsync(entity, cancellation);
            try
            {
                page.Add(await ToRestatementAsync(session, @event, history?.Splits ?? [], cancellation));
            }
            catch (Exception error) when (error is ArithmeticException or ArgumentException)
            {
                parked.Add(new ParkedRestatement(@event.Sequence, @event.EventTypeName, error.Message) { Error = error, Event = @event });
            }
        }
        return new LogPage(await WithChainAsync(session, page, cancellation), parked);
    }

    /// <summary>Each restatement carries the hash chain's link at its own position: the log through it, as an auditor can check it later.</summary>
    private static async Task<List<Restatement>> WithChainAsync(IQuerySession session, List<Restatement> page, CancellationToken cancellation)
    {
        if (page.Count == 0) return page;
        await using var connection = (Npgsql.NpgsqlConnection)session.Database.CreateConnection();
        await connection.OpenAsync(cancellation);
        var links = await ChainHead.AtAsync(connection, page.Select(r => r.Position).ToList(), cancellation);
        return page.Select(r => r with { Chain = links.GetValueOrDefault(r.Position) }).ToList();
    }

    private static string EntityOf(object data) => data switch
    {
        LineItemRestated e => e.Line.Entity,
        LineItemRevised e => e.Line.Entity,
        ShareBasisChanged e => e.Entity,
        AmountReclassified e => e.Entity,
        _ => throw new ArgumentOutOfRangeException(nameof(data), data.GetType().Name, "not a restatement"),
    };

    private static async Task<Restatement> ToRestatementAsync(IQuerySession session, IEvent @event, IReadOnlyList<ShareSplit> splits, CancellationToken cancellation)
    {
        var recordedAt = KnownTime.TruncateToMicroseconds(@event.Timestamp.ToUniversalTime());
        var restatement = @event.Data switch
        {
            LineItemRestated e => new Restatement(@event.Sequence, e.Line.Entity, Restatement.Restated, e.FilingId, e.KnownFrom, recordedAt, null,
                [LineChange(e.Line, e.Previous, e.Figure, e.KnownFrom, recordedAt, splits)]),
            LineItemRevised e => new Restatement(@event.Sequence, e.Line.Entity, Restatement.Revised, e.RevisionId, e.KnownFrom, recordedAt, e.Reason,
                [LineChange(e.Line, e.Previous, e.Figure, e.KnownFrom, recordedAt, splits)]),
            ShareBasisChanged e => await SplitAsync(session, @event.Sequence, e, recordedAt, splits, cancellation),
            AmountReclassified e => new Restatement(@event.Sequence, e.Entity, Restatement.Reclassified, e.ReclassificationId, e.KnownFrom, recordedAt, e.Reason,
                [LineChange(e.From.Line, e.From.Previous, e.From.Figure, e.KnownFrom, recordedAt, splits),
                 LineChange(e.To.Line, e.To.Previous, e.To.Figure, e.KnownFrom, recordedAt, splits)]),
            _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.EventTypeName, "not a restatement"),
        };
        return restatement with { RecordedBy = @event.UserName };
    }

    private static RestatedLine LineChange(LineItemIdentity line, Figure? previous, Figure figure, DateTimeOffset knownFrom, DateTimeOffset recordedAt, IReadOnlyList<ShareSplit> splits)
    {
        LineValue Restated(Figure f) => Value(ShareBasisAdjustment.Restate(f.Value, f.Decimals, Unit.Parse(f.Unit), f.ShareBasisDate, splits, knownFrom, recordedAt));
        return new RestatedLine(line.Id, line.Concept, line.Period, line.Dimensions, line.Nature.ToName(), figure.Unit,
            previous is null ? null : new LineValue(previous.Value, previous.Decimals, previous.ShareBasisDate),
            new LineValue(figure.Value, figure.Decimals, figure.ShareBasisDate),
            previous is null ? null : Restated(previous),
            Restated(figure));
    }

    /// <summary>A split changes, on the restated basis, every per-share and share-count line then in force on an earlier basis.</summary>
    private static async Task<Restatement> SplitAsync(
        IQuerySession session, long position, ShareBasisChanged e, DateTimeOffset recordedAt, IReadOnlyList<ShareSplit> splits, CancellationToken cancellation)
    {
        var split = splits.Single(s => s.SplitId == e.SplitId);
        var before = splits.Where(s => s.SplitId != e.SplitId).ToList();
        var point = new ReadingPoint(split.InForceFrom, recordedAt, Basis.Restated);
        // The serving generation, which no rebuild may touch: a standby may be mid-rebuild, and the log must never change.
        var serving = (await session.LoadAsync<ServingGeneration>(LineItemVersionsModel.Name, cancellation))?.Version ?? LineItemVersionsModel.FirstServing;
        var found = await LineItemVersionsReader.InForceAsync(
            session, serving, e.Entity, point, new LineFilter(ShareBasisBefore: e.EffectiveOn), cancellation);
        var rows = found.Rows.OrderBy(r => r.LineItemId, StringComparer.Ordinal);

        var lines = rows.Where(r => Unit.Parse(r.Unit).HasShareBasis).Select(r =>
        {
            var unit = Unit.Parse(r.Unit);
            var reported = new LineValue(r.Value, r.Decimals, r.ShareBasisDate);
            var old = ShareBasisAdjustment.Restate(r.Value, r.Decimals, unit, r.ShareBasisDate, before, split.InForceFrom, recordedAt);
            var @new = ShareBasisAdjustment.Restate(r.Value, r.Decimals, unit, r.ShareBasisDate, splits, split.InForceFrom, recordedAt);
            return new RestatedLine(r.LineItemId, r.Concept, r.Period, r.Dimensions, r.Nature, r.Unit, reported, reported, Value(old), Value(@new));
        }).ToList();
        return new Restatement(position, e.Entity, Restatement.Split, e.SplitId, split.InForceFrom, recordedAt,
            $"{e.From}:{e.To} share-basis change effective {e.EffectiveOn:yyyy-MM-dd}", lines);
    }

    private static LineValue Value(AdjustedValue adjusted) => new(adjusted.Value, adjusted.Decimals, adjusted.ShareBasisDate);
}
