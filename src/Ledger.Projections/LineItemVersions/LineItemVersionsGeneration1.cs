using Marten;

namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// Generation 1 of the line-item versions read model: a JSON document per bitemporal interval. It served first and was
/// kept inline until generation 3 took its place; now the async daemon builds it, off the write path, as a standby that a
/// checked switch can still make serve.
/// </summary>
public sealed class LineItemVersionsGeneration1 : LineItemVersionsProjection<LineItemVersionRow>
{
    public const int Generation = 1;
    public const string ShardName = LineItemVersionsModel.Name;

    protected override Task<IEnumerable<LineItemVersionRow>> ShapeAsync(
        IDocumentOperations operations, IReadOnlyList<LineItemVersionRow> rows, CancellationToken cancellation) =>
        Task.FromResult<IEnumerable<LineItemVersionRow>>(rows);
}
