using System.Collections.Concurrent;
using Ledger.Domain.Filings;
using Marten;

namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// Generation 2 of the line-item versions read model: generation 1's rows plus the title of the filing behind each
/// version. Maintained by the async daemon, so it can be built from the whole log beside generation 1 while generation 1
/// keeps answering, and switched to once it has caught up and compares equal.
/// </summary>
public sealed class LineItemVersionsGeneration2 : LineItemVersionsProjection<LineItemVersionRowGeneration2>
{
    public const int Generation = 2;
    public const string ShardName = $"{LineItemVersionsModel.Name}-v2";

    // A filing's title never changes once recorded, so one lookup per filing serves every later batch and rebuild.
    private readonly ConcurrentDictionary<string, string?> _titles = new();

    protected override async Task<IEnumerable<LineItemVersionRowGeneration2>> ShapeAsync(
        IDocumentOperations operations, IReadOnlyList<LineItemVersionRow> rows, CancellationToken cancellation)
    {
        foreach (var filing in rows.Where(FromAFiling).Select(FilingKey).Distinct().Where(k => !_titles.ContainsKey(k)))
            _titles[filing] = await TitleAsync(operations, filing, cancellation);
        return rows.Select(r => new LineItemVersionRowGeneration2(r, FromAFiling(r) ? _titles[FilingKey(r)] : null));
    }

    private static bool FromAFiling(LineItemVersionRow row) => row.Cause is "reported" or "restated";

    private static string FilingKey(LineItemVersionRow row) => FilingStream.Key(row.Entity, row.CausedBy);

    /// <summary>The filing's own record commits with its line items, so whoever sees a line item's event sees its filing.</summary>
    private static async Task<string?> TitleAsync(IDocumentOperations operations, string filingKey, CancellationToken cancellation) =>
        (await operations.RecordOfAsync<FilingRecorded>(filingKey, cancellation))?.Title;
}
