using Ledger.Domain.Values;

namespace Ledger.Domain.ShareBasis;

/// <summary>A recorded share-basis change, with when the ledger recorded it.</summary>
public sealed record ShareSplit(
    string SplitId, int From, int To, DateOnly EffectiveOn, DateTimeOffset KnownFrom, DateTimeOffset RecordedAt, string ContentHash,
    string? RecordedBy = null)
{
    /// <summary>A split changes what readers see once it is both public and effective.</summary>
    public DateTimeOffset InForceFrom => KnownFrom > KnownTime.StartOf(EffectiveOn) ? KnownFrom : KnownTime.StartOf(EffectiveOn);

    public static ShareSplit Of(ShareBasisChanged e, DateTimeOffset recordedAt, string? recordedBy = null) =>
        new(e.SplitId, e.From, e.To, e.EffectiveOn, e.KnownFrom, recordedAt, e.ContentHash, recordedBy);
}

/// <summary>A figure moved onto a later share basis, with the splits that moved it.</summary>
public sealed record AdjustedValue(decimal Value, int Decimals, DateOnly? ShareBasisDate, IReadOnlyList<string> SplitIds)
{
    public bool Adjusted => SplitIds.Count > 0;
}

/// <summary>
/// Restates per-share and share-count figures onto the share basis in force at a reading point.
/// A split applies to a figure when it is in force at the reading point, recorded by the recorded reading point,
/// and effective after the figure's share-basis date; a figure already on the new basis is never adjusted twice.
/// </summary>
public static class ShareBasisAdjustment
{
    public static AdjustedValue Restate(decimal value, int decimals, Unit unit, DateOnly? shareBasisDate,
        IEnumerable<ShareSplit> splits, DateTimeOffset asOf, DateTimeOffset recordedAsOf)
    {
        if (!unit.HasShareBasis || shareBasisDate is not { } basis)
            return new AdjustedValue(value, decimals, shareBasisDate, []);

        var applicable = splits
            .Where(s => s.InForceFrom <= asOf && s.RecordedAt <= recordedAsOf && s.EffectiveOn > basis)
            .OrderBy(s => s.EffectiveOn)
            .ToList();
        if (applicable.Count == 0) return new AdjustedValue(value, decimals, shareBasisDate, []);

        // Multiply every numerator first and divide once, so that composed splits round only once.
        var (numerator, denominator) = applicable.Aggregate((N: 1m, D: 1m), (acc, s) =>
            unit.Kind == UnitKind.Shares ? (acc.N * s.To, acc.D * s.From) : (acc.N * s.From, acc.D * s.To));
        var places = PlacesAfter(decimals, numerator, denominator);
        var adjusted = RoundHalfAwayFromZero(value * numerator / denominator, places);
        return new AdjustedValue(Normalize(adjusted), places, applicable[^1].EffectiveOn, applicable.Select(s => s.SplitId).ToList());
    }

    /// <summary>
    /// The rounding rule, explicit: a figure divided by a ratio r keeps its relative precision, so it gains
    /// ⌈log10 r⌉ decimal places (1,750.00 ÷ 200 = 8.75000, shown as 8.75 with decimals 5; 100.00 ÷ 3 = 33.333),
    /// rounded half away from zero. A figure multiplied keeps the places it had.
    /// </summary>
    private static int PlacesAfter(int decimals, decimal numerator, decimal denominator)
    {
        var ratio = denominator / numerator;
        var extra = ratio <= 1m ? 0 : (int)Math.Ceiling(Math.Log10((double)ratio));
        return decimals + extra;
    }

    /// <summary>Negative places round to tens, hundreds, thousands…: a count published in thousands stays in thousands.</summary>
    private static decimal RoundHalfAwayFromZero(decimal value, int places)
    {
        if (places >= 0) return Math.Round(value, places, MidpointRounding.AwayFromZero);
        var unit = 1m;
        for (var i = 0; i < -places; i++) unit *= 10m;
        return Math.Round(value / unit, 0, MidpointRounding.AwayFromZero) * unit;
    }

    /// <summary>8.750000 and 8.75 are the same number; show the shorter.</summary>
    private static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
