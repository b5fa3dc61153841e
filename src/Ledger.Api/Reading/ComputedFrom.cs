using Ledger.Projections.LineItemVersions;

namespace Ledger.Api.Reading;

/// <summary>
/// What an answer was computed from: enough to ask the same question again and get the same answer.
/// <c>ProjectionVersion</c> is the generation of the line-item versions model that answered (its public name since the first release).
/// </summary>
public sealed record ComputedFrom(DateTimeOffset AsOf, DateTimeOffset RecordedAsOf, string Basis, long EventLogPosition, string Projection, int ProjectionVersion)
{
    public static ComputedFrom Of(ReadingPoint point, VersionRows rows) =>
        new(point.AsOf, point.RecordedAsOf, point.Basis == Reading.Basis.Restated ? "restated" : "as-reported",
            rows.Position, LineItemVersionsModel.Name, rows.Generation);
}
