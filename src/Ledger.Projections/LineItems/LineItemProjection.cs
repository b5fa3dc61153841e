using JasperFx.Events;
using Ledger.Domain.LineItems;
using Marten.Events.Aggregation;

namespace Ledger.Projections.LineItems;

/// <summary>
/// The inline snapshot of each line item's write-side state, so that a filing touching a hundred line items
/// loads them in one query (<c>FetchManyForWriting</c>) instead of replaying a hundred streams.
/// The fold itself is the domain's <see cref="LineItem.Evolve"/>.
/// </summary>
public sealed class LineItemProjection : SingleStreamProjection<LineItem, string>
{
    public const string ProjectionName = "line-items";

    public LineItemProjection() => Name = ProjectionName;

    public override LineItem? Evolve(LineItem? snapshot, string id, IEvent e) =>
        e.Data is ILineItemEvent lineItemEvent ? LineItem.Evolve(snapshot, lineItemEvent) : snapshot;
}
