using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;

namespace Ledger.Domain.LineItems;

/// <summary>
/// One step in what a line item showed on the restated basis: a version (reported, restated, revised) or a
/// share-basis change that moved the version then in force onto a new basis.
/// </summary>
public sealed record HistoryEntry(
    int Version, VersionCause Cause, string CausedBy, DateTimeOffset KnownFrom, DateTimeOffset? KnownTo,
    Figure Figure, AdjustedValue Shown, string? Reason, int? Supersedes);

public static class LineItemHistory
{
    /// <summary>
    /// The line's steps in known-time order. Each shows its value on the share basis in force at its own known
    /// time, so a 1,750.00 dividend reported in May, moved to 8.75 by the October split and revised to 10.00 in
    /// February reads reported → split → revised. Each step holds until the next one's known time.
    /// </summary>
    public static IReadOnlyList<HistoryEntry> Of(LineItem lineItem, IReadOnlyList<ShareSplit> splits, DateTimeOffset recordedAsOf)
    {
        var unit = Unit.Parse(lineItem.Versions[0].Figure.Unit);
        var known = splits.Where(s => s.RecordedAt <= recordedAsOf).ToList();

        var steps = lineItem.Versions.Select(v => Entry(v, v.Cause, v.CausedBy, v.KnownFrom, unit, known)).ToList();
        if (unit.HasShareBasis)
            steps.AddRange(known
                .Select(split => (split, inForce: lineItem.InEffectAt(split.InForceFrom)))
                .Where(x => x.inForce is { } v && v.Figure.ShareBasisDate < x.split.EffectiveOn && v.KnownFrom < x.split.InForceFrom)
                .Select(x => Entry(x.inForce!, VersionCause.Split, x.split.SplitId, x.split.InForceFrom, unit, known)));

        var ordered = steps.OrderBy(s => s.KnownFrom).ThenBy(s => s.Cause == VersionCause.Split ? 0 : 1).ThenBy(s => s.Version).ToList();
        return ordered.Select((step, i) => step with { KnownTo = i + 1 < ordered.Count ? ordered[i + 1].KnownFrom : null }).ToList();
    }

    private static HistoryEntry Entry(LineItemVersion v, VersionCause cause, string causedBy, DateTimeOffset knownFrom, Unit unit, IReadOnlyList<ShareSplit> splits)
    {
        var shown = ShareBasisAdjustment.Restate(v.Figure.Value, v.Figure.Decimals, unit, v.Figure.ShareBasisDate, splits, knownFrom, DateTimeOffset.MaxValue);
        return new HistoryEntry(v.Version, cause, causedBy, knownFrom, null, v.Figure, shown,
            cause == VersionCause.Split ? null : v.Reason, cause == VersionCause.Split ? null : v.Supersedes);
    }
}
