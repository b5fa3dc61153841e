namespace Ledger.Projections.LineItemVersions;

/// <summary>The line-item versions read model, whatever its generation: the name operators and answers know it by.</summary>
public static class LineItemVersionsModel
{
    public const string Name = "line-item-versions";

    /// <summary>
    /// The generation that serves a database on which no switch was ever made: generation 3, the only one kept in the
    /// events' transaction (one set-based insert a batch, never a document a fact), so a reader sees what was just written.
    /// </summary>
    public const int FirstServing = LineItemVersionsGeneration3.Generation;

    public static readonly IReadOnlyList<ModelGeneration> Generations =
    [
        // The document generations are built by the async daemon, off the write path; either can serve after a checked switch.
        new(LineItemVersionsGeneration1.Generation, LineItemVersionsGeneration1.ShardName, "line_item_versions", Inline: false, []),
        new(LineItemVersionsGeneration2.Generation, LineItemVersionsGeneration2.ShardName, "line_item_versions_v2", Inline: false,
            LineItemVersionRowGeneration2.AddedFields),
        // Inline: its rows commit with the events, so it holds every committed event, and its key (line item, version)
        // is what refuses the second of two writers who decided the same version of a line item.
        new(LineItemVersionsGeneration3.Generation, LineItemVersionsGeneration3.ShardName, NarrowTables.Versions, Inline: true,
            LineItemVersionRowGeneration2.AddedFields, Narrow: true),
    ];

    public static ModelGeneration? Find(int generation) => Generations.FirstOrDefault(g => g.Number == generation);

    public static ModelGeneration Generation1 => Generations[0];
    public static ModelGeneration Generation2 => Generations[1];
    public static ModelGeneration Generation3 => Generations[2];
}
