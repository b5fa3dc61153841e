using Ledger.Domain.ShareBasis;
using Ledger.Domain.Values;

namespace Ledger.Domain.LineItems;

/// <summary>A line item with the value a filing gives it.</summary>
public sealed record ReportedFact(LineItemIdentity Line, Figure Figure);

/// <summary>What a filing does to one line item, given what the ledger knew of it at the filing's known time.</summary>
public static class ReportLineItem
{
    /// <param name="splits">The entity's share-basis changes: a comparative on a later basis (8.75 after a 1:200
    /// split) repeats a value published on the earlier one (1,750.00), so values are compared on one basis.</param>
    public static ILineItemEvent Decide(LineItem? state, ReportedFact fact, string filingId, DateTimeOffset knownFrom, IReadOnlyList<ShareSplit>? splits = null)
    {
        var id = fact.Line.Id;
        var inEffect = state?.InEffectAt(knownFrom);
        var version = (state?.Version ?? 0) + 1;
        return inEffect switch
        {
            // Nothing known yet at this known time: a first report (or an earlier filing entered late).
            null => new LineItemReported(id, fact.Line, fact.Figure, filingId, knownFrom, version),
            // A publication that repeats the known value, exactly or within rounding, confirms it: it is kept (the
            // as-reported view shows what the latest publication printed) but is no restatement.
            _ when SameValue(inEffect.Figure, fact.Figure, knownFrom, splits ?? []) =>
                new LineItemConfirmed(id, filingId, knownFrom, fact.Figure.Source, inEffect.Version, fact.Figure, version),
            _ => new LineItemRestated(id, fact.Line, fact.Figure, filingId, knownFrom, inEffect.Version, inEffect.Figure, version),
        };
    }

    private static bool SameValue(Figure known, Figure reported, DateTimeOffset knownFrom, IReadOnlyList<ShareSplit> splits)
    {
        if (known.Unit != reported.Unit) return false;
        var unit = Unit.Parse(known.Unit);
        AdjustedValue OnOneBasis(Figure f) => ShareBasisAdjustment.Restate(f.Value, f.Decimals, unit, f.ShareBasisDate, splits, knownFrom, DateTimeOffset.MaxValue);
        var (a, b) = (OnOneBasis(known), OnOneBasis(reported));
        return Consistency.Agree(a.Value, a.Decimals, b.Value, b.Decimals);
    }

    public static string OutcomeOf(ILineItemEvent @event) => @event switch
    {
        LineItemReported => "reported",
        LineItemConfirmed => "confirmed",
        LineItemRestated => "restated",
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "not an outcome of a filing"),
    };
}
