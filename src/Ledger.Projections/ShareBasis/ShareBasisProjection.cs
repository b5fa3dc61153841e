using JasperFx.Events;
using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;
using Marten.Events.Aggregation;

namespace Ledger.Projections.ShareBasis;

/// <summary>
/// An entity's share-basis changes, folded from its stream whenever they are read (live, never stored): checked by the
/// split endpoint for idempotency and read by every query that shows per-share or share-count figures on the restated basis.
/// </summary>
public sealed class ShareBasisProjection : SingleStreamProjection<ShareBasisHistory, string>
{
    public const string ProjectionName = "share-basis";

    public ShareBasisProjection() => Name = ProjectionName;

    public override ShareBasisHistory? Evolve(ShareBasisHistory? snapshot, string id, IEvent e) =>
        e.Data is ShareBasisChanged changed
            ? ShareBasisHistory.Evolve(snapshot, changed, KnownTime.TruncateToMicroseconds(e.Timestamp.ToUniversalTime()), e.UserName)
            : snapshot;
}
