using Ledger.Domain.Recording;
using Ledger.Domain.Values;

namespace Ledger.Domain.ShareBasis;

/// <summary>A recorded share-basis change, with when the ledger recorded it.</summary>
public sealed record ShareSplit(
    string SplitId, int From, int To, DateOnly EffectiveOn, DateTimeOffset KnownFrom, DateTimeOffset RecordedAt, string ContentHash,
    string? RecordedBy = null) : IRecordedCommand
{
    /// <summary>A split changes what readers see once it is both public and effective.</summary>
    public DateTimeOffset InForceFrom => KnownFrom > KnownTime.StartOf(EffectiveOn) ? KnownFrom : KnownTime.StartOf(EffectiveOn);

    public static ShareSplit Of(ShareBasisChanged e, DateTimeOffset recordedAt, string? recordedBy = null) =>
        new(e.SplitId, e.From, e.To, e.EffectiveOn, e.KnownFrom, recordedAt, e.ContentHash, recordedBy);
}
