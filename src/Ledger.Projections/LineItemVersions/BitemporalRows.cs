using Ledger.Domain.LineItems;

namespace Ledger.Projections.LineItemVersions;

/// <summary>A value of a line item as the ledger recorded it: the version plus the event store's recorded time.</summary>
public sealed record RecordedVersion(LineItemVersion Version, DateTimeOffset RecordedAt);

/// <summary>
/// One row of the bitemporal read model: the version a reader sees for known times in
/// <c>[KnownFrom, KnownTo)</c>, as the ledger would have answered for recorded times in
/// <c>[RecordedFrom, RecordedTo)</c>. Null upper bounds are open.
/// </summary>
public sealed record VersionInterval(
    int Version,
    DateTimeOffset KnownFrom,
    DateTimeOffset? KnownTo,
    DateTimeOffset RecordedFrom,
    DateTimeOffset? RecordedTo);

/// <summary>
/// Turns a line item's versions into bitemporal rows. A pure function of the versions alone, so a rebuild
/// gives exactly the rows the live projection gave.
/// </summary>
public static class BitemporalRows
{
    /// <param name="versions">Every value the line item has had, in recorded (stream) order.</param>
    public static IReadOnlyList<VersionInterval> Of(IReadOnlyList<RecordedVersion> versions)
    {
        var rows = new List<VersionInterval>();
        var open = new Dictionary<(int Version, DateTimeOffset From, DateTimeOffset? To), DateTimeOffset>();
        for (var step = 1; step <= versions.Count; step++)
        {
            var recordedAt = versions[step - 1].RecordedAt;
            var partition = KnownPartition(versions.Take(step).Select(v => v.Version)).ToHashSet();

            // Intervals that no longer hold were true until this recording; new ones are true from it.
            foreach (var gone in open.Keys.Where(k => !partition.Contains(k)).ToList())
            {
                rows.Add(new VersionInterval(gone.Version, gone.From, gone.To, open[gone], recordedAt));
                open.Remove(gone);
            }
            foreach (var interval in partition.Where(p => !open.ContainsKey(p)))
                open[interval] = recordedAt;
        }
        rows.AddRange(open.Select(o => new VersionInterval(o.Key.Version, o.Key.From, o.Key.To, o.Value, null)));
        return rows.OrderBy(r => r.RecordedFrom).ThenBy(r => r.KnownFrom).ThenBy(r => r.Version).ToList();
    }

    /// <summary>
    /// The known-time partition of a set of versions: each version holds from its known time until the next
    /// later known time. Of two versions known from the same instant, the later recorded one wins.
    /// </summary>
    private static IEnumerable<(int Version, DateTimeOffset From, DateTimeOffset? To)> KnownPartition(IEnumerable<LineItemVersion> versions)
    {
        var winners = versions
            .GroupBy(v => v.KnownFrom)
            .Select(g => g.MaxBy(v => v.Version)!)
            .OrderBy(v => v.KnownFrom)
            .ToList();
        for (var i = 0; i < winners.Count; i++)
            yield return (winners[i].Version, winners[i].KnownFrom, i + 1 < winners.Count ? winners[i + 1].KnownFrom : null);
    }
}
