namespace Ledger.Projections.LineItemVersions;

/// <summary>One version of the line-item versions read model: where its rows live and how it is kept.</summary>
/// <param name="ShardName">Marten's name for the projection (and its progress row, when async).</param>
/// <param name="Alias">Its document alias: its table is mt_doc_{alias} in the ledger's schema.</param>
/// <param name="AddedFields">The row fields this version has that others may not: the differences a comparison expects.</param>
public sealed record ModelVersion(int Version, string ShardName, string Alias, bool Inline, IReadOnlyList<string> AddedFields)
{
    public string Table => $"{LedgerStoreOptions.SchemaName}.mt_doc_{Alias}";
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
