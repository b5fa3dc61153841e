using Ledger.Domain.LineItems;
using Ledger.Domain.Recording;
using Ledger.Domain.Values;

namespace Ledger.Domain.ShareBasis;

/// <summary>A share-basis change as a caller sends it (the body of <c>POST /api/entities/{entity}/splits</c>).</summary>
public sealed record SplitInput(string? SplitId = null, int? From = null, int? To = null, string? EffectiveOn = null, string? KnownFrom = null)
{
    public RecordSplit? Check(string entity, Rejections rejections)
    {
        FactRules.CheckEntity(entity, rejections);
        FactRules.CheckCallerId("splitId", SplitId, rejections);
        if (From is not > 0)
            rejections.Add("from", From is null ? RejectionCodes.Required : RejectionCodes.RatioInvalid, "from is required: a positive whole number of old shares.");
        if (To is not > 0)
            rejections.Add("to", To is null ? RejectionCodes.Required : RejectionCodes.RatioInvalid, "to is required: a positive whole number of new shares.");
        if (From > Limits.SplitSide)
            rejections.Add("from", RejectionCodes.RatioInvalid, $"from is at most {Limits.SplitSide:N0}.");
        if (To > Limits.SplitSide)
            rejections.Add("to", RejectionCodes.RatioInvalid, $"to is at most {Limits.SplitSide:N0}.");
        if (From is > 0 && From == To)
            rejections.Add("to", RejectionCodes.RatioInvalid, "from and to are equal: that changes nothing.");
        var effective = default(DateOnly);
        if (EffectiveOn is null || !Period.TryParseDate(EffectiveOn, out effective))
            rejections.Add("effectiveOn", EffectiveOn is null ? RejectionCodes.Required : Period.RejectionFor(EffectiveOn, RejectionCodes.DateInvalid),
                $"effectiveOn is required: a date (yyyy-MM-dd) between {Period.Earliest:yyyy-MM-dd} and {Period.Latest:yyyy-MM-dd}.");
        var knownFrom = FactRules.CheckKnownFrom(KnownFrom, rejections);
        return rejections.Any ? null : new RecordSplit(entity, SplitId!, From!.Value, To!.Value, effective, knownFrom);
    }
}

public sealed record RecordSplit(string Entity, string SplitId, int From, int To, DateOnly EffectiveOn, DateTimeOffset KnownFrom)
{
    public string ContentHash() => Recording.ContentHash.Of(Entity, SplitId, Recording.ContentHash.Number(From), Recording.ContentHash.Number(To),
        Recording.ContentHash.Date(EffectiveOn), Recording.ContentHash.Instant(KnownFrom));
}

/// <summary>What recording a split comes to: already recorded, a conflict, refused with a named reason, or a new event.</summary>
public abstract record SplitDecision : IdempotentDecision<ShareSplit>
{
    public sealed record Append(ShareBasisChanged Event) : SplitDecision;
    public sealed record Refused(string Code, string Detail) : SplitDecision;

    public static IdempotentDecision<ShareSplit> Decide(RecordSplit command, ShareBasisHistory? history)
    {
        var hash = command.ContentHash();
        if (Retried(history?.Splits.FirstOrDefault(s => s.SplitId == command.SplitId), hash) is { } retried) return retried;
        // Restating multiplies a figure by the new shares of every split and divides by the old ones: both products
        // stay bounded so that no restated figure can overflow (see Limits.ValueMagnitude).
        var splits = history?.Splits ?? [];
        var newShares = splits.Aggregate((decimal)command.To, (product, s) => product * s.To);
        var oldShares = splits.Aggregate((decimal)command.From, (product, s) => product * s.From);
        if (newShares > Limits.SplitProduct || oldShares > Limits.SplitProduct)
            return new Refused(RejectionCodes.SplitsOutOfRange,
                $"With this split the entity's splits would multiply out beyond 1:{Limits.SplitProduct:N0}; the ledger cannot restate figures that far.");
        return new Append(new ShareBasisChanged(command.Entity, command.SplitId, command.From, command.To, command.EffectiveOn, command.KnownFrom, hash));
    }
}
