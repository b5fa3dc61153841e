namespace Ledger.Domain.LineItems;

// The events of a line item. Each names its line item, each that brings a value carries the whole line, so that a read
// model can be built from any one event, and each carries the line item's version it makes. They are appended to the
// stream of the command that caused them (a filing's, a revision's, a reclassification's), one append per command;
// the line-item log (Ledger.Projections.LineItems.LineItemLog) finds a line item's events and guards its versions.
// A filing's first reports and confirmations travel together in one stored event (LineItemsFiled); every reader takes
// the line-item events out of a stored event with LineItemEvents.In, whichever shape it was stored in.

/// <summary>Marks the events of a line item.</summary>
public interface ILineItemEvent
{
    string LineItemId { get; }
    DateTimeOffset KnownFrom { get; }

    /// <summary>
    /// The line item's version this event makes (1 for its first event). Null in events recorded when each line item
    /// had a stream of its own, whose position in that stream is their version.
    /// </summary>
    int? Version { get; }
}

/// <summary>Marks the line-item events that carry the whole line (all but a confirmation, which names only its id).</summary>
public interface ICarriesLine : ILineItemEvent
{
    LineItemIdentity Line { get; }
}

/// <summary>A filing reported a value for a line item the ledger had not seen as of that filing's known time.</summary>
public sealed record LineItemReported(
    string LineItemId, LineItemIdentity Line, Figure Figure, string FilingId, DateTimeOffset KnownFrom, int? Version = null) : ICarriesLine;

/// <summary>
/// A later filing reported the value already known, exactly or within rounding (a prior-year comparative, an
/// amendment repeating it): no restatement, but a publication kept with what it printed (<paramref name="Figure"/>:
/// its value, precision, share basis and source). Confirmations recorded before publications were kept carry no figure.
/// </summary>
public sealed record LineItemConfirmed(
    string LineItemId, string FilingId, DateTimeOffset KnownFrom, string Source, int ConfirmedVersion, Figure? Figure = null, int? Version = null) : ILineItemEvent;

/// <summary>
/// A later filing reported a different value for a known line item: a restatement of version
/// <paramref name="Supersedes"/>, whose figure it names so that subscribers see old → new.
/// </summary>
public sealed record LineItemRestated(
    string LineItemId, LineItemIdentity Line, Figure Figure, string FilingId, DateTimeOffset KnownFrom, int Supersedes, Figure Previous, int? Version = null) : ICarriesLine;

/// <summary>A new value for a line item outside any filing: a forecast revision or an error correction, with its reason.</summary>
public sealed record LineItemRevised(
    string LineItemId, LineItemIdentity Line, Figure Figure, string RevisionId, DateTimeOffset KnownFrom, string Reason, int? Supersedes, Figure? Previous, int? Version = null) : ICarriesLine;

/// <summary>
/// A presentation change moved <paramref name="Amount"/> out of (negative) or into (positive) this line item,
/// against <paramref name="CounterpartLineItemId"/>; both halves commit together under one reclassification id.
/// </summary>
public sealed record LineItemReclassified(
    string LineItemId, LineItemIdentity Line, Figure Figure, string ReclassificationId, DateTimeOffset KnownFrom, string Reason,
    int Supersedes, Figure Previous, string CounterpartLineItemId, decimal Amount, int? Version = null) : ICarriesLine;

/// <summary>
/// A filing's first reports and confirmations, stored as one event: they are most of what a filing brings (200 facts,
/// 180 of them new or repeated), and one stored event for them rather than one each is what lets an append keep pace
/// with PostgreSQL (measured in the README's "The write path"). A restatement stays an event of its own, since each is an
/// entry of the public restatement log, with a position and a hash-chain link of its own. Each line item appears at
/// most once (a filing names a line item once) and every event carries its version.
/// </summary>
public sealed record LineItemsFiled(string FilingId, IReadOnlyList<LineItemReported> Reported, IReadOnlyList<LineItemConfirmed> Confirmed)
{
    /// <summary>The line-item events held, first reports then confirmations.</summary>
    public IEnumerable<ILineItemEvent> Unpack() => Reported.Concat<ILineItemEvent>(Confirmed);
}

/// <summary>The one way to read line-item events out of a stored event, whichever shape it was stored in.</summary>
public static class LineItemEvents
{
    /// <returns>The event itself if it is a line item's, the events it holds if it is a <see cref="LineItemsFiled"/>, else none.</returns>
    public static IEnumerable<ILineItemEvent> In(object data) => data switch
    {
        ILineItemEvent single => [single],
        LineItemsFiled filed => filed.Unpack(),
        _ => [],
    };

    /// <summary>How many line-item events a stored event holds, without taking them out.</summary>
    public static int CountIn(object data) => data switch
    {
        ILineItemEvent => 1,
        LineItemsFiled filed => filed.Reported.Count + filed.Confirmed.Count,
        _ => 0,
    };

    /// <summary>
    /// The events a command's line-item events are stored as: first reports and confirmations together in one
    /// <see cref="LineItemsFiled"/> (when there are any), each restatement on its own after it.
    /// </summary>
    public static IEnumerable<object> Stored(string filingId, IReadOnlyList<ILineItemEvent> events)
    {
        var (reported, confirmed) = (events.OfType<LineItemReported>().ToList(), events.OfType<LineItemConfirmed>().ToList());
        if (reported.Count + confirmed.Count > 0) yield return new LineItemsFiled(filingId, reported, confirmed);
        foreach (var other in events.Where(e => e is not (LineItemReported or LineItemConfirmed))) yield return other;
    }
}
