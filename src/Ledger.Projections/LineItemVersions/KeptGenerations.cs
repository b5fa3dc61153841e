using System.Globalization;

namespace Ledger.Projections.LineItemVersions;

/// <summary>
/// Which generations of the line-item versions model this service keeps. Generation 3 always: it is inline, and its key
/// guards the racers. The document generations 1 and 2 are standbys, kept by the async daemon only when configured
/// (<see cref="SettingKey"/>): each costs two JSON document upserts a fact in the daemon, which measured as more than half
/// of a busy service's append throughput, and they exist only to be switched to. An operator who wants one back adds it
/// to the setting on every node, lets the daemon build it from the log, and makes the checked switch.
/// </summary>
public sealed class KeptGenerations
{
    /// <summary>The configuration key (environment variable <c>Ledger__Projections__Standbys</c>), e.g. <c>1,2</c>.</summary>
    public const string SettingKey = "Ledger:Projections:Standbys";

    private readonly HashSet<int> _standbys;

    private KeptGenerations(IEnumerable<int> standbys) => _standbys = [.. standbys];

    /// <summary>No standby: generation 3 alone.</summary>
    public static KeptGenerations None { get; } = new([]);

    public IReadOnlyList<ModelGeneration> All =>
        [.. LineItemVersionsModel.Generations.Where(g => g.Number == LineItemVersionsModel.FirstServing || _standbys.Contains(g.Number))];

    public IEnumerable<ModelGeneration> Standbys => All.Where(g => !g.Inline);

    public bool Keeps(int generation) => All.Any(g => g.Number == generation);

    /// <summary>
    /// The setting's value, generation numbers separated by commas or spaces; empty or absent keeps none. Anything else
    /// stops the service at start, so a typing mistake never leaves a node silently without the standby it was meant to keep.
    /// </summary>
    public static KeptGenerations Parse(string? setting)
    {
        var standbys = new List<int>();
        foreach (var part in (setting ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                || LineItemVersionsModel.Find(number) is not { Inline: false })
                throw new InvalidOperationException(
                    $"{SettingKey} = '{setting}': '{part}' is not a standby generation of the line-item versions model; the standbys are " +
                    $"{string.Join(" and ", LineItemVersionsModel.Generations.Where(g => !g.Inline).Select(g => g.Number))} " +
                    $"(generation {LineItemVersionsModel.FirstServing} is always kept).");
            standbys.Add(number);
        }
        return new KeptGenerations(standbys);
    }

    /// <summary>What an operator does to keep <paramref name="generation"/>, for refusals that need it.</summary>
    public static string HowToKeep(int generation) =>
        $"Version {generation} is not kept by this service: add it to {SettingKey} (environment variable " +
        $"{SettingKey.Replace(":", "__", StringComparison.Ordinal)}={generation}) on every node and restart; the daemon builds it from the log.";
}
