using Ledger.Contracts;
using Ledger.Projections.LineItemVersions;

namespace Ledger.Api.Reading;

/// <summary>
/// What an answer was computed from: enough to ask the same question again and get the same answer.
/// <c>ProjectionVersion</c> is the generation of the line-item versions model that answered (its public name since the first release).
/// <c>Chain</c> is the head of the hash chain over the log when the answer was read (null before any event is chained):
/// a digest to keep, which <c>verify --digest</c> checks later.
/// </summary>
public sealed record ComputedFrom(
    DateTimeOffset AsOf, DateTimeOffset RecordedAsOf, string Basis, long EventLogPosition, string Projection, int ProjectionVersion, ChainLink? Chain = null)
{
    public static ComputedFrom Of(ReadingPoint point, VersionRows rows) =>
        new(point.AsOf, point.RecordedAsOf, point.Basis == Reading.Basis.Restated ? "restated" : "as-reported",
            rows.Position, LineItemVersionsModel.Name, rows.Generation, rows.Chain);
}
