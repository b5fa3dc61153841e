using JasperFx.Events;
using Ledger.Domain.LineItems;
using Marten.Events.Aggregation;

namespace Ledger.Projections.LineItems;

/// <summary>
/// Each line item's write-side state, folded from its stream whenever a decision reads it (live, never stored, so no
/// rebuild can ever show a decision an empty or half-replayed state): a revision or a reclassification reads its streams
/// through <c>FetchForWriting</c>; a filing touching a hundred line items reads their events in one statement and folds
/// them itself (FilingWrite). The fold itself is the domain's <see cref="LineItem.Evolve"/>.
/// </summary>
public sealed class LineItemProjection : SingleStreamProjection<LineItem, string>
{
    public const string ProjectionName = "line-items";

    public LineItemProjection() => Name = ProjectionName;

    public override LineItem? Evolve(LineItem? snapshot, string id, IEvent e) =>
        e.Data is ILineItemEvent lineItemEvent ? LineItem.Evolve(snapshot, lineItemEvent) : snapshot;
}
