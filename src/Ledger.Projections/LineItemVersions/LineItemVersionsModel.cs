namespace Ledger.Projections.LineItemVersions;

/// <summary>The line-item versions read model, whatever its generation: the name operators and answers know it by.</summary>
public static class LineItemVersionsModel
{
    public const string Name = "line-item-versions";

    public static readonly IReadOnlyList<ModelGeneration> Generations =
    [
        new(LineItemVersionsGeneration1.Generation, LineItemVersionsGeneration1.ShardName, "line_item_versions", Inline: true, []),
        new(LineItemVersionsGeneration2.Generation, LineItemVersionsGeneration2.ShardName, "line_item_versions_v2", Inline: false,
            LineItemVersionRowGeneration2.AddedFields),
        // Inline like generation 1: its rows commit with the events, so it holds every committed event.
        new(LineItemVersionsGeneration3.Generation, LineItemVersionsGeneration3.ShardName, NarrowTables.Versions, Inline: true,
            LineItemVersionRowGeneration2.AddedFields, Narrow: true),
    ];

    public static ModelGeneration? Find(int generation) => Generations.FirstOrDefault(g => g.Number == generation);

    public static ModelGeneration Generation1 => Generations[0];
    public static ModelGeneration Generation2 => Generations[1];
    public static ModelGeneration Generation3 => Generations[2];
}
