using System.Diagnostics;
using JasperFx.Events.Projections;
using Marten.Storage;

namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// One generation of the line-item versions read model: where its rows live and how it is kept. ("Generation", so that
/// "version" keeps meaning a line item's version; answers and routes still call it the projection's version.)
/// </summary>
/// <param name="ShardName">Marten's name for the projection (and its progress row, when async).</param>
/// <param name="Alias">Its document alias (its table is mt_doc_{alias} in the ledger's schema), or the name of its own table when narrow.</param>
/// <param name="AddedFields">The row fields this generation has that others may not: the differences a comparison expects.</param>
/// <param name="Narrow">One typed row per version in a table of its own, rather than a JSON document per bitemporal interval.</param>
public sealed record ModelGeneration(int Number, string ShardName, string Alias, bool Inline, IReadOnlyList<string> AddedFields, bool Narrow = false)
{
    public string Table => Narrow ? $"{LedgerStoreOptions.SchemaName}.{Alias}" : $"{LedgerStoreOptions.SchemaName}.mt_doc_{Alias}";

    /// <summary>How far this generation has applied the log: an inline one holds every committed event; an async one what its shard has applied.</summary>
    public Task<long> PositionAsync(IMartenDatabase database, CancellationToken cancellation) =>
        Inline
            ? database.FetchHighestEventSequenceNumber(cancellation)
            : database.ProjectionProgressFor(new ShardName(ShardName), cancellation);

    /// <summary>
    /// Waits, at most <paramref name="wait"/>, until this generation has applied the log up to <paramref name="target"/>,
    /// and returns where it got to. The daemon is woken on every append, so after a write this is tens of milliseconds.
    /// </summary>
    public async Task<long> CatchUpAsync(IMartenDatabase database, long target, TimeSpan wait, CancellationToken cancellation)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var position = await PositionAsync(database, cancellation);
            if (position >= target || waited.Elapsed > wait) return position;
            await Task.Delay(TimeSpan.FromMilliseconds(10), cancellation);
        }
    }
}

