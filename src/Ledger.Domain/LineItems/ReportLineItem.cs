namespace Ledger.Domain.LineItems;

/// <summary>A line item with the value a filing gives it.</summary>
public sealed record ReportedFact(LineItemIdentity Line, Figure Figure);

/// <summary>What a filing does to one line item, given what the ledger knew of it at the filing's known time.</summary>
public static class ReportLineItem
{
    public static ILineItemEvent Decide(LineItem? state, ReportedFact fact, string filingId, DateTimeOffset knownFrom)
    {
        var id = fact.Line.Id;
        var inEffect = state?.InEffectAt(knownFrom);
        return inEffect switch
        {
            // Nothing known yet at this known time: a first report (or an earlier filing entered late).
            null => new LineItemReported(id, fact.Line, fact.Figure, filingId, knownFrom),
            // A comparative that repeats the known value confirms it and changes nothing.
            _ when inEffect.Figure.SameValueAs(fact.Figure) => new LineItemConfirmed(id, filingId, knownFrom, fact.Figure.Source, inEffect.Version),
            _ => new LineItemRestated(id, fact.Line, fact.Figure, filingId, knownFrom, inEffect.Version, inEffect.Figure),
        };
    }

    public static string OutcomeOf(ILineItemEvent @event) => @event switch
    {
        LineItemReported => "reported",
        LineItemConfirmed => "confirmed",
        LineItemRestated => "restated",
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "not an outcome of a filing"),
    };
}
