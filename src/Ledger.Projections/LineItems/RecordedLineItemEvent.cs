using JasperFx.Events;
using Ledger.Domain.LineItems;

namespace Ledger.Projections.LineItems;

/// <summary>
/// A line-item event as recorded: the event, the line item's version it makes, and the stored event it came out of
/// (whose time, position and author it shares with the other line-item events stored in it).
/// </summary>
public sealed record RecordedLineItemEvent(ILineItemEvent Event, int Version, IEvent Stored)
{
    public string LineItemId => Event.LineItemId;

    /// <summary>
    /// The line-item events a stored event holds (<see cref="LineItemEvents.In"/>), each with its version: carried by the
    /// event, or, for one stored in a line item's own stream before events carried it, its position in that stream.
    /// </summary>
    public static IEnumerable<RecordedLineItemEvent> In(IEvent stored) =>
        LineItemEvents.In(stored.Data).Select(e => new RecordedLineItemEvent(e, e.Version ?? (int)stored.Version, stored));

    public static IEnumerable<RecordedLineItemEvent> In(IEnumerable<IEvent> stored) => stored.SelectMany(In);
}
