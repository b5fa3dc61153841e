using Marten;

namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// Generation 1 of the line-item versions read model, maintained inline: a reader who has just posted a filing sees it
/// in the next query, and the write side's stream-version check leans on it (see ThrowIfTheStreamMovedMeanwhile).
/// </summary>
public sealed class LineItemVersionsGeneration1 : LineItemVersionsProjection<LineItemVersionRow>
{
    public const int Generation = 1;
    public const string ShardName = LineItemVersionsModel.Name;

    protected override Task<IEnumerable<LineItemVersionRow>> ShapeAsync(
        IDocumentOperations operations, IReadOnlyList<LineItemVersionRow> rows, CancellationToken cancellation) =>
        Task.FromResult<IEnumerable<LineItemVersionRow>>(rows);
}
