using System.Diagnostics;
using JasperFx.Events.Projections;
using Marten.Storage;

namespace Ledger.Projections.LineItemVersions;

/// <summary>One version of the line-item versions read model: where its rows live and how it is kept.</summary>
/// <param name="ShardName">Marten's name for the projection (and its progress row, when async).</param>
/// <param name="Alias">Its document alias: its table is mt_doc_{alias} in the ledger's schema.</param>
/// <param name="AddedFields">The row fields this version has that others may not: the differences a comparison expects.</param>
public sealed record ModelVersion(int Version, string ShardName, string Alias, bool Inline, IReadOnlyList<string> AddedFields)
{
    public string Table => $"{LedgerStoreOptions.SchemaName}.mt_doc_{Alias}";

    /// <summary>How far this version has applied the log: an inline one holds every committed event; an async one what its shard has applied.</summary>
    public Task<long> PositionAsync(IMartenDatabase database, CancellationToken cancellation) =>
        Inline
            ? database.FetchHighestEventSequenceNumber(cancellation)
            : database.ProjectionProgressFor(new ShardName(ShardName), cancellation);

    /// <summary>
    /// Waits, at most <paramref name="wait"/>, until this version has applied the log up to <paramref name="target"/>,
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

/// <summary>The line-item versions read model, whatever its version: the name operators and answers know it by.</summary>
public static class LineItemVersionsModel
{
    public const string Name = "line-item-versions";

    public static readonly IReadOnlyList<ModelVersion> Versions =
    [
        new(LineItemVersionsV1.Version, LineItemVersionsV1.ShardName, "line_item_versions", Inline: true, []),
        new(LineItemVersionsV2.Version, LineItemVersionsV2.ShardName, "line_item_versions_v2", Inline: false,
            LineItemVersionRowV2.AddedFields),
    ];

    public static ModelVersion? Find(int version) => Versions.FirstOrDefault(v => v.Version == version);

    public static ModelVersion V1 => Versions[0];
    public static ModelVersion V2 => Versions[1];
}
